/**
 * `coordgraph synth --mix hard`: the archive that shows what breaks detectors out of sample.
 * Organic heavy posters write a large share of the tweets on their time zone's daily clock, organic
 * interest communities share niche sources minutes to hours apart, medium campaigns spread their
 * signal thin (each member in 15-30 events, members 20-120 s apart), and a mixed campaign uses all
 * five behaviours. `--campaigns 0` writes organic accounts only. Each is measured in the written
 * files, as a detector would see them.
 */
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { registerSynthCommand } from "../src/cli/commands/synth.ts";
import { UsageError } from "../src/errors.ts";
import type { RunNode } from "../src/run/model.ts";
import { generateArchive, synthFilePaths, type SynthSummary, type SynthTruth, type SynthTruthCampaign } from "../src/synth/index.ts";
import { campaignRecoveries, organicFlagged, recallByStrength } from "../src/synth/recovery.ts";

type Row = Record<string, string>;
interface Share {
  timeMs: number;
  account: string;
}

const options = { tweets: 40_000, accounts: 1000, seed: 7, mix: "hard" as const };
const workDir = mkdtempSync(join(tmpdir(), "coordgraph-synth-hard-"));
const hardDir = join(workDir, "hard");
const TEN_MINUTES_MS = 600_000;

let summary: SynthSummary;
let truth: SynthTruth;
let tweets: Row[];

function snowflakeMs(id: string): number {
  return Number((BigInt(id) >> 22n) + 1288834974657n);
}

function list(field: string): string[] {
  return field === "" || field === "[]" ? [] : field.slice(1, -1).split(", ");
}

function sha256(file: string): string {
  return createHash("sha256").update(readFileSync(file)).digest("hex");
}

function tweetsPerAccount(rows: Row[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(row.userid, (counts.get(row.userid) ?? 0) + 1);
  return counts;
}

const retweetOf = (row: Row) => (row.is_retweet === "true" ? [row.retweet_tweetid] : []);
const hashtagsOf = (row: Row) => (row.is_retweet === "false" ? list(row.hashtags) : []);
const urlsOf = (row: Row) => (row.is_retweet === "false" ? list(row.urls) : []);
const objectsOfAnalysis: Record<string, (row: Row) => string[]> = { "co-retweet": retweetOf, "co-hashtag": hashtagsOf, "co-url": urlsOf };

/** Member shares of `objects`, split into events where they are more than ten minutes apart; events of 2+ accounts. */
function memberEvents(campaign: SynthTruthCampaign, objects: readonly string[], objectsOf: (row: Row) => string[]): Share[][] {
  const members = new Set(campaign.accounts);
  const wanted = new Set(objects);
  const shares = tweets
    .filter((row) => members.has(row.userid) && objectsOf(row).some((object) => wanted.has(object)))
    .map((row) => ({ timeMs: snowflakeMs(row.tweetid), account: row.userid }))
    .sort((a, b) => a.timeMs - b.timeMs);
  const events: Share[][] = [];
  for (const share of shares) {
    const current = events[events.length - 1];
    if (current && share.timeMs - current[current.length - 1].timeMs <= TEN_MINUTES_MS) current.push(share);
    else events.push([share]);
  }
  return events.filter((event) => new Set(event.map((share) => share.account)).size >= 2);
}

/** How many of `events` each member of `campaign` takes part in. */
function eventsPerMember(campaign: SynthTruthCampaign, events: Share[][]): number[] {
  return campaign.accounts.map((account) => events.filter((event) => event.some((share) => share.account === account)).length);
}

/** The local hour (0-23) of a `tweet_time` for people living at UTC + `offsetHours`. */
function localHour(tweetTime: string, offsetHours: number): number {
  return (((Number(tweetTime.slice(11, 13)) + offsetHours) % 24) + 24) % 24;
}

beforeAll(async () => {
  summary = await generateArchive({ ...options, outDir: hardDir });
  truth = JSON.parse(readFileSync(join(hardDir, "truth.json"), "utf8"));
  tweets = parse(readFileSync(join(hardDir, "synth_tweets_csv_hashed.csv"), "utf8"), { columns: true });
});

afterAll(() => rmSync(workDir, { recursive: true, force: true }));

describe("synth --campaigns 0: organic accounts only", () => {
  it("plants no campaign and says so in truth.json and the summary", async () => {
    const dir = join(workDir, "organic");
    const organic = await generateArchive({ ...options, campaigns: 0, outDir: dir });
    const organicTruth: SynthTruth = JSON.parse(readFileSync(join(dir, "truth.json"), "utf8"));
    expect(organicTruth.campaigns).toEqual([]);
    expect(organic).toMatchObject({ campaigns: 0, plantedTweets: 0, tweets: options.tweets });
    // The organic cast is all there: superspreaders, heavy posters and interest communities.
    expect(organicTruth.superspreaders.length).toBeGreaterThan(0);
    expect(organicTruth.heavyPosters?.length).toBeGreaterThan(0);
    expect(organicTruth.interestCommunities?.length).toBeGreaterThan(0);
  });
});

describe("synth heavy posters", () => {
  it("lists heavy posters in truth.json as organic: users of the archive in no campaign, not superspreaders", () => {
    const heavy = truth.heavyPosters!;
    expect(heavy).toHaveLength(25);
    const campaignAccounts = new Set(truth.campaigns.flatMap((campaign) => campaign.accounts));
    const interestMembers = new Set(truth.interestCommunities!.flatMap((community) => community.accounts));
    for (const id of heavy) {
      expect(campaignAccounts.has(id)).toBe(false);
      expect(interestMembers.has(id)).toBe(false);
      expect(truth.superspreaders).not.toContain(id);
    }
    expect(truth.heavyPosterZones!.flatMap((zone) => zone.accounts).sort()).toEqual(heavy);
  });

  it("makes 2.5% of the accounts write about a third of all tweets, each over ten times the median account", () => {
    const counts = tweetsPerAccount(tweets);
    const heavyTweets = truth.heavyPosters!.reduce((sum, id) => sum + (counts.get(id) ?? 0), 0);
    expect(heavyTweets / tweets.length).toBeGreaterThan(0.25);
    expect(heavyTweets / tweets.length).toBeLessThan(0.45);
    const sorted = [...counts.values()].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)];
    for (const id of truth.heavyPosters!) expect(counts.get(id)!).toBeGreaterThan(10 * median);
  });

  it("has every zone's heavy posters sleep on their zone's clock: under 3% of their tweets from 1 to 5 local time", () => {
    for (const zone of truth.heavyPosterZones!) {
      const members = new Set(zone.accounts);
      const perHour = new Array<number>(24).fill(0);
      for (const row of tweets) if (members.has(row.userid)) perHour[localHour(row.tweet_time, zone.utcOffsetHours)]++;
      const total = perHour.reduce((sum, n) => sum + n, 0);
      const night = perHour.slice(1, 6).reduce((sum, n) => sum + n, 0);
      expect(night / total).toBeLessThan(0.03);
      // Busiest in the evening (18-22 local), as the zone's daily curve has it.
      expect(perHour.indexOf(Math.max(...perHour))).toBeGreaterThanOrEqual(18);
      expect(perHour.indexOf(Math.max(...perHour))).toBeLessThanOrEqual(22);
    }
  });

  it("puts zones on different clocks: the UTC hour of New York's evening peak is Moscow's night", () => {
    const zones = truth.heavyPosterZones!.map((zone) => zone.zone);
    expect(zones).toEqual(expect.arrayContaining(["UTC+3", "UTC-5"]));
    const utcHours = (zone: string) => {
      const members = new Set(truth.heavyPosterZones!.find((z) => z.zone === zone)!.accounts);
      const perHour = new Array<number>(24).fill(0);
      for (const row of tweets) if (members.has(row.userid)) perHour[Number(row.tweet_time.slice(11, 13))]++;
      return perHour;
    };
    const moscow = utcHours("UTC+3");
    const newYork = utcHours("UTC-5");
    const newYorkPeak = newYork.indexOf(Math.max(...newYork));
    expect(moscow[newYorkPeak] / Math.max(...moscow)).toBeLessThan(0.05);
  });
});

describe("synth interest communities", () => {
  it("lists communities of ordinary accounts with their niche sources, hashtags and site, in no campaign", () => {
    const communities = truth.interestCommunities!;
    expect(communities.map((community) => community.id)).toEqual(["i1", "i2", "i3", "i4", "i5", "i6"]);
    const campaignAccounts = new Set(truth.campaigns.flatMap((campaign) => campaign.accounts));
    for (const community of communities) {
      expect(community.accounts.length).toBeGreaterThanOrEqual(8);
      expect(community.sources.length).toBeGreaterThanOrEqual(2);
      expect(community.hashtags.length).toBeGreaterThanOrEqual(2);
      for (const id of community.accounts) expect(campaignAccounts.has(id)).toBe(false);
    }
  });

  it("has members share the same niche sources again and again: each source tweet retweeted by several members", () => {
    for (const community of truth.interestCommunities!) {
      const members = new Set(community.accounts);
      const sources = new Set(community.sources);
      const bySourceTweet = new Map<string, Set<string>>();
      for (const row of tweets) {
        if (row.is_retweet !== "true" || !sources.has(row.retweet_userid) || !members.has(row.userid)) continue;
        bySourceTweet.set(row.retweet_tweetid, (bySourceTweet.get(row.retweet_tweetid) ?? new Set()).add(row.userid));
      }
      const shared = [...bySourceTweet.values()].filter((accounts) => accounts.size >= 2);
      expect(shared.length).toBeGreaterThanOrEqual(5);
      // Niche hashtags and the site are theirs: nobody outside the community uses them.
      const tags = new Set(community.hashtags);
      const tagUsers = new Set(tweets.filter((row) => hashtagsOf(row).some((tag) => tags.has(tag))).map((row) => row.userid));
      expect([...tagUsers].every((id) => members.has(id))).toBe(true);
      expect(tagUsers.size).toBeGreaterThanOrEqual(2);
    }
  });

  it("shares at its own pace: members retweet a source minutes to hours after it posts, never within two minutes", () => {
    const delays: number[] = [];
    for (const community of truth.interestCommunities!) {
      const members = new Set(community.accounts);
      const sources = new Set(community.sources);
      for (const row of tweets) {
        if (row.is_retweet === "true" && sources.has(row.retweet_userid) && members.has(row.userid)) {
          delays.push(snowflakeMs(row.tweetid) - snowflakeMs(row.retweet_tweetid));
        }
      }
    }
    delays.sort((a, b) => a - b);
    expect(delays.length).toBeGreaterThan(100);
    expect(delays[0]).toBeGreaterThanOrEqual(120_000);
    expect(delays[Math.floor(delays.length / 2)]).toBeGreaterThanOrEqual(5 * 60_000);
    expect(delays[Math.floor(delays.length * 0.9)]).toBeGreaterThanOrEqual(30 * 60_000);
  });
});

describe("synth medium campaigns", () => {
  const medium = () => truth.campaigns.filter((campaign) => campaign.strength === "medium");

  it("rounds go strong, medium, weak with --mix hard: 18 campaigns, every type at every strength", () => {
    const types = ["co-retweet", "co-hashtag", "co-url", "co-text", "sync", "mixed"];
    expect(truth.campaigns.map((campaign) => campaign.id)).toEqual([...types, ...types, ...types].map((type, c) => `c${c + 1}-${type}`));
    expect(truth.campaigns.map((campaign) => campaign.strength)).toEqual([...Array(6).fill("strong"), ...Array(6).fill("medium"), ...Array(6).fill("weak")]);
  });

  it.each(["co-retweet", "co-hashtag", "co-url"] as const)("%s: each member takes part in 15-30 events, the first and last member 20-120 s apart", (type) => {
    const campaign = medium().find((c) => c.type === type)!;
    expect(campaign.windowSeconds).toBe(120);
    const events = memberEvents(campaign, campaign.objects, objectsOfAnalysis[type]);
    for (const count of eventsPerMember(campaign, events)) {
      expect(count).toBeGreaterThanOrEqual(15);
      expect(count).toBeLessThanOrEqual(30);
    }
    for (const event of events) {
      const span = event[event.length - 1].timeMs - event[0].timeMs;
      expect(span).toBeGreaterThanOrEqual(20_000);
      expect(span).toBeLessThanOrEqual(120_000);
    }
  });

  it("plants a medium mixed campaign using all five behaviours, each member in 15-30 events of each co-share behaviour", () => {
    const mixed = medium().find((campaign) => campaign.type === "mixed")!;
    expect(mixed.analyses).toEqual(["co-retweet", "co-hashtag", "co-url", "co-text", "sync"]);
    for (const analysis of mixed.analyses) expect(mixed.objectsByAnalysis![analysis].length).toBeGreaterThan(0);
    for (const analysis of ["co-retweet", "co-hashtag", "co-url"]) {
      const events = memberEvents(mixed, mixed.objectsByAnalysis![analysis], objectsOfAnalysis[analysis]);
      for (const count of eventsPerMember(mixed, events)) {
        expect(count).toBeGreaterThanOrEqual(15);
        expect(count).toBeLessThanOrEqual(30);
      }
    }
    // Its sync turns: members post in the same minutes it lists.
    const members = new Set(mixed.accounts);
    const minutes = new Set(mixed.objectsByAnalysis!.sync);
    const perMinute = new Map<string, Set<string>>();
    for (const row of tweets) {
      if (members.has(row.userid) && minutes.has(row.tweet_time)) perMinute.set(row.tweet_time, (perMinute.get(row.tweet_time) ?? new Set()).add(row.userid));
    }
    expect([...perMinute.values()].filter((accounts) => accounts.size >= 2).length).toBeGreaterThanOrEqual(30);
  });
});

describe("synth recovery scoring on the hard mix", () => {
  it("scores medium campaigns and counts the heavy posters and interest-community members a run flagged", () => {
    const everyone: RunNode[] = [...new Set(tweets.map((row) => row.userid))].map((id) => ({ id, community: 0, scores: {} }));
    const nodes = new Map(["co-retweet", "co-hashtag", "co-url", "co-text", "sync"].map((analysis) => [analysis, everyone]));
    const rows = campaignRecoveries(truth, nodes);
    expect(new Set(rows.map((row) => row.strength))).toEqual(new Set(["strong", "medium", "weak"]));
    const byStrength = recallByStrength(rows);
    expect(byStrength.filter((row) => row.analysis === "co-retweet").map((row) => row.strength)).toEqual(["strong", "medium", "weak"]);
    const flags = organicFlagged(truth, everyone, "sync");
    const members = truth.interestCommunities!.reduce((sum, community) => sum + community.accounts.length, 0);
    expect(flags.heavyPosters).toMatchObject({ listed: 25, flagged: 25 });
    expect(flags.interestCommunityMembers).toMatchObject({ listed: members, flagged: members });
    expect(flags.superspreaders.flagged).toBe(truth.superspreaders.length);
    expect(organicFlagged(truth, [], "sync").heavyPosters).toEqual({ listed: 25, flagged: 0, flaggedIds: [] });
  });
});

describe("synth --mix hard determinism and options", () => {
  const small = { tweets: 8000, accounts: 400, mix: "hard" as const };
  const files = ["synth_tweets_csv_hashed.csv", "synth_users_csv_hashed.csv", "truth.json"];

  it("writes byte-identical files for the same seed and options, different ones for another seed", async () => {
    await generateArchive({ ...small, seed: 42, outDir: join(workDir, "a") });
    await generateArchive({ ...small, seed: 42, outDir: join(workDir, "b") });
    await generateArchive({ ...small, seed: 43, outDir: join(workDir, "c") });
    for (const file of files) expect(sha256(join(workDir, "b", file))).toBe(sha256(join(workDir, "a", file)));
    expect(sha256(join(workDir, "c", files[0]))).not.toBe(sha256(join(workDir, "a", files[0])));
  });

  it("leaves the default mix without heavy posters, interest communities or medium campaigns, and its truth.json as it was", async () => {
    const dir = join(workDir, "default");
    const plain = await generateArchive({ tweets: 8000, accounts: 400, seed: 42, outDir: dir });
    const plainTruth: SynthTruth = JSON.parse(readFileSync(synthFilePaths(dir, "synth").truth, "utf8"));
    expect(plain.mix).toBe("default");
    expect(plain.organic).toMatchObject({ heavyPosters: 0, interestCommunities: 0 });
    // truth.json keeps the default archive's shape, byte for byte as before mixes existed.
    expect(Object.keys(plainTruth)).toEqual(["seed", "tweets", "accounts", "campaigns", "superspreaders"]);
    expect(plainTruth.campaigns.some((campaign) => campaign.strength === "medium")).toBe(false);
  });

  it("takes heavy posters and interest communities as counts of their own", async () => {
    const dir = join(workDir, "counts");
    const counted = await generateArchive({ tweets: 8000, accounts: 400, seed: 42, heavyPosters: 4, interestCommunities: 1, campaigns: 0, outDir: dir });
    expect(counted.organic).toMatchObject({ heavyPosters: 4, interestCommunities: 1 });
  });

  it.each([
    ["an unknown mix", { mix: "harder" as never }, "mix"],
    ["more heavy posters than 10% of the accounts", { heavyPosters: 41 }, "heavy-posters"],
    ["more interest communities than the accounts hold", { interestCommunities: 40 }, "interest-communities"],
  ])("rejects %s with UsageError BAD_OPTION naming the option", async (_name, override, field) => {
    const attempt = generateArchive({ tweets: 8000, accounts: 400, outDir: join(workDir, "bad"), ...override });
    await expect(attempt).rejects.toBeInstanceOf(UsageError);
    await expect(attempt).rejects.toMatchObject({ code: "BAD_OPTION", location: { field } });
  });

  it("shows --mix, --heavy-posters and --interest-communities in synth --help", async () => {
    let output = "";
    const root = new Command("coordgraph").exitOverride().configureOutput({ writeOut: (text) => (output += text), writeErr: (text) => (output += text) });
    registerSynthCommand(root);
    await expect(root.parseAsync(["synth", "--help"], { from: "user" })).rejects.toMatchObject({ code: "commander.helpDisplayed" });
    expect(output).toContain('(default: "default")');
    expect(output).toMatch(/--heavy-posters <n>/);
    expect(output).toMatch(/--interest-communities <n>/);
  });

  it("plants 18 campaigns with --mix hard when --campaigns is left out on the command line", async () => {
    let stdout = "";
    const root = new Command("coordgraph").exitOverride();
    registerSynthCommand(root);
    const spy = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
      stdout += String(chunk);
      return true;
    });
    try {
      await root.parseAsync(["synth", "--tweets", "8000", "--accounts", "400", "--mix", "hard", "--out", join(workDir, "cli"), "--quiet", "--json"], { from: "user" });
    } finally {
      spy.mockRestore();
    }
    expect(JSON.parse(stdout)).toMatchObject({ mix: "hard", campaigns: 18 });
  });
});
