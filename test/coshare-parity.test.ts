/**
 * Parity with CooRTweet 2.1.3 on its own sample data: `detect_groups` and
 * `generate_coordinated_network` as CooRTweet computed them (test/fixtures/coortweet/coortweet-reference),
 * compared row for row, every column. Edges are matched as undirected account pairs: CooRTweet
 * writes from/to in igraph's vertex order, coordgraph in code-point order.
 */
import { readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import {
  buildCoordinatedNetwork,
  buildCoordinatedNetworkWithFast,
  compareCodePoints,
  coordinatedPairsFromTable,
  detectCoordinatedPairs,
  detectCoordinatedPairTable,
  flagFastPairTable,
  shareTableFromShares,
  type CoordinatedPair,
  type CoordinationEdgeStats,
  type Share,
} from "../src/core/coshare.ts";

/** flag_speed_share over the pairs detected at `timeWindowSeconds`, one boolean per pair in pair order. */
function fastFlags(shares: readonly Share[], options: Parameters<typeof flagFastPairTable>[1], timeWindowSeconds = 60): boolean[] {
  const table = detectCoordinatedPairTable(shareTableFromShares(shares), { timeWindowSeconds });
  return Array.from(flagFastPairTable(table, options), (flag) => flag === 1);
}

const dataDir = new URL("./fixtures/coortweet/", import.meta.url);

type Row = Record<string, string>;

function readCsv(name: string): Row[] {
  return parse(readFileSync(new URL(name, dataDir), "utf8"), { columns: true, skip_empty_lines: true });
}

const shares: Share[] = readCsv("russian_coord_tweets.csv").map((row) => ({
  objectId: row.object_id,
  accountId: row.account_id,
  contentId: row.content_id,
  timestamp: Number(row.timestamp_share),
}));

function referencePairKeys(window: number): string[] {
  return readCsv(`coortweet-reference/russian_coord_tweets.tw${window}.groups.csv`).map((row) =>
    [row.object_id, row.content_id, row.content_id_y, row.time_delta, row.account_id, row.account_id_y].join(","),
  );
}

/** CooRTweet's from/to is igraph's vertex order (first appearance), not id order: key the undirected edge. */
function undirectedKey(from: string, to: string): string {
  return compareCodePoints(from, to) < 0 ? `${from},${to}` : `${to},${from}`;
}

function expectSameEdgeStats(actual: CoordinationEdgeStats, row: Row): void {
  expect(actual.weight).toBe(Number(row.weight));
  expect(Math.abs(actual.avgTimeDelta - Number(row.avg_time_delta))).toBeLessThan(1e-9);
  expect(actual.nContentId).toBe(Number(row.n_content_id));
  expect(actual.nContentIdY).toBe(Number(row.n_content_id_y));
  expect(Math.abs(actual.edgeSymmetryScore - Number(row.edge_symmetry_score))).toBeLessThan(1e-9);
  expect(actual.weightThreshold).toBe(Number(row.weight_threshold));
}

function pairKey(pair: CoordinatedPair): string {
  return [pair.objectId, pair.contentId, pair.contentIdY, String(pair.timeDelta), pair.accountId, pair.accountIdY].join(",");
}

describe.each([
  { window: 10, pairCount: 447, edgeCount: 442 },
  { window: 60, pairCount: 3791, edgeCount: 3721 },
])("russian_coord_tweets, time window $window s", ({ window, pairCount, edgeCount }) => {
  const reference = `coortweet-reference/russian_coord_tweets.tw${window}`;

  const started = performance.now();
  const table = shareTableFromShares(shares);
  const interned = performance.now();
  const pairTable = detectCoordinatedPairTable(table, { timeWindowSeconds: window, minParticipation: 2, removeLoops: true });
  const detected = performance.now();
  const edges = buildCoordinatedNetwork(pairTable, { edgeWeightQuantile: 0.5 });
  const finished = performance.now();
  const pairs = coordinatedPairsFromTable(pairTable);
  console.log(
    `coshare tw${window}: ${shares.length} shares -> ${pairs.length} pairs, ${edges.length} edges in ` +
      `${(finished - started).toFixed(1)} ms (intern ${(interned - started).toFixed(1)}, ` +
      `detect ${(detected - interned).toFixed(1)}, network ${(finished - detected).toFixed(1)})`,
  );

  it("finds exactly CooRTweet's pairs, every column", () => {
    const expected = referencePairKeys(window);
    expect(expected).toHaveLength(pairCount);
    expect(pairs.map(pairKey).sort()).toEqual(expected.sort());
  });

  it("builds exactly CooRTweet's edges, every attribute", () => {
    const expected = readCsv(`${reference}.edges.csv`);
    expect(expected).toHaveLength(edgeCount);
    expect(edges).toHaveLength(edgeCount);
    expect(edges.every((edge) => compareCodePoints(edge.from, edge.to) < 0)).toBe(true);
    const byAccounts = new Map(edges.map((edge) => [undirectedKey(edge.from, edge.to), edge]));
    for (const row of expected) {
      // Content counts are not tied to from/to in CooRTweet either, so they compare as they are.
      const edge = byAccounts.get(undirectedKey(row.from, row.to));
      expect(edge, `edge ${row.from},${row.to}`).toBeDefined();
      expectSameEdgeStats(edge!, row);
    }
  });
});

describe("russian_coord_tweets, fast sub-network", () => {
  // On this data, flag_speed_share at 10 s on the 60 s pairs keeps exactly the pairs that
  // detect_groups finds at 10 s, so the fast network must equal CooRTweet's 10 s network.
  const pairs = detectCoordinatedPairs(shares, { timeWindowSeconds: 60 });
  const fast = fastFlags(shares, { fastWindowSeconds: 10, minParticipation: 2 });

  it("flags CooRTweet's 10 s pairs among the 60 s pairs", () => {
    const fastPairs = pairs.filter((_, i) => fast[i]);
    expect(fastPairs.map(pairKey).sort()).toEqual(referencePairKeys(10).sort());
  });

  it("flags the same pairs from the pair table", () => {
    const table = detectCoordinatedPairTable(shareTableFromShares(shares), { timeWindowSeconds: 60 });
    expect(Array.from(flagFastPairTable(table, { fastWindowSeconds: 10, minParticipation: 2 }), (flag) => flag === 1)).toEqual(fast);
  });

  it("aggregates the fast network as CooRTweet's 10 s network, thresholded over fast weights", () => {
    const edges = buildCoordinatedNetworkWithFast(pairs, fast);
    const fastEdges = new Map(edges.filter((edge) => edge.fast !== null).map((edge) => [undirectedKey(edge.from, edge.to), edge.fast!]));
    const expected = readCsv("coortweet-reference/russian_coord_tweets.tw10.edges.csv");
    expect(fastEdges.size).toBe(expected.length);
    for (const row of expected) {
      const stats = fastEdges.get(undirectedKey(row.from, row.to));
      expect(stats, `fast edge ${row.from},${row.to}`).toBeDefined();
      expectSameEdgeStats(stats!, row);
    }
  });
});
