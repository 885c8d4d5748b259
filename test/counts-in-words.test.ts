/**
 * Counts as people write them: "1 group", never "1 groups", and observed co-actions as whole numbers
 * ("7 co-retweets", never "7.00"), while what chance gives keeps its decimals. One helper words every
 * count (src/run/words.ts); these tests check it and the lines that use it: the demo's per-run line,
 * a group's headline and verdict, the reports' group headers and evidence tables, the viewer's tie line.
 */
import { describe, expect, it } from "vitest";
import { pairTableDecision } from "../analyses/co-share-family.ts";
import { gradeGroups, groupHeadline } from "../src/core/group-verdict.ts";
import { runLine } from "../src/demo/demo.ts";
import { renderHtml } from "../src/report/html.ts";
import { renderMarkdown } from "../src/report/markdown.ts";
import type { CommunityReport, ReportCommunity } from "../src/report/types.ts";
import { counted, formatCount, formatExpectation, nounFor } from "../src/run/words.ts";
import { tieFacts } from "../viz/src/evidence.ts";

describe("counted and nounFor", () => {
  it("say the singular for exactly one", () => {
    expect(counted(1, "group")).toBe("1 group");
    expect(nounFor(1, "tie")).toBe("tie");
  });

  it("say the plural for none and for many, with separators", () => {
    expect(counted(0, "account")).toBe("0 accounts");
    expect(counted(16173, "tweet")).toBe("16,173 tweets");
  });

  it("take an irregular plural", () => {
    expect(counted(2, "community", "communities")).toBe("2 communities");
    expect(counted(1, "community", "communities")).toBe("1 community");
  });
});

describe("formatCount and formatExpectation", () => {
  it("write a count as a whole number", () => {
    expect(formatCount(7)).toBe("7");
    expect(formatCount(4872)).toBe("4,872");
  });

  it("keep an expectation's decimals", () => {
    expect(formatExpectation(0.392)).toBe("0.39");
    expect(formatExpectation(12.34)).toBe("12.3");
    expect(formatExpectation(0.0031)).toBe("0.003");
  });
});

describe("the demo's line for a run", () => {
  const record = (communities: number) => ({
    analysis: "co-text",
    counts: { accounts: 15, edges: 105, communities },
    summary: {},
    timings: { total: 2.1 },
  });

  it("says 1 group, not 1 groups", () => {
    expect(runLine(record(1))).toBe("    co-text: 15 accounts, 105 ties, 1 group (2.1 s)");
  });

  it("says 3 groups", () => {
    expect(runLine(record(3))).toBe("    co-text: 15 accounts, 105 ties, 3 groups (2.1 s)");
  });

  it("says what a summary run counted, in the singular for one tweet", () => {
    expect(runLine({ analysis: "summary", counts: { accounts: 0, edges: 0, communities: 0 }, summary: { tweets: 1 }, timings: { total: 0.5 } })).toBe(
      "    summary: the archive described (1 tweet; no network of accounts) (0.5 s)",
    );
  });
});

describe("a group's headline", () => {
  const retweets = { action: "retweeted the same", objectNoun: "tweet", objectsNoun: "tweets", medianDelaySeconds: 4, coActionNoun: "co-retweet", coActionsNoun: "co-retweets" };

  it("writes observed co-actions as a whole number and chance with its decimals", () => {
    const headline = groupHeadline({ ...retweets, objects: 3 }, { id: 0, size: 3, internalWeight: 7, observed: 7, expected: 0.392 });
    expect(headline).toContain("chance would explain 0.39 of these 7 co-retweets (");
    expect(headline).not.toContain("7.00");
  });

  it("says 'the same tweet' and 'this 1 co-retweet' for one", () => {
    const headline = groupHeadline({ ...retweets, objects: 1 }, { id: 0, size: 2, internalWeight: 1, observed: 1, expected: 0.01 });
    expect(headline).toMatch(/^2 accounts retweeted the same tweet, median 4 s apart; chance would explain 0.01 of this 1 co-retweet \(/);
  });
});

describe("a group's verdict", () => {
  const tie = (source: string, target: string, observed: number, expected: number, significant: 0 | 1) => ({
    source,
    target,
    weight: observed,
    attributes: { observed, expected, adjustedPValue: significant ? 1e-12 : 0.5, significant },
  });
  const nodes = ["a", "b"].map((id) => ({ id, community: 0, scores: {} }));

  it("says 'its one tie' and counts co-actions whole", () => {
    const [group] = gradeGroups(nodes, [{ id: 0, size: 2, internalWeight: 7 }], [tie("a", "b", 7, 0.392, 0)]).communities;
    expect(group!.reason).toMatch(/^possibly chance: its one tie is not beyond chance .*; 7 co-actions where chance gives 0\.39 \(/);
  });

  it("says '1 of its 1 tie is beyond chance' in the singular", () => {
    const [group] = gradeGroups(nodes, [{ id: 0, size: 2, internalWeight: 7 }], [tie("a", "b", 7, 0.392, 1)]).communities;
    expect(group!.reason).toMatch(/^1 of its 1 tie is beyond chance; 7 co-actions where chance gives 0\.39/);
  });
});

describe("reports", () => {
  const community: ReportCommunity = {
    id: 0,
    size: 2,
    members: [{ id: "1001", datasets: ["d"], labels: [], role: "member", degree: 1, posts: 1 }],
    topHashtags: [],
    topUrls: [],
    topDomains: [],
    mostRetweetedAccounts: [],
    mostRetweetedTweets: [],
    languages: [],
    clients: [],
    activity: [{ day: "2021-06-01", count: 1 }],
    accountCreation: [],
    evidence: [{ accountA: "1001", accountB: "1002", weight: 7, observed: 7, expected: 0.392, adjustedPValue: 1e-6, examples: [] }],
  };
  const report: CommunityReport = {
    run: { id: "run-1", analysis: "co-retweet", params: {}, createdAt: "2021-06-30T12:00:00Z", counts: { accounts: 2, edges: 1 } },
    communities: [community],
  };

  it("HTML: a group of one post says '1 post', one account left out says '1 more account', and 7 co-actions print whole", () => {
    const html = renderHtml(report, { top: 1 });
    expect(html).toContain("2 accounts · 1 post</small>");
    expect(html).toContain("… and 1 more account.");
    expect(html).toContain('7 <span class="muted">(0.39)</span>');
  });

  it("Markdown: one account left out says '1 more account', and 7 co-actions print whole beside chance", () => {
    const markdown = renderMarkdown(report, { top: 1 });
    expect(markdown).toContain("… and 1 more account.");
    expect(markdown).toContain("| 7 (0.39) |");
  });
});

describe("the viewer's tie line", () => {
  it("counts co-actions whole and keeps chance's decimals", () => {
    expect(tieFacts(7, { observed: 7, expected: 0.392 })).toBe("weight 7 · 7 co-actions where chance gives 0.39");
  });

  it("says 1 co-action", () => {
    expect(tieFacts(1, { observed: 1, expected: 0.01 })).toBe("weight 1 · 1 co-action where chance gives 0.01");
  });
});

describe("the pair table's decision", () => {
  it("says 1 pair", () => {
    expect(pairTableDecision(1, false).reason).toBe("written (1 pair, within 1,000,000)");
  });
});
