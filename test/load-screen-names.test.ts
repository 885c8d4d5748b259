/**
 * One account, one node, whatever the format: accounts a source names only by screen name
 * (FiveThirtyEight mentions and "RT @name", Twitter API v2 usernames) meet the archive's accounts of
 * that name, case-insensitively, whatever the order of rows and files; every such link records how
 * it was resolved. Through the real CLI: `coordgraph load` then `coordgraph run communities`.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { beforeEach, describe, expect, it } from "vitest";
import { readRows, writeTx, type Database } from "../src/db/driver.ts";
import { planBatch } from "../src/load/plan.ts";
import type { TweetRecord } from "../src/model.ts";
import { loadArchive } from "../src/load/load.ts";
import { ensureDataset, LoadWriter, writerDefaults } from "../src/load/writer.ts";
import { emptyDatabase, runCli, testDatabase } from "./helpers/db.ts";
import { graphDigest } from "./helpers/graph-digest.ts";

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/formats/${name}`, import.meta.url));
/** Bob's rows come first and retweet and mention Alice before any row of hers. */
const bob538 = fixture("screen-names-538-bob.csv");
const alice538 = fixture("screen-names-538-alice.csv");
const v2 = fixture("screen-names-v2.jsonl");
const work = fs.mkdtempSync(path.join(os.tmpdir(), "coordgraph-screen-names-"));

let db: Database;

beforeEach(async () => {
  db = await testDatabase();
  await emptyDatabase(db);
});

async function load(files: string[], dataset: string): Promise<void> {
  const result = await runCli(["load", ...files, "--dataset", dataset, "--no-bulk", "--json", "--quiet", "--rejects", path.join(work, "rejects.csv")]);
  expect(result.code, result.stderr).toBe(0);
  expect(JSON.parse(result.stdout).rejected).toBe(0);
}

/** Every link to an account: `tweet → account (resolvedBy)`, MENTIONS and the POSTED of referenced tweets. */
async function links(): Promise<string[]> {
  const rows = await readRows<{ link: string }>(
    db,
    `MATCH (t:Tweet)-[r:MENTIONS]->(a:Account) RETURN 'MENTIONS ' + t.id + ' -> ' + a.id + ' (' + r.resolvedBy + ')' AS link
     UNION ALL
     MATCH (a:Account)-[r:POSTED]->(t:Tweet {stub: true}) RETURN 'POSTED ' + a.id + ' -> ' + (CASE WHEN t.id STARTS WITH '538rt:' THEN 'rt' ELSE t.id END) + ' (' + r.resolvedBy + ')' AS link`,
  );
  return rows.map((r) => r.link).sort();
}

async function accountIds(): Promise<string[]> {
  const rows = await readRows<{ id: string; stub: boolean }>(db, "MATCH (a:Account) RETURN a.id AS id, a.stub AS stub ORDER BY id");
  return rows.map((r) => `${r.id}${r.stub ? " (stub)" : ""}`);
}

async function communities(dataset: string): Promise<{ accounts: number; edges: number }> {
  const result = await runCli(["run", "communities", "--dataset", dataset, "--out", path.join(work, `communities-${dataset}-${Date.now()}`), "--json", "--quiet"]);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout).counts;
}

describe("FiveThirtyEight screen names", () => {
  it("resolve mentions and RT @name to the authors, case-insensitively, even before the author's first row", async () => {
    await load([bob538, alice538], "ira538");
    expect(await accountIds()).toEqual(["1001", "1002", "name:carol_c (stub)"]);
    expect(await links()).toEqual([
      "MENTIONS 780000000000000101 -> 1001 (screenName)",
      "MENTIONS 780000000000000102 -> 1001 (screenName)",
      "MENTIONS 780000000000000103 -> 1001 (screenName)",
      "MENTIONS 780000000000000201 -> 1002 (screenName)",
      "MENTIONS 780000000000000201 -> name:carol_c (unresolved)",
      "MENTIONS 780000000000000202 -> 1002 (screenName)",
      // Bob's two retweets of one text are retweets of one original, which Alice posted.
      "POSTED 1001 -> rt (screenName)",
      "POSTED 1002 -> rt (screenName)",
    ]);
    const [retweets] = await readRows<{ n: number; originals: number }>(db, "MATCH (:Tweet)-[:RETWEET_OF]->(o:Tweet) RETURN count(*) AS n, count(DISTINCT o) AS originals");
    expect(retweets).toEqual({ n: 3, originals: 2 });
  });

  it("give communities the two accounts and the edges between them (0 and 0 before)", async () => {
    await load([bob538, alice538], "ira538");
    expect(await communities("ira538")).toMatchObject({ accounts: 2, edges: 1 });
  });

  it("give the same graph whatever the order of files and loads, and a rerun changes nothing", async () => {
    // The Dataset node lists its files in the order they came: everything else must be identical.
    const digest = () => graphDigest(db, { labels: ["Account", "Tweet", "Hashtag", "Url", "Domain"] });
    await load([bob538, alice538], "ira538");
    const inOneLoad = await digest();
    await load([alice538, bob538], "ira538");
    expect(await digest()).toEqual(inOneLoad);
    await emptyDatabase(db);
    await load([alice538], "ira538");
    await load([bob538], "ira538");
    expect(await digest()).toEqual(inOneLoad);
  });
});

describe("resolution in small transactions", () => {
  it("moves the links a few at a time (a name mentioned a million times) and ends with the same graph", async () => {
    await load([bob538, alice538], "ira538");
    const inOneGo = await graphDigest(db, { labels: ["Account", "Tweet", "Hashtag", "Url", "Domain"] });
    await emptyDatabase(db);
    const saved = writerDefaults.linksPerTransaction;
    writerDefaults.linksPerTransaction = 1;
    try {
      const summary = await loadArchive(db, [bob538, alice538], { dataset: "ira538", rejectsFile: path.join(work, "rejects.csv") });
      expect(summary.screenNames).toEqual({ accountsResolved: 2, linksResolved: 7 });
    } finally {
      writerDefaults.linksPerTransaction = saved;
    }
    expect(await graphDigest(db, { labels: ["Account", "Tweet", "Hashtag", "Url", "Domain"] })).toEqual(inOneGo);
  });
});

describe("two loads at once", () => {
  it("keeps a mention whose stub another load's resolution removed between the batch's nodes and its relationships", async () => {
    const tweet: TweetRecord = { id: "7001", accountId: "1", time: Date.UTC(2016, 9, 2), timePrecision: "min", isRetweet: false, hashtags: [], urls: [], mentions: ["name:somebody"] };
    const plan = planBatch([{ accounts: [{ id: "1", screenName: "first" }], tweets: [tweet] }]);
    await ensureDataset(db, "race", ["race.csv"]);
    const writer = new LoadWriter(db);
    const { present } = await writer.writeNodes(plan, "race");
    // What the other load's resolution does to a stub without links (cypher/load-resolve-screen-names.cypher, step 3).
    await writeTx(db, (tx) => tx.run("MATCH (s:Account {id: $id}) WHERE NOT (s)--() DELETE s", { id: "name:somebody" }));
    await writer.writeRelationships(plan, present);
    expect(await links()).toEqual(["MENTIONS 7001 -> name:somebody (unresolved)"]);
  });
});

describe("Twitter API v2 usernames", () => {
  it("resolve to accounts met in other pages, case-insensitively, with RT @name when the original is not included", async () => {
    await load([v2], "v2");
    expect(await accountIds()).toEqual(["11", "12", "name:nobody_known (stub)"]);
    expect(await links()).toEqual([
      "MENTIONS 1394735776701820001 -> 12 (screenName)",
      "MENTIONS 1394735776701820002 -> 11 (screenName)",
      "MENTIONS 1394735776701820003 -> 11 (screenName)",
      "MENTIONS 1394735776701820004 -> 12 (screenName)",
      "MENTIONS 1394735776701820004 -> name:nobody_known (unresolved)",
      "POSTED 11 -> 1394735776701810002 (screenName)",
      "POSTED 12 -> 1394735776701810001 (screenName)",
    ]);
    expect(await communities("v2")).toMatchObject({ accounts: 2, edges: 1 });
  });

  it("keep a mention given by id as resolved by id", async () => {
    await load([fixture("v2-page.jsonl")], "v2page");
    const byId = await readRows<{ n: number }>(db, "MATCH (:Tweet)-[r:MENTIONS {resolvedBy: 'id'}]->(:Account {stub: false}) RETURN count(r) AS n");
    expect(byId[0]!.n).toBeGreaterThan(0);
  });
});
