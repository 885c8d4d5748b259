/**
 * The co-share core, behaviour by behaviour (CooRTweet 2.1.3 semantics; see
 * docs/COORTWEET-SEMANTICS.md). Parity on real data: coshare-parity.test.ts.
 */
import { describe, expect, it } from "vitest";
import { UsageError } from "../src/errors.ts";
import { seededRng } from "../src/util/rng.ts";
import {
  buildCoordinatedNetwork,
  buildCoordinatedNetworkTable,
  buildCoordinatedNetworkWithFast,
  coShareDefaults,
  compareCodePoints,
  detectCoordinatedPairs,
  detectCoordinatedPairTable,
  flagFastPairTable,
  shareTableFromShares,
  type CoordinatedPair,
  type Share,
} from "../src/core/coshare.ts";

function share(objectId: string, accountId: string, contentId: string, timestamp: number): Share {
  return { objectId, accountId, contentId, timestamp };
}

/** flag_speed_share over the pairs detected at `timeWindowSeconds`, one boolean per pair in pair order. */
function fastFlags(shares: readonly Share[], options: Parameters<typeof flagFastPairTable>[1], timeWindowSeconds = 60): boolean[] {
  const table = detectCoordinatedPairTable(shareTableFromShares(shares), { timeWindowSeconds });
  return Array.from(flagFastPairTable(table, options), (flag) => flag === 1);
}

function pair(objectId: string, contentId: string, contentIdY: string, timeDelta: number, accountId: string, accountIdY: string): CoordinatedPair {
  return { objectId, contentId, contentIdY, timeDelta, accountId, accountIdY };
}

/** Pairs as "earlier-later" content ids, for short assertions. */
function contentPairs(pairs: CoordinatedPair[]): string[] {
  return pairs.map((p) => `${p.contentId}-${p.contentIdY}`);
}

const everyAccount = { minParticipation: 1 };

describe("detectCoordinatedPairs (CooRTweet detect_groups)", () => {
  it("pairs two accounts sharing an object within the window, the earlier share first", () => {
    const pairs = detectCoordinatedPairs([share("t", "b", "rb", 105), share("t", "a", "ra", 100)], { ...everyAccount, timeWindowSeconds: 10 });
    expect(pairs).toEqual([pair("t", "ra", "rb", 5, "a", "b")]);
  });

  it("includes the window boundary", () => {
    const pairs = detectCoordinatedPairs([share("t", "a", "ra", 0), share("t", "b", "rb", 10)], { ...everyAccount, timeWindowSeconds: 10 });
    expect(contentPairs(pairs)).toEqual(["ra-rb"]);
  });

  it("does not pair shares just beyond the window", () => {
    const pairs = detectCoordinatedPairs([share("t", "a", "ra", 0), share("t", "b", "rb", 10.001)], { ...everyAccount, timeWindowSeconds: 10 });
    expect(pairs).toEqual([]);
  });

  it("does not chain pairs: 0, 8 and 16 s with a 10 s window give A-B and B-C, not A-C", () => {
    const shares = [share("t", "a", "ra", 0), share("t", "b", "rb", 8), share("t", "c", "rc", 16)];
    expect(contentPairs(detectCoordinatedPairs(shares, { ...everyAccount, timeWindowSeconds: 10 }))).toEqual(["ra-rb", "rb-rc"]);
  });

  it("pairs every two shares within the window, not only neighbours", () => {
    const shares = [share("t", "a", "ra", 0), share("t", "b", "rb", 4), share("t", "c", "rc", 8)];
    expect(contentPairs(detectCoordinatedPairs(shares, { ...everyAccount, timeWindowSeconds: 10 }))).toEqual(["ra-rb", "ra-rc", "rb-rc"]);
  });

  it("only pairs shares of the same object", () => {
    const shares = [share("t1", "a", "ra", 0), share("t2", "b", "rb", 1)];
    expect(detectCoordinatedPairs(shares, everyAccount)).toEqual([]);
  });

  it("keeps fractional seconds (millisecond sources)", () => {
    const pairs = detectCoordinatedPairs([share("t", "a", "ra", 1.25), share("t", "b", "rb", 1.75)], { ...everyAccount, timeWindowSeconds: 0.5 });
    expect(pairs.map((p) => p.timeDelta)).toEqual([0.5]);
  });

  it("uses the 60 s window of coShareDefaults when none is given", () => {
    const shares = [share("t", "a", "ra", 0), share("t", "b", "rb", 60), share("t", "c", "rc", 121)];
    expect(coShareDefaults.timeWindowSeconds).toBe(60);
    expect(contentPairs(detectCoordinatedPairs(shares, everyAccount))).toEqual(["ra-rb"]);
  });

  it("removes a loop: two shares by the same account", () => {
    const shares = [share("t", "a", "r1", 0), share("t", "a", "r2", 1)];
    expect(detectCoordinatedPairs(shares, everyAccount)).toEqual([]);
  });

  it("removes a loop: the same share twice", () => {
    const shares = [share("t", "a", "r1", 0), share("t", "b", "r1", 1)];
    expect(detectCoordinatedPairs(shares, everyAccount)).toEqual([]);
  });

  it("removes a loop: a share whose content id is the object itself", () => {
    const shares = [share("t", "a", "t", 0), share("t", "b", "rb", 1)];
    expect(detectCoordinatedPairs(shares, everyAccount)).toEqual([]);
  });

  it("keeps loops when removeLoops is false", () => {
    const shares = [share("t", "a", "r1", 0), share("t", "a", "r2", 1)];
    expect(contentPairs(detectCoordinatedPairs(shares, { ...everyAccount, removeLoops: false }))).toEqual(["r1-r2"]);
  });

  it("drops accounts with fewer than minParticipation shares in the whole input before pairing", () => {
    const shares = [
      share("t1", "a", "a1", 0),
      share("t1", "b", "b1", 1),
      share("t2", "a", "a2", 100),
      share("t2", "c", "c2", 101),
      share("t3", "a", "a3", 200),
      share("t3", "c", "c3", 201),
    ];
    // b shares once: its share of t1 never pairs, although a (who qualifies) shares t1 a second earlier.
    expect(contentPairs(detectCoordinatedPairs(shares, { minParticipation: 2 }))).toEqual(["a2-c2", "a3-c3"]);
  });

  it("drops a pair when neither account takes part in minParticipation coordinated shares", () => {
    // a and b pass the pre-filter (two shares each) but coordinate only once.
    const shares = [share("t1", "a", "a1", 0), share("t1", "b", "b1", 1), share("t2", "a", "a2", 500), share("t3", "b", "b3", 900)];
    expect(detectCoordinatedPairs(shares, { minParticipation: 2 })).toEqual([]);
  });

  it("keeps an account with one coordinated share when its partner qualifies", () => {
    // a coordinates twice (with b, then with c); c coordinates only once but its pair survives.
    const shares = [
      share("t1", "a", "a1", 0),
      share("t1", "b", "b1", 1),
      share("t2", "a", "a2", 100),
      share("t2", "c", "c2", 101),
      share("t3", "b", "b3", 500),
      share("t4", "c", "c4", 900),
    ];
    expect(contentPairs(detectCoordinatedPairs(shares, { minParticipation: 2 }))).toEqual(["a1-b1", "a2-c2"]);
  });

  it("orders simultaneous shares in input order", () => {
    const pairs = detectCoordinatedPairs([share("t", "a", "ra", 7), share("t", "b", "rb", 7)], everyAccount);
    expect(pairs).toEqual([pair("t", "ra", "rb", 0, "a", "b")]);
  });

  it("orders simultaneous shares by their accounts' first appearance, as CooRTweet's regrouping by account does", () => {
    // b appears first (row 0), so b's share of t is "earlier" although a's is listed before it.
    const shares = [share("x", "b", "b0", 500), share("t", "a", "ra", 7), share("t", "b", "rb", 7)];
    expect(detectCoordinatedPairs(shares, everyAccount)).toEqual([pair("t", "rb", "ra", 0, "b", "a")]);
  });

  it("never pairs a share without a finite timestamp", () => {
    const shares = [share("t", "a", "ra", Number.NaN), share("t", "b", "rb", 0)];
    expect(detectCoordinatedPairs(shares, everyAccount)).toEqual([]);
  });

  it("returns no pairs for no shares", () => {
    expect(detectCoordinatedPairs([])).toEqual([]);
  });

  it("returns no pairs for one account", () => {
    const shares = [share("t", "a", "r1", 0), share("t", "a", "r2", 1), share("t", "a", "r3", 2)];
    expect(detectCoordinatedPairs(shares)).toEqual([]);
  });

  it("rejects a negative window with a usage error naming the option", () => {
    expect(() => detectCoordinatedPairs([], { timeWindowSeconds: -1 })).toThrowError(
      expect.objectContaining({ code: "BAD_OPTION", location: expect.objectContaining({ field: "timeWindowSeconds" }) }),
    );
    expect(() => detectCoordinatedPairs([], { minParticipation: 0 })).toThrow(UsageError);
  });

  it("gives the same pairs from a share table as from share objects", () => {
    const shares = [share("t", "b", "rb", 3), share("t", "a", "ra", 0), share("t", "c", "rc", 9)];
    const table = detectCoordinatedPairTable(shareTableFromShares(shares), everyAccount);
    expect(Array.from(table.earlierRow)).toEqual([1, 1, 0]);
    expect(Array.from(table.laterRow)).toEqual([0, 2, 2]);
  });
});

describe("buildCoordinatedNetwork (CooRTweet generate_coordinated_network)", () => {
  it("makes one undirected edge per pair of accounts, from < to in code-point order", () => {
    const edges = buildCoordinatedNetwork([pair("t", "r1", "r2", 3, "b", "a")]);
    expect(edges.map((e) => [e.from, e.to])).toEqual([["a", "b"]]);
  });

  it("weighs an edge by its number of pairs and averages their time deltas", () => {
    const edges = buildCoordinatedNetwork([pair("t1", "a1", "b1", 2, "a", "b"), pair("t2", "b2", "a2", 5, "b", "a")]);
    expect(edges).toMatchObject([{ from: "a", to: "b", weight: 2, avgTimeDelta: 3.5 }]);
  });

  it("counts distinct earlier and later shares, not shares of from and to", () => {
    // b's share r0 is earlier in both pairs: one distinct earlier share, two later ones.
    const edges = buildCoordinatedNetwork([pair("t", "r0", "r1", 1, "b", "a"), pair("t", "r0", "r2", 2, "b", "a")]);
    expect(edges).toMatchObject([{ from: "a", to: "b", nContentId: 1, nContentIdY: 2, edgeSymmetryScore: 0.5 }]);
  });

  it("flags nothing when all weights are equal (strictly above the quantile)", () => {
    const edges = buildCoordinatedNetwork([pair("t", "r1", "r2", 1, "a", "b"), pair("t", "r3", "r4", 1, "c", "d")]);
    expect(edges.map((e) => e.weightThreshold)).toEqual([0, 0]);
  });

  it("flags edges above R's type-7 quantile, interpolating between weights", () => {
    // Weights 1, 2, 3, 4: the median is 2.5.
    const pairs = [
      pair("t", "x1", "y1", 0, "a", "b"),
      ...[1, 2].map((i) => pair("t", `x2${i}`, `y2${i}`, 0, "a", "c")),
      ...[1, 2, 3].map((i) => pair("t", `x3${i}`, `y3${i}`, 0, "a", "d")),
      ...[1, 2, 3, 4].map((i) => pair("t", `x4${i}`, `y4${i}`, 0, "a", "e")),
    ];
    const table = buildCoordinatedNetworkTable(pairs, { edgeWeightQuantile: 0.5 });
    expect(table.thresholdWeight).toBe(2.5);
    expect(buildCoordinatedNetwork(pairs).map((e) => [e.to, e.weightThreshold])).toEqual([
      ["b", 0],
      ["c", 0],
      ["d", 1],
      ["e", 1],
    ]);
  });

  it("returns no edges for no pairs", () => {
    expect(buildCoordinatedNetwork([])).toEqual([]);
  });

  it("rejects a quantile outside 0..1", () => {
    expect(() => buildCoordinatedNetwork([], { edgeWeightQuantile: 1.5 })).toThrowError(expect.objectContaining({ code: "BAD_OPTION" }));
  });

  it("orders account ids by code point, not UTF-16 code unit", () => {
    // U+FF21 (one code unit, 0xFF21) is below U+1F600 (surrogates 0xD83D 0xDE00) by code point.
    const edges = buildCoordinatedNetwork([pair("t", "r1", "r2", 0, "\u{1F600}", "\uFF21")]);
    expect([edges[0].from, edges[0].to]).toEqual(["\uFF21", "\u{1F600}"]);
    expect(compareCodePoints("\uFF21", "\u{1F600}")).toBeLessThan(0);
  });
});

describe("fast sub-network (CooRTweet flag_speed_share)", () => {
  // a and b coordinate on t1 (2 s) and t2 (4 s); a and c on t3 (30 s) and t4 (40 s).
  const shares = [
    share("t1", "a", "a1", 0),
    share("t1", "b", "b1", 2),
    share("t2", "a", "a2", 100),
    share("t2", "b", "b2", 104),
    share("t3", "a", "a3", 200),
    share("t3", "c", "c3", 230),
    share("t4", "a", "a4", 300),
    share("t4", "c", "c4", 340),
  ];
  const pairs = detectCoordinatedPairs(shares, { timeWindowSeconds: 60 });

  it("marks the pairs within the fast window", () => {
    expect(fastFlags(shares, { fastWindowSeconds: 10, minParticipation: 2 })).toEqual([true, true, false, false]);
  });

  it("applies the participation filter to the fast pairs alone", () => {
    // Only the 2 s pair is fast at 3 s: a and b then coordinate once, below minParticipation 2.
    expect(fastFlags(shares, { fastWindowSeconds: 3, minParticipation: 2 })).toEqual([false, false, false, false]);
    expect(fastFlags(shares, { fastWindowSeconds: 3, minParticipation: 1 })).toEqual([true, false, false, false]);
  });

  it("gives the same flags from a pair table", () => {
    const table = detectCoordinatedPairTable(shareTableFromShares(shares), { timeWindowSeconds: 60 });
    expect(Array.from(flagFastPairTable(table, { fastWindowSeconds: 10 }))).toEqual([1, 1, 0, 0]);
  });

  it("aggregates fast pairs per edge and leaves edges without fast pairs null", () => {
    const edges = buildCoordinatedNetworkWithFast(pairs, fastFlags(shares, { fastWindowSeconds: 10 }));
    expect(edges.map((e) => [e.to, e.weight, e.fast?.weight ?? null, e.fast?.avgTimeDelta ?? null])).toEqual([
      ["b", 2, 2, 3],
      ["c", 2, null, null],
    ]);
  });

  it("thresholds fast weights against the quantile of fast weights only", () => {
    // Fast weights are 2 (a-b) and 1 (a-d); the full weights 2, 2, 1 have median 2, the fast ones 1.5.
    const more = [...pairs, pair("t5", "a5", "d5", 1, "a", "d")];
    const edges = buildCoordinatedNetworkWithFast(more, [true, true, false, false, true]);
    expect(edges.map((e) => [e.to, e.weightThreshold, e.fast?.weightThreshold ?? null])).toEqual([
      ["b", 0, 1],
      ["c", 0, null],
      ["d", 0, 0],
    ]);
  });
});

/**
 * CooRTweet's steps transcribed literally (quadratic, row order as R sees it), to check the fast
 * implementation on random inputs with ties, duplicate rows and repeated content ids.
 */
function coortweetDetectGroups(shares: Share[], timeWindow: number, minParticipation: number): CoordinatedPair[] {
  const rowsOf = new Map<string, Share[]>();
  for (const s of shares) rowsOf.set(s.accountId, [...(rowsOf.get(s.accountId) ?? []), s]);
  // x[, if (.N >= m) .SD, by = account_id]: regrouped by account in order of first appearance.
  const x = [...rowsOf.values()].filter((rows) => rows.length >= minParticipation).flat();
  const result: CoordinatedPair[] = [];
  for (const objectId of new Set(x.map((s) => s.objectId))) {
    const group = x.filter((s) => s.objectId === objectId);
    for (let i = 0; i < group.length; i++) {
      for (let j = i + 1; j < group.length; j++) {
        const [si, sj] = [group[i], group[j]];
        const delta = si.timestamp - sj.timestamp;
        if (!(Math.abs(delta) <= timeWindow)) continue;
        if (objectId === si.contentId || objectId === sj.contentId || si.contentId === sj.contentId || si.accountId === sj.accountId) continue;
        const [early, late] = delta > 0 ? [sj, si] : [si, sj];
        result.push(pair(objectId, early.contentId, late.contentId, Math.abs(delta), early.accountId, late.accountId));
      }
    }
  }
  const inPairs = new Set(result.flatMap((p) => [p.contentId, p.contentIdY]));
  const counted = x.filter((s) => inPairs.has(s.contentId));
  const perAccount = new Map<string, number>();
  for (const s of counted) perAccount.set(s.accountId, (perAccount.get(s.accountId) ?? 0) + 1);
  const qualifies = new Set(counted.filter((s) => perAccount.get(s.accountId)! >= minParticipation).map((s) => s.contentId));
  return result.filter((p) => qualifies.has(p.contentId) || qualifies.has(p.contentIdY));
}

describe("agreement with a literal transcription of CooRTweet", () => {
  const key = (p: CoordinatedPair) => `${p.objectId}|${p.contentId}|${p.contentIdY}|${p.timeDelta}|${p.accountId}|${p.accountIdY}`;

  it.each([1, 2, 3, 4, 5, 6])("finds the same pairs on random shares (seed %i)", (seed) => {
    const rng = seededRng(seed);
    const pick = (n: number) => Math.floor(rng() * n);
    const shares: Share[] = [];
    for (let r = 0; r < 300; r++) {
      // Coarse times give ties; a few content ids repeat (a row copied, or the object's own id).
      const roll = rng();
      const objectId = `t${pick(25)}`;
      const contentId = roll < 0.05 && shares.length > 0 ? shares[pick(shares.length)].contentId : roll < 0.07 ? objectId : `r${r}`;
      shares.push(share(objectId, `acc${pick(40)}`, contentId, pick(60) * 5));
    }
    for (const [window, minParticipation] of [[10, 2], [30, 3], [0, 1]]) {
      const expected = coortweetDetectGroups(shares, window, minParticipation).map(key).sort();
      const actual = detectCoordinatedPairs(shares, { timeWindowSeconds: window, minParticipation }).map(key).sort();
      expect(actual).toEqual(expected);
    }
  });

  it.each([1, 2, 3])("builds the same network from those pairs (seed %i)", (seed) => {
    const rng = seededRng(seed);
    const pick = (n: number) => Math.floor(rng() * n);
    // Few accounts and content ids, so edges gather several pairs and repeat content ids.
    const pairs = Array.from({ length: 200 }, () => {
      const [a, b] = [`acc${pick(8)}`, `acc${pick(8)}`];
      return pair(`t${pick(5)}`, `r${pick(30)}`, `r${pick(30)}`, pick(12), a, b);
    }).filter((p) => p.accountId !== p.accountIdY);
    const byEdge = new Map<string, CoordinatedPair[]>();
    for (const p of pairs) {
      const edge = [p.accountId, p.accountIdY].sort().join(",");
      byEdge.set(edge, [...(byEdge.get(edge) ?? []), p]);
    }
    const expected = [...byEdge].sort(([x], [y]) => (x < y ? -1 : 1)).map(([edge, ps]) => {
      const nContentId = new Set(ps.map((p) => p.contentId)).size;
      const nContentIdY = new Set(ps.map((p) => p.contentIdY)).size;
      return {
        edge,
        weight: ps.length,
        avgTimeDelta: ps.reduce((sum, p) => sum + p.timeDelta, 0) / ps.length,
        nContentId,
        nContentIdY,
        edgeSymmetryScore: Math.min(nContentId, nContentIdY) / Math.max(nContentId, nContentIdY),
      };
    });
    const actual = buildCoordinatedNetwork(pairs).map((e) => ({
      edge: `${e.from},${e.to}`,
      weight: e.weight,
      avgTimeDelta: e.avgTimeDelta,
      nContentId: e.nContentId,
      nContentIdY: e.nContentIdY,
      edgeSymmetryScore: e.edgeSymmetryScore,
    }));
    expect(actual).toEqual(expected);
  });
});
