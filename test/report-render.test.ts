import { describe, expect, it } from "vitest";
import { renderCsv } from "../src/report/csv.ts";
import { escapeHtml, escapeMarkdown, formatNumber, safeHttpUrl } from "../src/report/escape.ts";
import { renderHtml } from "../src/report/html.ts";
import { renderJson } from "../src/report/json.ts";
import { renderMarkdown } from "../src/report/markdown.ts";
import { binDays, sparkline } from "../src/report/series.ts";
import { barChartSvg } from "../src/report/svg-charts.ts";
import { RENDER_DEFAULTS, type CommunityReport, type ReportCommunity, type ReportMember } from "../src/report/types.ts";
import { UsageError } from "../src/errors.ts";

const SCRIPT = "<script>alert(1)</script>";
const IMG = `"><img src=x onerror=alert(1)>`;
const HEX_ID = "4f1b2a9c0d3e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f0a";
const BASE64_ID = "+k3Yx/9aQ2bZ0c1=";

function member(id: string, overrides: Partial<ReportMember> = {}): ReportMember {
  return { id, datasets: ["ira_2018"], labels: [], role: "member", degree: 1, posts: 1, ...overrides };
}

function community(overrides: Partial<ReportCommunity> = {}): ReportCommunity {
  return {
    id: 0,
    size: 2,
    members: [member("1001", { screenName: "alice", role: "most central" }), member("1002", { screenName: "bob" })],
    topHashtags: [{ value: "maga", count: 5 }],
    topUrls: [{ value: "https://example.org/a?b=1&c=2", count: 3 }],
    topDomains: [{ value: "example.org", count: 3 }],
    mostRetweetedAccounts: [{ id: "2001", screenName: "star", count: 4 }],
    mostRetweetedTweets: [{ id: "900000000000000001", text: "hello world", count: 4 }],
    languages: [{ value: "en", count: 6 }],
    clients: [{ value: "Twitter Web Client", count: 6 }],
    activity: [
      { day: "2021-06-01", count: 2 },
      { day: "2021-06-03", count: 4 },
    ],
    accountCreation: [{ day: "2014-05-02", count: 2 }],
    evidence: [{ accountA: "1001", accountB: "1002", weight: 3, examples: [{ object: "900000000000000001", timeDeltaSeconds: 4 }] }],
    ...overrides,
  };
}

function report(communities: ReportCommunity[] = [community()]): CommunityReport {
  return {
    run: {
      id: "run-2021-06-01-abc",
      analysis: "co-retweet",
      params: { timeWindowSeconds: 60, minParticipation: 2 },
      createdAt: "2021-06-30T12:00:00Z",
      counts: { accounts: 2, edges: 1 },
    },
    communities,
  };
}

/** Every name, text, URL, hashtag and label field filled with markup. */
function hostileReport(): CommunityReport {
  const hostile = `${SCRIPT} ${IMG} | \`tick\` [x](javascript:alert(1))`;
  const r = report([
    community({
      members: [
        member("1001", { screenName: SCRIPT, displayName: IMG, labels: [hostile], datasets: [hostile], language: hostile, createdAt: hostile }),
      ],
      size: 1,
      topHashtags: [{ value: hostile, count: 1 }],
      topUrls: [
        { value: "javascript:alert(1)", count: 1 },
        { value: " JaVaScRiPt:alert(1)", count: 1 },
        { value: `https://evil.example/${IMG}`, count: 1 },
      ],
      topDomains: [{ value: hostile, count: 1 }],
      mostRetweetedAccounts: [{ id: "2001", screenName: hostile, count: 1 }],
      mostRetweetedTweets: [{ id: "1", text: hostile, count: 1 }],
      languages: [{ value: hostile, count: 1 }],
      clients: [{ value: `<a href="x">${SCRIPT}</a>`, count: 1 }],
      activity: [{ day: hostile, count: 1 }],
      evidence: [{ accountA: "1001", accountB: SCRIPT, weight: 1, examples: [{ object: "javascript:alert(1)", timeDeltaSeconds: 1 }] }],
      labelMix: [{ label: hostile, count: 1 }],
    }),
  ]);
  r.run.id = SCRIPT;
  r.run.analysis = IMG;
  r.run.params = { [SCRIPT]: IMG };
  return r;
}

const ALLOWED_TAGS = new Set(
  "html head meta title style body header nav main section footer h1 h2 h3 p small strong code time div table caption thead tbody tr th td a span bdi br ul li figure svg rect line text".split(" "),
);

function tagsOf(htmlText: string): Array<{ name: string; attributes: string }> {
  return [...htmlText.matchAll(/<\/?([a-zA-Z][\w:-]*)([^>]*)>/g)].map((m) => ({ name: m[1].toLowerCase(), attributes: m[2] }));
}

describe("renderHtml", () => {
  it("writes one complete HTML document", () => {
    const page = renderHtml(report());
    expect(page.startsWith("<!doctype html>")).toBe(true);
    expect(page.trimEnd().endsWith("</html>")).toBe(true);
  });

  it("loads nothing from outside the file and runs no script", () => {
    const page = renderHtml(report());
    expect(page).not.toMatch(/<(script|link|iframe|img|object|embed|base|form)\b/i);
    expect(page).not.toMatch(/\bsrc\s*=|@import|url\(/i);
    expect(page).toContain("Content-Security-Policy");
  });

  it("turns markup in names, texts, URLs and hashtags into text: only the renderer's own tags remain", () => {
    const page = renderHtml(hostileReport());
    for (const tag of tagsOf(page)) {
      expect(ALLOWED_TAGS.has(tag.name), `unexpected <${tag.name}>`).toBe(true);
      // Attribute values are quoted and cannot hold a quote, so what is left outside quotes is names.
      expect(tag.attributes.replace(/"[^"]*"/g, '""')).not.toMatch(/\son[a-z]+\s*=/i);
    }
    expect(page).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(page).toContain("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;");
  });

  it("never makes a javascript: URL clickable, but shows it", () => {
    const page = renderHtml(hostileReport());
    const hrefs = [...page.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);
    for (const href of hrefs) expect(href.startsWith("#") || /^https?:\/\//.test(href)).toBe(true);
    expect(page).toContain("javascript:alert(1)");
  });

  it("links http(s) URLs without referrer or opener", () => {
    const page = renderHtml(report());
    expect(page).toContain(
      `<a class="url" href="https://example.org/a?b=1&amp;c=2" rel="noopener noreferrer nofollow" referrerpolicy="no-referrer">`,
    );
  });

  it(`lists at most ${RENDER_DEFAULTS.top} members and says how many more there are`, () => {
    const members = Array.from({ length: 25 }, (_, i) => member(String(5000 + i)));
    const page = renderHtml(report([community({ members, size: 40 })]));
    expect(page).toContain("<code class=\"id full\">5019</code>");
    expect(page).not.toContain("<code class=\"id full\">5020</code>");
    expect(page).toContain("… and 20 more accounts.");
  });

  it("honours the top option", () => {
    const page = renderHtml(report([community({ size: 2 })]), { top: 1 });
    expect(page).toContain("… and 1 more account.");
  });

  it("rejects a top that is not a whole number", () => {
    expect(() => renderHtml(report(), { top: 1.5 })).toThrow(UsageError);
  });

  it("shows hashed ids exactly as released", () => {
    const page = renderHtml(report([community({ members: [member(HEX_ID), member(BASE64_ID)] })]));
    expect(page).toContain(`<code class="id full">${HEX_ID}</code>`);
    expect(page).toContain(`<code class="id full">${BASE64_ID}</code>`);
  });

  it("draws the activity and account-creation charts inline as SVG with axis titles", () => {
    const page = renderHtml(report());
    expect(page.match(/<svg /g)).toHaveLength(2);
    expect(page).toContain("posts per day");
    expect(page).toContain("accounts per day");
    expect(page).toContain("day (UTC)");
  });

  it("renders the same report to the same bytes", () => {
    expect(renderHtml(report())).toBe(renderHtml(report()));
  });

  it("renders a run without groups and says why there are none", () => {
    expect(renderHtml(report([]))).toContain("This run found no ties between accounts with these parameters");
  });

  it("says the run's title, parameters and figures in words, not option keys", () => {
    const page = renderHtml(report());
    expect(page).toContain("<h1>Accounts retweeting the same tweets within seconds</h1>");
    expect(page).toContain("<th>time window</th><td>60 s</td>");
    expect(page).toContain("<th>fewest shares per account</th><td>2</td>");
    expect(page).toContain("<th>ties</th><td>1</td>");
    expect(page).toContain("2021-06-30 12:00:00 UTC");
    expect(page).not.toMatch(/>(timeWindowSeconds|minParticipation|edges)</);
  });

  it("tells a reader how to read the ties, the figure in brackets, the adjusted p-value and the verdicts", () => {
    const page = renderHtml(report());
    expect(page).toContain("<summary>How to read this report</summary>");
    expect(page).toContain("Two accounts are tied when they retweeted the same tweet within the run");
    expect(page).toContain("corrected for testing every pair of accounts");
    expect(page).toContain("A verdict is a lead to check");
    expect(renderMarkdown(report())).toContain("## How to read this report");
    const communities = report();
    communities.run.analysis = "communities";
    expect(renderHtml(communities)).not.toContain("How to read this report"); // nothing tested, nothing to explain
    const sync = report();
    sync.run.analysis = "sync";
    sync.run.counts = { ...sync.run.counts, pairs: 7 };
    const syncPage = renderHtml(sync);
    expect(syncPage).toContain("posted in the same time bins");
    expect(syncPage).toContain("the two posts in each shared bin");
    expect(syncPage).toContain("<th>pairs of accounts tied</th><td>7</td>"); // sync's pairs are tied accounts, not co-actions
  });

  it("prints a hashed account's id once: a display name equal to the id is not repeated", () => {
    const hashed = member(HEX_ID, { screenName: HEX_ID, displayName: HEX_ID });
    const named = member("1003", { screenName: "carol", displayName: "Carol Example" });
    const page = renderHtml(report([community({ members: [hashed, named], size: 2 })]));
    const hashedRow = page.split("<tr>").find((row) => row.includes(`<code class="id full">${HEX_ID}</code>`))!;
    expect(hashedRow.split(HEX_ID).length - 1).toBe(2); // the code cell and the name's hover title, never a third cell
    expect(page).toContain("Carol Example");
    expect(renderMarkdown(report([community({ members: [hashed], size: 1 })])).split(HEX_ID).length - 1).toBe(1);
  });
});

describe("barChartSvg", () => {
  it("draws one bar per day from the first to the last day, empty days included", () => {
    const svg = barChartSvg([{ day: "2021-06-01", count: 2 }, { day: "2021-06-03", count: 4 }], { title: "Activity" }).value;
    expect(svg.match(/<rect [^>]*fill="#4c72b0"/g)).toHaveLength(3);
    expect(svg).toContain("<title>2021-06-02: 0</title>");
  });

  it("labels the x axis with dates and the y axis with counts", () => {
    const svg = barChartSvg([{ day: "2021-06-01", count: 7 }], { title: "Activity", yLabel: "posts" }).value;
    expect(svg).toContain(">2021-06-01</text>");
    expect(svg).toMatch(/>0<\/text>/);
    expect(svg).toMatch(/>8<\/text>/);
    expect(svg).toContain("posts per day");
  });

  it("says so when there is no dated data", () => {
    expect(barChartSvg([], { title: "Activity" }).value).toContain("no dated data");
  });
});

describe("binDays", () => {
  it("fills missing days with zeros", () => {
    expect(binDays([{ day: "2021-06-01", count: 2 }, { day: "2021-06-03", count: 1 }], 120).bins).toEqual([
      { label: "2021-06-01", count: 2 },
      { label: "2021-06-02", count: 0 },
      { label: "2021-06-03", count: 1 },
    ]);
  });

  it("bins by month when the days would need more than maxBars bars", () => {
    const series = binDays([{ day: "2021-01-31", count: 1 }, { day: "2021-03-01", count: 2 }], 10);
    expect(series.unit).toBe("month");
    expect(series.bins).toEqual([
      { label: "2021-01", count: 1 },
      { label: "2021-02", count: 0 },
      { label: "2021-03", count: 2 },
    ]);
  });

  it("bins by year when even months are too many", () => {
    const series = binDays([{ day: "2009-01-01", count: 1 }, { day: "2018-12-31", count: 1 }], 12);
    expect(series.unit).toBe("year");
    expect(series.bins).toHaveLength(10);
  });

  it("counts entries that are not valid dates and leaves them out", () => {
    const series = binDays([{ day: "2021-02-30", count: 1 }, { day: "soon", count: 1 }, { day: "2021-06-01T08:00:00Z", count: 3 }], 120);
    expect(series).toEqual({ unit: "day", bins: [{ label: "2021-06-01", count: 3 }], total: 3, invalid: 2 });
  });
});

describe("sparkline", () => {
  it("scales one character per bin to the largest bin", () => {
    expect(sparkline([{ label: "a", count: 0 }, { label: "b", count: 4 }, { label: "c", count: 8 }])).toBe("▁▅█");
  });
});

describe("renderMarkdown", () => {
  it("contains no raw HTML, whatever the data holds", () => {
    expect(renderMarkdown(hostileReport())).not.toContain("<");
  });

  it("escapes pipes so data cannot add table cells", () => {
    const md = renderMarkdown(hostileReport());
    const rows = md.split("\n").filter((line) => line.startsWith("| "));
    const unescapedPipes = (line: string) => line.replace(/\\\\/g, "").replace(/\\\|/g, "").split("|").length - 1;
    const memberHeader = rows.find((row) => row.startsWith("| # | Account"))!;
    const memberRow = rows[rows.indexOf(memberHeader) + 2];
    expect(unescapedPipes(memberRow)).toBe(unescapedPipes(memberHeader));
  });

  it("escapes backticks and brackets so data cannot open code spans or links", () => {
    const md = renderMarkdown(hostileReport());
    expect(md).toContain("\\`tick\\`");
    expect(md).toContain("\\[x\\](javascript:alert(1))");
    expect(md).not.toMatch(/(?<!\\)\]\(javascript:/);
  });

  it("shows hashed ids in code spans, exactly as released", () => {
    const md = renderMarkdown(report([community({ members: [member(HEX_ID), member(BASE64_ID)] })]));
    expect(md).toContain(`\`${HEX_ID}\``);
    expect(md).toContain(`\`${BASE64_ID}\``);
  });

  it(`lists at most ${RENDER_DEFAULTS.top} members and says how many more there are`, () => {
    const members = Array.from({ length: 25 }, (_, i) => member(String(5000 + i)));
    const md = renderMarkdown(report([community({ members, size: 25 })]));
    expect(md).toContain("`5019`");
    expect(md).not.toContain("`5020`");
    expect(md).toContain("… and 5 more accounts.");
  });

  it("draws activity as a text sparkline with its range, total and peak", () => {
    expect(renderMarkdown(report())).toContain(
      "**Activity** (posts per day, 2021-06-01 to 2021-06-03; total 6; peak 4 on 2021-06-03): `▅▁█`",
    );
  });

  it("renders member tables as GitHub tables with numeric columns right-aligned", () => {
    const md = renderMarkdown(report());
    // Short names in the Account column, full ids in a column of their own.
    expect(md).toContain("| # | Account | Id | Name shown | Role | Followers | Created | Lang. | Degree | Posts | Datasets | Labels |");
    expect(md).toContain("| ---: | --- | --- | --- | --- | ---: | --- | --- | ---: | ---: | --- | --- |");
    expect(md).toContain("| 1 | alice | `1001` |");
  });
});

describe("renderJson", () => {
  it("round-trips the report exactly", () => {
    const r = report();
    expect(JSON.parse(renderJson(r))).toEqual(r);
  });
});

describe("renderCsv", () => {
  it("writes one file per table", () => {
    expect(Object.keys(renderCsv(report()))).toEqual([
      "communities.csv",
      "evidence.csv",
      "labels.csv",
      "members.csv",
      "retweeted_accounts.csv",
      "retweeted_tweets.csv",
      "run.csv",
      "time_series.csv",
      "top_values.csv",
    ]);
  });

  it("quotes fields with commas, quotes and line breaks as RFC 4180 says", () => {
    const csv = renderCsv(report([community({ mostRetweetedTweets: [{ id: "7", text: 'say "hi",\nthen go', count: 1 }] })]));
    expect(csv["retweeted_tweets.csv"]).toBe('community,rank,tweet_id,text,count\n0,1,7,"say ""hi"",\nthen go",1\n');
  });

  it("defuses spreadsheet formulas in free text but leaves ids alone", () => {
    const csv = renderCsv(report([community({ members: [member(BASE64_ID, { displayName: "=HYPERLINK(1)" })] })]));
    const row = csv["members.csv"].split("\n")[1];
    expect(row).toContain(`,${BASE64_ID},`);
    expect(row).toContain(",'=HYPERLINK(1),");
  });

  it("lists every member, not only the top ones", () => {
    const members = Array.from({ length: 25 }, (_, i) => member(String(5000 + i)));
    expect(renderCsv(report([community({ members, size: 25 })]))["members.csv"].trimEnd().split("\n")).toHaveLength(26);
  });

  it("writes one evidence row per example", () => {
    const evidence = [{ accountA: "1", accountB: "2", weight: 2, examples: [{ object: "o1", timeDeltaSeconds: 3 }, { object: "o2", timeDeltaSeconds: 5 }] }];
    expect(renderCsv(report([community({ evidence })]))["evidence.csv"]).toBe(
      "community,account_a,account_b,weight,object,time_delta_seconds,kind,label,time_a,time_b,text_a,text_b,similarity,bin_start,observed,expected,adjusted_p_value,content_a,content_b," +
        "target_kind,sharing_accounts,action_a,action_b,count_a,count_b\n" +
        "0,1,2,2,o1,3,,,,,,,,,,,,,,,,,,,\n0,1,2,2,o2,5,,,,,,,,,,,,,,,,,,,\n",
    );
  });
});

describe("a summary run's report", () => {
  const summary: CommunityReport = {
    run: { id: "summary-1", analysis: "summary", params: { top: 20, batchDays: 5 }, createdAt: "2021-06-30T12:00:00Z", counts: { accounts: 0, edges: 0, communities: 0, tweets: 200, retweetShare: 0.5 } },
    archive: {
      figures: { tweets: 200, accounts: 20, first: "2014-01-01T01:19:27.036Z", retweetShare: 0.5, topHashtag: "news" },
      datasets: [{ value: "ira", count: 200 }],
      languages: [{ value: "ru", count: 120 }],
      hashtags: [{ value: "news", count: 30 }],
      domains: [{ value: "example.org", count: 12 }],
      clients: [{ value: "Twitter Web Client", count: 90 }],
      retweetedAccounts: [{ id: "2001", screenName: "star", count: 7 }],
      accountCreation: [{ day: "2013-05-01", count: 6 }],
      creationBatches: [{ day: "2013-05-01", count: 6 }],
    },
    communities: [],
  };

  it("shows the archive's figures and lists instead of an empty list of groups", () => {
    const page = renderHtml(summary);
    expect(page).toContain("<h1>The archive at a glance</h1>");
    expect(page).toContain("<th>first tweet</th><td>2014-01-01 01:19:27 UTC</td>");
    expect(page).toContain("<th>share of retweets</th><td>50%</td>");
    expect(page).toContain("#news");
    expect(page).toContain("Days with a batch of new accounts");
    expect(page).not.toContain("<th>ties</th>"); // a summary has no network: its zero counts are not figures
    expect(page).not.toContain("No groups");
    const md = renderMarkdown(summary);
    expect(md).toContain("| first tweet | 2014-01-01 01:19:27 UTC |");
    expect(md).toContain("| #news | 30 |");
    expect(md).toContain("| 2013-05-01 | 6 |");
  });

  it("writes the archive's figures and lists to archive.csv", () => {
    const archive = renderCsv(summary)["archive.csv"]!;
    expect(archive.split("\n")[0]).toBe("list,rank,value,count");
    expect(archive).toContain("figure.tweets,,200,");
    expect(archive).toContain("hashtag,1,news,30");
    expect(archive).toContain("retweeted_account,1,2001,7");
  });
});

describe("tweet texts in a report", () => {
  it("shows &, < and > as Twitter clients do, not the API's &amp;, &lt; and &gt;", () => {
    const shared = report([community({ mostRetweetedTweets: [{ id: "9", text: "Woodward &amp; Bernstein &lt;3 &amp;lt;", count: 4 }] })]);
    const page = renderHtml(shared);
    expect(page).toContain("Woodward &amp; Bernstein &lt;3 &amp;lt;"); // "&" and "<" escaped once for HTML, "&amp;lt;" decoded once
    expect(page).not.toContain("&amp;amp;");
    expect(renderMarkdown(shared)).not.toContain("&amp;amp;");
    expect(renderJson(shared)).toContain("Woodward &amp; Bernstein"); // the data itself stays as released
  });
});

describe("sync evidence in a report", () => {
  const item = { kind: "sync" as const, binStart: Date.UTC(2016, 3, 19, 9, 40), binSeconds: 60, contentA: "11", contentB: "12", textA: "Morning news from Moscow", textB: "Weather: sunny <b>", timeA: Date.UTC(2016, 3, 19, 9, 40, 35), timeB: Date.UTC(2016, 3, 19, 9, 40, 36), delaySeconds: 1 };
  const synced = report([community({ evidence: [{ accountA: "1001", accountB: "1002", weight: 9, examples: [], items: [item], observed: 9, expected: 0.8, adjustedPValue: 1e-6 }] })]);

  it("shows what each account posted in the shared minute, escaped as text", () => {
    const page = renderHtml(synced);
    expect(page).toContain("both posted in the 60 s window starting 2016-04-19 09:40:00 UTC");
    expect(page).toContain("Morning news from Moscow");
    expect(page).toContain("Weather: sunny &lt;b&gt;");
    expect(renderMarkdown(synced)).toContain("A: Morning news from Moscow / B: Weather: sunny");
    expect(page).toContain('<bdi class="text">Morning news from Moscow</bdi> <code class="id">11</code>'); // the post's id, to look it up
    const csv = renderCsv(synced)["evidence.csv"]!.split("\n");
    expect(csv[0]!.endsWith(",content_a,content_b,target_kind,sharing_accounts,action_a,action_b,count_a,count_b")).toBe(true);
    expect(csv[1]).toContain("Morning news from Moscow,Weather: sunny <b>");
    expect(csv[1]!.endsWith(",11,12,,,,,,")).toBe(true);
  });
});

describe("communities evidence in a report", () => {
  const mention = { kind: "interaction" as const, action: "mention" as const, countA: 1, countB: 0 };
  const shared = {
    kind: "shared-target" as const, targetKind: "account" as const, object: "1100", label: "someaccount", sharingAccounts: 3,
    contentA: "11", contentB: "12", timeA: Date.UTC(2016, 9, 1, 12, 1), timeB: Date.UTC(2016, 9, 1, 14, 30), delaySeconds: 8940,
    textA: "hi @someaccount", textB: "RT @someaccount: <b>news</b>", actionA: "mention" as const, actionB: "retweet" as const, countA: 1, countB: 2,
  };
  const tied = report([community({ evidence: [{ accountA: "1001", accountB: "1002", weight: 1.5, examples: [], items: [mention, shared] }] })]);

  it("says in the HTML report who interacted with whom, what both amplified, how many accounts share it and when each did it", () => {
    const page = renderHtml(tied);
    expect(page).toContain("A mentioned B once");
    expect(page).toContain("both amplified @someaccount (shared by 3 accounts)");
    expect(page).toContain("A mentioned it at 2016-10-01 12:01:00 UTC, B retweeted it at 2016-10-01 14:30:00 UTC (first of 2)");
    expect(page).toContain('<code class="id">11</code>');
  });

  it("says the same in the Markdown report, without an @ GitHub would link", () => {
    const md = renderMarkdown(tied);
    expect(md).toContain("| What they did together |");
    expect(md).toContain("A mentioned B once; both amplified account someaccount (shared by 3 accounts): A mentioned it at 2016-10-01 12:01:00 UTC, B retweeted it at 2016-10-01 14:30:00 UTC (first of 2)");
  });

  it("writes both items to the report's evidence.csv, with the target's kind, sharing accounts, actions and counts", () => {
    const csv = renderCsv(tied)["evidence.csv"]!.split("\n");
    expect(csv[1]!.endsWith(",interaction,,,,,,,,,,,,,,,mention,mention,1,0")).toBe(true);
    expect(csv[2]).toContain(",1100,8940,shared-target,someaccount,2016-10-01T12:01:00.000Z,2016-10-01T14:30:00.000Z,");
    expect(csv[2]!.endsWith(",11,12,account,3,mention,retweet,1,2")).toBe(true);
  });
});

describe("escaping helpers", () => {
  it("escapeHtml escapes the five HTML-significant characters", () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
  });

  it("escapeMarkdown keeps a cell on one line", () => {
    expect(escapeMarkdown("one\ntwo\r\nthree")).toBe("one two three");
  });

  it("safeHttpUrl accepts only absolute http(s) URLs", () => {
    expect(safeHttpUrl("https://t.co/abc")).toBe("https://t.co/abc");
    for (const url of ["javascript:alert(1)", " javascript:alert(1)", "data:text/html,x", "//evil.example", "/relative", "http:/broken"]) {
      expect(safeHttpUrl(url)).toBeNull();
    }
  });

  it("formatNumber groups thousands and keeps at most three decimals, whatever the locale", () => {
    expect([formatNumber(1234567), formatNumber(0.12345), formatNumber(-1000.5), formatNumber(null)]).toEqual([
      "1,234,567",
      "0.123",
      "-1,000.5",
      "–",
    ]);
  });
});
