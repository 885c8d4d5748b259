/**
 * The bulk path replaces the whole database of its server: it stops the server, imports and starts
 * it again. It runs on the test server, whose data every test file wipes first anyway (a server of
 * this file's own would cost one more JVM start and stop); the server is up again when it ends.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serverConfigFromEnv } from "../src/db/config.ts";
import { cypher } from "../src/db/cypher.ts";
import { connect, disconnect, readRows, type Database } from "../src/db/driver.ts";
import { bulkLoadArchive } from "../src/load/bulk.ts";
import { loadArchive, type LoadSummary } from "../src/load/load.ts";
import { generateArchive } from "../src/synth/index.ts";
import { emptyDatabase, runCli } from "./helpers/db.ts";
import { graphDigest, type GraphDigest } from "./helpers/graph-digest.ts";

const config = serverConfigFromEnv();

/** A v1 JSON stream of 2,400 retweets of three originals, embedded again in every reader batch of 1,000 lines. */
function retweetStream(file: string): void {
  const user = (id: string) => ({ id_str: id, screen_name: `user${id}`, name: `User ${id}`, followers_count: 10, friends_count: 5, created_at: "Mon Nov 17 10:00:00 +0000 2014" });
  const lines: string[] = [];
  for (let i = 0; i < 2400; i++) {
    const original = String(900000000000000000n + BigInt(i % 3));
    const seconds = 1_520_000_000 + i;
    lines.push(
      JSON.stringify({
        created_at: new Date(seconds * 1000).toUTCString().replace(/^(\w+), (\d+) (\w+) (\d+) (.*) GMT$/, "$1 $3 $2 $5 +0000 $4"),
        id_str: String(950000000000000000n + BigInt(i)),
        text: `RT @user7: original ${i % 3}`,
        user: user(String(1000 + (i % 40))),
        retweeted_status: {
          created_at: "Sat Mar 10 14:03:15 +0000 2018",
          id_str: original,
          text: `original ${i % 3} #same https://example.org/${i % 3}`,
          user: user("7"),
          // The count grows as the stream goes on: a later copy's value must win, as with the driver.
          retweet_count: i,
          entities: { hashtags: [{ text: "same" }], urls: [{ expanded_url: `https://example.org/${i % 3}` }], user_mentions: [] },
        },
        entities: { hashtags: [], urls: [], user_mentions: [{ id_str: "7", screen_name: "user7" }] },
        lang: "en",
      }),
    );
  }
  fs.writeFileSync(file, `${lines.join("\n")}\n`);
}

describe("the bulk load path", () => {
  let work: string;
  let files: string[];
  let driverLoad: LoadSummary;
  let driverGraph: GraphDigest;

  const database = async (): Promise<Database> => connect({ config });

  beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "coordgraph-bulk-input-"));
    const summary = await generateArchive({ tweets: 4000, accounts: 80, outDir: work, seed: 5 });
    retweetStream(path.join(work, "retweets.jsonl"));
    // Screen names: FiveThirtyEight and v2 mentions and "RT @name" resolved after the import as after a driver load.
    const screenNames = ["screen-names-538-bob.csv", "screen-names-538-alice.csv", "screen-names-v2.jsonl"].map((name) => fileURLToPath(new URL(`./fixtures/formats/${name}`, import.meta.url)));
    // FiveThirtyEight's retweets keyed by text (authorUnknown stubs holding the text) and quotes by permalink.
    const fiveThirtyEight = ["IRAhandle_tweets_fixture.csv", "by-author/southlake_sue.csv", "by-author/riverside_ray.csv"].map((name) => fileURLToPath(new URL(`./fixtures/fivethirtyeight/${name}`, import.meta.url)));
    files = [summary.files.tweets, summary.files.users, path.join(work, "retweets.jsonl"), ...screenNames, ...fiveThirtyEight];
    const start = await runCli(["db", "start", "--json"]);
    expect(start.code, start.stderr).toBe(0);
    const db = await database();
    await emptyDatabase(db);
    driverLoad = await loadArchive(db, files, { rejectsFile: path.join(work, "rejects.csv") });
    driverGraph = await graphDigest(db);
  });

  afterAll(async () => {
    await disconnect();
    fs.rmSync(work, { recursive: true, force: true });
  });

  it("builds exactly the graph the driver path builds from the same files", async () => {
    await emptyDatabase(await database());
    const bulkLoad = await bulkLoadArchive(config, files, { rejectsFile: path.join(work, "rejects.csv") });
    expect(await graphDigest(await database())).toEqual(driverGraph);
    expect(driverGraph.nodes.Tweet!.count).toBeGreaterThan(4000);
    // The 538 fixture adds 2 accounts met by name (quoted and "RT @name" authors) and 4 links to them.
    expect(driverLoad.screenNames).toEqual({ accountsResolved: 6, linksResolved: 17 });
    const { seconds, rowsPerSecond, tweetsPerSecond, ...same } = driverLoad;
    expect(bulkLoad).toMatchObject(same);
  });

  it("keeps what the last batch's copy of a repeated tweet says, and the schema's constraints", async () => {
    const db = await database();
    const original = await readRows<{ retweets: number; datasets: string[] }>(db, "MATCH (t:Tweet {id: '900000000000000002'}) RETURN t.retweetCount AS retweets, t.datasets AS datasets");
    // Line 2001 starts the last reader batch (1,000 lines), whose first copy of the original is line 2001's (i = 2000).
    expect(original).toEqual([{ retweets: 2000, datasets: ["retweets"] }]);
    expect(await readRows(db, cypher("show-constraints"))).toHaveLength(7);
  });

  it("refuses a database that is not empty, as one line with a hint", async () => {
    const result = await runCli(["load", "--bulk", files[0]!, "--json"]);
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout).error).toMatchObject({ code: "DATABASE_NOT_EMPTY" });
  });

  it("refuses an external server (NEO4J_URI)", async () => {
    const result = await runCli(["load", "--bulk", files[0]!], { NEO4J_URI: config.uri });
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toMatch(/^error\[BULK_NEEDS_LOCAL_SERVER\]/);
  });
});
