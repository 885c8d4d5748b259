/**
 * `coordgraph synth` makes detection as hard as a real archive: organic accounts act alike by chance
 * (viral bursts, trending hashtags, breaking news, copy-paste, a daily cycle, heavy-tailed activity,
 * superspreaders), and campaigns vary in size, strength and type. Each behaviour is measured in the
 * written files, as a detector would see them; the real loader reads them without a reject.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunNode } from "../src/run/model.ts";
import type { RejectedRow } from "../src/model.ts";
import { readArchive } from "../src/load/read.ts";
import { generateArchive, synthFilePaths, type SynthSummary, type SynthTruth, type SynthTruthCampaign } from "../src/synth/index.ts";
import { campaignRecoveries, superspreadersFlagged } from "../src/synth/recovery.ts";

type Row = Record<string, string>;

const options = { tweets: 40_000, accounts: 1000, seed: 5 };
const workDir = mkdtempSync(join(tmpdir(), "coordgraph-synth-organic-"));
const TEN_MINUTES_MS = 600_000;

let summary: SynthSummary;
let truth: SynthTruth;
let tweets: Row[];
let campaignAccounts: Set<string>;
let superspreaders: Set<string>;

function snowflakeMs(id: string): number {
  return Number((BigInt(id) >> 22n) + 1288834974657n);
}

function list(field: string): string[] {
  return field === "" || field === "[]" ? [] : field.slice(1, -1).split(", ");
}

/** Most distinct accounts within any `spanMs` of each other among `shares` (time, account). */
function mostAccountsWithin(shares: { timeMs: number; account: string }[], spanMs: number): number {
  const sorted = [...shares].sort((a, b) => a.timeMs - b.timeMs);
  let best = 0;
  let from = 0;
  for (let to = 0; to < sorted.length; to++) {
    while (sorted[to].timeMs - sorted[from].timeMs > spanMs) from++;
    best = Math.max(best, new Set(sorted.slice(from, to + 1).map((share) => share.account)).size);
  }
  return best;
}

/** Shares grouped by object (tweet id, hashtag, url, text). */
function sharesBy(rows: Row[], objectsOf: (row: Row) => string[]): Map<string, { timeMs: number; account: string }[]> {
  const byObject = new Map<string, { timeMs: number; account: string }[]>();
  for (const row of rows) {
    for (const object of objectsOf(row)) {
      if (!byObject.has(object)) byObject.set(object, []);
      byObject.get(object)!.push({ timeMs: snowflakeMs(row.tweetid), account: row.userid });
    }
  }
  return byObject;
}

/** Objects shared by at least `accounts` distinct accounts within ten minutes. */
function burstsOf(byObject: Map<string, { timeMs: number; account: string }[]>, accounts: number): string[] {
  return [...byObject].filter(([, shares]) => shares.length >= accounts && mostAccountsWithin(shares, TEN_MINUTES_MS) >= accounts).map(([object]) => object);
}

/** Member shares of a campaign's objects, split into events where they are more than ten minutes apart. */
function campaignEvents(campaign: SynthTruthCampaign, objectsOf: (row: Row) => string[]): { timeMs: number; account: string }[][] {
  const members = new Set(campaign.accounts);
  const objects = new Set(campaign.objects);
  const shares = tweets
    .filter((row) => members.has(row.userid) && objectsOf(row).some((object) => objects.has(object)))
    .map((row) => ({ timeMs: snowflakeMs(row.tweetid), account: row.userid }))
    .sort((a, b) => a.timeMs - b.timeMs);
  const events: { timeMs: number; account: string }[][] = [];
  for (const share of shares) {
    const current = events[events.length - 1];
    if (current && share.timeMs - current[current.length - 1].timeMs <= TEN_MINUTES_MS) current.push(share);
    else events.push([share]);
  }
  // A member may also share a campaign object on its own later (as anyone retweets a popular tweet).
  return events.filter((event) => new Set(event.map((share) => share.account)).size >= 2);
}

const retweetOf = (row: Row) => (row.is_retweet === "true" ? [row.retweet_tweetid] : []);
const hashtagsOf = (row: Row) => (row.is_retweet === "false" ? list(row.hashtags) : []);
const urlsOf = (row: Row) => (row.is_retweet === "false" ? list(row.urls) : []);

beforeAll(async () => {
  summary = await generateArchive({ ...options, outDir: workDir });
  truth = JSON.parse(readFileSync(join(workDir, "truth.json"), "utf8"));
  tweets = parse(readFileSync(join(workDir, "synth_tweets_csv_hashed.csv"), "utf8"), { columns: true });
  campaignAccounts = new Set(truth.campaigns.flatMap((campaign) => campaign.accounts));
  superspreaders = new Set(truth.superspreaders);
});

afterAll(() => rmSync(workDir, { recursive: true, force: true }));

describe("synth organic accounts act alike by chance", () => {
  it("has viral bursts: one tweet retweeted by at least 100 distinct accounts within 10 minutes", () => {
    const bursts = burstsOf(sharesBy(tweets, retweetOf), 100);
    expect(bursts.length).toBeGreaterThanOrEqual(2);
    expect(summary.organic.viralBursts).toBeGreaterThanOrEqual(bursts.length);
    // Organic: no campaign planted them, and most of their retweeters are in no campaign.
    const planted = new Set(truth.campaigns.flatMap((campaign) => campaign.objects));
    for (const tweet of bursts) expect(planted.has(tweet)).toBe(false);
  });

  it("has trending hashtags: one tag in original tweets of at least 20 distinct accounts within 10 minutes", () => {
    const planted = new Set(truth.campaigns.flatMap((campaign) => campaign.objects));
    const trends = burstsOf(sharesBy(tweets, hashtagsOf), 20).filter((tag) => !planted.has(tag));
    expect(trends.length).toBeGreaterThanOrEqual(2);
  });

  it("has breaking news: one link posted by at least 20 distinct accounts within 10 minutes", () => {
    const planted = new Set(truth.campaigns.flatMap((campaign) => campaign.objects));
    const news = burstsOf(sharesBy(tweets, urlsOf), 20).filter((url) => !planted.has(url));
    expect(news.length).toBeGreaterThanOrEqual(2);
  });

  it("has organic copy-paste: the same text, not a retweet, from at least 10 accounts in no campaign", () => {
    const byText = new Map<string, Set<string>>();
    for (const row of tweets) {
      if (row.is_retweet === "true" || campaignAccounts.has(row.userid)) continue;
      if (!byText.has(row.tweet_text)) byText.set(row.tweet_text, new Set());
      byText.get(row.tweet_text)!.add(row.userid);
    }
    const copied = [...byText].filter(([, accounts]) => accounts.size >= 10);
    expect(copied.length).toBeGreaterThanOrEqual(3);
    for (const [text] of copied) expect(text.startsWith("RT @")).toBe(false);
  });

  it("copies a breaking story's headline word for word from many accounts (the share button's text)", () => {
    const byHeadline = new Map<string, Set<string>>();
    for (const row of tweets) {
      if (row.is_retweet === "true" || list(row.urls).length !== 1) continue;
      const headline = row.tweet_text.replace(/ https:\/\/t\.co\/\w+$/, "");
      if (headline === row.tweet_text) continue;
      const key = `${list(row.urls)[0]} ${headline}`;
      if (!byHeadline.has(key)) byHeadline.set(key, new Set());
      byHeadline.get(key)!.add(row.userid);
    }
    expect([...byHeadline.values()].some((accounts) => accounts.size >= 10)).toBe(true);
  });

  it("follows a daily cycle: the busiest UTC hour has at least three times the tweets of the quietest", () => {
    const perHour = new Array<number>(24).fill(0);
    for (const row of tweets) perHour[Number(row.tweet_time.slice(11, 13))]++;
    expect(Math.max(...perHour)).toBeGreaterThanOrEqual(3 * Math.min(...perHour));
  });

  it("has heavy-tailed activity: the top 10% of accounts write over half the tweets, the median account a few", () => {
    const perAccount = new Map<string, number>();
    for (const row of tweets) perAccount.set(row.userid, (perAccount.get(row.userid) ?? 0) + 1);
    const counts = [...perAccount.values()].sort((a, b) => b - a);
    const top = counts.slice(0, Math.ceil(counts.length / 10)).reduce((sum, n) => sum + n, 0);
    expect(top / tweets.length).toBeGreaterThan(0.5);
    expect(counts[0]).toBeGreaterThan(20 * counts[Math.floor(counts.length / 2)]);
  });
});

describe("synth superspreaders", () => {
  it("lists organic superspreaders in truth.json: users of the archive, in no campaign, among its most active accounts", () => {
    expect(truth.superspreaders.length).toBeGreaterThanOrEqual(3);
    expect(truth.superspreaders).toEqual([...truth.superspreaders].sort());
    expect(summary.organic.superspreaders).toBe(truth.superspreaders.length);
    const perAccount = new Map<string, number>();
    for (const row of tweets) perAccount.set(row.userid, (perAccount.get(row.userid) ?? 0) + 1);
    const ranked = [...perAccount].sort((a, b) => b[1] - a[1]).map(([id]) => id);
    for (const id of truth.superspreaders) {
      expect(campaignAccounts.has(id)).toBe(false);
      expect(ranked.indexOf(id)).toBeGreaterThanOrEqual(0);
      expect(ranked.indexOf(id)).toBeLessThan(ranked.length * 0.05);
    }
  });

  it("retweets viral tweets within seconds of the original", () => {
    const byTweet = sharesBy(tweets, retweetOf);
    const bursts = burstsOf(byTweet, 100);
    for (const id of truth.superspreaders) {
      const fast = bursts.filter((tweet) =>
        byTweet.get(tweet)!.some((share) => share.account === id && share.timeMs - snowflakeMs(tweet) <= 20_000),
      );
      expect(fast.length, id).toBeGreaterThanOrEqual(bursts.length / 2);
    }
  });

  it("retweets mostly within 20 seconds of the original, far faster than other accounts", () => {
    const delays = (keep: (account: string) => boolean) =>
      tweets
        .filter((row) => row.is_retweet === "true" && keep(row.userid))
        .map((row) => snowflakeMs(row.tweetid) - snowflakeMs(row.retweet_tweetid))
        .sort((a, b) => a - b);
    const fast = delays((account) => superspreaders.has(account));
    const others = delays((account) => !superspreaders.has(account));
    expect(fast[Math.floor(fast.length / 2)]).toBeLessThanOrEqual(20_000);
    expect(others[Math.floor(others.length / 2)]).toBeGreaterThan(10 * fast[Math.floor(fast.length / 2)]);
  });
});

describe("synth campaigns vary", () => {
  it("sizes campaigns from 8 to 40 members when the archive has the accounts", () => {
    const sizes = truth.campaigns.map((campaign) => campaign.accounts.length);
    for (const size of sizes) {
      expect(size).toBeGreaterThanOrEqual(8);
      expect(size).toBeLessThanOrEqual(40);
    }
    expect(new Set(sizes).size).toBeGreaterThan(3);
  });

  it("plants weak campaigns: 5-8 events, the first and last member of each 30-180 s apart", () => {
    const weak = truth.campaigns.filter((campaign) => campaign.strength === "weak");
    expect(weak.length).toBeGreaterThanOrEqual(2);
    for (const campaign of weak) {
      expect(campaign.events).toBeGreaterThanOrEqual(5);
      expect(campaign.events).toBeLessThanOrEqual(8);
      const events = campaignEvents(campaign, campaign.type === "co-retweet" ? retweetOf : hashtagsOf);
      expect(events).toHaveLength(campaign.events);
      for (const event of events) {
        const spread = event[event.length - 1].timeMs - event[0].timeMs;
        expect(spread, campaign.id).toBeGreaterThanOrEqual(30_000);
        expect(spread, campaign.id).toBeLessThanOrEqual(180_000);
      }
    }
  });

  it("plants strong campaigns whose members act within 30 s, event after event", () => {
    const strong = truth.campaigns.filter((campaign) => campaign.strength === "strong" && (campaign.type === "co-retweet" || campaign.type === "co-hashtag"));
    for (const campaign of strong) {
      const events = campaignEvents(campaign, campaign.type === "co-retweet" ? retweetOf : hashtagsOf);
      expect(events.length).toBeGreaterThanOrEqual(10);
      for (const event of events) expect(event[event.length - 1].timeMs - event[0].timeMs).toBeLessThanOrEqual(30_000);
    }
  });

  it("plants a mixed campaign that co-retweets, co-hashtags and co-links, each found by its own analysis", () => {
    const mixed = truth.campaigns.find((campaign) => campaign.type === "mixed")!;
    expect(mixed.analyses).toEqual(["co-retweet", "co-hashtag", "co-url"]);
    const byAnalysis = mixed.objectsByAnalysis!;
    expect(Object.keys(byAnalysis)).toEqual(mixed.analyses);
    const members = new Set(mixed.accounts);
    const objectsOf = { "co-retweet": retweetOf, "co-hashtag": hashtagsOf, "co-url": urlsOf } as const;
    for (const analysis of mixed.analyses as (keyof typeof objectsOf)[]) {
      expect(byAnalysis[analysis].length, analysis).toBeGreaterThan(0);
      const shares = sharesBy(tweets.filter((row) => members.has(row.userid)), objectsOf[analysis]);
      for (const object of byAnalysis[analysis]) {
        expect(mostAccountsWithin(shares.get(object) ?? [], mixed.windowSeconds * 1000), `${analysis} ${object}`).toBeGreaterThanOrEqual(2);
      }
    }
    expect(mixed.objects.length).toBe(Object.values(byAnalysis).reduce((sum, objects) => sum + objects.length, 0));
  });
});

describe("synth recovery scoring", () => {
  it("scores a mixed campaign once per analysis and counts the superspreaders a run flagged", () => {
    const everyone: RunNode[] = [...new Set(tweets.map((row) => row.userid))].map((id) => ({ id, community: 0, scores: {} }));
    const nodes = new Map(["co-retweet", "co-hashtag", "co-url", "co-text", "sync"].map((analysis) => [analysis, everyone]));
    const rows = campaignRecoveries(truth, nodes);
    expect(rows).toHaveLength(truth.campaigns.reduce((sum, campaign) => sum + campaign.analyses.length, 0));
    expect(rows.filter((row) => row.type === "mixed").map((row) => row.analysis)).toEqual(["co-retweet", "co-hashtag", "co-url"]);
    expect(rows.every((row) => row.strength === "strong" || row.strength === "weak")).toBe(true);
    const flagged = superspreadersFlagged(truth, everyone, "co-retweet");
    expect(flagged).toMatchObject({ analysis: "co-retweet", superspreaders: truth.superspreaders.length, flagged: truth.superspreaders.length });
    expect(superspreadersFlagged(truth, [], "sync").flagged).toBe(0);
  });
});

describe("synth archives load", () => {
  it("are read by the io-archive and io-users loaders with no rejected row", async () => {
    const files = synthFilePaths(workDir, "synth");
    const rejects: RejectedRow[] = [];
    let tweetCount = 0;
    const formats = new Set<string>();
    for await (const batch of readArchive([files.tweets, files.users], { onReject: (row) => rejects.push(row) })) {
      tweetCount += batch.tweets.length;
      formats.add(batch.format);
    }
    expect(rejects).toEqual([]);
    expect(tweetCount).toBe(options.tweets);
    expect([...formats].sort()).toEqual(["io-archive", "io-users"]);
  });
});
