/**
 * CooRTweet parity end to end: russian_coord_tweets.csv loaded through `coordgraph load` as retweets,
 * then `coordgraph run co-retweet --window 10|60`, reproduces CooRTweet's own pairs and edges row for
 * row (edges as undirected pairs: CooRTweet orders from/to by igraph vertex order).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import { emptyDatabase, runCli, testDatabase } from "./helpers/db.ts";
import { coortweetReferenceCsv, russianCoordTweetsCsv } from "./helpers/fixtures.ts";

type Row = Record<string, string>;
const readCsv = (file: string): Row[] => parse(fs.readFileSync(file), { columns: true, skip_empty_lines: true }) as Row[];
const reference = (window: number, kind: "groups" | "edges") => readCsv(coortweetReferenceCsv(window, kind));
const work = fs.mkdtempSync(path.join(os.tmpdir(), "coordgraph-parity-"));

beforeAll(async () => {
  const db = await testDatabase();
  await emptyDatabase(db);
  const load = await runCli(["load", russianCoordTweetsCsv, "--format", "shares", "--object-kind", "retweet", "--quiet"]);
  expect(load.code, load.stderr).toBe(0);
});

describe.each([10, 60])("co-retweet with a %i s window", (window) => {
  it("reproduces CooRTweet's pairs and edges row for row", async () => {
    const outDir = path.join(work, `tw${window}`);
    const run = await runCli(["run", "co-retweet", "--window", String(window), "--out", outDir, "--json", "--quiet"]);
    expect(run.code, run.stderr).toBe(0);
    const summary = JSON.parse(run.stdout);
    expect(summary.timings.pairs).toBeLessThan(5); // printed figure; CooRTweet needs ~10 s
    // A few thousand pairs: CooRTweet's pair table is written without --pairs, and run.json says why.
    expect(summary.summary.pairTable).toMatch(/^written \([\d,]+ pairs, within 1,000,000\)$/);

    const pairKey = (r: Row) => [r.object_id, r.content_id, r.content_id_y, Number(r.time_delta), r.account_id, r.account_id_y].join(",");
    const expectedPairs = reference(window, "groups").map(pairKey).sort();
    const actualPairs = readCsv(path.join(outDir, "pairs.csv")).map(pairKey).sort();
    expect(actualPairs).toEqual(expectedPairs);

    const undirected = (a: string, b: string) => (a < b ? `${a},${b}` : `${b},${a}`);
    const expectedEdges = new Map(reference(window, "edges").map((r) => [undirected(r.from!, r.to!), r]));
    const actualEdges = readCsv(path.join(outDir, "edges.csv"));
    expect(actualEdges.length).toBe(expectedEdges.size);
    for (const edge of actualEdges) {
      const ref = expectedEdges.get(undirected(edge.source!, edge.target!));
      expect(ref, `${edge.source}-${edge.target}`).toBeDefined();
      expect(Number(edge.weight)).toBe(Number(ref!.weight));
      expect(Number(edge.avgTimeDelta)).toBeCloseTo(Number(ref!.avg_time_delta), 9);
      expect(Number(edge.nContentId)).toBe(Number(ref!.n_content_id));
      expect(Number(edge.nContentIdY)).toBe(Number(ref!.n_content_id_y));
      expect(Number(edge.edgeSymmetryScore)).toBeCloseTo(Number(ref!.edge_symmetry_score), 9);
      expect(Number(edge.weightThreshold)).toBe(Number(ref!.weight_threshold));
    }
  });
});
