/**
 * Hostile and broken inputs through the real CLI (`coordgraph load <file> --json --quiet --rejects`)
 * into the test server. Each input from test/fixtures/hostile (see the README there) must end in
 * one of two ways, within a deadline: exit 0 with every bad row in the rejects file (file, line,
 * field where one is at fault, reason) and every good row around them in the graph; or, for a
 * problem with the whole file, exit 1 with one line naming the file. Never a stack trace. Each
 * input loads into a dataset of its own, so its tweets are counted apart from the others'. Inputs
 * too big to commit (10 MB fields and lines, a 50 MB file, JSON nested 100,000 deep) are written
 * to a temporary directory.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readRows, type Database } from "../src/db/driver.ts";
import { hasStackTrace, runCliTimed } from "./helpers/cli.ts";
import { emptyDatabase, graphCounts, projectRoot, testDatabase } from "./helpers/db.ts";

const corpus = path.join(projectRoot, "test", "fixtures", "hostile");
const formats = path.join(projectRoot, "test", "fixtures", "formats");
const work = fs.mkdtempSync(path.join(os.tmpdir(), "coordgraph-hostile-"));
let db: Database;

const CYPHER = "') MATCH (n) DETACH DELETE n //";
const CYPHER_ID = "')MATCH(n)DETACH/**/DELETE/**/n//";
const SCRIPT = "<script>alert(1)</script>";

/** A reject expected in the rejects file: line, field (null when the row as a whole is at fault), reason. */
type ExpectedReject = [line: number, field: string | null, reason: RegExp];

interface RowLevelCase {
  /** Under test/fixtures/hostile, or an absolute path. */
  file: string;
  rejects: ExpectedReject[];
  /** Non-stub tweets of the case's dataset once loaded. */
  tweets: number;
  /** Further checks on what landed in the graph. */
  check?: (dataset: string) => Promise<void>;
  timeoutMs?: number;
}

interface FileLevelCase {
  file: string;
  args?: string[];
  code: string;
  /** What the one line must say besides the code and the file. */
  message: RegExp;
  /** The file named in the error, when it is not `file` itself (a zip entry). */
  names?: string;
}

function inputPath(file: string): string {
  return path.isAbsolute(file) ? file : path.join(corpus, file);
}

function datasetFor(file: string): string {
  return `hostile-${path.basename(file).replace(/[^A-Za-z0-9_.-]+/g, "-")}`;
}

async function load(file: string, options: { args?: string[]; timeoutMs?: number; measureMemory?: boolean } = {}) {
  const rejects = path.join(work, `${path.basename(file)}.rejects.csv`);
  const result = await runCliTimed(
    ["load", inputPath(file), "--dataset", datasetFor(file), "--json", "--quiet", "--rejects", rejects, ...(options.args ?? [])],
    { timeoutMs: options.timeoutMs ?? 60_000, measureMemory: options.measureMemory },
  );
  const rows = fs.existsSync(rejects) ? (parse(fs.readFileSync(rejects), { relax_column_count: true }) as string[][]) : [];
  return { ...result, rejectRows: rows };
}

async function tweetsIn(dataset: string): Promise<number> {
  const [row] = await readRows<{ n: number }>(db, "MATCH (t:Tweet) WHERE t.stub = false AND $dataset IN t.datasets RETURN count(t) AS n", { dataset });
  return row!.n;
}

async function tweet(id: string): Promise<Record<string, unknown> | undefined> {
  const [row] = await readRows<{ t: Record<string, unknown>; account: string; screenName: string | null; displayName: string | null; hashtags: string[]; urls: string[]; retweetOf: string | null; retweetOfAccount: string | null }>(
    db,
    `MATCH (a:Account)-[:POSTED]->(t:Tweet {id: $id})
     OPTIONAL MATCH (t)-[:RETWEET_OF]->(o:Tweet)
     OPTIONAL MATCH (oa:Account)-[:POSTED]->(o)
     RETURN properties(t) AS t, a.id AS account, a.screenName AS screenName, a.displayName AS displayName,
            COLLECT { MATCH (t)-[:TAGS]->(h) RETURN h.name } AS hashtags, COLLECT { MATCH (t)-[:LINKS]->(u) RETURN u.url } AS urls,
            o.id AS retweetOf, oa.id AS retweetOfAccount`,
    { id },
  );
  return row === undefined ? undefined : { ...row.t, account: row.account, screenName: row.screenName, displayName: row.displayName, hashtags: row.hashtags, urls: row.urls, retweetOf: row.retweetOf, retweetOfAccount: row.retweetOfAccount };
}

const iso = (ms: unknown) => new Date(ms as number).toISOString();

/** Every bad row of these inputs is rejected and the load goes on (exit 0). */
const rowLevel: RowLevelCase[] = [
  { file: "truncated-mid-row.csv", rejects: [[4, null, /^expected 8 fields, found 4$/]], tweets: 2 },
  { file: "truncated-mid-quote.csv", rejects: [[4, null, /unclosed quote/]], tweets: 2 },
  { file: "unbalanced-quote.csv", rejects: [[3, null, /closing quote is followed by "q"/]], tweets: 4 },
  {
    file: "embedded-newlines.csv",
    rejects: [[10, "tweet_time", /"not a time" is not a date-time/]],
    tweets: 4,
    check: async () => {
      expect((await tweet("1502"))!.text).toBe("three\r\nlines\r\nhere");
      expect((await tweet("1503"))!.text).toBe("blank\n\nline");
      expect((await tweet("1505"))!.sourceLine).toBe(11);
    },
  },
  { file: "nul-bytes.csv", rejects: [[3, "tweet_text", /NUL byte/], [4, "userid", /NUL byte/]], tweets: 2 },
  { file: "nul-padded-tail.csv", rejects: [[4, null, /^expected 8 fields, found 1$/]], tweets: 2 },
  {
    file: "bom.jsonl",
    rejects: [],
    tweets: 2,
    check: async () => expect(await tweet("1801")).toMatchObject({ text: "first", account: "2001", screenName: "bob" }),
  },
  { file: "double-bom.csv", rejects: [], tweets: 2, check: async () => expect(await tweet("1901")).toMatchObject({ account: "u1001" }) },
  { file: "latin1.csv", rejects: [[3, "tweet_text", /invalid UTF-8/], [5, "user_screen_name", /invalid UTF-8/]], tweets: 3 },
  {
    file: "invalid-utf8.csv",
    rejects: [4, 5, 6, 7, 8].map((line): ExpectedReject => [line, "tweet_text", /invalid UTF-8/]),
    tweets: 3,
    check: async () => {
      expect((await tweet("2101"))!.text).toBe("emoji \u{1F600} ok");
      expect((await tweet("2102"))!.text).toBe("mojibake caf\u00c3\u00a9 is valid UTF-8");
    },
  },
  { file: "extra-columns.csv", rejects: [[3, null, /^expected 8 fields, found 9$/]], tweets: 3 },
  {
    file: "missing-columns.csv",
    rejects: [[3, null, /^expected 8 fields, found 7$/], [4, null, /^expected 8 fields, found 1$/], [5, "userid", /^empty id$/]],
    tweets: 2,
  },
  {
    file: "duplicate-header-columns.csv",
    rejects: [],
    tweets: 2,
    check: async () => {
      expect(await tweet("2401")).toMatchObject({ text: "first text", account: "u1001" });
      expect(await readRows(db, "MATCH (a:Account {id: 'u9999'}) RETURN a")).toEqual([]);
    },
  },
  { file: "repeated-header-row.csv", rejects: [[4, null, /header row again/]], tweets: 4 },
  { file: "shares-header-io-rows.csv", rejects: [[2, null, /^expected 4 fields, found 8$/], [3, null, /^expected 4 fields, found 8$/]], tweets: 0 },
  { file: "empty.csv", rejects: [[1, null, /empty file/]], tweets: 0 },
  { file: "whitespace-only.csv", rejects: [[1, null, /empty file/]], tweets: 0 },
  { file: "empty.csv.gz", rejects: [[1, null, /empty file/]], tweets: 0 },
  { file: "header-only.csv", rejects: [], tweets: 0 },
  {
    file: "scientific-ids.csv",
    rejects: [
      [3, "tweetid", /"8\.77919995476496E\+17" was mangled by a spreadsheet/],
      [4, "userid", /"2\.5728964E\+9" was mangled/],
      [5, "retweet_tweetid", /"8\.77917E\+17" was mangled/],
      [6, "in_reply_to_userid", /"1e5" was mangled/],
      [7, "tweetid", /"877919995476496389\.0" was mangled/],
      [8, "like_count", /"1\.2E\+4" is not a count/],
    ],
    tweets: 2,
    check: async () => {
      // Not even as stubs: a mangled id names no tweet or account.
      const mangled = await readRows(db, "MATCH (n) WHERE n.id IN $ids RETURN n.id AS id", {
        ids: ["8.77919995476496E+17", "2.5728964E+9", "8.77917E+17", "1e5", "877919995476496389.0"],
      });
      expect(mangled).toEqual([]);
    },
  },
  {
    file: "date-formats.csv",
    rejects: [4, 6, 7, 8, 9, 11].map((line): ExpectedReject => [line, "tweet_time", /is not a date-time/]),
    tweets: 5,
    check: async () => {
      const times = await readRows<{ id: string; time: number; precision: string }>(
        db,
        "MATCH (t:Tweet) WHERE t.id IN ['2601', '2602', '2604', '2609', '2611'] RETURN t.id AS id, t.time AS time, t.timePrecision AS precision ORDER BY id",
      );
      expect(times.map((t) => [t.id, iso(t.time), t.precision])).toEqual([
        ["2601", "2017-06-22T14:03:00.000Z", "min"],
        ["2602", "2017-06-22T16:03:00.000Z", "min"],
        ["2604", "2017-06-22T16:03:00.000Z", "min"],
        ["2609", "2017-06-22T21:03:00.000Z", "min"],
        ["2611", "2017-06-22T16:03:00.250Z", "ms"],
      ]);
    },
  },
  {
    file: "timestamps.csv",
    rejects: [
      [3, "timestamp_share", /before 1970/],
      [4, "timestamp_share", /before 1970/],
      [5, "timestamp_share", /in the future/],
      [6, "timestamp_share", /milliseconds instead of seconds/],
      [7, "timestamp_share", /"1\.5e9" is not Unix seconds/],
      [9, "timestamp_share", /empty timestamp_share/],
    ],
    tweets: 3,
    check: async () => expect(iso((await tweet("c2707"))!.time)).toBe("2017-06-22T16:03:00.123Z"),
  },
  {
    file: "cypher-injection.csv",
    rejects: [[4, "tweetid", /whitespace/]],
    tweets: 4,
    check: async () => {
      expect(await tweet("3001")).toMatchObject({ text: CYPHER, account: CYPHER_ID, screenName: CYPHER, displayName: CYPHER, hashtags: [CYPHER.toLowerCase()] });
      expect(await tweet(`${CYPHER_ID}1`)).toMatchObject({ retweetOf: `${CYPHER_ID}2`, retweetOfAccount: `${CYPHER_ID}3` });
      expect(await tweet("3004")).toMatchObject({ hashtags: ["x`}) detach delete n //"] });
      expect(await tweet("3005")).toMatchObject({ text: "$param {param}", screenName: "$password", displayName: "{password}" });
    },
  },
  {
    file: "cypher-injection.jsonl",
    rejects: [],
    tweets: 2,
    check: async () => expect(await tweet(CYPHER)).toMatchObject({ text: CYPHER, account: CYPHER, screenName: CYPHER }),
  },
  {
    file: "html-script.csv",
    rejects: [],
    tweets: 2,
    check: async () => {
      expect(await tweet(SCRIPT)).toMatchObject({
        text: "<script>alert(document.cookie)</script>",
        account: SCRIPT,
        screenName: "<img src=x onerror=alert(1)>",
        displayName: "</title><script>alert(2)</script>",
        hashtags: ["<svg/onload=alert(1)>"],
        urls: ["javascript:alert(1)"],
      });
      expect(await tweet("3202")).toMatchObject({ text: "&lt;script&gt; entities stay as text", screenName: "&lt;b&gt;", displayName: "&amp;" });
    },
  },
  {
    file: "too-long-to-index.csv",
    rejects: [
      [3, "urls", /a URL of 5019 bytes is longer than the 4096 bytes Neo4j can index/],
      [4, "hashtags", /a hashtag of 5000 bytes/],
      [5, "hashtags", /a hashtag of 4200 bytes/],
      [6, "user_screen_name", /of 5000 bytes/],
    ],
    tweets: 2,
    // Just under the limit, in bytes (2,000 two-byte letters), still goes into the index.
    check: async () => expect(await tweet("4406")).toMatchObject({ hashtags: ["\u0436".repeat(2000)], urls: [`http://example.com/${"b".repeat(4000)}`] }),
  },
  {
    file: "too-long-to-index.jsonl",
    rejects: [
      [2, "id", /an id of 5000 bytes/],
      [3, "urls", /a URL of 5019 bytes/],
      [4, "user.screen_name", /a screen name of 5000 bytes/],
      [5, "mentions", /a mentioned account id of 5000 bytes/],
    ],
    tweets: 2,
  },
  {
    file: "broken-json.jsonl",
    rejects: [
      [2, null, /invalid JSON/],
      [3, null, /invalid JSON/],
      [4, null, /invalid JSON/],
      [6, null, /expected a JSON object/],
      [7, null, /expected a JSON object/],
      [8, null, /expected a JSON object/],
      [9, null, /NUL byte/],
      [10, null, /invalid JSON/],
      [12, null, /invalid JSON/],
    ],
    tweets: 3,
  },
  { file: "truncated.json", rejects: [[4, null, /truncated JSON/]], tweets: 2 },
  { file: "wrong-shape.json", rejects: [[1, null, /not a tweet/]], tweets: 0 },
  {
    file: "wrong-shape-array.json",
    rejects: [[1, null, /expected a JSON object/], [1, null, /expected a JSON object/], [1, null, /expected a JSON object/], [1, null, /expected a JSON object/], [1, null, /not a tweet/]],
    tweets: 1,
  },
];

/** These inputs cannot be read as a whole: exit 1 and one line naming the file. */
const fileLevel: FileLevelCase[] = [
  { file: "zip-named.csv.gz", code: "BAD_GZIP", message: /is not gzip data .*hint: it is a zip archive: rename it to \.zip/ },
  { file: "not-gzip.jsonl.gz", code: "BAD_GZIP", message: /is not gzip data \(it starts with bytes 7b 22/ },
  { file: "truncated.zip", code: "BAD_ZIP", message: /End of central directory record signature not found/ },
  { file: "zip-slip.zip", code: "BAD_ZIP", message: /invalid relative path: \.\.\/\.\.\/evil\.csv.*hint: an entry name points outside/ },
  { file: "crowdtangle-header.csv", code: "UNKNOWN_FORMAT", message: /unrecognised header \("Page Name", "User Name"/ },
  { file: "tab-separated.csv", code: "UNKNOWN_FORMAT", message: /unrecognised header \("tweetid\\tuserid/ },
  { file: "cr-only-line-endings.csv", code: "BAD_HEADER", message: /cannot read the header: a closing quote is followed by "\\r"/ },
  { file: "binary.csv", code: "UNKNOWN_FORMAT", message: /unrecognised header/ },
  { file: path.join(formats, "io-users.csv"), args: ["--format", "io-archive"], code: "MISSING_COLUMNS", message: /header lacks tweet_time \(or tweetid\) required by format io-archive/ },
];

/**
 * These inputs break off partway (damaged compressed data): exit 0, the rows before the damage loaded,
 * the damage one rejected row at the line it cut, in the summary's `damaged`, and one line on stderr
 * naming the input.
 */
interface DamagedCase {
  file: string;
  /** The damaged input as named (a zip entry: `archive.zip!entry.csv`). */
  names: string;
  code: "BAD_GZIP" | "BAD_ZIP";
  line: number;
  message: RegExp;
  /** Non-stub tweets of the case's dataset once loaded: the rows before the damage, and a zip's other entries. */
  tweets: number;
}

const damagedCases: DamagedCase[] = [
  { file: "truncated-mid-gzip.csv.gz", names: "truncated-mid-gzip.csv.gz", code: "BAD_GZIP", line: 134, message: /^corrupt or truncated gzip data \(unexpected end of file\) after compressed byte 916 \(line 134\): 132 rows before it read/, tweets: 132 },
  { file: "gzip-trailing-garbage.csv.gz", names: "gzip-trailing-garbage.csv.gz", code: "BAD_GZIP", line: 4, message: /^corrupt or truncated gzip data \(incorrect header check\) after compressed byte \d+ \(line 4\): 2 rows before it read/, tweets: 2 },
  { file: "bad-entry.zip", names: "bad-entry.zip!b-bad.csv", code: "BAD_ZIP", line: 1, message: /^cannot read zip entry \(invalid code -- missing end-of-block\) in line 1: 0 rows before it read, the rest of the entry is lost$/, tweets: 1 },
  { file: "damaged-entry-first.zip", names: "damaged-entry-first.zip!a-damaged.csv", code: "BAD_ZIP", line: 178, message: /^cannot read zip entry \(too many bytes in the stream/, tweets: 176 + 2 },
];

/** The graph loaded before any hostile input: it must come through every one of them intact. */
let baseline: { counts: Record<string, number>; tweetIds: string[]; dataset: { tweets: number; accounts: number } };

async function baselineDataset(): Promise<{ tweets: number; accounts: number }> {
  const name = datasetFor("io-archive-2018.csv");
  const [row] = await readRows<{ tweets: number; accounts: number }>(
    db,
    "MATCH (d:Dataset {name: $name}) RETURN COUNT { MATCH (t:Tweet) WHERE t.stub = false AND $name IN t.datasets } AS tweets, COUNT { (d)<-[:IN_DATASET]-(:Account) } AS accounts",
    { name },
  );
  return row!;
}

beforeAll(async () => {
  db = await testDatabase();
  await emptyDatabase(db);
  const result = await load(path.join(formats, "io-archive-2018.csv"));
  expect(result.code, result.stderr).toBe(0);
  const rows = await readRows<{ id: string }>(db, "MATCH (t:Tweet) RETURN t.id AS id ORDER BY id");
  baseline = { counts: await graphCounts(db), tweetIds: rows.map((r) => r.id), dataset: await baselineDataset() };
  expect(baseline.tweetIds.length).toBeGreaterThan(3);
  expect(baseline.dataset.tweets).toBeGreaterThan(0);
});

afterAll(() => {
  fs.rmSync(work, { recursive: true, force: true });
});

function expectNoCrash(result: { code: number | null; stderr: string; stdout: string; timedOut: boolean }): void {
  expect(result.timedOut, "the load hung").toBe(false);
  expect(hasStackTrace(result.stderr), result.stderr).toBe(false);
  expect(result.stderr).not.toMatch(/error\[INTERNAL\]/);
}

function expectRejects(rows: string[][], file: string, expected: ExpectedReject[]): void {
  const body = rows.slice(1);
  if (expected.length > 0) expect(rows[0]).toEqual(["file", "line", "field", "reason", "raw"]);
  expect(body.map((r) => [Number(r[1]), r[2] === "" ? null : r[2]]), "lines and fields").toEqual(expected.map(([line, field]) => [line, field]));
  body.forEach((row, i) => {
    expect(row[0]).toContain(path.basename(file));
    expect(row[3]).toMatch(expected[i]![2]);
    expect(row[4]!.length).toBeLessThan(1100);
  });
}

// Each input loads into a dataset of its own through a CLI process of its own, so the cases run a few at a time.
describe.concurrent("row-level problems: exit 0, bad rows rejected with file, line, field and reason, good rows loaded", () => {
  for (const c of rowLevel) {
    it(c.file, async () => {
      const result = await load(c.file, { timeoutMs: c.timeoutMs });
      expectNoCrash(result);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).toBe("");
      const summary = JSON.parse(result.stdout);
      expect(summary.rejected).toBe(c.rejects.length);
      expectRejects(result.rejectRows, c.file, c.rejects);
      expect(summary.tweets).toBe(c.tweets);
      expect(await tweetsIn(datasetFor(c.file))).toBe(c.tweets);
      await c.check?.(datasetFor(c.file));
    });
  }
});

describe.concurrent("damaged compressed data: exit 0, the rows before the damage loaded, one line naming the input", () => {
  for (const c of damagedCases) {
    it(c.file, async () => {
      const result = await load(c.file);
      expectNoCrash(result);
      expect(result.code, result.stderr).toBe(0);
      const named = path.join(corpus, c.names);
      const lines = result.stderr.trim().split("\n");
      expect(lines, result.stderr).toHaveLength(1);
      expect(lines[0]!.startsWith(`error[${c.code}] ${named}:${c.line}: `), lines[0]).toBe(true);
      expect(lines[0]).toMatch(/\(hint: the download may be incomplete/);
      const summary = JSON.parse(result.stdout);
      expect(summary.damaged).toEqual([expect.objectContaining({ file: named, code: c.code, line: c.line })]);
      expect(summary.damaged[0].message).toMatch(c.message);
      expect(summary.rejected).toBe(1);
      expectRejects(result.rejectRows, c.names, [[c.line, null, c.message]]);
      expect(summary.tweets).toBe(c.tweets);
      expect(await tweetsIn(datasetFor(c.file))).toBe(c.tweets);
    });
  }
});

describe.concurrent("file-level problems: exit 1 with one line naming the file", () => {
  for (const c of fileLevel) {
    it(`${path.basename(c.file)}${c.args ? ` ${c.args.join(" ")}` : ""}`, async () => {
      const result = await load(c.file, { args: c.args });
      expectNoCrash(result);
      expect(result.code, result.stderr).toBe(1);
      const lines = result.stderr.trim().split("\n");
      expect(lines, result.stderr).toHaveLength(1);
      const named = path.join(path.dirname(inputPath(c.file)), c.names ?? path.basename(c.file));
      expect(lines[0]!.startsWith(`error[${c.code}] ${named}`), lines[0]).toBe(true);
      expect(lines[0]).toMatch(c.message);
      expect(lines[0], "the location names the file; the message need not repeat it").not.toContain(`${named}: ${named}:`);
      expect(JSON.parse(result.stdout).error).toMatchObject({ code: c.code, file: named });
    });
  }
});

describe("oversized and deeply nested inputs, written at test time", () => {
  it("a 10 MB field is rejected on its own line and the rows around it load", async () => {
    const file = path.join(work, "long-field-10mb.csv");
    const header = "tweetid,userid,tweet_time,is_retweet,tweet_text\n";
    const row = (id: string, text: string) => `"${id}","u1001","2017-06-22 16:03","false","${text}"\n`;
    fs.writeFileSync(file, header + row("4201", "before") + row("4202", "x".repeat(10 * 1024 * 1024)) + row("4203", "after"));
    const result = await load(file);
    expectNoCrash(result);
    expect(result.code, result.stderr).toBe(0);
    expectRejects(result.rejectRows, file, [[3, null, /record longer than 4194304 characters/]]);
    expect(await tweetsIn(datasetFor(file))).toBe(2);
  });

  it("a 10 MB JSON line loads whole, a 10 MB line of garbage is rejected, the next line loads", async () => {
    const file = path.join(work, "long-lines-10mb.jsonl");
    const text = "y".repeat(10 * 1024 * 1024);
    const status = (id: string, body: string) =>
      JSON.stringify({ id_str: id, created_at: "Thu Jun 22 16:03:32 +0000 2017", text: body, user: { id_str: "2001", screen_name: "bob" } });
    fs.writeFileSync(file, [status("4301", text), `{"id_str": "4302", "text": "${"z".repeat(10 * 1024 * 1024)}`, status("4303", "short")].join("\n") + "\n");
    const result = await load(file);
    expectNoCrash(result);
    expect(result.code, result.stderr).toBe(0);
    expectRejects(result.rejectRows, file, [[2, null, /invalid JSON/]]);
    expect(await tweetsIn(datasetFor(file))).toBe(2);
    const [row] = await readRows<{ length: number }>(db, "MATCH (t:Tweet {id: '4301'}) RETURN size(t.text) AS length");
    expect(row!.length).toBe(text.length);
  });

  it("arrays nested 100,000 deep are one rejected value, not a stack overflow", async () => {
    const file = path.join(work, "deeply-nested-array.json");
    fs.writeFileSync(file, "[".repeat(100_000) + "]".repeat(100_000) + "\n");
    const result = await load(file);
    expectNoCrash(result);
    expect(result.code, result.stderr).toBe(0);
    expectRejects(result.rejectRows, file, [[1, null, /arrays nested more than 2 deep/]]);
  });

  it("a retweet of a retweet ... 20,000 deep keeps its first levels and rejects the rest, not a stack overflow", async () => {
    const file = path.join(work, "retweet-chain.jsonl");
    const depth = 20_000;
    const level = (k: number) =>
      `{"id_str":"${900_000 + k}","created_at":"Thu Jun 22 16:03:32 +0000 2017","text":"RT level ${k}","user":{"id_str":"${5000 + (k % 7)}"},"retweeted_status":`;
    const parts: string[] = [];
    for (let k = 0; k < depth; k++) parts.push(level(k));
    parts.push(`{"id_str":"${900_000 + depth}","created_at":"Thu Jun 22 16:03:32 +0000 2017","text":"the original","user":{"id_str":"4999"}}`, "}".repeat(depth), "\n");
    fs.writeFileSync(file, parts.join(""));
    const result = await load(file);
    expectNoCrash(result);
    expect(result.code, result.stderr).toBe(0);
    expectRejects(result.rejectRows, file, [[1, `${"retweeted_status.".repeat(9).slice(0, -1)}`, /tweets embedded more than 8 deep/]]);
    expect(await tweetsIn(datasetFor(file))).toBe(9);
  });

  it("a 50 MB file loads completely in bounded memory (peak RSS under 600 MB)", async () => {
    const file = path.join(work, "big-50mb.csv");
    const out = fs.openSync(file, "w");
    fs.writeSync(out, "tweetid,userid,user_screen_name,tweet_time,is_retweet,retweet_tweetid,hashtags,tweet_text\n");
    const filler = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore. ".repeat(6);
    let size = 0;
    let rows = 0;
    while (size < 50 * 1024 * 1024) {
      const lines: string[] = [];
      for (let k = 0; k < 1000; k++, rows++) {
        lines.push(`"${5_000_000 + rows}","big${rows % 997}","name${rows % 997}","2017-06-22 16:${String(rows % 60).padStart(2, "0")}","false","","[tag${rows % 50}]","${rows} ${filler}"\n`);
      }
      const chunk = lines.join("");
      fs.writeSync(out, chunk);
      size += chunk.length;
    }
    fs.closeSync(out);
    const result = await load(file, { measureMemory: true, timeoutMs: 300_000 });
    expectNoCrash(result);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ rowsRead: rows, tweets: rows, rejected: 0 });
    expect(await tweetsIn(datasetFor(file))).toBe(rows);
    expect(result.peakRssMiB).toBeGreaterThan(0);
    expect(result.peakRssMiB!).toBeLessThan(600);
  }, 360_000);
});

describe("after every hostile input", () => {
  it("the graph loaded first is still whole: no input ran as Cypher", async () => {
    const rows = await readRows<{ id: string }>(db, "MATCH (t:Tweet) WHERE t.id IN $ids RETURN t.id AS id ORDER BY id", { ids: baseline.tweetIds });
    expect(rows.map((r) => r.id)).toEqual(baseline.tweetIds);
    expect(await baselineDataset()).toEqual(baseline.dataset);
    const counts = await graphCounts(db);
    for (const [key, n] of Object.entries(baseline.counts)) expect(counts[key] ?? 0, key).toBeGreaterThanOrEqual(n);
  });
});
