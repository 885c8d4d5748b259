/**
 * `coordgraph synth`: a synthetic io-archive in the October 2018 release format, with planted
 * campaigns that truth.json names and that act as planted. One small archive is generated once and
 * read by most specifications; determinism and options use their own tiny runs.
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
import {
  TWEET_COLUMNS_2018,
  USER_COLUMNS_2018,
  generateArchive,
  parseCountOption,
  type SynthSummary,
  type SynthTruth,
  type SynthTruthCampaign,
} from "../src/synth/index.ts";

type Row = Record<string, string>;

const sampleDir = new URL("./fixtures/io-release-2018/", import.meta.url);
// The default campaign mix (8: every type, a mixed one, strong and weak ones).
const options = { tweets: 6000, accounts: 300, seed: 11 };
const workDir = mkdtempSync(join(tmpdir(), "coordgraph-synth-"));
const outDir = join(workDir, "archive");

let summary: SynthSummary;
let truth: SynthTruth;
let tweetsCsv: string;
let usersCsv: string;
let tweets: Row[];
let users: Row[];
let usersById: Map<string, Row>;
let tweetsById: Map<string, Row>;

/** The creation time a snowflake id carries, in Unix ms: (id >> 22) + 1288834974657. */
function snowflakeMs(id: string): number {
  return Number((BigInt(id) >> 22n) + 1288834974657n);
}

function minuteMs(tweetTime: string): number {
  return Date.parse(`${tweetTime.replace(" ", "T")}:00Z`);
}

function list(field: string): string[] {
  return field === "" || field === "[]" ? [] : field.slice(1, -1).split(", ");
}

/** The strong campaign of `type` (weak ones have their own specifications in synth-organic.test.ts). */
function campaignOf(type: SynthTruthCampaign["type"]): SynthTruthCampaign {
  return truth.campaigns.find((campaign) => campaign.type === type && campaign.strength === "strong")!;
}

function tweetsBy(campaign: SynthTruthCampaign): Row[] {
  const members = new Set(campaign.accounts);
  return tweets.filter((tweet) => members.has(tweet.userid));
}

/** Shares (of one object) that have another account's share within `windowSeconds`. */
function sharesWithAPartner(shares: Row[], windowSeconds: number): Row[] {
  return shares.filter((share) =>
    shares.some((other) => other.userid !== share.userid && Math.abs(snowflakeMs(other.tweetid) - snowflakeMs(share.tweetid)) <= windowSeconds * 1000),
  );
}

function everyShareHasAPartner(shares: Row[], windowSeconds: number): boolean {
  return sharesWithAPartner(shares, windowSeconds).length === shares.length;
}

function words(text: string): Set<string> {
  return new Set(text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);
}

function jaccard(a: Set<string>, b: Set<string>): number {
  let shared = 0;
  for (const word of a) if (b.has(word)) shared++;
  return shared / (a.size + b.size - shared);
}

function sha256(path: string): string {
  return createHash("sha256").update(readFileSync(path)).digest("hex");
}

beforeAll(async () => {
  summary = await generateArchive({ ...options, outDir });
  tweetsCsv = readFileSync(join(outDir, "synth_tweets_csv_hashed.csv"), "utf8");
  usersCsv = readFileSync(join(outDir, "synth_users_csv_hashed.csv"), "utf8");
  truth = JSON.parse(readFileSync(join(outDir, "truth.json"), "utf8"));
  tweets = parse(tweetsCsv, { columns: true });
  users = parse(usersCsv, { columns: true });
  usersById = new Map(users.map((user) => [user.userid, user]));
  tweetsById = new Map(tweets.map((tweet) => [tweet.tweetid, tweet]));
});

afterAll(() => rmSync(workDir, { recursive: true, force: true }));

describe("synth files follow the October 2018 release", () => {
  it("writes the 31 tweet columns of the release, in its order", () => {
    const header: string[] = parse(tweetsCsv, { to_line: 1 })[0];
    const sampleHeader: string[] = parse(readFileSync(new URL("tweets.csv", sampleDir), "utf8"), { to_line: 1 })[0];
    expect(header).toEqual([...TWEET_COLUMNS_2018]);
    expect(header).toEqual(sampleHeader);
    expect(header).toHaveLength(31);
  });

  it("writes the 10 user columns of the release, in its order", () => {
    const header: string[] = parse(usersCsv, { to_line: 1 })[0];
    const sampleHeader: string[] = parse(readFileSync(new URL("users.csv", sampleDir), "utf8"), { to_line: 1 })[0];
    expect(header).toEqual([...USER_COLUMNS_2018]);
    expect(header).toEqual(sampleHeader);
  });

  it("writes exactly as many tweets and accounts as asked", () => {
    expect(tweets).toHaveLength(options.tweets);
    expect(users).toHaveLength(options.accounts);
    expect(summary.tweets).toBe(options.tweets);
    expect(truth).toMatchObject({ seed: options.seed, tweets: options.tweets, accounts: options.accounts });
  });

  it("double-quotes every field, doubles inner quotes and keeps commas and newlines inside fields", () => {
    const records = parse(tweetsCsv, { raw: true }) as unknown as { raw: string; record: string[] }[];
    for (const { raw, record } of records) {
      expect(raw).toBe(`${record.map((field) => `"${field.replace(/"/g, '""')}"`).join(",")}\n`);
    }
    const texts = tweets.map((tweet) => tweet.tweet_text);
    expect(texts.some((text) => text.includes('"'))).toBe(true);
    expect(texts.some((text) => text.includes(","))).toBe(true);
    expect(texts.some((text) => text.includes("\n"))).toBe(true);
  });

  it("writes is_retweet as true/false, tweet_time as YYYY-MM-DD HH:MM and account_creation_date as YYYY-MM-DD", () => {
    for (const tweet of tweets) {
      expect(["true", "false"]).toContain(tweet.is_retweet);
      expect(tweet.tweet_time).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
      expect(tweet.account_creation_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
    for (const user of users) expect(user.account_creation_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it("writes hashtags without '#', urls and user ids as [a, b] lists, each also in the text", () => {
    const withTags = tweets.filter((tweet) => list(tweet.hashtags).length > 0);
    expect(withTags.length).toBeGreaterThan(0);
    for (const tweet of withTags) {
      for (const tag of list(tweet.hashtags)) {
        expect(tag.startsWith("#")).toBe(false);
        if (tweet.is_retweet === "false") expect(tweet.tweet_text).toContain(`#${tag}`);
      }
    }
    for (const tweet of tweets) {
      for (const url of list(tweet.urls)) expect(url).toMatch(/^https?:\/\/\S+$/);
      for (const mention of list(tweet.user_mentions)) expect(mention).toMatch(/^([0-9a-f]{64}|\d+)$/);
    }
    const domains = new Set(tweets.flatMap((tweet) => list(tweet.urls)).map((url) => new URL(url).hostname));
    expect(domains.size).toBeGreaterThan(5);
    expect(tweets.some((tweet) => tweet.tweet_text.includes("https://t.co/"))).toBe(true);
  });

  it("hashes small accounts in id, display and screen name, and keeps numeric ids and names for a few big ones", () => {
    const hashed = users.filter((user) => /^[0-9a-f]{64}$/.test(user.userid));
    const named = users.filter((user) => /^\d+$/.test(user.userid));
    expect(hashed.length + named.length).toBe(users.length);
    expect(named.length).toBeGreaterThan(0);
    expect(named.length).toBeLessThan(users.length / 10);
    for (const user of hashed) {
      expect(user.user_display_name).toBe(user.userid);
      expect(user.user_screen_name).toBe(user.userid);
      expect(Number(user.follower_count)).toBeLessThan(5000);
    }
    for (const user of named) {
      expect(user.user_screen_name).not.toBe(user.userid);
      expect(Number(user.follower_count)).toBeGreaterThanOrEqual(5000);
    }
  });

  it("repeats each account's user columns in its tweets", () => {
    for (const tweet of tweets) {
      const user = usersById.get(tweet.userid)!;
      expect(user).toBeDefined();
      for (const column of USER_COLUMNS_2018) expect(tweet[column]).toBe(user[column]);
    }
  });

  it("mixes languages and clients", () => {
    expect(new Set(tweets.map((tweet) => tweet.tweet_language)).size).toBeGreaterThan(5);
    expect(new Set(tweets.map((tweet) => tweet.tweet_client_name)).size).toBeGreaterThan(5);
  });
});

describe("synth ids and references", () => {
  it("gives every tweet a unique snowflake id whose time falls in its tweet_time minute", () => {
    expect(new Set(tweets.map((tweet) => tweet.tweetid)).size).toBe(tweets.length);
    for (const tweet of tweets) {
      const offset = snowflakeMs(tweet.tweetid) - minuteMs(tweet.tweet_time);
      expect(offset).toBeGreaterThanOrEqual(0);
      expect(offset).toBeLessThan(60_000);
    }
  });

  it("makes retweets name an earlier original and its author, with text starting RT @name:", () => {
    const retweets = tweets.filter((tweet) => tweet.is_retweet === "true");
    expect(retweets.length).toBeGreaterThan(tweets.length / 5);
    for (const retweet of retweets) {
      expect(retweet.retweet_tweetid).toMatch(/^\d+$/);
      expect(retweet.retweet_userid).not.toBe("");
      expect(retweet.tweet_text).toMatch(/^RT @\S+: /);
      expect(list(retweet.user_mentions)).toContain(retweet.retweet_userid);
      expect(snowflakeMs(retweet.retweet_tweetid)).toBeLessThanOrEqual(snowflakeMs(retweet.tweetid));
      const original = tweetsById.get(retweet.retweet_tweetid);
      if (original) expect(original.userid).toBe(retweet.retweet_userid);
    }
  });

  it("points most retweets outside the archive, at accounts and tweets in neither file", () => {
    const retweets = tweets.filter((tweet) => tweet.is_retweet === "true");
    const outside = retweets.filter((tweet) => !usersById.has(tweet.retweet_userid));
    expect(outside.length / retweets.length).toBeGreaterThan(0.6);
    for (const retweet of outside) expect(tweetsById.has(retweet.retweet_tweetid)).toBe(false);
    expect(outside.length).toBeLessThan(retweets.length);
  });

  it("writes replies and quotes that name earlier tweets", () => {
    const replies = tweets.filter((tweet) => tweet.in_reply_to_tweetid !== "");
    const quotes = tweets.filter((tweet) => tweet.quoted_tweet_tweetid !== "");
    expect(replies.length).toBeGreaterThan(0);
    expect(quotes.length).toBeGreaterThan(0);
    for (const reply of replies) {
      expect(reply.in_reply_to_userid).not.toBe("");
      expect(snowflakeMs(reply.in_reply_to_tweetid)).toBeLessThanOrEqual(snowflakeMs(reply.tweetid));
    }
    for (const quote of quotes) expect(snowflakeMs(quote.quoted_tweet_tweetid)).toBeLessThanOrEqual(snowflakeMs(quote.tweetid));
  });
});

describe("synth planted campaigns (truth.json)", () => {
  it("describes each campaign by id, type, accounts, objects, window, strength and the analyses meant to find it", () => {
    expect(Object.keys(truth)).toEqual(["seed", "tweets", "accounts", "campaigns", "superspreaders"]);
    const fields = ["id", "type", "accounts", "objects", "windowSeconds", "events", "plantedTweets", "strength", "analyses"];
    for (const campaign of truth.campaigns) {
      expect(Object.keys(campaign)).toEqual(campaign.type === "mixed" ? [...fields, "objectsByAnalysis"] : fields);
      expect(campaign.accounts).toEqual([...campaign.accounts].sort());
      expect(campaign.objects.length).toBeGreaterThan(0);
    }
  });

  it("plants every type, a mixed campaign and weak ones with the default 8 campaigns", () => {
    expect(summary.campaigns).toBe(8);
    expect(truth.campaigns.map((campaign) => campaign.type)).toEqual(["co-retweet", "co-hashtag", "co-url", "co-text", "sync", "mixed", "co-retweet", "co-hashtag"]);
    expect(truth.campaigns.map((campaign) => campaign.strength)).toEqual(["strong", "strong", "strong", "strong", "strong", "strong", "weak", "weak"]);
    expect(truth.campaigns.map((campaign) => campaign.windowSeconds)).toEqual([60, 60, 60, 3600, 60, 60, 180, 180]);
    expect(truth.campaigns.map((campaign) => campaign.analyses)).toEqual([
      ["co-retweet"], ["co-hashtag"], ["co-url"], ["co-text"], ["sync"], ["co-retweet", "co-hashtag", "co-url"], ["co-retweet"], ["co-hashtag"],
    ]);
  });

  it("puts every campaign account in the users file and in exactly one campaign, organic accounts a large majority", () => {
    const all = truth.campaigns.flatMap((campaign) => campaign.accounts);
    expect(new Set(all).size).toBe(all.length);
    for (const id of all) expect(usersById.has(id)).toBe(true);
    expect(all.length).toBeLessThanOrEqual(0.3 * users.length);
    for (const campaign of truth.campaigns) expect(campaign.accounts.length).toBeGreaterThanOrEqual(3);
  });

  it("counts planted tweets in the summary as in truth.json", () => {
    expect(summary.plantedTweets).toBe(truth.campaigns.reduce((sum, campaign) => sum + campaign.plantedTweets, 0));
    expect(summary.plantedTweets).toBeLessThan(options.tweets / 2);
  });

  it("co-retweet: members retweet the same tweets within the window, event after event", () => {
    const campaign = campaignOf("co-retweet");
    const memberTweets = tweetsBy(campaign);
    let shareCount = 0;
    let partnered = 0;
    for (const object of campaign.objects) {
      const shares = memberTweets.filter((tweet) => tweet.is_retweet === "true" && tweet.retweet_tweetid === object);
      const coordinated = sharesWithAPartner(shares, campaign.windowSeconds);
      expect(new Set(coordinated.map((share) => share.userid)).size).toBeGreaterThanOrEqual(2);
      shareCount += shares.length;
      partnered += coordinated.length;
    }
    // Members may also retweet a target on their own, later, as organic accounts do with popular tweets.
    expect(partnered / shareCount).toBeGreaterThan(0.9);
    expect(campaign.objects.length).toBeGreaterThanOrEqual(10);
    const objects = new Set(campaign.objects);
    for (const account of campaign.accounts) {
      const coordinated = memberTweets.filter((tweet) => tweet.userid === account && objects.has(tweet.retweet_tweetid));
      expect(coordinated.length).toBeGreaterThanOrEqual(2);
    }
  });

  it("co-hashtag: members post different texts with the same rare hashtag within the window; nobody else uses it", () => {
    const campaign = campaignOf("co-hashtag");
    const members = new Set(campaign.accounts);
    for (const tag of campaign.objects) {
      const shares = tweets.filter((tweet) => tweet.is_retweet === "false" && list(tweet.hashtags).includes(tag));
      expect(shares.length).toBeGreaterThanOrEqual(2);
      expect(shares.every((share) => members.has(share.userid))).toBe(true);
      expect(everyShareHasAPartner(shares, campaign.windowSeconds)).toBe(true);
      expect(new Set(shares.map((share) => share.tweet_text)).size).toBe(shares.length);
    }
  });

  it("co-url: members post different texts with the same link within the window", () => {
    const campaign = campaignOf("co-url");
    const members = new Set(campaign.accounts);
    for (const url of campaign.objects) {
      const shares = tweets.filter((tweet) => tweet.is_retweet === "false" && list(tweet.urls).includes(url));
      expect(shares.length).toBeGreaterThanOrEqual(2);
      expect(shares.every((share) => members.has(share.userid))).toBe(true);
      expect(everyShareHasAPartner(shares, campaign.windowSeconds)).toBe(true);
    }
  });

  it("co-text: members post near-identical copies of one text within an hour, as new tweets, not retweets", () => {
    const campaign = campaignOf("co-text");
    const originals = tweetsBy(campaign).filter((tweet) => tweet.is_retweet === "false");
    for (const object of campaign.objects) {
      const target = words(object);
      const copies = originals.filter((tweet) => jaccard(words(tweet.tweet_text), target) >= 0.7);
      expect(new Set(copies.map((copy) => copy.userid)).size).toBeGreaterThanOrEqual(2);
      expect(everyShareHasAPartner(copies, campaign.windowSeconds)).toBe(true);
      expect(copies.some((copy) => copy.tweet_text !== object)).toBe(true);
    }
  });

  it("sync: members post different content in the same minutes, again and again", () => {
    const campaign = campaignOf("sync");
    const memberTweets = tweetsBy(campaign);
    expect(campaign.objects.length).toBeGreaterThanOrEqual(10);
    for (const minute of campaign.objects) {
      const inMinute = memberTweets.filter((tweet) => tweet.tweet_time === minute);
      expect(new Set(inMinute.map((tweet) => tweet.userid)).size).toBeGreaterThanOrEqual(2);
      expect(new Set(inMinute.map((tweet) => tweet.tweet_text)).size).toBe(inMinute.length);
    }
  });

  it("lets campaign accounts post organic tweets besides their planted ones", () => {
    for (const campaign of truth.campaigns) expect(tweetsBy(campaign).length).toBeGreaterThan(campaign.plantedTweets);
  });

  it("lets organic accounts retweet the same popular tweets by chance", () => {
    const campaignAccounts = new Set(truth.campaigns.flatMap((campaign) => campaign.accounts));
    const retweeters = new Map<string, Set<string>>();
    for (const tweet of tweets) {
      if (tweet.is_retweet !== "true" || campaignAccounts.has(tweet.userid)) continue;
      if (!retweeters.has(tweet.retweet_tweetid)) retweeters.set(tweet.retweet_tweetid, new Set());
      retweeters.get(tweet.retweet_tweetid)!.add(tweet.userid);
    }
    expect([...retweeters.values()].some((accounts) => accounts.size >= 3)).toBe(true);
  });

  it("cycles the types, strong in the first round and weak in the second, then strong again", async () => {
    const dir = join(workDir, "thirteen");
    await generateArchive({ tweets: 6000, accounts: 400, campaigns: 13, seed: 3, outDir: dir });
    const thirteen: SynthTruth = JSON.parse(readFileSync(join(dir, "truth.json"), "utf8"));
    const types = ["co-retweet", "co-hashtag", "co-url", "co-text", "sync", "mixed"];
    expect(thirteen.campaigns.map((campaign) => campaign.id)).toEqual([...types, ...types, "co-retweet"].map((type, c) => `c${c + 1}-${type}`));
    expect(thirteen.campaigns.map((campaign) => campaign.strength)).toEqual([...Array(6).fill("strong"), ...Array(6).fill("weak"), "strong"]);
  });
});

describe("synth determinism", () => {
  const small = { tweets: 1500, accounts: 120, campaigns: 5 };
  const files = ["synth_tweets_csv_hashed.csv", "synth_users_csv_hashed.csv", "truth.json"];

  it("writes byte-identical files for the same seed and options", async () => {
    await generateArchive({ ...small, seed: 42, outDir: join(workDir, "a") });
    await generateArchive({ ...small, seed: 42, outDir: join(workDir, "b") });
    for (const file of files) expect(sha256(join(workDir, "b", file))).toBe(sha256(join(workDir, "a", file)));
  });

  it("writes different files for another seed", async () => {
    await generateArchive({ ...small, seed: 43, outDir: join(workDir, "c") });
    for (const file of files) expect(sha256(join(workDir, "c", file))).not.toBe(sha256(join(workDir, "a", file)));
  });

  it("keeps the same accounts when only the number of tweets changes", async () => {
    await generateArchive({ ...small, tweets: 2500, seed: 42, outDir: join(workDir, "d") });
    expect(sha256(join(workDir, "d", files[1]))).toBe(sha256(join(workDir, "a", files[1])));
  });
});

describe("synth options", () => {
  it.each([
    ["no tweets", { tweets: 0 }, "tweets"],
    ["a fractional count", { accounts: 10.5 }, "accounts"],
    ["too few accounts for the campaigns", { accounts: 20, campaigns: 5 }, "accounts"],
    ["too few tweets for the campaigns", { tweets: 50 }, "tweets"],
    ["a negative seed", { seed: -1 }, "seed"],
    ["a date that does not exist", { start: "2015-02-30" }, "start"],
    ["an end before the start", { start: "2016-01-01", end: "2015-01-01" }, "end"],
    ["a prefix with a slash", { prefix: "../x" }, "prefix"],
  ])("rejects %s with UsageError BAD_OPTION naming the option", async (_name, override, field) => {
    const attempt = generateArchive({ tweets: 1000, accounts: 200, outDir: join(workDir, "bad"), ...override });
    await expect(attempt).rejects.toBeInstanceOf(UsageError);
    await expect(attempt).rejects.toMatchObject({ code: "BAD_OPTION", location: { field } });
  });

  it("plants as many campaigns of 3 as a small archive's accounts allow when --campaigns is not given", async () => {
    const dir = join(workDir, "sixty");
    const small = await generateArchive({ tweets: 3000, accounts: 60, seed: 3, outDir: dir });
    const sixty: SynthTruth = JSON.parse(readFileSync(join(dir, "truth.json"), "utf8"));
    expect(small.campaigns).toBe(6);
    expect(sixty.campaigns.map((campaign) => campaign.type)).toEqual(["co-retweet", "co-hashtag", "co-url", "co-text", "sync", "mixed"]);
    for (const campaign of sixty.campaigns) expect(campaign.accounts).toHaveLength(3);
  });

  it("reads whole numbers from the command line and rejects anything else", () => {
    expect(parseCountOption("9041308", "tweets")).toBe(9041308);
    expect(parseCountOption("9_041_308", "tweets")).toBe(9041308);
    for (const bad of ["9e6", "-3", "1.5", "", "ten"]) expect(() => parseCountOption(bad, "tweets")).toThrow(UsageError);
  });
});

describe("synth command", () => {
  function program(): { program: Command; output: () => string } {
    let output = "";
    const root = new Command("coordgraph").exitOverride().configureOutput({ writeOut: (text) => (output += text), writeErr: (text) => (output += text) });
    registerSynthCommand(root);
    return { program: root, output: () => output };
  }

  it("shows the defaults in --help", async () => {
    const { program: root, output } = program();
    await expect(root.parseAsync(["synth", "--help"], { from: "user" })).rejects.toMatchObject({ code: "commander.helpDisplayed" });
    expect(output()).toContain("(default: 8)");
    expect(output()).toContain("(default: 1)");
    expect(output()).toContain('(default: "synth")');
  });

  it("prints the summary as JSON on stdout with --json", async () => {
    const { program: root } = program();
    let stdout = "";
    const spy = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
      stdout += String(chunk);
      return true;
    });
    try {
      await root.parseAsync(["synth", "--tweets", "1000", "--accounts", "100", "--out", join(workDir, "cli"), "--quiet", "--json"], { from: "user" });
    } finally {
      spy.mockRestore();
    }
    expect(JSON.parse(stdout)).toMatchObject({ tweets: 1000, accounts: 100, campaigns: 8, seed: 1 });
  });

  it("rejects a count that is not a whole number with UsageError", async () => {
    const { program: root } = program();
    await expect(root.parseAsync(["synth", "--tweets", "1e6", "--accounts", "100", "--out", workDir], { from: "user" })).rejects.toMatchObject({
      code: "BAD_OPTION",
    });
  });
});
