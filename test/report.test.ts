import fs from "node:fs";
import path from "node:path";
import { Command } from "commander";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { registerReportCommand } from "../src/cli/commands/report.ts";
import type { Database } from "../src/db/driver.ts";
import { UsageError } from "../src/errors.ts";
import { gatherCommunityReport, NO_LABEL } from "../src/report/gather.ts";
import type { CommunityReport, EvidencePair, ReportCommunity } from "../src/report/types.ts";
import type { CoShareEvidence, RunResult } from "../src/run/model.ts";
import { ARCHIVED_ORIGINAL, loadFixtureGraph, removeTemporaryDirs, runResult, RUN_ID, STUB_ORIGINAL, writeFixtureRun } from "./fixtures/report/fixture.ts";

afterAll(removeTemporaryDirs);
import { emptyDatabase, testDatabase } from "./helpers/db.ts";

/** Evidence pairs without their typed items, as runs before evidence.csv have them. */
function withoutItems(pairs: readonly EvidencePair[]): Array<Omit<EvidencePair, "items">> {
  return pairs.map(({ items: _items, ...rest }) => rest);
}

describe("gatherCommunityReport on the real server", () => {
  let db: Database;
  let runDir: string;
  let report: CommunityReport;
  const community = (id: number): ReportCommunity => report.communities.find((c) => c.id === id)!;

  beforeAll(async () => {
    db = await testDatabase();
    await emptyDatabase(db);
    await loadFixtureGraph(db);
    runDir = await writeFixtureRun(db);
    report = await gatherCommunityReport(db, runDir);
  });

  it("reports the communities of two or more accounts, largest first, with their sizes", () => {
    expect(report.communities.map((c) => [c.id, c.size, c.members.length])).toEqual([
      [0, 3, 3],
      [1, 2, 2],
    ]);
  });

  it("describes the run with its parameters and headline counts", () => {
    expect(report.run).toEqual({
      id: RUN_ID,
      analysis: "co-retweet",
      createdAt: "2024-01-01T00:00:00.000Z",
      params: { timeWindowSeconds: 60, minParticipation: 2 },
      counts: { accounts: 6, edges: 5, communities: 3, shares: 9, pairs: 8, modularity: 0.25, communitiesReported: 2, communitiesLeftOut: 0 },
    });
  });

  it("counts the members' hashtags, URLs and domains by posts", () => {
    expect(community(0).topHashtags).toEqual([
      { value: "maga", count: 4 },
      { value: "news", count: 1 },
    ]);
    expect(community(0).topUrls).toEqual([
      { value: "https://example.org/a", count: 2 },
      { value: "https://www.news.example.com/x", count: 1 },
    ]);
    expect(community(0).topDomains).toEqual([
      { value: "example.org", count: 2 },
      { value: "news.example.com", count: 1 },
    ]);
    expect(community(1).topHashtags).toEqual([
      { value: "resist", count: 3 },
      { value: "vote", count: 1 },
    ]);
  });

  it("counts languages and clients, ties in value order", () => {
    expect(community(0).languages).toEqual([
      { value: "en", count: 5 },
      { value: "ru", count: 1 },
    ]);
    expect(community(0).clients).toEqual([
      { value: "TweetDeck", count: 3 },
      { value: "Twitter Web Client", count: 3 },
    ]);
  });

  it("finds the most retweeted accounts and tweets, a stub original standing in with a retweet's text", () => {
    expect(community(0).mostRetweetedAccounts).toEqual([{ id: "9001", screenName: "star", count: 4 }]);
    expect(community(0).mostRetweetedTweets).toEqual([
      { id: STUB_ORIGINAL, text: "RT @star: stubbed original", count: 2 },
      { id: ARCHIVED_ORIGINAL, text: "original two", count: 2 },
    ]);
    expect(community(1).mostRetweetedAccounts).toEqual([]);
  });

  it("counts posts per UTC day and account creations per day", () => {
    expect(community(0).activity).toEqual([
      { day: "2016-10-01", count: 4 },
      { day: "2016-10-02", count: 2 },
    ]);
    expect(community(0).accountCreation).toEqual([
      { day: "2014-01-01", count: 2 },
      { day: "2014-03-15", count: 1 },
    ]);
    expect(community(1).activity).toEqual([
      { day: "2016-10-02", count: 2 },
      { day: "2016-10-05", count: 1 },
    ]);
  });

  it("lists members with profiles, singled-out roles first", () => {
    expect(community(0).members.map((m) => [m.id, m.role, m.posts, m.degree])).toEqual([
      ["1003", "most central", 1, 3],
      ["1001", "most active", 3, 2],
      ["1002", "most followed", 2, 2],
    ]);
    expect(community(0).members[1]).toEqual({
      id: "1001",
      shortName: "alice",
      screenName: "alice",
      displayName: "Alice <A&B>",
      followers: 50,
      createdAt: "2014-01-01",
      language: "en",
      datasets: ["ira_fixture"],
      labels: ["RightTroll", "Right"],
      role: "most active",
      degree: 2,
      posts: 3,
    });
    expect(community(1).members.map((m) => [m.id, m.role])).toEqual([
      ["2001", "most central"],
      ["2002", "most active"],
    ]);
  });

  it("mixes ground-truth categories, unlabelled members last", () => {
    expect(community(0).labelMix).toEqual([
      { label: "RightTroll", count: 2 },
      { label: NO_LABEL, count: 1 },
    ]);
    expect(community(1).labelMix).toEqual([{ label: "LeftTroll", count: 2 }]);
  });

  it("gives the strongest ties inside each community with the distinct objects shared closest in time", () => {
    // A run without evidence.csv (written before it existed): examples come from pairs.csv, no typed items.
    expect(community(0).evidence.every((pair) => pair.items?.length === 0)).toBe(true);
    expect(withoutItems(community(0).evidence)).toEqual([
      {
        accountA: "1001",
        accountB: "1002",
        weight: 3,
        examples: [
          { object: "800000000000000004", timeDeltaSeconds: 2 },
          { object: STUB_ORIGINAL, timeDeltaSeconds: 5 },
          { object: "800000000000000003", timeDeltaSeconds: 12 },
        ],
      },
      { accountA: "1001", accountB: "1003", weight: 2, examples: [{ object: ARCHIVED_ORIGINAL, timeDeltaSeconds: 30 }] },
      { accountA: "1002", accountB: "1003", weight: 1, examples: [{ object: "800000000000000005", timeDeltaSeconds: 20 }] },
    ]);
    expect(withoutItems(community(1).evidence)).toEqual([
      { accountA: "2001", accountB: "2002", weight: 2, examples: [{ object: "800000000000000006", timeDeltaSeconds: 40 }] },
    ]);
  });

  it("caps lists, evidence pairs and examples per pair", async () => {
    const capped = await gatherCommunityReport(db, runDir, { top: 1, examplesPerPair: 2 });
    const c0 = capped.communities[0];
    expect(c0.topHashtags).toEqual([{ value: "maga", count: 4 }]);
    expect(c0.mostRetweetedTweets.map((t) => t.id)).toEqual([STUB_ORIGINAL]);
    expect(withoutItems(c0.evidence)).toEqual([
      {
        accountA: "1001",
        accountB: "1002",
        weight: 3,
        examples: [
          { object: "800000000000000004", timeDeltaSeconds: 2 },
          { object: STUB_ORIGINAL, timeDeltaSeconds: 5 },
        ],
      },
    ]);
    expect(c0.members).toHaveLength(3);
  });

  it("reports at most `communities` communities and counts the ones left out", async () => {
    const capped = await gatherCommunityReport(db, runDir, { communities: 1 });
    expect(capped.communities.map((c) => c.id)).toEqual([0]);
    expect(capped.run.counts).toMatchObject({ communitiesReported: 1, communitiesLeftOut: 1 });
  });

  it("gives the same report when member ids are sent in batches of one", async () => {
    expect(await gatherCommunityReport(db, runDir, { batchSize: 1 })).toEqual(report);
  });

  it("counts only the posts in the run's scope", async () => {
    const scoped = await writeFixtureRun(db, { id: "co-retweet-scoped", scope: { datasets: null, since: Date.parse("2016-10-02T00:00:00Z"), until: null } });
    const c0 = (await gatherCommunityReport(db, scoped)).communities[0];
    expect(c0.activity).toEqual([{ day: "2016-10-02", count: 2 }]);
    expect(c0.topHashtags).toEqual([{ value: "maga", count: 2 }]);
    expect(c0.members.map((m) => [m.id, m.posts])).toEqual([
      ["1003", 1],
      ["1001", 1],
      ["1002", 0],
    ]);
  });

  it("takes each tie's evidence from evidence.csv, oriented as the tie, when the run has one", async () => {
    const item = (object: string, delay: number): CoShareEvidence => ({
      kind: "co-share", object, label: `text of ${object}`, contentA: `${object}-a`, contentB: `${object}-b`,
      timeA: Date.parse("2016-10-01T12:00:00Z"), timeB: Date.parse("2016-10-01T12:00:00Z") + delay * 1000, delaySeconds: delay,
    });
    // Stored as (2002, 2001): the report's tie is (2001, 2002), so A and B swap.
    const result: RunResult = { ...runResult, tables: {}, evidence: [{ source: "2002", target: "2001", items: [item("a", 4), item("b", 9)] }] };
    const dir = await writeFixtureRun(db, { id: "with-evidence", result });
    const pair = (await gatherCommunityReport(db, dir, { examplesPerPair: 2 })).communities[1]!.evidence[0]!;
    expect(pair.examples).toEqual([
      { object: "a", timeDeltaSeconds: 4 },
      { object: "b", timeDeltaSeconds: 9 },
    ]);
    expect(pair.items).toEqual([
      { ...item("a", 4), contentA: "a-b", contentB: "a-a", timeA: item("a", 4).timeB, timeB: item("a", 4).timeA },
      { ...item("b", 9), contentA: "b-b", contentB: "b-a", timeA: item("b", 9).timeB, timeB: item("b", 9).timeA },
    ]);
  });

  it("rejects a count option that is not a whole number", async () => {
    await expect(gatherCommunityReport(db, runDir, { top: 1.5 })).rejects.toThrow(UsageError);
    await expect(gatherCommunityReport(db, runDir, { communities: -1 })).rejects.toMatchObject({ code: "BAD_OPTION", location: { field: "communities" } });
  });
});

describe("coordgraph report", () => {
  let runDir: string;

  beforeAll(async () => {
    const db = await testDatabase();
    await emptyDatabase(db);
    await loadFixtureGraph(db);
    runDir = await writeFixtureRun(db);
  });

  /** Runs the command in-process (the test's own driver) and returns what it printed on stdout. */
  async function report(...args: string[]): Promise<string> {
    const program = new Command().exitOverride().configureOutput({ writeErr: () => {} });
    registerReportCommand(program);
    const printed: string[] = [];
    const stdout = vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
      printed.push(String(chunk));
      return true;
    });
    try {
      await program.parseAsync(["report", ...args], { from: "user" });
    } finally {
      stdout.mockRestore();
    }
    return printed.join("");
  }

  it("writes report.html into the run directory by default and says where", async () => {
    const printed = await report(runDir, "--quiet");
    const file = path.join(runDir, "report.html");
    expect(printed.trim()).toBe(`wrote ${file}`);
    expect(fs.readFileSync(file, "utf8")).toMatch(/^<!doctype html>/);
  });

  it("finds the run by id and writes Markdown to --out", async () => {
    const out = path.join(runDir, "elsewhere", "r.md");
    const printed = JSON.parse(await report(RUN_ID, "--format", "md", "--out", out, "--json"));
    expect(printed).toMatchObject({ format: "md", run: RUN_ID, files: [out], communities: 2, communitiesLeftOut: 0 });
    expect(fs.readFileSync(out, "utf8")).toContain("# Accounts retweeting the same tweets within seconds");
  });

  it("writes the CSV tables into report-csv/", async () => {
    const printed = JSON.parse(await report(runDir, "--format", "csv", "--json"));
    const dir = path.join(runDir, "report-csv");
    expect(printed.out).toBe(dir);
    expect(fs.readdirSync(dir).sort()).toEqual(
      ["communities.csv", "evidence.csv", "labels.csv", "members.csv", "retweeted_accounts.csv", "retweeted_tweets.csv", "run.csv", "time_series.csv", "top_values.csv"],
    );
  });

  it("writes JSON that parses back to the gathered report, capped by --communities", async () => {
    await report(runDir, "--format", "json", "--communities", "1", "--quiet");
    const written = JSON.parse(fs.readFileSync(path.join(runDir, "report.json"), "utf8")) as CommunityReport;
    expect(written.communities.map((c) => c.id)).toEqual([0]);
    expect(written.run.counts.communitiesLeftOut).toBe(1);
  });

  it("rejects an unknown format before doing anything", async () => {
    await expect(report(runDir, "--format", "pdf")).rejects.toMatchObject({ code: "commander.invalidArgument" });
  });

  it("rejects a --top that is not a whole number as a usage error", async () => {
    await expect(report(runDir, "--top", "ten")).rejects.toMatchObject({ code: "BAD_OPTION", location: { field: "top" } });
  });
});
