/** Loading archives into the real Neo4j: exact counts, idempotence, interrupted loads, bad rows. */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import { readRows, type Database } from "../src/db/driver.ts";
import { loadArchive } from "../src/load/load.ts";
import { generateArchive, synthFilePaths } from "../src/synth/index.ts";
import { countNodes, countRelationships, emptyDatabase, graphCounts, projectRoot, runCli, testDatabase } from "./helpers/db.ts";
import { russianCoordTweetsCsv } from "./helpers/fixtures.ts";

const fixtures = path.join(projectRoot, "test", "fixtures", "formats");
const work = fs.mkdtempSync(path.join(os.tmpdir(), "coordgraph-load-"));
const russian = russianCoordTweetsCsv;
let db: Database;

beforeAll(async () => {
  db = await testDatabase();
});

describe("the CooRTweet sample loaded as retweets", () => {
  it("gives 9,509 accounts, 7,285 retweeted tweets, 35,085 retweets and 35,124 retweet-of relationships, twice", async () => {
    await emptyDatabase(db);
    const first = await runCli(["load", russian, "--dataset", "ru", "--json", "--quiet"]);
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ rowsRead: 35125, rejected: 0, datasets: ["ru"] });
    const expectCounts = async () => {
      expect(await countNodes(db, "Account")).toBe(9509);
      expect(await countRelationships(db, "RETWEET_OF")).toBe(35124);
      const [row] = await readRows<{ retweets: number; retweeted: number }>(
        db,
        "MATCH (t:Tweet) RETURN count(CASE WHEN t.stub = false THEN 1 END) AS retweets, count(CASE WHEN EXISTS { ()-[:RETWEET_OF]->(t) } THEN 1 END) AS retweeted",
      );
      expect(row).toEqual({ retweets: 35085, retweeted: 7285 });
    };
    await expectCounts();
    const before = await graphCounts(db);
    const second = await runCli(["load", russian, "--dataset", "ru", "--json", "--quiet"]);
    expect(second.code, second.stderr).toBe(0);
    expect(await graphCounts(db)).toEqual(before);
    await expectCounts();
  });

  it("keeps each retweet's second-precise time and source line", async () => {
    const [row] = await readRows<{ time: number; precision: string; line: number }>(
      db,
      "MATCH (t:Tweet {id: $id}) RETURN t.time AS time, t.timePrecision AS precision, t.sourceLine AS line",
      { id: "114e22f1b2b648528277b76f0b0224e7" },
    );
    expect(row).toEqual({ time: 1623881091000, precision: "s", line: 2 });
  });
});

describe("an interrupted load", () => {
  it("completes on rerun with exactly the counts of an uninterrupted load", async () => {
    const dir = path.join(work, "synth");
    // Ten batches of 1,000: killed once two of them are in, the load is far from done.
    await generateArchive({ tweets: 10_000, accounts: 300, seed: 5, outDir: dir });
    const files = synthFilePaths(dir, "synth");
    await emptyDatabase(db);
    await loadArchive(db, [files.tweets, files.users], { rejectsFile: path.join(work, "r1.csv") });
    const uninterrupted = await graphCounts(db);

    await emptyDatabase(db);
    const child = spawn(process.execPath, [path.join(projectRoot, "bin", "coordgraph.js"), "load", files.tweets, files.users, "--quiet", "--batch", "1000"], {
      cwd: work,
      env: process.env,
      stdio: "ignore",
    });
    // Kill it once some, but not all, tweets are in.
    for (;;) {
      await sleep(250);
      const tweets = await countNodes(db, "Tweet");
      if (tweets > 2000 || child.exitCode !== null) break;
    }
    child.kill("SIGKILL");
    await new Promise((resolve) => child.once("exit", resolve));
    const partial = await countNodes(db, "Tweet");
    expect(partial).toBeLessThan(uninterrupted["node:Tweet"]!);

    const rerun = await runCli(["load", files.tweets, files.users, "--quiet", "--json"], {});
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(await graphCounts(db)).toEqual(uninterrupted);
  });
});

describe("bad rows", () => {
  it("load every good row and land in the rejects file with line and reason", async () => {
    await emptyDatabase(db);
    const rejects = path.join(work, "bad.rejects.csv");
    const result = await runCli(["load", path.join(fixtures, "bad-rows.csv"), "--rejects", rejects, "--json", "--quiet"]);
    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout);
    const rows = parse(fs.readFileSync(rejects)) as string[][];
    expect(rows[0]).toEqual(["file", "line", "field", "reason", "raw"]);
    expect(rows.length - 1).toBe(summary.rejected);
    expect(summary.rejected).toBeGreaterThanOrEqual(12);
    for (const row of rows.slice(1)) {
      expect(row[0]).toContain("bad-rows.csv");
      expect(Number(row[1])).toBeGreaterThan(1);
      expect(row[3]!.length).toBeGreaterThan(5);
    }
    expect(await countNodes(db, "Tweet")).toBeGreaterThan(0);
    const tweets = await readRows<{ id: string }>(db, "MATCH (t:Tweet) WHERE t.stub = false RETURN t.id AS id");
    expect(tweets.length).toBe(summary.tweets);
  });

  it("stop at the first bad row with --strict, naming file, line and field", async () => {
    const result = await runCli(["load", path.join(fixtures, "bad-rows.csv"), "--strict", "--quiet"]);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toMatch(/^error\[BAD_ROW\] .*bad-rows\.csv:\d+/);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("fail at once on an unrecognised header, naming the expected columns", async () => {
    const result = await runCli(["load", path.join(fixtures, "unknown-header.csv"), "--quiet"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/error\[UNKNOWN_FORMAT\]/);
    expect(result.stderr).toMatch(/tweetid/);
  });
});

describe("every input format", () => {
  it("loads its fixture into the graph with the records' properties", async () => {
    await emptyDatabase(db);
    const files = ["io-archive-2018.csv", "io-users.csv", "fivethirtyeight.csv", "shares.csv", "v1-stream.jsonl", "v2-page.jsonl", "archive.zip"];
    const result = await runCli(["load", ...files.map((f) => path.join(fixtures, f)), "--dataset", "fixtures", "--json", "--quiet", "--rejects", path.join(work, "fx.rejects.csv")]);
    expect(result.code, result.stderr).toBe(0);
    const [tweet] = await readRows<{ time: number; precision: string; account: string; datasets: string[] }>(
      db,
      "MATCH (a:Account)-[:POSTED]->(t:Tweet {id: '877919995476496385'}) RETURN t.time AS time, t.timePrecision AS precision, a.id AS account, t.datasets AS datasets",
    );
    expect(tweet).toMatchObject({ time: Date.parse("2017-06-22T16:03:32.543Z"), precision: "ms", datasets: ["fixtures"] });
    const counts = await graphCounts(db);
    for (const key of ["node:Account", "node:Tweet", "node:Hashtag", "node:Url", "node:Domain", "relationship:POSTED", "relationship:RETWEET_OF", "relationship:MENTIONS", "relationship:LINKS", "relationship:IN_DATASET"]) {
      expect(counts[key], key).toBeGreaterThan(0);
    }
    const again = await runCli(["load", ...files.map((f) => path.join(fixtures, f)), "--dataset", "fixtures", "--json", "--quiet", "--rejects", path.join(work, "fx2.rejects.csv")]);
    expect(again.code).toBe(0);
    expect(await graphCounts(db)).toEqual(counts);
  });
});
