/**
 * Significance of co-action ties: for each pair of accounts that acted on the same object within the
 * window (co-retweet, co-hashtag, co-url, co-domain, co-mention, co-reply, co-quote, co-text), how many
 * such co-actions chance would give, a p-value and a multiple-testing correction. CooRTweet flags
 * every pair above a weight; at archive scale most of those are organic accounts that met by chance
 * on popular objects. This module says which ties chance does not explain.
 *
 * What is counted. For a tie (a, b), `observed` = the smaller of (a's shares that have a share of b
 * on the same object within the window) and (b's shares that have one of a's): matched co-actions,
 * not CooRTweet's pairs of shares, so an account posting one hashtag ten times in a minute next to one
 * post of the other's counts once, not ten times.
 *
 * Null model. The shares of a are kept as they are (objects, times); b is replaced by an account that
 * acts independently of a, with b's own activity and timing, on objects as popular as they really are
 * (the bipartite configuration model of co-occurrence projections: Neal 2014, "The backbone of
 * bipartite projections", Social Networks 39; Saracco et al. 2017, New J. Phys. 19; the weighted
 * "marginal likelihood" filter of Dianati 2016, Phys. Rev. E 93). For each share s of a, on object o
 * at delay δ_s after o's first share in the data:
 * - b shares o with expected count k_b n_o / K (k_b = b's shares, n_o = o's shares, K = all shares),
 *   capped at 1 where an account can share an object only once (`oncePerObject`, retweets);
 * - given that, b's share falls within the window of s with probability G_b(δ_s) = P(|δ_b - δ_s| <= W),
 *   δ_b drawn from b's own delays after objects' first shares: an account that always shares within
 *   seconds of the first share (a "superspreader") is expected next to every early share, so it is
 *   not flagged for being fast and active.
 * Summed over a's shares this is mu(a→b); mu(b→a) likewise. A second, time-free expectation spreads
 * a's actual within-window neighbours over accounts by activity: mu'(a→b) = A_a k_b / K with A_a the
 * number of other shares within the window of a's shares (popular, bursty objects give many). The
 * test uses the largest of the four: the least favourable null, so p-values err on the side of
 * "chance". A viral tweet retweeted by 500 accounts within a minute gives everyone on it a large
 * expectation; an obscure tweet retweeted by the same 12 accounts every day does not.
 *
 * Test and correction. `observed` is tested against Poisson(mu), whose upper tail bounds that of a
 * sum of independent Bernoulli trials with the same mean (Hoeffding 1956). Benjamini & Hochberg (1995)
 * FDR (default) or Bonferroni at `alpha`, over every pair of accounts in the input, N(N-1)/2 tests, not
 * only those that co-acted: a pair never seen together counts as p = 1, which keeps both valid.
 *
 * Limits worth knowing. Delays are binned (ratio 1.5) and G_b evaluated at bin centres; objects'
 * first share is their first share in the data, not their creation; account lifetimes are not
 * modelled (two accounts alive only in the same month share more chances than their totals suggest);
 * accounts that follow the same sources co-share more than the model expects. All of these push
 * towards flagging: groups are graded by how far beyond chance they are (group-verdict.ts), and the
 * evidence on each tie lets a reader check.
 *
 * Cost: a sort of the shares by object and time and one of (account, delay) keys, then per tie a
 * 48-entry dot product (or a pass over a's delay cells with `oncePerObject`): linear in ties.
 */
import { UsageError } from "../errors.ts";
import { adjustPValues, poissonUpperTailLog, type Correction } from "./stats.ts";

/** Defaults of {@link coActionSignificance}, declared once (the CLI shows them). */
export const significanceDefaults = Object.freeze({
  /** Level of the multiple-testing correction: false discovery rate for "bh", family-wise error for "bonferroni". */
  alpha: 0.01,
  correction: "bh" as Correction,
});

export interface SignificanceOptions {
  /** Two actions on the same object at most this many seconds apart co-act (the analysis's window). */
  windowSeconds: number;
  /** Default {@link significanceDefaults}.alpha (0.01). */
  alpha?: number;
  /** Default {@link significanceDefaults}.correction ("bh"). */
  correction?: Correction;
  /** True where an account can act on an object only once (a retweet of a tweet): caps b's expected shares of o at 1. Default false. */
  oncePerObject?: boolean;
  /** Accounts whose pairs count as tests; default every account of the input. */
  testedAccounts?: number;
}

/** The actions, one row each (a ShareTable is one). */
export interface CoActionTable {
  readonly length: number;
  readonly accountIndex: Int32Array;
  readonly objectIndex: Int32Array;
  /** Unix seconds. */
  readonly timestamp: Float64Array;
  /** The first row with the same action id (duplicates of one action count once). */
  readonly contentKey: Int32Array;
  readonly accountIds: readonly string[];
  readonly objectIds: readonly string[];
}

/** The ties to test, each with its matched pairs of rows: pairs of tie e are pairsByTie[tieStart[e] .. tieStart[e + 1]). */
export interface CoActionTies {
  readonly length: number;
  readonly fromAccount: Int32Array;
  readonly toAccount: Int32Array;
  readonly tieStart: Int32Array;
  readonly pairsByTie: Int32Array;
  /** Row numbers of the two actions of each pair. */
  readonly earlierRow: Int32Array;
  readonly laterRow: Int32Array;
}

export interface TieSignificance {
  observed: Int32Array;
  expected: Float64Array;
  logPValue: Float64Array;
  pValue: Float64Array;
  adjustedPValue: Float64Array;
  significant: Uint8Array;
  stats: SignificanceStats;
}

export interface SignificanceStats {
  /** m of the correction: N(N-1)/2. */
  tests: number;
  significantTies: number;
  alpha: number;
  correction: Correction;
}

const DELAY_RATIO = 1.5;
const LOG_DELAY_RATIO = Math.log(DELAY_RATIO);
/** Bin 0 holds delays under a second; bin j >= 1 delays in [1.5^(j-1), 1.5^j); the last is open (1.5^47 s is 6 years). */
const DELAY_BINS = 48;
const POPULARITY_CLASSES = 32;

function delayBin(delay: number): number {
  if (!(delay >= 1)) return 0;
  const bin = Math.floor(Math.log(delay) / LOG_DELAY_RATIO) + 1;
  return bin >= DELAY_BINS ? DELAY_BINS - 1 : bin;
}

/** Geometric centre of a delay bin (0.5 s for bin 0). */
function delayBinCentre(bin: number): number {
  return bin === 0 ? 0.5 : DELAY_RATIO ** (bin - 0.5);
}

function lowerBound(values: Float64Array, from: number, to: number, x: number): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function upperBound(values: Float64Array, from: number, to: number, x: number): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function checkOptions(options: SignificanceOptions): Required<Omit<SignificanceOptions, "testedAccounts">> {
  const alpha = options.alpha ?? significanceDefaults.alpha;
  if (!(alpha > 0 && alpha <= 1)) throw new UsageError("BAD_OPTION", `alpha must be in (0, 1], got ${alpha}`, { field: "alpha", hint: "e.g. 0.01" });
  const correction = options.correction ?? significanceDefaults.correction;
  if (correction !== "bh" && correction !== "bonferroni") {
    throw new UsageError("BAD_OPTION", `correction must be "bh" or "bonferroni", got ${String(correction)}`, { field: "correction" });
  }
  if (!(options.windowSeconds >= 0)) throw new UsageError("BAD_OPTION", `the window must be >= 0 seconds, got ${options.windowSeconds}`, { field: "windowSeconds" });
  return { windowSeconds: options.windowSeconds, alpha, correction, oncePerObject: options.oncePerObject ?? false };
}

/**
 * Tests every tie against the null model of the file header.
 *
 * @example
 * const network = buildCoordinatedNetworkTable(pairs);
 * const significance = coActionSignificance(pairs.shares, coShareTies(pairs, network), { windowSeconds: 60, oncePerObject: true });
 * significance.significant[0]; // 1 when the first tie is beyond chance at FDR 0.01
 */
export function coActionSignificance(actions: CoActionTable, ties: CoActionTies, options: SignificanceOptions): TieSignificance {
  const o = checkOptions(options);
  const window = o.windowSeconds;
  const rows = actions.length;
  const accountCount = actions.accountIds.length;
  const objectCount = actions.objectIds.length;
  const { accountIndex, objectIndex, timestamp, contentKey } = actions;

  // Activity: k_a, n_o, K, and each object's first action.
  const activity = new Float64Array(accountCount);
  const popularity = new Float64Array(objectCount);
  const firstTime = new Float64Array(objectCount).fill(Number.POSITIVE_INFINITY);
  let total = 0;
  for (let r = 0; r < rows; r++) {
    if (contentKey[r] !== r) continue; // a duplicate row of one action
    const t = timestamp[r];
    if (!Number.isFinite(t)) continue;
    activity[accountIndex[r]]++;
    popularity[objectIndex[r]]++;
    if (t < firstTime[objectIndex[r]]) firstTime[objectIndex[r]] = t;
    total++;
  }

  // Rows grouped by object in time order: each action's within-window neighbours (A_a) by two pointers.
  const byObject = countingOrder(rows, objectCount, (r) => (contentKey[r] === r && Number.isFinite(timestamp[r]) ? objectIndex[r] : -1));
  const neighbours = new Float64Array(accountCount);
  for (let ob = 0; ob < objectCount; ob++) {
    const from = byObject.start[ob];
    const to = byObject.start[ob + 1];
    if (to - from < 2) continue;
    const segment = byObject.order.subarray(from, to);
    segment.sort((x, y) => timestamp[x] - timestamp[y]);
    let lo = 0;
    let hi = 0;
    for (let i = 0; i < segment.length; i++) {
      const t = timestamp[segment[i]];
      while (timestamp[segment[lo]] < t - window) lo++;
      while (hi < segment.length && timestamp[segment[hi]] <= t + window) hi++;
      neighbours[accountIndex[segment[i]]] += hi - lo - 1;
    }
  }

  // Delays after each object's first action, per account: sorted (for G) and binned (for mu).
  // Objects acted on once tell nothing about timing relative to others and are left out of G.
  const byAccount = countingOrder(rows, accountCount, (r) =>
    contentKey[r] === r && Number.isFinite(timestamp[r]) && popularity[objectIndex[r]] >= 2 ? accountIndex[r] : -1,
  );
  const delays = new Float64Array(byAccount.order.length);
  for (let k = 0; k < delays.length; k++) {
    const r = byAccount.order[k];
    delays[k] = timestamp[r] - firstTime[objectIndex[r]];
  }
  const timingShare = new Float64Array(accountCount * DELAY_BINS);
  const popularityByDelay = new Float64Array(accountCount * DELAY_BINS);
  // With oncePerObject, b's expected shares of o are capped per object, so a's delays are kept in
  // (popularity class, delay bin) cells: a sparse list per account, filled through one dense buffer.
  const cellStart = new Int32Array(accountCount + 1);
  const cellIndex: number[] = [];
  const cellCount: number[] = [];
  const cellPopularity: number[] = [];
  const denseCount = new Float64Array(DELAY_BINS * POPULARITY_CLASSES);
  const densePopularity = new Float64Array(DELAY_BINS * POPULARITY_CLASSES);
  const touched: number[] = [];
  for (let a = 0; a < accountCount; a++) {
    const from = byAccount.start[a];
    const to = byAccount.start[a + 1];
    cellStart[a] = cellIndex.length;
    if (to === from) continue;
    for (let k = from; k < to; k++) {
      const bin = delayBin(delays[k]);
      const n = popularity[objectIndex[byAccount.order[k]]];
      popularityByDelay[a * DELAY_BINS + bin] += n;
      if (o.oncePerObject) {
        const cell = Math.min(POPULARITY_CLASSES - 1, Math.floor(Math.log2(n))) * DELAY_BINS + bin;
        if (denseCount[cell] === 0) touched.push(cell);
        denseCount[cell]++;
        densePopularity[cell] += n;
      }
    }
    for (const cell of touched.sort((x, y) => x - y)) {
      cellIndex.push(cell);
      cellCount.push(denseCount[cell]);
      cellPopularity.push(densePopularity[cell]);
      denseCount[cell] = 0;
      densePopularity[cell] = 0;
    }
    touched.length = 0;
    const own = delays.subarray(from, to).sort();
    for (let bin = 0; bin < DELAY_BINS; bin++) {
      const centre = delayBinCentre(bin);
      const inWindow = upperBound(own, 0, own.length, centre + window) - lowerBound(own, 0, own.length, centre - window);
      timingShare[a * DELAY_BINS + bin] = inWindow / own.length;
    }
  }
  cellStart[accountCount] = cellIndex.length;

  // mu(a→b): a's actions kept, b's expected actions on the same objects within the window.
  const expectedFrom = (a: number, b: number): number => {
    const kb = activity[b];
    if (kb === 0 || total === 0) return 0;
    let sum = 0;
    if (o.oncePerObject) {
      for (let c = cellStart[a]; c < cellStart[a + 1]; c++) {
        const cell = cellIndex[c];
        sum += Math.min(cellCount[c], (kb * cellPopularity[c]) / total) * timingShare[b * DELAY_BINS + (cell % DELAY_BINS)];
      }
      return sum;
    }
    for (let bin = 0; bin < DELAY_BINS; bin++) sum += popularityByDelay[a * DELAY_BINS + bin] * timingShare[b * DELAY_BINS + bin];
    return (kb * sum) / total;
  };

  // Observed: matched actions on each side (distinct action keys), the smaller of the two.
  const tieCount = ties.length;
  const observed = new Int32Array(tieCount);
  const expected = new Float64Array(tieCount);
  const logPValue = new Float64Array(tieCount);
  const seen = new Int32Array(rows).fill(-1);
  for (let e = 0; e < tieCount; e++) {
    const from = ties.fromAccount[e];
    let fromSide = 0;
    let toSide = 0;
    for (let k = ties.tieStart[e]; k < ties.tieStart[e + 1]; k++) {
      const p = ties.pairsByTie[k];
      const earlier = ties.earlierRow[p];
      const later = ties.laterRow[p];
      if (seen[contentKey[earlier]] !== e) {
        seen[contentKey[earlier]] = e;
        if (accountIndex[earlier] === from) fromSide++;
        else toSide++;
      }
      if (seen[contentKey[later]] !== e) {
        seen[contentKey[later]] = e;
        if (accountIndex[later] === from) fromSide++;
        else toSide++;
      }
    }
    const x = Math.min(fromSide, toSide);
    const a = ties.fromAccount[e];
    const b = ties.toAccount[e];
    const mu = Math.max(
      expectedFrom(a, b),
      expectedFrom(b, a),
      total > 0 ? (neighbours[a] * activity[b]) / total : 0,
      total > 0 ? (neighbours[b] * activity[a]) / total : 0,
    );
    observed[e] = x;
    expected[e] = mu;
    logPValue[e] = poissonUpperTailLog(mu, x);
  }

  // Multiple testing over every pair of accounts that acted at all.
  let actingAccounts = 0;
  for (let a = 0; a < accountCount; a++) if (activity[a] > 0) actingAccounts++;
  const n = options.testedAccounts ?? actingAccounts;
  const tests = Math.max(tieCount, (n * (n - 1)) / 2);
  const order = Array.from({ length: tieCount }, (_, e) => e).sort((x, y) => logPValue[x] - logPValue[y] || x - y);
  const adjustedSorted = adjustPValues(order.map((e) => logPValue[e]), tests, o.correction);
  const adjustedPValue = new Float64Array(tieCount);
  const pValue = new Float64Array(tieCount);
  const significant = new Uint8Array(tieCount);
  let significantTies = 0;
  for (let r = 0; r < tieCount; r++) {
    const e = order[r];
    adjustedPValue[e] = adjustedSorted[r];
    pValue[e] = Math.exp(logPValue[e]);
    if (adjustedSorted[r] <= o.alpha) {
      significant[e] = 1;
      significantTies++;
    }
  }
  return { observed, expected, logPValue, pValue, adjustedPValue, significant, stats: { tests, significantTies, alpha: o.alpha, correction: o.correction } };
}

/** Rows in order of a key (counting sort); rows with key -1 are left out. */
function countingOrder(rows: number, keys: number, keyOf: (row: number) => number): { order: Int32Array; start: Int32Array } {
  const start = new Int32Array(keys + 1);
  const key = new Int32Array(rows);
  let kept = 0;
  for (let r = 0; r < rows; r++) {
    key[r] = keyOf(r);
    if (key[r] >= 0) {
      start[key[r] + 1]++;
      kept++;
    }
  }
  for (let k = 0; k < keys; k++) start[k + 1] += start[k];
  const cursor = start.slice(0, keys);
  const order = new Int32Array(kept);
  for (let r = 0; r < rows; r++) if (key[r] >= 0) order[cursor[key[r]]++] = r;
  return { order, start };
}
