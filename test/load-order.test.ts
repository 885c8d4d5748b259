/**
 * The same archive loaded twice, each time so that the database holds its rows in another order,
 * gives the same networks and verdicts: a database returns rows in the order its store holds them,
 * and that order must not reach a result (issue 18: one 1M archive loaded twice gave co-hashtag
 * 74 flagged accounts after one load and 72 after the other).
 *
 * The second load finds the archive's hashtags already there, created in a shuffled order (the
 * loader merges hashtags by name, so the graph is the same), and reads the users before the tweets
 * (accounts are created in another order). The rows, their lines and their contents are the archive's own.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { readRows, session, type Database } from "../src/db/driver.ts";
import { loadArchive } from "../src/load/load.ts";
import { generateArchive, synthFilePaths } from "../src/synth/index.ts";
import { shuffled } from "./helpers/shuffle.ts";
import { countNodes, emptyDatabase, runCli, testDatabase } from "./helpers/db.ts";

const work = fs.mkdtempSync(path.join(os.tmpdir(), "coordgraph-load-order-"));
const ANALYSES = ["co-hashtag", "co-retweet", "sync"] as const;
/** What a run leaves that must not depend on the load: the network with every tie's test, and the groups with their verdicts. */
const COMPARED = ["edges.csv", "communities.csv"] as const;
let db: Database;

async function runAll(label: string): Promise<void> {
  for (const analysis of ANALYSES) {
    const result = await runCli(["run", analysis, "--out", path.join(work, label, analysis), "--quiet"]);
    expect(result.code, result.stderr).toBe(0);
  }
}

const output = (label: string, analysis: string, file: string) => fs.readFileSync(path.join(work, label, analysis, file), "utf8");

beforeAll(async () => {
  db = await testDatabase();
  // 30,000 tweets with five campaigns (co-retweet, co-hashtag, co-url, co-text, sync) among 300 accounts: each analysis finds a group.
  await generateArchive({ tweets: 30_000, accounts: 300, campaigns: 5, seed: 3, outDir: path.join(work, "archive") });
  const files = synthFilePaths(path.join(work, "archive"), "synth");

  await emptyDatabase(db);
  await loadArchive(db, [files.tweets, files.users], { rejectsFile: path.join(work, "rejects-first.csv") });
  const hashtags = (await readRows<{ name: string }>(db, "MATCH (h:Hashtag) RETURN h.name AS name ORDER BY name")).map((row) => row.name);
  await runAll("first");

  await emptyDatabase(db);
  const s = session(db);
  try {
    await s.run("UNWIND $names AS name CREATE (:Hashtag {name: name})", { names: shuffled(hashtags, 7) });
  } finally {
    await s.close();
  }
  await loadArchive(db, [files.users, files.tweets], { rejectsFile: path.join(work, "rejects-second.csv") });
  expect(await countNodes(db, "Hashtag")).toBe(hashtags.length);
  await runAll("second");
});

describe.each(ANALYSES)("%s on one archive loaded in two orders", (analysis) => {
  it.each(COMPARED)("writes the same %s", (file) => {
    const first = output("first", analysis, file);
    expect(first.split("\n").length).toBeGreaterThan(2);
    expect(output("second", analysis, file)).toBe(first);
  });
});
