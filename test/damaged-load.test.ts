/**
 * Loading a directory that holds a gzip cut short (an interrupted download) beside a good file, into
 * the test server: the rows before the cut and the whole good file load, the load exits 0 as it does
 * with rejected rows, and its report says what broke: one line on stderr naming the file and line,
 * the rejects file's row at the cut line, the summary's `damaged` (JSON) and a "damaged" line (text).
 * A rerun changes nothing, and the bulk path reports the same.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serverConfigFromEnv } from "../src/db/config.ts";
import { connect, disconnect, readRows, type Database } from "../src/db/driver.ts";
import { bulkLoadArchive } from "../src/load/bulk.ts";
import { emptyDatabase, graphCounts, runCli, testDatabase } from "./helpers/db.ts";

const HEADER = "tweetid,userid,user_screen_name,tweet_time,is_retweet,retweet_tweetid,hashtags,tweet_text";
const work = fs.mkdtempSync(path.join(os.tmpdir(), "coordgraph-damaged-load-"));
const archive = path.join(work, "archive");
const cutFile = path.join(archive, "a-cut.csv.gz");
const goodFile = path.join(archive, "b-good.csv");
const rejectsFile = path.join(work, "rejects.csv");
let cutAt: number;
let db: Database;

/**
 * a-cut.csv.gz: the IO fixture's 4 rows as stored (level 0) gzip, so a compressed byte is a text
 * byte, cut 10 bytes into line 5: rows on lines 2 and 3-4 before the cut. b-good.csv: 3 rows of
 * its own ids.
 */
function writeArchive(): void {
  fs.mkdirSync(archive, { recursive: true });
  const text = fs.readFileSync(fileURLToPath(new URL("./fixtures/formats/io-archive-2018.csv", import.meta.url)));
  const gz = gzipSync(text, { level: 0 });
  let line5 = 0;
  for (let n = 1; n < 5; n++) line5 = text.indexOf(0x0a, line5) + 1;
  cutAt = gz.indexOf(text.subarray(0, 64)) + line5 + 10;
  fs.writeFileSync(cutFile, gz.subarray(0, cutAt));
  const row = (id: string, user: string, text: string) => `"${id}","${user}","${user}name","2017-06-22 16:03","false","","[]","${text}"`;
  fs.writeFileSync(goodFile, [HEADER, row("8801", "u8801", "one"), row("8802", "u8802", "two"), row("8803", "u8801", "three")].join("\n") + "\n");
}

async function tweetIds(): Promise<string[]> {
  const rows = await readRows<{ id: string }>(db, "MATCH (t:Tweet) WHERE t.stub = false AND 'damaged' IN t.datasets RETURN t.id AS id ORDER BY id");
  return rows.map((r) => r.id);
}

const load = (...args: string[]) => runCli(["load", archive, "--dataset", "damaged", "--rejects", rejectsFile, "--quiet", ...args]);

beforeAll(async () => {
  writeArchive();
  db = await testDatabase();
  await emptyDatabase(db);
});

afterAll(async () => {
  await disconnect();
  fs.rmSync(work, { recursive: true, force: true });
});

describe("a directory with a truncated .csv.gz and a good file", () => {
  let summary: Record<string, any>;
  let stderr: string;

  beforeAll(async () => {
    const result = await load("--json");
    expect(result.code, result.stderr).toBe(0);
    summary = JSON.parse(result.stdout);
    stderr = result.stderr;
  });

  it("loads the rows before the cut and every row of the good file", async () => {
    expect(summary.files).toBe(2);
    expect(summary.rowsRead).toBe(2 + 3);
    expect(summary.tweets).toBe(2 + 3);
    expect(await tweetIds()).toEqual(["1012345678901234567", "877919995476496385", "8801", "8802", "8803"]);
  });

  it("says on stderr, in one line naming the file and the cut line, what broke and what to do", () => {
    expect(stderr.trim().split("\n")).toEqual([
      `error[BAD_GZIP] ${cutFile}:5: corrupt or truncated gzip data (unexpected end of file) after compressed byte ${cutAt} (line 5): 2 rows before it read, the rest of the file is lost (hint: the download may be incomplete: check the file with \`gzip -t\`, fetch it again and rerun the load (rows already loaded are not duplicated))`,
    ]);
  });

  it("reports the damaged file in the summary: its rows read, the line and compressed byte it broke at", () => {
    expect(summary.damaged).toEqual([
      {
        file: cutFile,
        code: "BAD_GZIP",
        message: expect.stringMatching(/^corrupt or truncated gzip data \(unexpected end of file\)/),
        hint: expect.stringContaining("gzip -t"),
        line: 5,
        compressedOffset: cutAt,
        rowsRead: 2,
      },
    ]);
    expect(summary.rejected).toBe(1);
    expect(summary.rejectsFile).toBe(rejectsFile);
  });

  it("lists the break in the rejects file at the line it cut, with the cut text", () => {
    const rows = parse(fs.readFileSync(rejectsFile)) as string[][];
    expect(rows).toHaveLength(2);
    expect(rows[1]!.slice(0, 3)).toEqual([cutFile, "5", ""]);
    expect(rows[1]![3]).toBe(summary.damaged[0].message);
    expect(rows[1]![4]).toBe('"123456789');
  });

  it("says so in the text summary", async () => {
    const result = await load();
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("  rejected 1 row: see ");
    expect(result.stdout).toContain(`  damaged, loaded in part: ${cutFile}: corrupt or truncated gzip data (unexpected end of file) after compressed byte ${cutAt} (line 5)`);
  });

  it("a rerun duplicates nothing", async () => {
    const before = await graphCounts(db);
    const result = await load("--json");
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ tweets: 5, nodesCreated: 0, relationshipsCreated: 0 });
    expect(await graphCounts(db)).toEqual(before);
  });

  it("the bulk path loads and reports the same", async () => {
    const driverCounts = await graphCounts(db);
    const driverIds = await tweetIds();
    await emptyDatabase(db);
    await disconnect();
    const bulk = await bulkLoadArchive(serverConfigFromEnv(), [archive], { dataset: "damaged", rejectsFile });
    db = await connect({ config: serverConfigFromEnv() });
    expect(bulk.damaged).toEqual(summary.damaged);
    expect(bulk).toMatchObject({ files: 2, tweets: 5, rejected: 1 });
    expect(await tweetIds()).toEqual(driverIds);
    expect(await graphCounts(db)).toEqual(driverCounts);
  });
});
