/**
 * Synchronized posting: pairs of accounts that post in the same moments far more often than their
 * own activity rates explain. The pure core behind the `sync` analysis.
 *
 * Method. Time is cut into bins of `binSeconds`, aligned to the Unix epoch (so minute-precision
 * data falls into whole-minute bins). Each account becomes the set of bins it posted in.
 * - Candidates: an inverted index bin -> accounts active in it, built by sorting one numeric key per
 *   post (bin * accounts + account). Only accounts active in a common bin are ever paired; never all
 *   pairs of accounts. This is the co-action construction of co-share/co-tweet detection (Giglietto,
 *   Righetti, Rossi & Marino 2020, "It takes a village to manipulate the media", ICS 23(6); Keller,
 *   Schoch, Stier & Yang 2020, "Political astroturfing on Twitter", Political Communication 37(2),
 *   who pair accounts tweeting within the same minute).
 * - Similarity: cosine of the two accounts' bin vectors, each bin weighted by its rarity,
 *   idf = ln((N + 1) / accountsInBin) with N the number of active accounts, as Pacheco, Hui, Torres-Lugo,
 *   Truong, Flammini & Menczer (2021), "Uncovering Coordinated Networks on Social Media", ICWSM,
 *   weight behavioural traces by TF-IDF before taking cosines. The +1 keeps a moment when every
 *   account posted at ~1/N instead of exactly 0, so cosine stays defined for tiny inputs.
 * - Significance, `nullModel: "popularity"` (the default): the accounts keep their own rates, but
 *   busy moments (time of day, news events) are busy for everyone. As in the bipartite configuration
 *   model used to test co-occurrence projections (Neal 2014, "The backbone of bipartite projections",
 *   Social Networks 39; Saracco et al. 2017, "Inferring monopartite projections of bipartite
 *   networks", New J. Phys. 19), account a is in uncrowded bin t with probability k_a c_t / E (k_a
 *   its active uncrowded bins, c_t the other accounts in the bin, E the sum of c_t over uncrowded
 *   bins), so the expected number of shared uncrowded bins is mu = k_a k_b S / E^2 with S = sum over
 *   uncrowded bins of c_t (c_t - 1). Both sums leave the pair itself out (else a pair's own
 *   co-activity would explain itself away), and the -1 removes counting noise: for uniform activity
 *   mu = k_a k_b / T as below. Everything is restricted to uncrowded bins because shared counts are:
 *   with k_a over all bins, accounts that rarely post at crowded moments get mu too small (on the
 *   9M-post synthetic set this flagged 101 pairs of merely very active accounts). When the other
 *   accounts never share an uncrowded bin (tiny inputs) mu falls back to k_a k_b / T. The shared count is
 *   tested against Poisson(mu), whose upper tail bounds the Poisson-binomial one (Hoeffding 1956).
 * - Significance, `nullModel: "uniform"`: with T bins in the observed span (first to last post of the
 *   whole input), the shared count of independent accounts is Hypergeometric(T, k_a, k_b), the null
 *   of Fisher's exact test on the 2x2 co-occurrence table. It ignores busy moments: on synthetic data
 *   (1M posts, 3,841 accounts, 9% of posts in 2,000 busy minutes, a planted group of 20) it flags
 *   59,580 pairs, the popularity null 191 (all 190 planted pairs and one other). Hence the default.
 * - Both tails are summed from their largest term in log space (Lanczos log-gamma written out here),
 *   so `logPValue` stays exact far below the 1e-308 where `pValue` underflows.
 * - Multiple testing: Benjamini & Hochberg (1995) FDR (default) or Bonferroni at `alpha`. By default
 *   the number of tests is every pair of active accounts, N(N-1)/2, not only candidates: choosing
 *   candidates by their shared count is itself a look at the data, and a pair never tested is
 *   treated as p = 1, which keeps both corrections valid (`multipleTests: "candidatePairs"` opts out).
 *
 * Crowded bins. A bin with more than `maxAccountsPerBin` active accounts generates no candidate pairs
 * (that would be quadratic in the crowd), but it still counts in every account's active bins k_a and
 * in its similarity norm, and shared counts leave it out. The popularity null leaves it out
 * altogether, so it tests exactly "shared uncrowded bins". Against the uniform null, which includes them,
 * the observation is under-counted: p-values are conservative. Similarities come out slightly low;
 * crowded bins carry little idf weight anyway.
 *
 * Same object. When the posts say what they act on (`objects`: the tweet retweeted or quoted, the
 * hashtags, the links), a bin where both accounts acted on one object does not count as shared for
 * the pairs that can pass: that is a co-share, which the co-share analyses judge against the object's
 * popularity. Sync counts the moments two accounts posted different things. Without this, accounts
 * that retweet everything popular within seconds of it appearing ("superspreaders") share the first
 * minute of every viral burst and look like a lockstep group (measured on the synthetic archive: 99.6%
 * of the superspreaders' shared minutes, 1.3% of a scheduling campaign's). The expectation is left as
 * computed over every shared bin, so the test errs towards chance.
 *
 * Limits worth knowing. Both nulls ignore account lifetimes (two accounts alive only in the same
 * month look dependent against the whole span), and the popularity null corrects for busy moments
 * only on average (two accounts that both post mostly at busy times still share more than mu);
 * `minSimilarity` and a coarser `binSeconds` help.
 *
 * Scale: one Float64 key per post (sorted in place, V8's typed-array sort), per-account counters
 * and, for up to 5,793 accounts, dense upper-triangle pair counters (12 bytes per account pair: 88 MB
 * for 3,841 accounts, 200 MB at the bound); beyond that a Map keyed by the pair index a * N + b.
 */
import { AnalysisError, InputError, UsageError } from "../errors.ts";
import { compareAccountIds } from "./partition.ts";
import { DEGREE_CLASSES, MIN_POOLED_EVENTS, PRIOR_EVENTS, degreeClass } from "./coaction-significance.ts";
import { adjustPValues, hypergeometricUpperTailLog, poissonUpperTailLog } from "./stats.ts";

// ---------------------------------------------------------------------------------------------
// Options and defaults

/** Every sync option with its default, declared once (the CLI shows these). */
export const syncDefaults = Object.freeze({
  /** Width of a time bin, aligned to the Unix epoch. A warning is returned when it is finer than the data's time precision. */
  binSeconds: 60,
  /** Pairs sharing fewer active bins are not tested (and count as p = 1). */
  minSharedBins: 3,
  /** Level of the multiple-testing correction: FDR for "bh", family-wise error for "bonferroni". */
  alpha: 0.01,
  /** "bh" = Benjamini-Hochberg step-up (FDR); "bonferroni" = p * tests (family-wise). */
  correction: "bh" as SyncCorrection,
  /** Bins with more active accounts generate no candidate pairs (they still count in rates and norms). */
  maxAccountsPerBin: 100,
  /** What the correction counts as tests: every pair of active accounts, or only the candidate pairs tested. */
  multipleTests: "allPairs" as SyncMultipleTests,
  /** Flagged pairs must also have at least this idf-weighted cosine similarity (0 = no filter). */
  minSimilarity: 0,
  /** "popularity": Poisson, busy bins expected to be shared more; "uniform": Hypergeometric(T, k_a, k_b) (see header). */
  nullModel: "popularity" as SyncNullModel,
  /** Pair counters: dense triangular arrays (fast) up to 2^24 account pairs, else a Map; "auto" picks. */
  pairCounter: "auto" as SyncPairCounter,
});

export type SyncCorrection = "bh" | "bonferroni";
export type SyncMultipleTests = "allPairs" | "candidatePairs";
export type SyncPairCounter = "auto" | "dense" | "map";
export type SyncNullModel = "uniform" | "popularity";

/** Options of {@link synchronizedPostingPairs}; every field defaults to {@link syncDefaults}. */
export interface SyncOptions {
  /** Default 60. */
  binSeconds?: number;
  /** Default 3. */
  minSharedBins?: number;
  /** Default 0.01. */
  alpha?: number;
  /** Default "bh". */
  correction?: SyncCorrection;
  /** Default 100. */
  maxAccountsPerBin?: number;
  /** Default "allPairs". */
  multipleTests?: SyncMultipleTests;
  /** Default 0. */
  minSimilarity?: number;
  /** Default "popularity". */
  nullModel?: SyncNullModel;
  /** Default "auto". */
  pairCounter?: SyncPairCounter;
}

type ResolvedSyncOptions = { -readonly [K in keyof typeof syncDefaults]: (typeof syncDefaults)[K] };

/**
 * Fills defaults and checks every option, throwing a `UsageError` (code `BAD_OPTION`) the
 * CLI can print. Call it at the edge to fail before loading data.
 *
 * @example
 * resolveSyncOptions({ binSeconds: 10 }).alpha; // 0.01
 */
export function resolveSyncOptions(options: SyncOptions = {}): ResolvedSyncOptions {
  const o: ResolvedSyncOptions = { ...syncDefaults };
  for (const [key, value] of Object.entries(options)) {
    if (value !== undefined && key in syncDefaults) (o as Record<string, unknown>)[key] = value;
  }
  const bad = (field: string, message: string, hint: string) =>
    new UsageError("BAD_OPTION", `${field} ${message}`, { field, hint });
  if (!(typeof o.binSeconds === "number" && Number.isFinite(o.binSeconds) && o.binSeconds > 0)) {
    throw bad("binSeconds", `must be a number of seconds > 0, got ${String(o.binSeconds)}`, "use 60 for minute-precision data");
  }
  if (!(Number.isInteger(o.minSharedBins) && o.minSharedBins >= 1)) {
    throw bad("minSharedBins", `must be an integer >= 1, got ${String(o.minSharedBins)}`, "e.g. 3");
  }
  if (!(typeof o.alpha === "number" && o.alpha > 0 && o.alpha < 1)) {
    throw bad("alpha", `must be between 0 and 1 (exclusive), got ${String(o.alpha)}`, "e.g. 0.01");
  }
  if (o.correction !== "bh" && o.correction !== "bonferroni") {
    throw bad("correction", `must be "bh" or "bonferroni", got ${String(o.correction)}`, "bh controls the false discovery rate");
  }
  if (!(Number.isInteger(o.maxAccountsPerBin) && o.maxAccountsPerBin >= 2)) {
    throw bad("maxAccountsPerBin", `must be an integer >= 2, got ${String(o.maxAccountsPerBin)}`, "e.g. 100");
  }
  if (o.multipleTests !== "allPairs" && o.multipleTests !== "candidatePairs") {
    throw bad("multipleTests", `must be "allPairs" or "candidatePairs", got ${String(o.multipleTests)}`, "allPairs is conservative");
  }
  if (!(typeof o.minSimilarity === "number" && o.minSimilarity >= 0 && o.minSimilarity <= 1)) {
    throw bad("minSimilarity", `must be between 0 and 1, got ${String(o.minSimilarity)}`, "0 disables the filter");
  }
  if (o.nullModel !== "uniform" && o.nullModel !== "popularity") {
    throw bad("nullModel", `must be "uniform" or "popularity", got ${String(o.nullModel)}`, "popularity allows for busy moments");
  }
  if (o.pairCounter !== "auto" && o.pairCounter !== "dense" && o.pairCounter !== "map") {
    throw bad("pairCounter", `must be "auto", "dense" or "map", got ${String(o.pairCounter)}`, "leave it at auto");
  }
  return o;
}

// ---------------------------------------------------------------------------------------------
// Input: posts as rows, or interned columns for scale

/** One post (already filtered to the actions that count: tweets, retweets, replies, ...). */
export interface TimedPost {
  accountId: string;
  /** Unix milliseconds. */
  time: number;
  /** How precisely `time` is known, in ms (1000 for second, 60000 for minute precision). */
  precisionMs: number;
  /** What the post acts on (the tweet it retweets, its hashtags and links), when known: see "Same object". */
  objects?: readonly string[];
}

/**
 * Posts as columns, the form that scales (9 million posts: 36 MB of account indexes and 72 MB of
 * times instead of 9 million objects). Post `p` is by `accountIds[accountIndex[p]]` at `times[p]`.
 * Build one with {@link SyncPostColumnsBuilder} while streaming rows.
 */
export interface SyncPostColumns {
  /** Distinct account ids; `accountIndex` points into this list. */
  readonly accountIds: readonly string[];
  readonly accountIndex: Uint32Array;
  /** Unix milliseconds, one per post. */
  readonly times: Float64Array;
  /** Time precision in ms, per post or one value for all posts. */
  readonly precisionMs: Float64Array | number;
  /** Objects of post p (interned): objectList[objectStart[p] .. objectStart[p + 1]); absent when unknown. */
  readonly objectStart?: Int32Array;
  readonly objectList?: Int32Array;
}

/** Posts as row objects (small inputs, tests) or as columns (scale). */
export type SyncInput = SyncPostColumns | Iterable<TimedPost>;

/**
 * Interns account ids and appends posts to growing typed arrays, so a runner can stream rows from
 * the database without holding them as objects.
 *
 * @example
 * const builder = new SyncPostColumnsBuilder();
 * builder.add("alice", Date.UTC(2016, 0, 1, 12, 0), 60_000);
 * const columns = builder.build(); // columns.times.length === 1
 */
export class SyncPostColumnsBuilder {
  private readonly indexOf = new Map<string, number>();
  private readonly ids: string[] = [];
  private accountIndex = new Uint32Array(1024);
  private times = new Float64Array(1024);
  private precision = new Float64Array(1024);
  private length = 0;
  private readonly objectIndexOf = new Map<string, number>();
  private objectStart: number[] | null = null;
  private readonly objectList: number[] = [];

  /** `objects`: what the post acts on (see "Same object" in the header); give them for every post or for none. */
  add(accountId: string, time: number, precisionMs: number, objects?: readonly string[]): void {
    if (this.length === this.times.length) {
      const size = this.length * 2;
      const accounts = new Uint32Array(size);
      accounts.set(this.accountIndex);
      this.accountIndex = accounts;
      const times = new Float64Array(size);
      times.set(this.times);
      this.times = times;
      const precision = new Float64Array(size);
      precision.set(this.precision);
      this.precision = precision;
    }
    let index = this.indexOf.get(accountId);
    if (index === undefined) {
      index = this.ids.length;
      this.ids.push(accountId);
      this.indexOf.set(accountId, index);
    }
    const p = this.length++;
    this.accountIndex[p] = index;
    this.times[p] = time;
    this.precision[p] = precisionMs;
    if (objects !== undefined) {
      if (this.objectStart === null) this.objectStart = p === 0 ? [0] : new Array<number>(p + 1).fill(0);
      for (const object of objects) {
        let o = this.objectIndexOf.get(object);
        if (o === undefined) this.objectIndexOf.set(object, (o = this.objectIndexOf.size));
        this.objectList.push(o);
      }
    }
    if (this.objectStart !== null) this.objectStart.push(this.objectList.length);
  }

  /** The columns so far (the builder should not be used afterwards). */
  build(): SyncPostColumns {
    const n = this.length;
    return {
      accountIds: this.ids,
      accountIndex: this.accountIndex.slice(0, n),
      times: this.times.slice(0, n),
      precisionMs: this.precision.slice(0, n),
      ...(this.objectStart === null ? {} : { objectStart: Int32Array.from(this.objectStart), objectList: Int32Array.from(this.objectList) }),
    };
  }
}

function toColumns(input: SyncInput): SyncPostColumns {
  if ("accountIndex" in input) return input;
  const builder = new SyncPostColumnsBuilder();
  for (const post of input) builder.add(post.accountId, post.time, post.precisionMs, post.objects);
  return builder.build();
}

// ---------------------------------------------------------------------------------------------
// Output

/** A pair of accounts that posts in the same bins more often than independent activity explains. */
export interface SyncPair {
  /** The smaller id (all-digit ids in numeric order, see `compareAccountIds`). */
  accountA: string;
  accountB: string;
  /** Bins both posted in (crowded bins left out, see the file header). */
  sharedBins: number;
  /** Bins each posted in, k_a and k_b of the null model. */
  activeBinsA: number;
  activeBinsB: number;
  /** Cosine of the idf-weighted bin vectors, in [0, 1]. */
  similarity: number;
  /** Shared bins the null model expects for this pair (its mean). */
  expected: number;
  /** P(X >= sharedBins) under the null model; may underflow to 0, see `logPValue`. */
  pValue: number;
  /** Natural log of the p-value, exact where `pValue` underflows (ranking uses it). */
  logPValue: number;
  /** After the multiple-testing correction; the pair passed because this is <= alpha. */
  adjustedPValue: number;
}

export interface SyncStats {
  posts: number;
  /** Accounts with at least one post (N). */
  accounts: number;
  binSeconds: number;
  /** T: bins from the first to the last post. */
  spanBins: number;
  /** E^2 / S of the popularity null: the number of equally busy bins that would give the same chance co-occurrence. */
  effectiveBins: number;
  /** Distinct (account, bin) activities. */
  activeBins: number;
  /** Bins skipped as candidate generators (more than maxAccountsPerBin accounts). */
  crowdedBins: number;
  /** Pairs sharing at least one uncrowded bin. */
  candidatePairs: number;
  /** Candidate pairs sharing at least minSharedBins bins: the p-values computed. */
  testedPairs: number;
  /** m of the correction (see `multipleTests`). */
  multipleTests: number;
  flaggedPairs: number;
  /** Shared bins of the tested pairs left out because both accounts acted on one object in them (see "Same object"). */
  sameObjectBins: number;
}

export interface SyncResult {
  /** Sorted by logPValue, then accountA, then accountB. */
  pairs: SyncPair[];
  /** Human-readable warnings (e.g. bins finer than the data's time precision). */
  warnings: string[];
  stats: SyncStats;
}

// ---------------------------------------------------------------------------------------------
// The analysis

const MAX_DENSE_PAIRS = 2 ** 24;

/**
 * Finds pairs of accounts whose posting moments coincide beyond chance. See the file header for the
 * method; options default to {@link syncDefaults}.
 *
 * @example
 * const minute = 60_000;
 * const posts = [0, 50, 90, 170, 260, 333].flatMap((m) => [
 *   { accountId: "alice", time: m * minute, precisionMs: 1000 },
 *   { accountId: "bob", time: m * minute + 2000, precisionMs: 1000 },
 * ]);
 * const { pairs } = synchronizedPostingPairs(posts);
 * // pairs: [{ accountA: "alice", accountB: "bob", sharedBins: 6, similarity: 1, ... }]
 */
export function synchronizedPostingPairs(input: SyncInput, options: SyncOptions = {}): SyncResult {
  const o = resolveSyncOptions(options);
  const columns = toColumns(input);
  const { accountIds, accountIndex, times } = columns;
  const postCount = times.length;
  const accountCount = accountIds.length;
  const binMs = o.binSeconds * 1000;
  const warnings: string[] = [];

  const stats: SyncStats = {
    posts: postCount,
    accounts: 0,
    binSeconds: o.binSeconds,
    spanBins: 0,
    effectiveBins: 0,
    activeBins: 0,
    crowdedBins: 0,
    candidatePairs: 0,
    testedPairs: 0,
    multipleTests: 0,
    flaggedPairs: 0,
    sameObjectBins: 0,
  };
  if (accountIndex.length !== postCount) {
    throw new InputError("SYNC_COLUMNS_MISMATCH", `accountIndex has ${accountIndex.length} rows but times has ${postCount}`, {
      field: "accountIndex",
    });
  }
  const precisionWarning = checkPrecision(columns.precisionMs, postCount, binMs, o.binSeconds);
  if (precisionWarning) warnings.push(precisionWarning);
  if (postCount === 0) return { pairs: [], warnings, stats };

  // Bins are integers relative to the first bin so keys stay far below 2^53.
  let minBin = Infinity;
  let maxBin = -Infinity;
  for (let p = 0; p < postCount; p++) {
    const t = times[p];
    if (!Number.isFinite(t)) {
      throw new InputError("SYNC_BAD_TIME", `post ${p} has a non-finite time (${String(t)})`, {
        field: "time",
        hint: "drop posts without a timestamp before calling sync",
      });
    }
    const bin = Math.floor(t / binMs);
    if (bin < minBin) minBin = bin;
    if (bin > maxBin) maxBin = bin;
    if (accountIndex[p] >= accountCount) {
      throw new InputError("SYNC_COLUMNS_MISMATCH", `post ${p} points to account ${accountIndex[p]} of ${accountCount}`, {
        field: "accountIndex",
      });
    }
  }
  const spanBins = maxBin - minBin + 1;
  stats.spanBins = spanBins;
  if (spanBins * accountCount >= Number.MAX_SAFE_INTEGER) {
    throw new AnalysisError("SYNC_SPAN_TOO_LARGE", `${spanBins} bins x ${accountCount} accounts do not fit in exact integer keys`, {
      hint: "use a coarser binSeconds or a shorter time range",
    });
  }

  // One key per post, bin-major: sorting groups posts by bin, accounts ascending inside a bin.
  const keys = new Float64Array(postCount);
  for (let p = 0; p < postCount; p++) keys[p] = (Math.floor(times[p] / binMs) - minBin) * accountCount + accountIndex[p];
  keys.sort();
  let unique = 0;
  for (let p = 0; p < postCount; p++) {
    if (unique === 0 || keys[p] !== keys[unique - 1]) keys[unique++] = keys[p];
  }
  stats.activeBins = unique;

  const posted = new Uint8Array(accountCount);
  for (let p = 0; p < postCount; p++) posted[accountIndex[p]] = 1;
  let activeAccounts = 0;
  for (let a = 0; a < accountCount; a++) activeAccounts += posted[a];
  stats.accounts = activeAccounts;

  const counter = createPairCounter(o.pairCounter, accountCount);
  const activeBins = new Uint32Array(accountCount);
  const norm2 = new Float64Array(accountCount);
  const members = new Uint32Array(accountCount);
  // The popularity null lives on uncrowded bins only: E = activity in them, S = sum of c (c - 1),
  // selfMass[a] = what a's presence adds to S (sum of 2 (c - 1)), uncrowdedBins[a] = k_a there.
  let uncrowdedActivity = 0;
  let coOccurrenceMass = 0;
  const selfMass = new Float64Array(accountCount);
  const uncrowdedBins = new Uint32Array(accountCount);
  // Crowded bins (relative bin numbers): not shared bins, also for the same-object recount below.
  const crowdedBins = new Set<number>();
  let i = 0;
  while (i < unique) {
    const bin = binOfKey(keys[i], accountCount);
    const end = (bin + 1) * accountCount;
    let c = 0;
    let j = i;
    while (j < unique && keys[j] < end) members[c++] = keys[j++] - bin * accountCount;
    const idf = Math.log((activeAccounts + 1) / c);
    const w2 = idf * idf;
    for (let q = 0; q < c; q++) {
      activeBins[members[q]]++;
      norm2[members[q]] += w2;
    }
    if (c > o.maxAccountsPerBin) {
      stats.crowdedBins++;
      crowdedBins.add(bin);
    }
    else {
      uncrowdedActivity += c;
      for (let q = 0; q < c; q++) uncrowdedBins[members[q]]++;
    }
    if (c >= 2 && c <= o.maxAccountsPerBin) {
      counter.addGroup(members, c, w2);
      coOccurrenceMass += c * (c - 1);
      for (let q = 0; q < c; q++) selfMass[members[q]] += 2 * (c - 1);
    }
    i = j;
  }

  // Test every candidate with enough shared bins; keep only those that can pass (p <= alpha).
  const keptA: number[] = [];
  const keptB: number[] = [];
  const keptShared: number[] = [];
  const keptSimilarity: number[] = [];
  const keptLogP: number[] = [];
  const keptMu: number[] = [];
  let candidates = 0;
  let tested = 0;
  const logAlpha = Math.log(o.alpha);
  stats.effectiveBins = coOccurrenceMass > 0 ? (uncrowdedActivity * uncrowdedActivity) / coOccurrenceMass : spanBins;
  const popularityMean = (a: number, b: number, shared: number): number => {
    const ka = uncrowdedBins[a];
    const kb = uncrowdedBins[b];
    // Leave the pair out: removing a and b from a bin they share lowers c (c - 1) by 4c - 6, i.e. by
    // both self masses minus 2.
    const othersMass = coOccurrenceMass - selfMass[a] - selfMass[b] + 2 * shared;
    const othersActivity = uncrowdedActivity - ka - kb;
    if (!(othersMass > 0 && othersActivity > 0)) return (ka * kb) / (spanBins - stats.crowdedBins);
    return (ka * kb * othersMass) / (othersActivity * othersActivity);
  };
  counter.forEach((a, b, shared, weightSum) => {
    candidates++;
    if (shared < o.minSharedBins) return;
    tested++;
    const mu = o.nullModel === "uniform" ? (activeBins[a] * activeBins[b]) / spanBins : popularityMean(a, b, shared);
    const logP =
      o.nullModel === "uniform" ? hypergeometricUpperTailLog(spanBins, activeBins[a], activeBins[b], shared) : poissonUpperTailLog(mu, shared);
    if (logP > logAlpha) return;
    const denominator = Math.sqrt(norm2[a] * norm2[b]);
    keptA.push(a);
    keptB.push(b);
    keptShared.push(shared);
    keptSimilarity.push(denominator > 0 ? Math.min(1, weightSum / denominator) : 0);
    keptLogP.push(logP);
    keptMu.push(mu);
  });
  // Popularity null, second look: an account active in nearly every crowded moment (one that posts
  // within seconds of everything popular) shares such moments with every other such account. For the
  // pairs that can pass, b's propensity to be active in a bin as busy as each of a's bins is estimated
  // on the bins a was not active in, pooled by crowd size (as coaction-significance.ts does for
  // events), and the larger expectation is tested.
  if (o.nullModel === "popularity" && keptA.length > 0) {
    const propensityMeans = busyBinMeans(keys, unique, accountCount, o.maxAccountsPerBin, keptA, keptB);
    for (let k = 0; k < keptA.length; k++) {
      const mu = Math.max(keptMu[k], propensityMeans[k]);
      if (mu > keptMu[k]) {
        keptMu[k] = mu;
        keptLogP[k] = poissonUpperTailLog(mu, keptShared[k]);
      }
    }
  }
  // Same object: a bin where both accounts acted on one object (the same tweet retweeted, the same
  // hashtag or link) is a co-share, judged by the co-share analyses against the object's popularity;
  // sync counts the bins where they posted different things. The expectation is left as it was (it
  // counts every shared bin), so the test errs towards chance.
  if (columns.objectStart !== undefined && columns.objectList !== undefined && keptA.length > 0) {
    const sameObject = sameObjectBins(columns, accountCount, minBin, binMs, crowdedBins, keptA, keptB);
    for (let k = 0; k < keptA.length; k++) {
      if (sameObject[k] === 0) continue;
      stats.sameObjectBins += sameObject[k];
      keptShared[k] -= sameObject[k];
      keptLogP[k] = keptShared[k] < o.minSharedBins ? 0 : poissonUpperTailLog(keptMu[k], keptShared[k]);
    }
  }
  stats.candidatePairs = candidates;
  stats.testedPairs = tested;
  const m = o.multipleTests === "allPairs" ? (activeAccounts * (activeAccounts - 1)) / 2 : tested;
  stats.multipleTests = m;

  const order = keptLogP.map((_, k) => k);
  order.sort((x, y) => keptLogP[x] - keptLogP[y] || keptA[x] - keptA[y] || keptB[x] - keptB[y]);
  const adjusted = adjustPValues(order.map((k) => keptLogP[k]), m, o.correction);

  const pairs: SyncPair[] = [];
  for (let r = 0; r < order.length; r++) {
    const k = order[r];
    if (!(adjusted[r] <= o.alpha) || keptSimilarity[k] < o.minSimilarity) continue;
    let a = keptA[k];
    let b = keptB[k];
    if (compareAccountIds(accountIds[a], accountIds[b]) > 0) [a, b] = [b, a];
    pairs.push({
      accountA: accountIds[a],
      accountB: accountIds[b],
      sharedBins: keptShared[k],
      activeBinsA: activeBins[a],
      activeBinsB: activeBins[b],
      similarity: keptSimilarity[k],
      expected: keptMu[k],
      pValue: Math.exp(keptLogP[k]),
      logPValue: keptLogP[k],
      adjustedPValue: adjusted[r],
    });
  }
  pairs.sort(
    (x, y) => x.logPValue - y.logPValue || compareAccountIds(x.accountA, y.accountA) || compareAccountIds(x.accountB, y.accountB),
  );
  stats.flaggedPairs = pairs.length;
  return { pairs, warnings, stats };
}

/**
 * For each pair (a, b), the uncrowded bins both were active in where a post of a's and a post of b's
 * share an object. Posts are gathered per account of the pairs only, sorted by bin.
 */
function sameObjectBins(
  columns: SyncPostColumns,
  accountCount: number,
  minBin: number,
  binMs: number,
  crowdedBins: ReadonlySet<number>,
  pairA: number[],
  pairB: number[],
): Int32Array {
  const objectStart = columns.objectStart!;
  const objectList = columns.objectList!;
  const wanted = new Uint8Array(accountCount);
  for (const a of pairA) wanted[a] = 1;
  for (const b of pairB) wanted[b] = 1;
  const postsOf = new Map<number, number[]>();
  for (let p = 0; p < columns.times.length; p++) {
    const a = columns.accountIndex[p];
    if (!wanted[a]) continue;
    let list = postsOf.get(a);
    if (list === undefined) postsOf.set(a, (list = []));
    list.push(p);
  }
  const binOf = (p: number) => Math.floor(columns.times[p] / binMs) - minBin;
  for (const list of postsOf.values()) list.sort((x, y) => binOf(x) - binOf(y) || x - y);
  const result = new Int32Array(pairA.length);
  const objectsInBin = new Set<number>();
  for (let k = 0; k < pairA.length; k++) {
    const a = postsOf.get(pairA[k])!;
    const b = postsOf.get(pairB[k])!;
    let count = 0;
    for (let x = 0, y = 0; x < a.length && y < b.length; ) {
      const binA = binOf(a[x]);
      const binB = binOf(b[y]);
      if (binA < binB) x++;
      else if (binB < binA) y++;
      else {
        objectsInBin.clear();
        for (; x < a.length && binOf(a[x]) === binA; x++) for (let q = objectStart[a[x]]; q < objectStart[a[x] + 1]; q++) objectsInBin.add(objectList[q]);
        let shared = false;
        for (; y < b.length && binOf(b[y]) === binA; y++) {
          for (let q = objectStart[b[y]]; q < objectStart[b[y] + 1] && !shared; q++) shared = objectsInBin.has(objectList[q]);
        }
        if (shared && !crowdedBins.has(binA)) count++;
      }
    }
    result[k] = count;
  }
  return result;
}

/**
 * For each pair (a, b), max(mu(a→b), mu(b→a)) where mu(a→b) = sum over a's uncrowded bins of b's
 * propensity to be active in a bin of that crowd size: the share of such bins (pooled with busier ones
 * until at least MIN_POOLED_EVENTS are left) that b was active in among those a was not active in,
 * shrunk towards b's rate in bins of that size.
 */
function busyBinMeans(keys: Float64Array, unique: number, accountCount: number, maxAccountsPerBin: number, pairA: number[], pairB: number[]): Float64Array {
  const C = DEGREE_CLASSES;
  const binsOfClass = new Float64Array(C);
  const joined = new Float64Array(accountCount * C);
  const wanted = new Uint8Array(accountCount);
  for (const a of pairA) wanted[a] = 1;
  for (const b of pairB) wanted[b] = 1;
  const binsOf = new Map<number, { bins: number[]; classes: number[] }>();
  let i = 0;
  while (i < unique) {
    const bin = binOfKey(keys[i], accountCount);
    const end = (bin + 1) * accountCount;
    let j = i;
    while (j < unique && keys[j] < end) j++;
    const crowd = j - i;
    if (crowd <= maxAccountsPerBin) {
      const cls = degreeClass(crowd);
      binsOfClass[cls]++;
      for (let k = i; k < j; k++) {
        const a = keys[k] - bin * accountCount;
        joined[a * C + cls]++;
        if (wanted[a]) {
          let list = binsOf.get(a);
          if (list === undefined) binsOf.set(a, (list = { bins: [], classes: [] }));
          list.bins.push(bin);
          list.classes.push(cls);
        }
      }
    }
    i = j;
  }
  const together = new Float64Array(C);
  let totalBins = 0;
  for (let cls = 0; cls < C; cls++) totalBins += binsOfClass[cls];
  const fromSide = (a: number, b: number): number => {
    // Too few bins without a to say anything about b (tiny inputs): the first look stands alone.
    let activeA = 0;
    for (let cls = 0; cls < C; cls++) activeA += joined[a * C + cls];
    if (totalBins - activeA < MIN_POOLED_EVENTS) return 0;
    let sum = 0;
    for (let own = 0; own < C; own++) {
      const count = joined[a * C + own];
      if (count === 0) continue;
      let others = 0;
      let joinedByB = 0;
      for (let cls = own; cls < C && others < MIN_POOLED_EVENTS; cls++) {
        others += Math.max(0, binsOfClass[cls] - joined[a * C + cls]);
        joinedByB += Math.max(0, joined[b * C + cls] - together[cls]);
      }
      const prior = binsOfClass[own] > 0 ? joined[b * C + own] / binsOfClass[own] : 0;
      sum += count * Math.min(1, (joinedByB + PRIOR_EVENTS * prior) / (others + PRIOR_EVENTS));
    }
    return sum;
  };
  const means = new Float64Array(pairA.length);
  for (let k = 0; k < pairA.length; k++) {
    const a = binsOf.get(pairA[k])!;
    const b = binsOf.get(pairB[k])!;
    together.fill(0);
    for (let x = 0, y = 0; x < a.bins.length && y < b.bins.length; ) {
      if (a.bins[x] === b.bins[y]) {
        together[a.classes[x]]++;
        x++;
        y++;
      } else if (a.bins[x] < b.bins[y]) x++;
      else y++;
    }
    means[k] = Math.max(fromSide(pairA[k], pairB[k]), fromSide(pairB[k], pairA[k]));
  }
  return means;
}

function checkPrecision(precisionMs: Float64Array | number, postCount: number, binMs: number, binSeconds: number): string | undefined {
  let coarser = 0;
  let maxPrecision = 0;
  if (typeof precisionMs === "number") {
    maxPrecision = precisionMs;
    coarser = precisionMs > binMs ? postCount : 0;
  } else {
    for (let p = 0; p < precisionMs.length; p++) {
      const precision = precisionMs[p];
      if (precision > maxPrecision) maxPrecision = precision;
      if (precision > binMs) coarser++;
    }
  }
  if (coarser === 0) return undefined;
  const share = postCount > 0 ? ` (${((100 * coarser) / postCount).toFixed(1)}% of posts)` : "";
  return (
    `binSeconds ${binSeconds} is finer than the data's time precision of up to ${maxPrecision / 1000} s${share}: ` +
    `posts in the same ${maxPrecision / 1000} s may fall in different bins; use binSeconds >= ${Math.ceil(maxPrecision / 1000)}`
  );
}

/** The bin of a key bin * n + account, safe against rounding of the division. */
function binOfKey(key: number, n: number): number {
  let bin = Math.floor(key / n);
  const account = key - bin * n;
  if (account < 0) bin--;
  else if (account >= n) bin++;
  return bin;
}

// ---------------------------------------------------------------------------------------------
// Pair counters

interface PairCounter {
  /** Counts every pair of the first `c` members (ascending account indexes) once, adding `w2`. */
  addGroup(members: Uint32Array, c: number, w2: number): void;
  /** Visits pairs a < b in a deterministic order. */
  forEach(visit: (a: number, b: number, shared: number, weightSum: number) => void): void;
}

function createPairCounter(kind: SyncPairCounter, n: number): PairCounter {
  const pairCount = (n * (n - 1)) / 2;
  if (kind === "dense" || (kind === "auto" && pairCount <= MAX_DENSE_PAIRS)) return new DensePairCounter(n);
  return new MapPairCounter(n);
}

/** Upper-triangle arrays: pair (a, b), a < b, at rowStart[a] + b. */
class DensePairCounter implements PairCounter {
  private readonly rowStart: Float64Array;
  private readonly shared: Uint32Array;
  private readonly weightSum: Float64Array;

  constructor(private readonly n: number) {
    this.rowStart = new Float64Array(n);
    for (let a = 0; a < n; a++) this.rowStart[a] = a * n - (a * (a + 1)) / 2 - a - 1;
    const size = Math.max(0, (n * (n - 1)) / 2);
    this.shared = new Uint32Array(size);
    this.weightSum = new Float64Array(size);
  }

  addGroup(members: Uint32Array, c: number, w2: number): void {
    const { rowStart, shared, weightSum } = this;
    for (let x = 0; x < c - 1; x++) {
      const start = rowStart[members[x]];
      for (let y = x + 1; y < c; y++) {
        const index = start + members[y];
        shared[index]++;
        weightSum[index] += w2;
      }
    }
  }

  forEach(visit: (a: number, b: number, shared: number, weightSum: number) => void): void {
    const { n, shared, weightSum } = this;
    let index = 0;
    for (let a = 0; a < n; a++) {
      for (let b = a + 1; b < n; b++, index++) {
        if (shared[index] > 0) visit(a, b, shared[index], weightSum[index]);
      }
    }
  }
}

/** Sparse counters: a Map from pair index a * n + b to a slot in growing typed arrays. */
class MapPairCounter implements PairCounter {
  // A Map holds at most 2^24 entries, so pairs are spread over shards by their first account.
  private readonly shards: Map<number, number>[] = Array.from({ length: 64 }, () => new Map());
  private pairKey = new Float64Array(1024);
  private shared = new Uint32Array(1024);
  private weightSum = new Float64Array(1024);
  private size = 0;

  constructor(private readonly n: number) {}

  addGroup(members: Uint32Array, c: number, w2: number): void {
    for (let x = 0; x < c - 1; x++) {
      const a = members[x];
      const shard = this.shards[a & 63];
      for (let y = x + 1; y < c; y++) {
        const key = a * this.n + members[y];
        let slot = shard.get(key);
        if (slot === undefined) {
          slot = this.newSlot(key);
          shard.set(key, slot);
        }
        this.shared[slot]++;
        this.weightSum[slot] += w2;
      }
    }
  }

  private newSlot(key: number): number {
    if (this.size === this.pairKey.length) {
      const size = this.size * 2;
      const keys = new Float64Array(size);
      keys.set(this.pairKey);
      this.pairKey = keys;
      const shared = new Uint32Array(size);
      shared.set(this.shared);
      this.shared = shared;
      const weightSum = new Float64Array(size);
      weightSum.set(this.weightSum);
      this.weightSum = weightSum;
    }
    this.pairKey[this.size] = key;
    return this.size++;
  }

  forEach(visit: (a: number, b: number, shared: number, weightSum: number) => void): void {
    // Slot order is insertion order, which depends only on the sorted keys: deterministic.
    for (let slot = 0; slot < this.size; slot++) {
      const key = this.pairKey[slot];
      const a = Math.floor(key / this.n);
      visit(a, key - a * this.n, this.shared[slot], this.weightSum[slot]);
    }
  }
}

export { hypergeometricUpperTailLog, logGamma, poissonUpperTailLog } from "./stats.ts";
