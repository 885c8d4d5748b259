/**
 * co-retweet on a FiveThirtyEight/Clemson archive as the real files are: retweets whose text is the
 * retweeted tweet's, without "RT @name:". The fixture (test/fixtures/fivethirtyeight: the release's
 * layout and two files of the split-by-author copy) is loaded through the CLI into the real Neo4j.
 *
 * Hand count of the fixture's co-retweets (window 60 s, min participation 2, CooRTweet's whole network):
 *
 * | text retweeted                       | who, when (precise times from the tweet ids)                         | pairs within 60 s |
 * | "Early voting starts Monday…" (T1)   | AMERICANJANE_R 10:00:05.12, TEXAS_PAT_RIOT 10:00:20.48,              | J-T 15.36 s, J-M 44.93 s, |
 * |                                      | MIDWEST_MOMMA_B 10:00:50.05 (a doubled space), HASHTAG_GAMER_K 16:00 | T-M 29.57 s; gamer none   |
 * | "Polls close at 7pm…" (T2)           | AMERICANJANE_R 14:00:10.7, TEXAS_PAT_RIOT 14:00:40.9, MIDWEST 19:30  | J-T 30.2 s                |
 * | "RT @CityDeskNews: Council…"         | BLK_VOICE_NOW 20:10:00.25, WOKE_MARCUS 20:10:40.75                   | B-W 40.5 s                |
 * | "They never tell you…" (T4)          | BLK_VOICE_NOW 9:00:00.4, WOKE_MARCUS 9:00:30.1                       | B-W 29.7 s                |
 * | "Storm warning…" (T5)                | DAILY_SANDIEGO 8:00, HASHTAG_GAMER_K 13:00 (five hours apart)        | none                      |
 * | "Game night!…" (T6)                  | DAILY_SANDIEGO 11:00:00.1, HASHTAG_GAMER_K 11:03:00.2 (180 s apart)  | none                      |
 * | "Lower taxes…" (split layout, R)     | southlake_sue, riverside_ray, both 2016-10-09 17:45 (minute times)   | S-R 0 s                   |
 * | "Who else is watching…" (R and r)    | southlake_sue, riverside_ray, both 2016-10-10 01:02                  | S-R 0 s                   |
 *
 * Ties (weight = pairs of retweets): AMERICANJANE_R–TEXAS_PAT_RIOT 2, AMERICANJANE_R–MIDWEST_MOMMA_B 1,
 * TEXAS_PAT_RIOT–MIDWEST_MOMMA_B 1, BLK_VOICE_NOW–WOKE_MARCUS 2, southlake_sue–riverside_ray 2.
 * Groups: {AMERICANJANE_R, TEXAS_PAT_RIOT, MIDWEST_MOMMA_B}, {BLK_VOICE_NOW, WOKE_MARCUS},
 * {southlake_sue, riverside_ray}. DAILY_SANDIEGO and HASHTAG_GAMER_K share texts but never within 60 s.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disconnect, readRows, type Database } from "../src/db/driver.ts";
import { emptyDatabase, runCli, testDatabase } from "./helpers/db.ts";

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/fivethirtyeight/${name}`, import.meta.url));
const FILES = [fixture("IRAhandle_tweets_fixture.csv"), fixture("by-author/southlake_sue.csv"), fixture("by-author/riverside_ray.csv")];
const work = fs.mkdtempSync(path.join(os.tmpdir(), "coordgraph-538-"));

/** Archive account ids by handle (alt_external_id; the split layout's handle-keyed ids). */
const ID = {
  AMERICANJANE_R: "781234567890123776",
  TEXAS_PAT_RIOT: "3215437761",
  MIDWEST_MOMMA_B: "4224718853",
  DAILY_SANDIEGO: "2890153344",
  BLK_VOICE_NOW: "760011223344556032",
  WOKE_MARCUS: "4868812290",
  HASHTAG_GAMER_K: "2571234098",
  southlake_sue: "name:southlake_sue",
  riverside_ray: "name:riverside_ray",
};

type Row = Record<string, string>;
const readCsv = (file: string): Row[] => parse(fs.readFileSync(file), { columns: true, skip_empty_lines: true }) as Row[];
const tie = (a: string, b: string) => (a < b ? `${a} ${b}` : `${b} ${a}`);

let db: Database;

beforeAll(async () => {
  db = await testDatabase();
  await emptyDatabase(db);
  const load = await runCli(["load", ...FILES, "--dataset", "ira-538", "--rejects", path.join(work, "rejects.csv"), "--json", "--quiet"]);
  expect(load.code, load.stderr).toBe(0);
  expect(JSON.parse(load.stdout)).toMatchObject({ rejected: 0 });
});

afterAll(async () => {
  await disconnect();
  fs.rmSync(work, { recursive: true, force: true });
});

describe("a 538-layout archive in the graph", () => {
  it("meets each text's retweets at one original whose author is unknown, which holds the text", async () => {
    const rows = await readRows<{ text: string; retweets: number; authors: number }>(
      db,
      `MATCH (o:Tweet {authorUnknown: true})<-[:RETWEET_OF]-(r:Tweet)
       RETURN o.text AS text, count(r) AS retweets, COUNT { (o)<-[:POSTED]-() } AS authors ORDER BY text`,
    );
    expect(rows.map((r) => [r.text.slice(0, 20), r.retweets, r.authors])).toEqual([
      ["Early voting starts ", 4, 0],
      ["Game night! Name you", 2, 0],
      ["Lower taxes, safer s", 2, 0],
      ["Polls close at 7pm s", 3, 0],
      ["Storm warning issued", 2, 0],
      ["They never tell you ", 2, 0],
      ["Who else is watching", 2, 0],
    ]);
  });

  it("keeps RT @name's author, resolved to the archive's account of that name", async () => {
    const rows = await readRows<{ author: string; retweets: number; unknown: boolean | null }>(
      db,
      `MATCH (a:Account)-[:POSTED]->(o:Tweet {stub: true})<-[:RETWEET_OF]-(r:Tweet)
       RETURN a.id AS author, count(r) AS retweets, o.authorUnknown AS unknown ORDER BY author`,
    );
    expect(rows).toEqual([
      { author: ID.DAILY_SANDIEGO, retweets: 1, unknown: null },
      { author: "name:citydesknews", retweets: 2, unknown: null },
    ]);
  });

  it("links quotes to the tweet their permalink names, by id, its author resolved by screen name", async () => {
    const rows = await readRows<{ quoter: string; quoted: string; author: string; stub: boolean }>(
      db,
      `MATCH (a:Account)-[:POSTED]->(:Tweet)-[:QUOTES]->(o:Tweet)<-[:POSTED]-(b:Account)
       RETURN a.id AS quoter, o.id AS quoted, b.id AS author, o.stub AS stub ORDER BY quoter`,
    );
    expect(rows).toEqual([
      { quoter: ID.TEXAS_PAT_RIOT, quoted: "783683708908539911", author: "name:realnewsguy", stub: true },
      { quoter: ID.MIDWEST_MOMMA_B, quoted: "783683708908539911", author: "name:realnewsguy", stub: true },
      { quoter: ID.AMERICANJANE_R, quoted: "782479026555101185", author: ID.DAILY_SANDIEGO, stub: false },
    ]);
  });
});

describe("co-retweet on a 538-layout archive", () => {
  it("finds the ties and groups of the hand count (CooRTweet's whole network)", async () => {
    const out = path.join(work, "co-retweet-all");
    const run = await runCli(["run", "co-retweet", "--network", "all", "--out", out, "--json", "--quiet"]);
    expect(run.code, run.stderr).toBe(0);
    const ties = readCsv(path.join(out, "edges.csv")).map((e) => [tie(e.source!, e.target!), Number(e.weight)]);
    expect(new Map(ties as Array<[string, number]>)).toEqual(
      new Map([
        [tie(ID.AMERICANJANE_R, ID.TEXAS_PAT_RIOT), 2],
        [tie(ID.AMERICANJANE_R, ID.MIDWEST_MOMMA_B), 1],
        [tie(ID.TEXAS_PAT_RIOT, ID.MIDWEST_MOMMA_B), 1],
        [tie(ID.BLK_VOICE_NOW, ID.WOKE_MARCUS), 2],
        [tie(ID.southlake_sue, ID.riverside_ray), 2],
      ]),
    );
    const groups = new Map<string, string[]>();
    for (const node of readCsv(path.join(out, "nodes.csv"))) {
      if (node.community === "") continue;
      groups.set(node.community!, [...(groups.get(node.community!) ?? []), node.id!].sort());
    }
    expect([...groups.values()].sort()).toEqual(
      [
        [ID.AMERICANJANE_R, ID.MIDWEST_MOMMA_B, ID.TEXAS_PAT_RIOT].sort(),
        [ID.BLK_VOICE_NOW, ID.WOKE_MARCUS].sort(),
        [ID.riverside_ray, ID.southlake_sue],
      ].sort(),
    );
  });

  it("labels an original whose author is unknown by its text in the evidence", async () => {
    const out = path.join(work, "co-retweet-all");
    const textKeyed = readCsv(path.join(out, "evidence.csv")).filter((e) => e.object!.startsWith("538rt:text:"));
    expect(new Set(textKeyed.map((e) => e.label))).toEqual(
      new Set([
        "Early voting starts Monday in Ohio. Bring ID and a friend! https://t.co/Fx1aBcDeFg",
        "Polls close at 7pm sharp. Every single vote counts #VoteNow https://t.co/Pq2RsTuVwX",
        "They never tell you about the cuts to school lunches https://t.co/Kq9ZyXwVuT",
        "Lower taxes, safer streets. Pass it on.",
        "Who else is watching the debate tonight? #DebateNight",
      ]),
    );
  });

  it("reports retweeted accounts without the originals whose author is unknown, and their texts among retweeted tweets", async () => {
    const out = path.join(work, "co-retweet-all");
    const report = await runCli(["report", out, "--format", "md", "--out", path.join(work, "co-retweet.md"), "--quiet"]);
    expect(report.code, report.stderr).toBe(0);
    const md = fs.readFileSync(path.join(work, "co-retweet.md"), "utf8");
    expect(md).toContain("citydesknews");
    expect(md).toContain("Early voting starts Monday in Ohio.");
    expect(md).not.toMatch(/undefined|null|NaN/);
  });
});

describe("summary on a 538-layout archive", () => {
  it("says how many retweets name no author, which the most retweeted accounts cannot count", async () => {
    const run = await runCli(["run", "summary", "--out", path.join(work, "summary"), "--json", "--quiet"]);
    expect(run.code, run.stderr).toBe(0);
    // 20 retweets in the fixture: 17 of texts without "RT @name:" (7 originals), 3 naming their author.
    expect(JSON.parse(run.stdout).summary.retweetsOfUnknownAuthors).toBe(17);
    const report = await runCli(["report", path.join(work, "summary"), "--format", "md", "--out", path.join(work, "summary.md"), "--quiet"]);
    expect(report.code, report.stderr).toBe(0);
    expect(fs.readFileSync(path.join(work, "summary.md"), "utf8")).toMatch(/retweets whose original's author the source does not name \(not in the most retweeted accounts\)\W+17/);
  });
});
