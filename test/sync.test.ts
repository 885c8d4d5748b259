import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  hypergeometricUpperTailLog,
  logGamma,
  poissonUpperTailLog,
  resolveSyncOptions,
  SyncPostColumnsBuilder,
  synchronizedPostingPairs,
  syncDefaults,
  type TimedPost,
} from "../src/core/sync.ts";
import { argsortFloat64 } from "../src/core/stats.ts";
import { writeRunDirectory } from "../src/engine/store.ts";
import { EVIDENCE_COLUMNS, EVIDENCE_FILE, readTieEvidence, tieKey } from "../src/run/evidence.ts";
import type { RunResult, SyncEvidence } from "../src/run/model.ts";
import { csvLine } from "../src/util/csv-write.ts";
import { seededRng, type Rng } from "../src/util/rng.ts";

const MINUTE = 60_000;
const DAY_START = Date.UTC(2016, 9, 1);

/** `minutes` posts by one account at second `second` of the given minutes of 1 Oct 2016. */
function postsAt(accountId: string, minutes: number[], second = 0, precisionMs = 1000): TimedPost[] {
  return minutes.map((m) => ({ accountId, time: DAY_START + m * MINUTE + second * 1000, precisionMs }));
}

function randomMinutes(rng: Rng, count: number, span: number): number[] {
  const chosen = new Set<number>();
  while (chosen.size < count) chosen.add(Math.floor(rng() * span));
  return [...chosen].sort((a, b) => a - b);
}

function shuffled<T>(items: T[], rng: Rng): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

/** Ten independent accounts, 30 random minutes each in one day, and two bots posting in the same 20 minutes. */
function lockstepDay(): TimedPost[] {
  const rng = seededRng(7);
  const posts: TimedPost[] = [];
  for (let a = 0; a < 10; a++) posts.push(...postsAt(`user${a}`, randomMinutes(rng, 30, 1440), 30));
  const botMinutes = randomMinutes(rng, 20, 1440);
  posts.push(...postsAt("bot1", botMinutes, 5), ...postsAt("bot2", botMinutes, 41));
  return posts;
}

/** 40 accounts post in about half of 60 busy minutes and in 30 random minutes each; two bots share 20 quiet minutes. */
function busyMinutesDay(): TimedPost[] {
  const rng = seededRng(13);
  const busy = randomMinutes(rng, 60, 1440);
  const posts: TimedPost[] = [];
  for (let a = 0; a < 40; a++) {
    posts.push(...postsAt(`user${a}`, busy.filter(() => rng() < 0.5), 10));
    posts.push(...postsAt(`user${a}`, randomMinutes(rng, 30, 1440), 50));
  }
  const botMinutes = randomMinutes(rng, 20, 1440);
  posts.push(...postsAt("bot1", botMinutes, 5), ...postsAt("bot2", botMinutes, 41));
  return posts;
}

/**
 * Ten accounts all post in minutes 0, 500 and 1000. x and y also share minutes 100, 200, 300; every
 * other account has three minutes of its own.
 */
function crowdedMoments(): TimedPost[] {
  const others = ["c", "d", "u1", "u2", "u3", "u4", "u5", "u6"];
  return [
    ...["x", "y", ...others].flatMap((a) => postsAt(a, [0, 500, 1000])),
    ...postsAt("x", [100, 200, 300]),
    ...postsAt("y", [100, 200, 300], 20),
    ...others.flatMap((a, i) => postsAt(a, [101 + i, 201 + i, 301 + i])),
  ];
}

describe("synchronizedPostingPairs", () => {
  it("flags two accounts posting in the same minutes", () => {
    const { pairs } = synchronizedPostingPairs(lockstepDay());
    expect(pairs.map((p) => [p.accountA, p.accountB, p.sharedBins])).toEqual([["bot1", "bot2", 20]]);
    expect(pairs[0].similarity).toBeCloseTo(1, 10);
    expect(pairs[0].adjustedPValue).toBeLessThan(syncDefaults.alpha);
  });

  it("flags no pair of independent random accounts", () => {
    const rng = seededRng(11);
    const posts = Array.from({ length: 40 }, (_, a) => postsAt(`user${a}`, randomMinutes(rng, 60, 1440))).flat();
    const { pairs, stats } = synchronizedPostingPairs(posts);
    expect(stats.testedPairs).toBeGreaterThan(100);
    expect(pairs).toEqual([]);
  });

  it("flags only the bots when everyone also posts at the same busy moments", () => {
    const { pairs } = synchronizedPostingPairs(busyMinutesDay());
    expect(pairs.map((p) => [p.accountA, p.accountB])).toEqual([["bot1", "bot2"]]);
  });

  it("counts the minutes two accounts posted different things, not those where they retweeted the same tweet", () => {
    // Two news accounts retweet the same 20 tweets in the same minutes (a co-share, for co-retweet to
    // judge); two bots post different things in the same 20 minutes (synchronized posting).
    const rng = seededRng(17);
    const posts: TimedPost[] = [];
    for (let a = 0; a < 10; a++) posts.push(...postsAt(`user${a}`, randomMinutes(rng, 30, 1440), 30).map((p, i) => ({ ...p, objects: [`own-${a}-${i}`] })));
    const newsMinutes = randomMinutes(rng, 20, 1440);
    for (const account of ["news1", "news2"]) posts.push(...postsAt(account, newsMinutes, 7).map((p, i) => ({ ...p, objects: [`tweet:${i}`, "#breaking"] })));
    const botMinutes = randomMinutes(rng, 20, 1440);
    posts.push(...postsAt("bot1", botMinutes, 5).map((p, i) => ({ ...p, objects: [`#bot1-${i}`] })));
    posts.push(...postsAt("bot2", botMinutes, 41).map((p, i) => ({ ...p, objects: [`#bot2-${i}`] })));
    const { pairs, stats } = synchronizedPostingPairs(posts);
    expect(pairs.map((p) => [p.accountA, p.accountB, p.sharedBins])).toEqual([["bot1", "bot2", 20]]);
    expect(stats.sameObjectBins).toBe(20);
    // Without objects both pairs are in lockstep.
    const withoutObjects = synchronizedPostingPairs(posts.map(({ objects: _, ...post }) => post));
    expect(withoutObjects.pairs.map((p) => [p.accountA, p.accountB])).toEqual(expect.arrayContaining([["bot1", "bot2"], ["news1", "news2"]]));
  });

  it("flags accounts that merely share busy moments under the uniform null", () => {
    const { pairs } = synchronizedPostingPairs(busyMinutesDay(), { nullModel: "uniform" });
    expect(pairs.length).toBeGreaterThan(100);
  });

  it("gives a bin where every account posted almost no weight in the similarity", () => {
    const { pairs } = synchronizedPostingPairs(crowdedMoments(), { maxAccountsPerBin: 100, nullModel: "uniform" });
    const pair = (a: string, b: string) => pairs.find((p) => p.accountA === a && p.accountB === b);
    // c and d share only the three crowded minutes: unweighted cosine 0.5, idf-weighted ~0.
    expect(pair("c", "d")?.sharedBins).toBe(3);
    expect(pair("c", "d")?.similarity).toBeLessThan(0.01);
    expect(pair("x", "y")?.similarity).toBeGreaterThan(0.99);
  });

  it("drops pairs that share only crowded moments with minSimilarity", () => {
    const { pairs } = synchronizedPostingPairs(crowdedMoments(), { maxAccountsPerBin: 100, nullModel: "uniform", minSimilarity: 0.5 });
    expect(pairs.map((p) => [p.accountA, p.accountB])).toEqual([["x", "y"]]);
  });

  it("skips bins above maxAccountsPerBin as pair generators but counts them in the accounts' rates", () => {
    const { pairs, stats } = synchronizedPostingPairs(crowdedMoments(), { maxAccountsPerBin: 5 });
    expect(stats.crowdedBins).toBe(3);
    expect(pairs.map((p) => [p.accountA, p.accountB, p.sharedBins, p.activeBinsA, p.activeBinsB])).toEqual([["x", "y", 3, 6, 6]]);
  });

  it("warns when bins are finer than the data's time precision", () => {
    const posts = [...postsAt("a", [1, 2, 3], 0, MINUTE), ...postsAt("b", [1, 2, 3], 0, MINUTE)];
    expect(synchronizedPostingPairs(posts, { binSeconds: 30 }).warnings).toEqual([expect.stringMatching(/finer than the data's time precision/)]);
    expect(synchronizedPostingPairs(posts, { binSeconds: 60 }).warnings).toEqual([]);
  });

  it("returns no pairs for empty input", () => {
    const result = synchronizedPostingPairs([]);
    expect(result.pairs).toEqual([]);
    expect(result.stats.posts).toBe(0);
  });

  it("returns no pairs for a single account", () => {
    const result = synchronizedPostingPairs(postsAt("alone", [1, 2, 3, 4, 5]));
    expect(result.pairs).toEqual([]);
    expect(result.stats.accounts).toBe(1);
  });

  it("puts posts 1 ms apart across a minute boundary in different bins", () => {
    const minutes = [10, 20, 30, 40, 50];
    const posts = [
      ...minutes.map((m) => ({ accountId: "a", time: DAY_START + m * MINUTE - 1, precisionMs: 1 })),
      ...minutes.map((m) => ({ accountId: "b", time: DAY_START + m * MINUTE, precisionMs: 1 })),
    ];
    const result = synchronizedPostingPairs(posts, { multipleTests: "candidatePairs" });
    expect(result.stats.candidatePairs).toBe(0);
    expect(result.pairs).toEqual([]);
  });

  it("puts the first and last millisecond of a minute in the same bin", () => {
    const minutes = [10, 20, 30, 40, 50];
    const posts = [
      ...minutes.map((m) => ({ accountId: "a", time: DAY_START + m * MINUTE, precisionMs: 1 })),
      ...minutes.map((m) => ({ accountId: "b", time: DAY_START + (m + 1) * MINUTE - 1, precisionMs: 1 })),
    ];
    const { pairs } = synchronizedPostingPairs(posts, { multipleTests: "candidatePairs" });
    expect(pairs.map((p) => p.sharedBins)).toEqual([5]);
  });

  it("counts several posts of an account in one bin once", () => {
    const posts = [...postsAt("a", [1, 1, 1, 2, 3]), ...postsAt("b", [1, 2, 3]), ...postsAt("c", [100])];
    const { pairs } = synchronizedPostingPairs(posts, { multipleTests: "candidatePairs", alpha: 0.5 });
    expect(pairs[0].activeBinsA).toBe(3);
  });

  it("corrects by every pair of active accounts with Bonferroni", () => {
    const { pairs, stats } = synchronizedPostingPairs(lockstepDay(), { correction: "bonferroni" });
    expect(stats.multipleTests).toBe((12 * 11) / 2);
    expect(pairs[0].adjustedPValue).toBeCloseTo(Math.min(1, pairs[0].pValue * 66), 12);
  });

  it("gives the same pairs from columns as from rows, whatever the input order", () => {
    const posts = lockstepDay();
    const builder = new SyncPostColumnsBuilder();
    for (const post of shuffled(posts, seededRng(3))) builder.add(post.accountId, post.time, post.precisionMs);
    expect(synchronizedPostingPairs(builder.build())).toEqual(synchronizedPostingPairs(posts));
  });

  it("gives the same pairs with the sparse pair counter as with the dense one", () => {
    const options = { maxAccountsPerBin: 100, multipleTests: "candidatePairs", nullModel: "uniform" } as const;
    const dense = synchronizedPostingPairs(crowdedMoments(), { ...options, pairCounter: "dense" });
    const sparse = synchronizedPostingPairs(crowdedMoments(), { ...options, pairCounter: "map" });
    expect(sparse).toEqual(dense);
    expect(dense.pairs.length).toBeGreaterThan(1);
  });

  it("rejects a bin width of zero with a usage error", () => {
    expect(() => resolveSyncOptions({ binSeconds: 0 })).toThrow(expect.objectContaining({ code: "BAD_OPTION", location: { field: "binSeconds" } }));
  });
});

describe("sync evidence in evidence.csv", () => {
  // 2002's post, then 2001's 3 s later in the same minute; texts a CSV must quote.
  const item: SyncEvidence = {
    kind: "sync",
    binStart: DAY_START,
    binSeconds: 60,
    contentA: "900000000000000002",
    contentB: "900000000000000001",
    textA: 'Vote "early", vote often',
    textB: "line one\nline two",
    timeA: DAY_START + 5000,
    timeB: DAY_START + 8000,
    delaySeconds: 3,
  };

  /** A sync run directory written by the runner's own writer, with one tie stored as (2002, 2001). */
  function syncRunDirectory(): string {
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "coordgraph-sync-evidence-"));
    const result: RunResult = { directed: false, nodes: [], edges: [], communities: [], summary: {}, evidence: [{ source: "2002", target: "2001", items: [item] }] };
    const record = { id: "sync-test", analysis: "sync", createdAt: "2024-01-01T00:00:00.000Z", params: {}, scope: { datasets: null, since: null, until: null }, outDir, version: "test", counts: { accounts: 2, edges: 1, communities: 0 }, summary: {}, timings: {}, warnings: [] };
    writeRunDirectory(record, result);
    return outDir;
  }

  it("keeps both posts' texts, mirrored with the posts when the tie is read the other way round", async () => {
    // The reader orders a tie by the lower id, so (2002, 2001) comes back as (2001, 2002), A and B swapped.
    const tie = (await readTieEvidence(syncRunDirectory())).get(tieKey("2001", "2002"));
    expect(tie).toEqual({
      source: "2001",
      target: "2002",
      items: [{ ...item, contentA: item.contentB, contentB: item.contentA, textA: item.textB, textB: item.textA, timeA: item.timeB, timeB: item.timeA }],
    });
  });

  it("reads a sync row written before sync evidence carried texts, with null texts", async () => {
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "coordgraph-sync-evidence-old-"));
    const old: Partial<Record<(typeof EVIDENCE_COLUMNS)[number], string | number>> = { source: "2001", target: "2002", kind: "sync", content_a: "1", content_b: "2", time_a: "2016-10-01T00:00:05.000Z", time_b: "2016-10-01T00:00:08.000Z", delay_seconds: 3, bin_start: "2016-10-01T00:00:00.000Z", bin_seconds: 60 };
    fs.writeFileSync(path.join(outDir, EVIDENCE_FILE), csvLine(EVIDENCE_COLUMNS) + csvLine(EVIDENCE_COLUMNS.map((c) => old[c])));
    const [read] = (await readTieEvidence(outDir)).get(tieKey("2001", "2002"))!.items;
    expect(read).toEqual({ kind: "sync", binStart: DAY_START, binSeconds: 60, contentA: "1", contentB: "2", textA: null, textB: null, timeA: DAY_START + 5000, timeB: DAY_START + 8000, delaySeconds: 3 });
  });
});

describe("hypergeometricUpperTailLog", () => {
  /** Exact P(X >= x) with BigInt binomials, returned as a natural log. */
  function exactTailLog(T: number, ka: number, kb: number, x: number): number {
    const choose = (n: number, k: number): bigint => {
      if (k < 0 || k > n) return 0n;
      let r = 1n;
      for (let i = 0; i < k; i++) r = (r * BigInt(n - i)) / BigInt(i + 1);
      return r;
    };
    let numerator = 0n;
    for (let k = x; k <= Math.min(ka, kb); k++) numerator += choose(ka, k) * choose(T - ka, kb - k);
    const log = (v: bigint) => {
      const digits = v.toString();
      return Math.log(Number(`0.${digits.slice(0, 17)}`)) + digits.length * Math.LN10;
    };
    return log(numerator) - log(choose(T, kb));
  }

  it("equals the exact tail on a small table, for every observed count", () => {
    for (let x = 0; x <= 7; x++) expect(hypergeometricUpperTailLog(20, 7, 9, x)).toBeCloseTo(exactTailLog(20, 7, 9, x), 10);
  });

  it("equals the exact tail far out in a large table", () => {
    const log = hypergeometricUpperTailLog(5000, 400, 600, 150); // mean 48
    expect(log).toBeLessThan(-50);
    expect(Math.abs(log / exactTailLog(5000, 400, 600, 150) - 1)).toBeLessThan(1e-9);
  });

  it("keeps log p-values that underflow a double", () => {
    const log = hypergeometricUpperTailLog(500_000, 200, 200, 200);
    expect(Math.abs(log / exactTailLog(500_000, 200, 200, 200) - 1)).toBeLessThan(1e-9);
    expect(Math.exp(hypergeometricUpperTailLog(500_000, 200, 200, 200))).toBe(0);
  });

  it("is 1 at or below the smallest possible overlap and 0 above the largest", () => {
    expect(hypergeometricUpperTailLog(10, 8, 8, 6)).toBe(0);
    expect(hypergeometricUpperTailLog(10, 3, 8, 4)).toBe(-Infinity);
  });
});

describe("poissonUpperTailLog", () => {
  it("equals the direct sum of the Poisson tail", () => {
    for (const [mu, x] of [[2, 1], [2, 5], [30, 20], [30, 60], [0.01, 3]]) {
      let lower = 0;
      let term = Math.exp(-mu);
      for (let k = 0; k < x; k++, term *= mu / k) lower += term;
      let upper = 0;
      term = Math.exp(-mu);
      for (let k = 0; k < 400; k++, term *= mu / k) if (k >= x) upper += term;
      expect(Math.exp(poissonUpperTailLog(mu, x))).toBeCloseTo(x < mu ? 1 - lower : upper, 14);
      expect(poissonUpperTailLog(mu, x) / Math.log(x < mu ? 1 - lower : upper)).toBeCloseTo(1, 10);
    }
  });
});

describe("logGamma", () => {
  it("matches log factorials", () => {
    let logFactorial = 0;
    for (let n = 1; n <= 1000; n++) {
      logFactorial += Math.log(n);
      expect(logGamma(n + 1)).toBeCloseTo(logFactorial, 8);
    }
  });

  it("gives ln sqrt(pi) at 1/2", () => {
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 14);
  });
});

describe("argsortFloat64", () => {
  it("orders negative, positive, zero and infinite values ascending, equal values by index", () => {
    const values = Float64Array.of(0.5, -1, 0.5, Number.NEGATIVE_INFINITY, 0, -0.25, 1e-300, -1e300, 3);
    const order = [...argsortFloat64(values)];
    expect(order).toEqual([3, 7, 1, 5, 4, 6, 0, 2, 8]);
  });

  it("agrees with a comparator sort on a million random log p-values", () => {
    const rng = seededRng(3);
    const values = Float64Array.from({ length: 1_000_000 }, () => (rng() < 0.1 ? 0 : Math.log(rng()) * 40));
    const order = argsortFloat64(values);
    const expected = Array.from(values.keys()).sort((x, y) => values[x] - values[y] || x - y);
    expect([...order]).toEqual(expected);
  });
});
