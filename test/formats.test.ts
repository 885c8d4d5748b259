/**
 * The format layer: files → records and rejected rows. Fixtures in test/fixtures/formats are
 * invented values shaped like the real releases (see the README there); the CooRTweet shares
 * sample is CooRTweet's own (test/fixtures/coortweet).
 */
import { createHash } from "node:crypto";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { InputError } from "../src/errors.ts";
import type { AccountRecord, RejectedRow, TweetRecord } from "../src/model.ts";
import { detectCsvFormat, detectJsonFormat } from "../src/load/detect.ts";
import { type JsonRecordSink, type RowProblem } from "../src/load/formats/common.ts";
import { bindTwitterV1 } from "../src/load/formats/twitter-v1.ts";
import { bindTwitterV2 } from "../src/load/formats/twitter-v2.ts";
import { parseList } from "../src/load/formats/lists.ts";
import { parseDateTime, type ParsedTime } from "../src/load/formats/times.ts";
import { CsvReader } from "../src/load/formats/csv.ts";
import { JsonReader } from "../src/load/formats/json.ts";
import { extractMentions } from "../src/load/formats/fivethirtyeight.ts";
import { retweetedOriginal } from "../src/load/formats/fivethirtyeight-shares.ts";
import { Utf8Decoder } from "../src/load/formats/text.ts";
import { listInputFiles, readArchive, type LoadBatch, type ReadOptions } from "../src/load/read.ts";
import { preciseTimeMs, snowflakeTimeMs } from "../src/load/snowflake.ts";

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/formats/${name}`, import.meta.url));
const SHARES_SAMPLE = fileURLToPath(new URL("./fixtures/coortweet/russian_coord_tweets.csv", import.meta.url));
/** A fixed "now" so the far-future check does not depend on the clock. */
const NOW = Date.UTC(2024, 0, 1);

const H1 = "a32be593bf85ecf7042ff1b911f6b342a3076c60029728bcac0e594fb154e227";
const H2 = "3ae8333d0cde0c62206535d065db547ba12759f5d0b96d754fcb089e1e970888";
const B1 = "YpwDoIsmJSAsxuAPcBCNZEPIexAlxCNcz9banBRWAn8=";
const B2 = "WDuUx4brlhnS2yQ2B0zKEbXKx594HKQrxxapgYqitoc=";

interface ReadResult {
  batches: LoadBatch[];
  tweets: TweetRecord[];
  accounts: AccountRecord[];
  rejects: RejectedRow[];
}

async function readAll(path: string | string[], options: ReadOptions = {}): Promise<ReadResult> {
  const rejects: RejectedRow[] = [];
  const batches: LoadBatch[] = [];
  for await (const batch of readArchive(path, { now: NOW, ...options, onReject: (r) => rejects.push(r) })) batches.push(batch);
  return {
    batches,
    tweets: batches.flatMap((b) => b.tweets),
    accounts: batches.flatMap((b) => b.accounts),
    rejects,
  };
}

function tweet(result: ReadResult, id: string): TweetRecord {
  const found = result.tweets.find((t) => t.id === id);
  if (found === undefined) throw new Error(`no tweet ${id}`);
  return found;
}

function account(result: ReadResult, id: string): AccountRecord {
  const found = result.accounts.find((a) => a.id === id);
  if (found === undefined) throw new Error(`no account ${id}`);
  return found;
}

async function thrown(promise: Promise<unknown>): Promise<InputError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error("expected an InputError");
}

const iso = (ms: number) => new Date(ms).toISOString();

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "coordgraph-formats-"));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe("snowflake ids", () => {
  test("decode to their creation time in milliseconds", () => {
    expect(iso(snowflakeTimeMs("877919995476496385")!)).toBe("2017-06-22T16:03:32.543Z");
  });

  test("are not read from hashes, mangled ids or empty strings", () => {
    expect(snowflakeTimeMs(H1)).toBeUndefined();
    expect(snowflakeTimeMs("9.06E+17")).toBeUndefined();
    expect(snowflakeTimeMs("")).toBeUndefined();
  });

  test("give a precise time only inside the truncated minute", () => {
    const minute = Date.UTC(2017, 5, 22, 16, 3);
    expect(preciseTimeMs("877919995476496385", minute, 60_000)).toBe(Date.UTC(2017, 5, 22, 16, 3, 32, 543));
    expect(preciseTimeMs("877919995476496385", minute + 60_000, 60_000)).toBeUndefined();
    expect(preciseTimeMs("877919995476496385", minute - 60_000, 60_000)).toBeUndefined();
  });
});

describe("value parsers", () => {
  test.each([
    ["2017-06-22 16:03", "2017-06-22T16:03:00.000Z", "min"],
    ["2017-06-22 16:03:32", "2017-06-22T16:03:32.000Z", "s"],
    ["2017-06-22 16:03:00", "2017-06-22T16:03:00.000Z", "min"],
    ["2021-04-08T15:07:30.000Z", "2021-04-08T15:07:30.000Z", "s"],
    ["10/1/2017 19:58", "2017-10-01T19:58:00.000Z", "min"],
    ["6/7/16 17:08", "2016-06-07T17:08:00.000Z", "min"],
    ["6/7/16 5:08 PM", "2016-06-07T17:08:00.000Z", "min"],
  ])("reads the date-time %s", (text, expected, precision) => {
    const out: ParsedTime = { ms: 0, precision: "min" };
    expect(parseDateTime(text, out)).toBe(true);
    expect(iso(out.ms)).toBe(expected);
    expect(out.precision).toBe(precision);
  });

  test.each(["2017-02-30 10:00", "2017-06-22", "22/06/2017 10:00", "2017-06-22 24:00", "yesterday"])("refuses the date-time %s", (text) => {
    expect(parseDateTime(text, { ms: 0, precision: "min" })).toBe(false);
  });

  test.each([
    ["", []],
    ["[]", []],
    ["[a, b]", ["a", "b"]],
    ["['a', 'b']", ["a", "b"]],
    [`['it\\'s', "Winter's"]`, ["it's", "Winter's"]],
  ])("reads the list %s", (text, expected) => {
    expect(parseList(text)).toEqual(expected);
  });
});

describe("format detection", () => {
  test.each([
    ["io-archive-2018.csv", "io-archive"],
    ["io-archive-reordered.csv", "io-archive"],
    ["io-archive-subset-bom.csv", "io-archive"],
    ["io-users.csv", "io-users"],
    ["nbc-users.csv", "io-users"],
    ["fivethirtyeight.csv", "fivethirtyeight"],
    ["fivethirtyeight-derived.csv", "fivethirtyeight"],
    ["shares.csv", "shares"],
    ["v1-stream.jsonl", "twitter-json"],
    ["v1-array.json", "twitter-json"],
    ["v2-page.jsonl", "twitter-json"],
  ])("recognises %s as %s", async (name, format) => {
    const { batches } = await readAll(fixture(name));
    expect(new Set(batches.map((b) => b.format))).toEqual(new Set([format]));
  });

  test("an unrecognised header stops the load naming the columns each format expects", async () => {
    const error = await thrown(readAll(fixture("unknown-header.csv")));
    expect(error.code).toBe("UNKNOWN_FORMAT");
    expect(error.location).toMatchObject({ file: fixture("unknown-header.csv"), line: 1 });
    for (const column of ['"name"', "tweetid", "userid", "publish_date", "object_id", "timestamp_share", "id_str"]) {
      expect(error.message).toContain(column);
    }
  });

  test("a forced format names the required columns the header lacks", () => {
    expect(() => detectCsvFormat(["tweetid", "tweet_text"], { forced: "shares" })).toThrowError(
      expect.objectContaining({ code: "MISSING_COLUMNS", message: expect.stringContaining("object_id") }),
    );
  });
});

describe("io-archive tweets", () => {
  test("parses a 2018 retweet row with exact field values", async () => {
    const result = await readAll(fixture("io-archive-2018.csv"));
    expect(tweet(result, "877919995476496385")).toEqual({
      id: "877919995476496385",
      accountId: H1,
      time: Date.UTC(2017, 5, 22, 16, 3, 32, 543),
      timePrecision: "ms",
      sourceLine: 2,
      text: "RT @ruopentwit: Новое видео, смотрите https://t.co/mAcCirn4o1…",
      language: "ru",
      client: "TweetDeck",
      isRetweet: true,
      retweetOfId: "877917212119416832",
      retweetOfAccountId: "2572896396",
      hashtags: [],
      urls: ["http://example.livejournal.com/374284.html"],
      mentions: ["2572896396"],
      likeCount: 0,
      retweetCount: 0,
      replyCount: 0,
      quoteCount: 0,
    });
  });

  test("takes the millisecond from the snowflake id when it agrees with tweet_time", async () => {
    const result = await readAll(fixture("io-archive-2018.csv"));
    expect(iso(tweet(result, "877919995476496385").time)).toBe("2017-06-22T16:03:32.543Z");
  });

  test("keeps minute precision when the id disagrees with tweet_time", async () => {
    const t = tweet(await readAll(fixture("io-archive-2018.csv")), "914580356430536707");
    expect([iso(t.time), t.timePrecision]).toEqual(["2017-10-01T20:15:00.000Z", "min"]);
  });

  test("keeps minute precision for ids from before snowflakes", async () => {
    const t = tweet(await readAll(fixture("io-archive-2018.csv")), "123456789");
    expect([iso(t.time), t.timePrecision]).toEqual(["2008-12-31T23:59:00.000Z", "min"]);
  });

  test("reads multi-line text, reply, quote, counts and lists", async () => {
    const t = tweet(await readAll(fixture("io-archive-2018.csv")), "1012345678901234567");
    expect(t).toMatchObject({
      text: "Line one, with a comma\nLine two #Вести #NEWS",
      timePrecision: "ms",
      isRetweet: false,
      replyToId: "1012340000000000000",
      replyToAccountId: H1,
      quotesId: "1012300000000000001",
      hashtags: ["вести", "news"],
      urls: [],
      mentions: [H1, "2572896396"],
      quoteCount: 1,
      replyCount: 2,
      likeCount: 3,
      retweetCount: 4,
    });
    expect(t.retweetOfId).toBeUndefined();
  });

  test("yields each author's profile as an account", async () => {
    const result = await readAll(fixture("io-archive-2018.csv"));
    expect(account(result, H1)).toEqual({
      id: H1,
      screenName: H1,
      displayName: H1,
      location: "Москва, Россия",
      description: 'Пишу о "главном", иногда',
      followers: 132,
      following: 120,
      createdAt: "2013-12-07",
      language: "ru",
      hashed: true,
    });
    expect(account(result, "14075928")).toMatchObject({ screenName: "oldtimer", hashed: false, followers: 5096, following: undefined });
  });

  test("matches columns by name whatever their order", async () => {
    const original = await readAll(fixture("io-archive-2018.csv"));
    const reordered = await readAll(fixture("io-archive-reordered.csv"));
    expect(tweet(reordered, "877919995476496385")).toEqual(tweet(original, "877919995476496385"));
    expect(account(reordered, H1)).toEqual(account(original, H1));
  });

  test("reads Python-style lists, True/False and base64 hashed ids", async () => {
    const result = await readAll(fixture("io-archive-reordered.csv"));
    expect(tweet(result, "1012345678901299999")).toMatchObject({
      accountId: B1,
      isRetweet: false,
      hashtags: ["gameofthrones", "winter's"],
      mentions: [B2],
    });
    expect(account(result, B1).hashed).toBe(true);
  });

  test("splits url lists only where a new URL starts", async () => {
    const t = tweet(await readAll(fixture("io-archive-reordered.csv")), "1012345678901299999");
    expect(t.urls).toEqual(["https://t.co/x1", "http://a.example/p?x=1,2"]);
  });

  test("strips a BOM and reads a column subset with spreadsheet dates", async () => {
    const result = await readAll(fixture("io-archive-subset-bom.csv"));
    expect(result.rejects).toEqual([]);
    expect(result.tweets.map((t) => [t.accountId, iso(t.time), t.timePrecision, t.isRetweet, t.hashtags])).toEqual([
      [B2, "2016-06-07T17:07:00.000Z", "min", true, ["gameofthrones"]],
      [H2, "2018-01-17T17:29:00.000Z", "min", false, ["followermonkey"]],
      ["name:despiertalatino", "2017-10-13T19:55:00.000Z", "min", false, []],
    ]);
  });

  test("gives rows without tweetid a stable synthetic id", async () => {
    const first = await readAll(fixture("io-archive-subset-bom.csv"));
    const again = await readAll(fixture("io-archive-subset-bom.csv"));
    const t = first.tweets[0];
    const expected = "io:" + createHash("sha1").update(`${t.accountId}\n${t.time}\n${t.text}`).digest("hex");
    expect(t.id).toBe(expected);
    expect(again.tweets.map((x) => x.id)).toEqual(first.tweets.map((x) => x.id));
  });

  test("takes the time from the snowflake id when there is no tweet_time column", async () => {
    const path = join(scratch, "no-time.csv");
    await writeFile(path, `tweetid,userid,tweet_text,is_retweet\n877919995476496385,${H1},hello,false\n`);
    const [t] = (await readAll(path)).tweets;
    expect([iso(t.time), t.timePrecision]).toEqual(["2017-06-22T16:03:32.543Z", "ms"]);
  });

  test("names hashed screen names as ids and real ones as name: ids", async () => {
    const result = await readAll(fixture("io-archive-subset-bom.csv"));
    expect(result.accounts.map((a) => [a.id, a.hashed])).toEqual([
      [B2, true],
      [H2, true],
      ["name:despiertalatino", false],
    ]);
  });
});

describe("io-users accounts", () => {
  test("parses the IO users file", async () => {
    const result = await readAll(fixture("io-users.csv"));
    expect(result.tweets).toEqual([]);
    expect(account(result, "2572896396")).toEqual({
      id: "2572896396",
      screenName: "ruopentwit",
      displayName: "RU Open",
      location: "Раша",
      description: "На воре и шапка горит",
      profileUrl: "http://ru-open.example",
      followers: 5299,
      following: 324,
      createdAt: "2013-12-22",
      language: "ru",
      hashed: false,
    });
    expect(account(result, H1).hashed).toBe(true);
  });

  test("parses NBC's users.csv and names accounts without an id by screen name", async () => {
    const result = await readAll(fixture("nbc-users.csv"));
    expect(account(result, "18710816")).toMatchObject({
      screenName: "RobbyExample",
      displayName: "Robby Example",
      followers: 304,
      following: 670,
      createdAt: "2009-01-07",
      language: "en",
    });
    expect(account(result, "name:andreexample")).toMatchObject({ screenName: "AndreExample", hashed: false });
  });
});

describe("fivethirtyeight tweets", () => {
  test("takes the account id from alt_external_id, not the float-rounded external_author_id", async () => {
    const result = await readAll(fixture("fivethirtyeight.csv"));
    expect(tweet(result, "914580356430536707").accountId).toBe("905874659358453760");
  });

  test("trusts a short external_author_id when there is no alt_external_id", async () => {
    const result = await readAll(fixture("fivethirtyeight.csv"));
    expect(result.tweets[2].accountId).toBe("2882331822");
  });

  test("refines publish_date with the snowflake tweet_id", async () => {
    const t = tweet(await readAll(fixture("fivethirtyeight.csv")), "914580356430536707");
    expect([iso(t.time), t.timePrecision]).toEqual(["2017-10-01T19:58:43.711Z", "ms"]);
  });

  test("parses hashtags, name: mentions and resolved urls from the content", async () => {
    const t = tweet(await readAll(fixture("fivethirtyeight.csv")), "914580356430536707");
    expect(t).toMatchObject({
      hashtags: ["maga"],
      mentions: ["name:nedryun"],
      urls: ["https://twitter.com/10_gop/status/914580356430536707/video/1"],
      isRetweet: false,
      language: "English",
    });
  });

  test("takes urls from the text when no tco*_step1 is given", async () => {
    const result = await readAll(fixture("fivethirtyeight.csv"));
    expect(result.tweets[2]).toMatchObject({ urls: ["https://t.co/zzzzzzzzzz"], mentions: ["name:rt_russian"], timePrecision: "min" });
  });

  test("points a retweet without RT @name at an original keyed by its text, author unknown", async () => {
    const t = tweet(await readAll(fixture("fivethirtyeight.csv")), "914623490375979008");
    expect(t.isRetweet).toBe(true);
    expect(t.retweetOfId).toMatch(/^538rt:text:[0-9a-f]{40}$/);
    expect(t.retweetOfAccountId).toBeUndefined();
    expect(t.retweetOfText).toBe(t.text);
  });

  test("keeps account_category and account_type", async () => {
    const result = await readAll(fixture("fivethirtyeight.csv"));
    expect(account(result, "905874659358453760")).toEqual({
      id: "905874659358453760",
      screenName: "10_GOP",
      followers: 9636,
      following: 1052,
      hashed: false,
      accountCategory: "RightTroll",
      accountType: "Right",
    });
  });

  test("recovers exact ids from article_url in a spreadsheet-mangled copy", async () => {
    const result = await readAll(fixture("fivethirtyeight-mangled.csv"));
    expect(result.tweets.map((t) => [t.id, t.accountId, iso(t.time)])).toEqual([
      ["914580356430536707", "905874659358453760", "2017-10-01T19:58:43.711Z"],
    ]);
  });

  test("rejects a row whose only ids are mangled", async () => {
    const { rejects } = await readAll(fixture("fivethirtyeight-mangled.csv"));
    expect(rejects).toHaveLength(1);
    expect(rejects[0]).toMatchObject({ line: 3, field: "alt_external_id", reason: expect.stringContaining("mangled by a spreadsheet") });
  });

  test("reads a derived copy: author_id, ISO dates, R for retweet, synthetic 538: ids", async () => {
    const result = await readAll(fixture("fivethirtyeight-derived.csv"));
    const [retweet, own] = result.tweets;
    expect(retweet).toMatchObject({ accountId: "1234567890", isRetweet: true, time: Date.UTC(2016, 9, 1, 0, 1), timePrecision: "min" });
    expect(own).toMatchObject({ isRetweet: false, mentions: ["name:someone_else"] });
    const expectedId = "538:" + createHash("sha1").update(`ameliebaldwin\n${retweet.time}\n${retweet.text}`).digest("hex");
    expect(retweet.id).toBe(expectedId);
    expect(account(result, "1234567890")).toMatchObject({ accountCategory: "RightTroll", accountType: "Right", screenName: "AMELIEBALDWIN" });
  });
});

describe("CooRTweet shares", () => {
  test("reads a share as a retweet of the object by default", async () => {
    const result = await readAll(fixture("shares.csv"));
    expect(result.tweets[0]).toEqual({
      id: "114e22f1b2b648528277b76f0b0224e7",
      accountId: "0fb4232d1b7b37069c13ee17579bd10e",
      time: 1623881091000,
      timePrecision: "s",
      sourceLine: 2,
      isRetweet: true,
      retweetOfId: "85d2d12251a735ce05255061f7f231e2",
      replyToId: undefined,
      hashtags: [],
      urls: [],
      mentions: [],
    });
    expect(account(result, "0fb4232d1b7b37069c13ee17579bd10e")).toEqual({ id: "0fb4232d1b7b37069c13ee17579bd10e", hashed: true });
  });

  test.each([
    ["hashtag", { hashtags: ["example.com"], isRetweet: false }],
    ["url", { urls: ["Example.COM"], isRetweet: false }],
    ["domain", { domains: ["example.com"], urls: [], isRetweet: false }],
    ["mention", { mentions: ["Example.COM"], isRetweet: false }],
    ["reply", { replyToId: "Example.COM", isRetweet: false }],
  ] as const)("reads object_id as a %s", async (objectKind, expected) => {
    const result = await readAll(fixture("shares.csv"), { objectKind });
    expect(result.tweets[2]).toMatchObject(expected);
  });

  test("parses CooRTweet's russian_coord_tweets sample: 35,125 rows, no rejects", async () => {
    const result = await readAll(SHARES_SAMPLE);
    expect(result.rejects).toEqual([]);
    expect(result.tweets).toHaveLength(35_125);
    expect(result.batches.at(-1)!.progress).toMatchObject({ rowsRead: 35_125, rowsRejected: 0 });
    expect(result.tweets[0]).toMatchObject({
      id: "114e22f1b2b648528277b76f0b0224e7",
      accountId: "0fb4232d1b7b37069c13ee17579bd10e",
      retweetOfId: "85d2d12251a735ce05255061f7f231e2",
      time: 1623881091000,
    });
  });
});

describe("Twitter API JSON", () => {
  test("reads a v1.1 streaming tweet: extended text and entities, timestamp_ms, HTML-free client", async () => {
    const t = tweet(await readAll(fixture("v1-stream.jsonl")), "972472958601056256");
    expect(t).toEqual({
      id: "972472958601056256",
      accountId: "2883171442",
      time: 1520690595661,
      timePrecision: "ms",
      text: "#Gills make 2 changes to the starting 11 for today's game with @TheGills #UpTheGills https://t.co/full",
      language: "en",
      client: "Twitter for iPhone",
      isRetweet: false,
      retweetOfId: undefined,
      retweetOfAccountId: undefined,
      replyToId: undefined,
      replyToAccountId: undefined,
      quotesId: "972472152447438859",
      quotesAccountId: "399314591",
      hashtags: ["gills", "upthegills"],
      urls: ["https://example.com/team-news"],
      mentions: ["399314591"],
      likeCount: 0,
      retweetCount: 0,
      replyCount: undefined,
      quoteCount: undefined,
    });
  });

  test("makes the quoted status a tweet and its author an account", async () => {
    const result = await readAll(fixture("v1-stream.jsonl"));
    expect(tweet(result, "972472152447438859")).toMatchObject({ accountId: "399314591", time: Date.UTC(2018, 2, 10, 14, 0, 3, 459), timePrecision: "ms" });
    expect(account(result, "399314591")).toMatchObject({ screenName: "TheGills", followers: 50000, following: 300, createdAt: "2011-10-25" });
  });

  test("links a v1.1 retweet to its original, which becomes a tweet too", async () => {
    const result = await readAll(fixture("v1-stream.jsonl"));
    expect(tweet(result, "672419773767028736")).toMatchObject({
      isRetweet: true,
      retweetOfId: "20",
      retweetOfAccountId: "12",
      time: Date.UTC(2015, 11, 3, 14, 19, 1, 678),
      timePrecision: "ms",
    });
    expect(tweet(result, "20")).toMatchObject({ accountId: "12", time: Date.UTC(2006, 2, 21, 20, 50, 14), timePrecision: "s" });
  });

  test("skips stream control messages and rejects a broken line, then reads on", async () => {
    const result = await readAll(fixture("v1-stream.jsonl"));
    expect(result.rejects.map((r) => [r.line, r.field])).toEqual([
      [4, undefined],
      [5, "id"],
    ]);
    expect(result.rejects[0].reason).toMatch(/^invalid JSON/);
    expect(result.rejects[1].reason).toContain("JSON number");
    expect(result.batches.at(-1)!.progress.rowsRead).toBe(5);
  });

  test("a JSON lines file cut in its first line still reads the following lines", async () => {
    const path = join(scratch, "cut.jsonl");
    const lines = (await readFile(fixture("v1-stream.jsonl"), "utf8")).split("\n");
    await writeFile(path, [lines[0].slice(500), lines[2]].join("\n") + "\n");
    const result = await readAll(path);
    expect(result.rejects.map((r) => r.line)).toEqual([1]);
    expect(result.tweets.map((t) => t.id)).toEqual(["672419773767028736", "20"]);
  });

  test("reads a file holding one pretty-printed JSON array", async () => {
    const result = await readAll(fixture("v1-array.json"));
    expect(result.rejects).toEqual([]);
    expect(result.tweets.map((t) => t.id)).toEqual(["672419773767028736", "20", "972472152447438859"]);
  });

  test("reads a file holding one pretty-printed JSON object", async () => {
    const result = await readAll(fixture("v1-object.json"));
    expect(result.tweets.map((t) => t.id)).toEqual(["972472152447438859"]);
  });

  test("reads a v2 page: includes.users as accounts, retweeted author from includes.tweets", async () => {
    const result = await readAll(fixture("v2-page.jsonl"));
    expect(tweet(result, "1394735776701816833")).toMatchObject({
      accountId: "1379899464345923590",
      time: Date.UTC(2021, 4, 18, 19, 24, 56, 760),
      timePrecision: "ms",
      isRetweet: true,
      retweetOfId: "1391677057810288641",
      retweetOfAccountId: "1380086327023169540",
      hashtags: ["poiuytrewq"],
      retweetCount: 1,
    });
    expect(tweet(result, "1391677057810288641")).toMatchObject({ accountId: "1380086327023169540", hashtags: ["poiuytrewq"] });
    expect(account(result, "1380086327023169540")).toMatchObject({ screenName: "bibaigna96", location: "Roma", followers: 7, createdAt: "2021-04-08" });
  });

  test("resolves v2 mentions by username through includes.users, else names them", async () => {
    const result = await readAll(fixture("v2-page.jsonl"));
    expect(tweet(result, "1394735776701816833").mentions).toEqual(["1380086327023169540"]);
    expect(tweet(result, "1394735776701816834")).toMatchObject({
      mentions: ["name:nobody_here"],
      replyToId: "1391677057810288641",
      replyToAccountId: "1380086327023169540",
    });
  });

  test("reads a twarc2-flattened tweet with its embedded author and quoted tweet", async () => {
    const result = await readAll(fixture("v2-flat.jsonl"));
    expect(tweet(result, "1380242611781386245")).toMatchObject({
      accountId: "1352661060663336960",
      quotesId: "1380175475545362437",
      quotesAccountId: "2718660392",
      urls: ["https://twitter.com/williamserafino/status/1380175475545362437"],
      likeCount: 2,
    });
    expect(tweet(result, "1380175475545362437")).toMatchObject({ accountId: "2718660392", time: Date.UTC(2021, 3, 8, 15, 7, 30, 447) });
    expect(account(result, "2718660392")).toMatchObject({ screenName: "williamserafino", location: "Tierra Firme", followers: 28341 });
    expect(account(result, "1352661060663336960")).toMatchObject({ screenName: "Alexandravm12", following: 49 });
  });
});

describe("Twitter API JSON mappers, each alone", () => {
  const context = { maxTimeMs: NOW, objectKind: "retweet" as const };
  function mapWith(map: ReturnType<typeof bindTwitterV1>, value: Record<string, unknown>) {
    const tweets: TweetRecord[] = [];
    const accounts: AccountRecord[] = [];
    const problems: RowProblem[] = [];
    const sink: JsonRecordSink = { tweet: (t) => tweets.push(t), embeddedTweet: (t) => tweets.push(t), account: (a) => accounts.push(a), hasAccount: () => false };
    map(value, sink, (p) => problems.push(p));
    return { tweets, accounts, problems };
  }

  test("v1.1: a status yields its tweet and its author", () => {
    const status = { id_str: "20", created_at: "Tue Mar 21 20:50:14 +0000 2006", text: "just setting up my twttr", user: { id_str: "12", screen_name: "jack" } };
    const { tweets, accounts, problems } = mapWith(bindTwitterV1(context), status);
    expect(problems).toEqual([]);
    expect(tweets.map((t) => [t.id, t.accountId, t.time, t.text])).toEqual([["20", "12", Date.UTC(2006, 2, 21, 20, 50, 14), "just setting up my twttr"]]);
    expect(accounts.map((a) => [a.id, a.screenName])).toEqual([["12", "jack"]]);
  });

  test("v1.1: a status after the time limit is rejected at created_at", () => {
    const status = { id_str: "20", created_at: "Tue Mar 21 20:50:14 +0000 2056", user: { id_str: "12" } };
    expect(mapWith(bindTwitterV1(context), status).problems).toEqual([{ field: "created_at", reason: expect.stringContaining("future") }]);
  });

  test("v2: a page's includes resolve a mention that carries only a username", () => {
    const page = {
      data: [{ id: "1", author_id: "7", created_at: "2021-04-08T15:07:30.000Z", text: "hi @Ann", entities: { mentions: [{ username: "Ann" }] } }],
      includes: { users: [{ id: "9", username: "ann" }, { id: "7", username: "bob" }] },
    };
    const { tweets, accounts, problems } = mapWith(bindTwitterV2(context), page);
    expect(problems).toEqual([]);
    expect(tweets.map((t) => [t.id, t.accountId, t.mentions])).toEqual([["1", "7", ["9"]]]);
    expect(accounts.map((a) => a.id).sort()).toEqual(["7", "9"]);
  });

  test("the JSON format registry gives twitter-json unless a CSV format is forced", () => {
    expect(detectJsonFormat({}).name).toBe("twitter-json");
    expect(() => detectJsonFormat({ forced: "shares" })).toThrowError(expect.objectContaining({ code: "UNKNOWN_FORMAT" }));
  });
});

describe("inputs", () => {
  test("reads gzip files as a stream, with the same records as the plain file", async () => {
    const gz = join(scratch, "tweets.csv.gz");
    await writeFile(gz, gzipSync(await readFile(fixture("io-archive-2018.csv"))));
    const plain = await readAll(fixture("io-archive-2018.csv"));
    const zipped = await readAll(gz);
    expect(zipped.tweets).toEqual(plain.tweets);
    expect(zipped.batches.at(-1)!.progress.bytesRead).toBe(zipped.batches.at(-1)!.progress.totalBytes);
  });

  test("reads each data entry of a zip in turn and skips the rest", async () => {
    const result = await readAll(fixture("archive.zip"));
    expect(result.batches.map((b) => [b.file, b.format])).toEqual([
      [`${fixture("archive.zip")}!tweets.csv`, "io-archive"],
      [`${fixture("archive.zip")}!users.csv`, "io-users"],
    ]);
    expect(result.tweets).toHaveLength(4);
    expect(account(result, "2572896396").screenName).toBe("ruopentwit");
  });

  test("a .gz that is not gzip is an InputError naming the file", async () => {
    const error = await thrown(readAll(fixture("not-gzip.csv.gz")));
    expect(error.code).toBe("BAD_GZIP");
    expect(error.location.file).toBe(fixture("not-gzip.csv.gz"));
    expect(error.message).toContain("not-gzip.csv.gz");
  });

  test("a truncated gzip is a rejected row naming the file, not a failed read (test/damaged-input.test.ts has the details)", async () => {
    const path = join(scratch, "truncated.csv.gz");
    const whole = gzipSync(await readFile(fixture("io-archive-2018.csv")));
    await writeFile(path, whole.subarray(0, whole.length - 40));
    const result = await readAll(path);
    expect(result.rejects.map((r) => [r.file, r.reason.startsWith("corrupt or truncated gzip data")])).toEqual([[path, true]]);
  });

  test("UTF-16 files are refused with a hint to convert them", async () => {
    const path = join(scratch, "utf16.csv");
    await writeFile(path, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("object_id,account_id\n", "utf16le")]));
    expect((await thrown(readAll(path))).code).toBe("UNSUPPORTED_ENCODING");
  });

  test("an empty file is reported as a rejected row, not a crash", async () => {
    const path = join(scratch, "empty.csv");
    await writeFile(path, "\n\n");
    const result = await readAll(path);
    expect(result.batches).toEqual([]);
    expect(result.rejects).toEqual([{ file: path, line: 1, reason: "empty file: no header and no data", raw: "" }]);
  });

  test("lists the data files of a directory tree, sorted, skipping hidden and other files", async () => {
    const dir = join(scratch, "release");
    await mkdir(join(dir, "part2"), { recursive: true });
    for (const name of ["b.csv", "a.jsonl", ".hidden.csv", "notes.md", "part2/c.csv.gz", "part2/d.zip", "part2/e.json"]) {
      await writeFile(join(dir, name), "x");
    }
    const files = await listInputFiles([dir]);
    expect(files.map((f) => f.path.slice(dir.length + 1))).toEqual(["a.jsonl", "b.csv", "part2/c.csv.gz", "part2/d.zip", "part2/e.json"]);
    expect(files.every((f) => f.size === 1)).toBe(true);
  });

  test("a missing path is an InputError", async () => {
    expect((await thrown(listInputFiles([join(scratch, "nope.csv")]))).code).toBe("NOT_FOUND");
  });

  test("yields batches of batchSize rows with running progress", async () => {
    const result = await readAll(SHARES_SAMPLE, { batchSize: 10_000 });
    expect(result.batches.map((b) => b.rowsRead)).toEqual([10_000, 10_000, 10_000, 5_125]);
    expect(result.batches.map((b) => b.endOfFile)).toEqual([false, false, false, true]);
    const last = result.batches.at(-1)!.progress;
    expect(last).toMatchObject({ rowsRead: 35_125, filesTotal: 1, filesDone: 0 });
    expect(last.bytesRead).toBe(last.totalBytes);
  });

  test("ignores empty columns a spreadsheet added after the header's last name", async () => {
    const path = join(scratch, "padded.csv");
    await writeFile(path, "object_id,account_id,content_id,timestamp_share,,\na,b,c,1623881091\nd,e,f,1623881092,,\n");
    const result = await readAll(path);
    expect([result.tweets.length, result.rejects.length]).toEqual([2, 0]);
  });

  test("de-duplicates an author's account within a batch", async () => {
    const path = join(scratch, "repeated.csv");
    const row = (id: string) => `"${id}","${H1}","2017-06-22 16:03","false","x"\n`;
    await writeFile(path, `tweetid,userid,tweet_time,is_retweet,tweet_text\n${row("1")}${row("2")}${row("3")}`);
    const result = await readAll(path);
    expect([result.tweets.length, result.accounts.length]).toEqual([3, 1]);
  });
});

describe("bad rows", () => {
  test("every good row around a dozen kinds of bad rows is parsed", async () => {
    const result = await readAll(fixture("bad-rows.csv"));
    expect(result.tweets.map((t) => t.id)).toEqual(["1001", "1003", "1005", "1011", "1020", "1022"]);
    expect(tweet(result, "1005").text).toBe("first line\nsecond line");
  });

  test("each bad row is rejected with its line, field and reason", async () => {
    const { rejects } = await readAll(fixture("bad-rows.csv"));
    expect(rejects.map((r) => [r.line, r.field ?? null])).toEqual([
      [3, null],
      [5, null],
      [8, "tweet_time"],
      [9, "tweetid"],
      [10, "tweet_text"],
      [11, "tweet_text"],
      [12, "tweetid"],
      [14, "tweet_time"],
      [15, "tweet_time"],
      [16, "is_retweet"],
      [17, "retweet_tweetid"],
      [18, "like_count"],
      [19, null],
      [20, "tweet_time"],
      [21, null],
      [23, "userid"],
    ]);
    const reasons = rejects.map((r) => r.reason);
    expect(reasons[0]).toBe("expected 8 fields, found 4");
    expect(reasons[1]).toContain("closing quote");
    expect(reasons[2]).toContain("is not a date-time");
    expect(reasons[3]).toContain("mangled by a spreadsheet");
    expect(reasons[4]).toContain("NUL byte");
    expect(reasons[5]).toContain("invalid UTF-8");
    expect(reasons[6]).toBe("empty id");
    expect(reasons[7]).toContain("in the future");
    expect(reasons[8]).toContain("before 1970");
    expect(reasons[9]).toContain("not true/false");
    expect(reasons[10]).toContain("mangled by a spreadsheet");
    expect(reasons[11]).toContain("is not a count");
    expect(reasons[12]).toBe("expected 8 fields, found 9");
    expect(reasons[13]).toBe("empty tweet_time");
    expect(reasons[14]).toContain("quote");
    expect(reasons[15]).toBe("empty id");
  });

  test("a rejected row keeps its file and raw text", async () => {
    const { rejects } = await readAll(fixture("bad-rows.csv"));
    expect(rejects[3]).toEqual({
      file: fixture("bad-rows.csv"),
      line: 9,
      field: "tweetid",
      reason: expect.any(String),
      raw: '"9.06E+17","u1","2017-06-22 16:03","false","","1","[]","mangled"',
    });
  });

  test("strict mode throws at the first bad row", async () => {
    const error = await thrown(readAll(fixture("bad-rows.csv"), { strict: true }));
    expect(error.code).toBe("BAD_ROW");
    expect(error.location).toEqual({ file: fixture("bad-rows.csv"), line: 3, field: undefined });
  });

  test("bad rows keep their lines across read chunks in a larger file", async () => {
    const text = await readFile(fixture("bad-rows.csv"));
    const body = text.subarray(text.indexOf(10) + 1);
    const copies = 400; // about 560 KB: several 256 KB chunks
    const path = join(scratch, "many-bad-rows.csv");
    await writeFile(path, Buffer.concat([text.subarray(0, text.indexOf(10) + 1), ...Array.from({ length: copies }, () => Buffer.concat([body, Buffer.from("\n")]))]));
    const single = await readAll(fixture("bad-rows.csv"));
    const many = await readAll(path);
    expect(many.tweets).toHaveLength(copies * single.tweets.length);
    const linesPerCopy = 23;
    const expected = Array.from({ length: copies }, (_, k) => single.rejects.map((r) => [r.line + k * linesPerCopy, r.reason])).flat();
    expect(many.rejects.map((r) => [r.line, r.reason])).toEqual(expected);
  });

  test("a field longer than the record limit is rejected and the next rows load", async () => {
    const path = join(scratch, "huge-field.csv");
    const huge = "x".repeat(5 * 1024 * 1024);
    await writeFile(path, `tweetid,userid,tweet_time,is_retweet,tweet_text\n"1","u","2017-06-22 16:03","false","${huge}"\n"2","u","2017-06-22 16:03","false","ok"\n`);
    const result = await readAll(path);
    expect(result.tweets.map((t) => t.id)).toEqual(["2"]);
    expect(result.rejects.map((r) => [r.line, r.reason.slice(0, 26)])).toEqual([[2, "record longer than 4194304"]]);
    expect(result.rejects[0].raw.length).toBeLessThan(1100);
  });
});

describe("streaming", () => {
  /** Everything a reader reports for `bytes` fed in chunks of `size` bytes. */
  function csvEvents(bytes: Buffer, size: number): unknown[] {
    const events: unknown[] = [];
    const reader = new CsvReader(
      {
        header: (fields) => fields.length,
        headerError: (line, reason) => {
          throw new Error(`${line}: ${reason}`);
        },
        row: (fields, line) => {
          events.push(["row", line, ...fields]);
          return undefined;
        },
        reject: (line: number, problem: RowProblem, raw: string) => events.push(["reject", line, problem.reason, raw]),
      },
      { maxRecordChars: 1 << 20 },
    );
    const decoder = new Utf8Decoder();
    for (let i = 0; i < bytes.length; i += size) reader.push(decoder.decode(bytes.subarray(i, i + size)));
    reader.push(decoder.end());
    reader.end();
    return events;
  }

  function jsonEvents(bytes: Buffer, size: number): unknown[] {
    const events: unknown[] = [];
    const reader = new JsonReader(
      {
        value: (value, line) => events.push(["value", line, value]),
        reject: (line: number, problem: RowProblem) => events.push(["reject", line, problem.reason]),
      },
      { maxValueChars: 1 << 20 },
    );
    const decoder = new Utf8Decoder();
    for (let i = 0; i < bytes.length; i += size) reader.push(decoder.decode(bytes.subarray(i, i + size)));
    reader.push(decoder.end());
    reader.end();
    return events;
  }

  test.each([1, 2, 3, 5, 64])("CSV records and rejects do not depend on chunk boundaries (%i-byte chunks)", async (size) => {
    const bytes = Buffer.concat([await readFile(fixture("bad-rows.csv")), await readFile(fixture("io-archive-2018.csv")).then((b) => b.subarray(b.indexOf(10) + 1))]);
    expect(csvEvents(bytes, size)).toEqual(csvEvents(bytes, bytes.length));
  });

  test("CSV in one chunk gives the rows and rejects the bad-rows fixture promises", async () => {
    const events = csvEvents(await readFile(fixture("bad-rows.csv")), 1 << 20);
    expect(events.filter((e) => (e as unknown[])[0] === "row")).toHaveLength(6 + 10);
  });

  test.each(["v1-array.json", "v1-stream.jsonl", "v1-object.json", "v2-page.jsonl"])("JSON values do not depend on chunk boundaries (%s)", async (name) => {
    const bytes = await readFile(fixture(name));
    const whole = jsonEvents(bytes, bytes.length);
    expect(whole.length).toBeGreaterThan(0);
    for (const size of [1, 3, 7, 100]) expect(jsonEvents(bytes, size)).toEqual(whole);
  });

  test("a UTF-8 character split between chunks is not taken for invalid bytes", () => {
    const decoder = new Utf8Decoder();
    const bytes = Buffer.from("\uFEFFМосква 🇺🇸", "utf8");
    let text = "";
    for (let i = 0; i < bytes.length; i++) {
      const part = decoder.decode(bytes.subarray(i, i + 1));
      expect(part.invalidAt).toBeUndefined();
      text += part.text;
    }
    expect(text + decoder.end().text).toBe("Москва 🇺🇸");
  });
});

describe("screen names in texts (resolved to accounts by the load)", () => {
  test("538 and IO texts name accounts as lower-cased name: ids; IO texts also by the hash that replaced the name", () => {
    const hex = "a".repeat(64);
    expect(extractMentions(`RT @Alice_A: hi @B_2 and @${hex}`)).toEqual(["name:alice_a", "name:b_2"]);
    expect(extractMentions(`RT @Alice_A: hi @B_2 and @${hex} and @${B1}`, { hashes: true })).toEqual(["name:alice_a", "name:b_2", `name:${hex}`, `name:${B1.toLowerCase()}`]);
  });

  test("a 538 retweet's RT @name points at one original per name and text, whatever the name's case", () => {
    expect(retweetedOriginal("RT @Alice_A: Vote early")).toEqual(retweetedOriginal("RT @alice_a: Vote early"));
    expect(retweetedOriginal("RT @Alice_A: Vote early")?.accountId).toBe("name:alice_a");
    expect(retweetedOriginal("RT @Alice_A: Vote early")?.id).toMatch(/^538rt:[0-9a-f]{40}$/);
    expect(retweetedOriginal("RT @Alice_A: Vote late")?.id).not.toBe(retweetedOriginal("RT @Alice_A: Vote early")?.id);
    expect(retweetedOriginal("Vote early, RT @Alice_A")).toBeUndefined();
  });

  test("an IO copy without user_mentions takes its mentions from the text", async () => {
    const result = await readAll(fixture("io-archive-subset-bom.csv"));
    expect(result.tweets[0]!.mentions).toEqual(["name:thrones_memes"]);
  });
});
