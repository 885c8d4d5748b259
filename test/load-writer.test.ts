import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readRows, writeTx, type Database } from "../src/db/driver.ts";
import { LoadTally, loadArchive, readLoadBatches, RejectsWriter } from "../src/load/load.ts";
import { planBatch } from "../src/load/plan.ts";
import { ensureDataset, LoadWriter, writerDefaults } from "../src/load/writer.ts";
import type { TweetRecord } from "../src/model.ts";
import { generateArchive } from "../src/synth/index.ts";
import { emptyDatabase, testDatabase } from "./helpers/db.ts";
import { graphDigest } from "./helpers/graph-digest.ts";

describe("the driver load path", () => {
  let db: Database;
  let work: string;
  let files: string[];
  const rejectsFile = () => path.join(work, "rejects.csv");

  beforeAll(async () => {
    db = await testDatabase();
    work = fs.mkdtempSync(path.join(os.tmpdir(), "coordgraph-load-"));
    const summary = await generateArchive({ tweets: 3000, accounts: 300, outDir: work, seed: 3 });
    files = [summary.files.tweets, summary.files.users];
  });

  afterAll(() => {
    fs.rmSync(work, { recursive: true, force: true });
  });

  it("leaves the graph of one load when the same archive is loaded twice", async () => {
    await emptyDatabase(db);
    const first = await loadArchive(db, files, { rejectsFile: rejectsFile() });
    const once = await graphDigest(db);
    const second = await loadArchive(db, files, { rejectsFile: rejectsFile() });
    expect(await graphDigest(db)).toEqual(once);
    expect(first.nodesCreated).toBeGreaterThan(3000);
    expect(second).toMatchObject({ nodesCreated: 0, relationshipsCreated: 0, tweets: first.tweets, relationshipsWritten: first.relationshipsWritten });
  });

  it("completes an interrupted load without duplicates when it is run again", async () => {
    const options = { batchRows: 500, rejectsFile: rejectsFile() };
    await emptyDatabase(db);
    await loadArchive(db, files, options);
    const clean = await graphDigest(db);

    await emptyDatabase(db);
    const writer = new LoadWriter(db);
    let batches = 0;
    for await (const step of readLoadBatches(files, options, new LoadTally(), new RejectsWriter(rejectsFile()))) {
      if (step.kind === "source") await ensureDataset(db, step.dataset, [step.source]);
      else if (batches++ < 2) await writer.write(planBatch(step.records), step.dataset);
      else break;
    }
    await loadArchive(db, files, options);
    expect(await graphDigest(db)).toEqual(clean);
  });

  it("gives a tweet first met as a stub its fields, keeping one node and one author", async () => {
    await emptyDatabase(db);
    await ensureDataset(db, "t", ["t.csv"]);
    const tweet = (id: string, accountId: string, fields: Partial<TweetRecord>): TweetRecord => ({
      id, accountId, time: 1_500_000_000_000, timePrecision: "ms", isRetweet: false, hashtags: [], urls: [], mentions: [], ...fields,
    });
    const writer = new LoadWriter(db);
    await writer.write(planBatch([{ accounts: [], tweets: [tweet("2", "b", { isRetweet: true, retweetOfId: "1", retweetOfAccountId: "a" })] }]), "t");
    await writer.write(planBatch([{ accounts: [], tweets: [tweet("1", "a", { text: "original", hashtags: ["x"] })] }]), "t");
    const rows = await readRows<{ stub: boolean; text: string; authors: string[]; tags: string[]; datasets: string[] }>(
      db,
      "MATCH (t:Tweet {id: '1'}) RETURN t.stub AS stub, t.text AS text, t.datasets AS datasets, [(a)-[:POSTED]->(t) | a.id] AS authors, [(t)-[:TAGS]->(h) | h.name] AS tags",
    );
    expect(rows).toEqual([{ stub: false, text: "original", datasets: ["t"], authors: ["a"], tags: ["x"] }]);
  });

  it("into a graph without tweets, builds the same graph without asking which tweets are present", async () => {
    const options = { batchRows: 500, rejectsFile: rejectsFile() };
    await emptyDatabase(db);
    const asked: string[] = [];
    await loadArchive(db, files, { ...options, onStatement: (name) => asked.push(name) });
    expect(asked).not.toContain("load-tweets-present");
    const skipping = await graphDigest(db);

    // The ordinary way: a graph holding one (unrelated) tweet makes the load ask; that tweet goes afterwards.
    await emptyDatabase(db);
    await writeTx(db, (tx) => tx.run("CREATE (:Tweet {id: 'placeholder'})"));
    asked.length = 0;
    await loadArchive(db, files, { ...options, onStatement: (name) => asked.push(name) });
    expect(asked).toContain("load-tweets-present");
    await writeTx(db, (tx) => tx.run("MATCH (t:Tweet {id: 'placeholder'}) DELETE t"));
    expect(skipping).toEqual(await graphDigest(db));
  });

  it("asks the graph again once it has written more tweets than it remembers, with the same graph", async () => {
    const options = { batchRows: 500, rejectsFile: rejectsFile() };
    await emptyDatabase(db);
    await loadArchive(db, files, options);
    const whole = await graphDigest(db);
    const remembered = writerDefaults.rememberedTweetIds;
    writerDefaults.rememberedTweetIds = 1000;
    try {
      await emptyDatabase(db);
      const asked: string[] = [];
      await loadArchive(db, files, { ...options, onStatement: (name) => asked.push(name) });
      expect(asked).toContain("load-tweets-present");
      expect(await graphDigest(db)).toEqual(whole);
    } finally {
      writerDefaults.rememberedTweetIds = remembered;
    }
  });

  it("writes a batch again the ordinary way when another writer created one of its tweets meanwhile", async () => {
    await emptyDatabase(db);
    await ensureDataset(db, "t", ["t.csv"]);
    const tweet = (id: string, accountId: string, fields: Partial<TweetRecord> = {}): TweetRecord => ({
      id, accountId, time: 1_500_000_000_000, timePrecision: "ms", isRetweet: false, hashtags: [], urls: [], mentions: [], ...fields,
    });
    const asked: string[] = [];
    const writer = new LoadWriter(db, { graphHeldNoTweets: true, onStatement: (name) => asked.push(name) });
    await new LoadWriter(db).write(planBatch([{ accounts: [], tweets: [tweet("1", "a", { hashtags: ["x"] })] }]), "t");
    await writer.write(planBatch([{ accounts: [], tweets: [tweet("1", "a", { text: "again", hashtags: ["x"] }), tweet("2", "b")] }]), "t");
    expect(asked).toContain("load-tweets-present");
    const rows = await readRows<{ id: string; text: string | null; authors: string[]; tags: string[] }>(
      db,
      "MATCH (t:Tweet) RETURN t.id AS id, t.text AS text, [(a)-[:POSTED]->(t) | a.id] AS authors, [(t)-[:TAGS]->(h) | h.name] AS tags ORDER BY id",
    );
    expect(rows).toEqual([
      { id: "1", text: "again", authors: ["a"], tags: ["x"] },
      { id: "2", text: null, authors: ["b"], tags: [] },
    ]);
  });
});
