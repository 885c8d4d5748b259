/**
 * Shared-target ties: the statistically validated projection of the account–target bipartite graph.
 * The accounts of an information operation seldom name one another; they amplify the same outside
 * accounts, tweets and links. Two accounts are tied when they amplify more of the same targets than
 * their own activity explains, and the tie is weighted by how few accounts share each target.
 *
 * Bipartite graph. Accounts of the archive on one side; on the other, every target they amplify: an
 * outside account they retweet, quote, reply to or mention, a tweet they retweet or quote, a link they
 * post. B_ao = 1 when account a amplified target o at least once (repeats do not count: a bot posting
 * one link a hundred times is one link).
 *
 * Which ties are kept (the backbone). The projection's raw count V_ab (targets a and b share) mostly
 * reflects how active a and b are and how popular their targets are: a target everyone names gives
 * every pair one. Following the stochastic degree sequence model (Neal 2014, "The backbone of bipartite
 * projections: inferring relationships from co-authorship, co-sponsorship, co-attendance and other
 * co-behaviors", Social Networks 39:84-97) with the bipartite configuration model as its null
 * (Saracco et al. 2015, Sci. Rep. 5:10595; Saracco, Straka, Di Clemente, Gabrielli, Caldarelli &
 * Squartini 2017, "Inferring monopartite projections of bipartite networks: an entropy-based
 * approach", New J. Phys. 19:053022), each account and each target keep their degrees on average
 * (bicm.ts): a amplifies o with probability p_ao, and under the null V_ab is a sum of independent
 * Bernoulli trials of probabilities p_ao p_bo (Poisson-binomial). A tie is kept when V_ab is
 * improbably large: one-sided p-value, Benjamini & Hochberg (1995) false discovery rate over every
 * pair of accounts, N(N-1)/2 tests (a pair sharing nothing counts as p = 1). A target everyone names
 * has p_ao close to 1 for everyone: it adds about as much to the expectation as to the count, and
 * cannot tie anyone. The fixed degree sequence model (Zweig & Kaufmann 2011) keeps degrees exactly
 * but needs thousands of random graphs; the disparity filter (Serrano, Boguñá & Vespignani 2009, PNAS
 * 106:6483) judges a weighted graph's edges by their share of a node's strength, but a projection's
 * weights are not independent draws (every target makes a clique), which is why Neal and Saracco et
 * al. test the bipartite graph instead.
 *
 * The tail. The Poisson-binomial upper tail is computed per pair of account degree classes. Trials
 * with p_ao p_bo >= 0.05 (the popular targets) are convolved exactly, one binomial per target degree
 * class; the many small ones are one Poisson (Le Cam 1960: total variation at most 0.05 times their
 * mean), whose upper tail bounds theirs from above the mean (Hoeffding 1956; Anderson & Samuels 1967). Where the exact part would exceed
 * 64 trials (two very active accounts, many popular targets), the refined normal approximation with
 * skewness correction (Volkova 1996; the default of Neal's `backbone` R package for the SDSM) takes the
 * whole sum: a Poisson would count the near-certain trials' variance as if they were rare, and call
 * every such pair chance. A pair observed at or below its expectation has p >= 1/2 (a Poisson-binomial's
 * median is within 1 of its mean, Jogdeo & Samuels 1968) and is not computed.
 *
 * Weight of a kept tie: sum over shared targets o of 1 / (n_o - 1), n_o the accounts sharing o.
 * Each account spreads one unit of tie strength per target over the others that share it: Newman's
 * weighting of collaboration networks (2001, "Scientific collaboration networks. II", Phys. Rev. E
 * 64:016132) and the resource-allocation projection of Zhou, Ren, Medo & Zhang (2007, "Bipartite
 * network projection and personal recommendation", Phys. Rev. E 76:046115). A target only two accounts
 * share weighs 1, as much as one direct interaction between them; one shared by ten weighs 1/9.
 *
 * Cost. Targets of one account never tie anyone: the caller only counts them per account (they still
 * count in the degrees). Targets shared by more than `maxTargetAccounts` accounts are left out of the
 * counts and of the expectations alike (their p_ao p_bo is near 1: they inform no tie, and would cost
 * n^2 / 2 pairs each); they too still count in the degrees. The projection is swept one account at a
 * time over a dense row (the sparse product B B^T), so memory grows with the bipartite graph and the
 * ties that pass the raw level, not with the pairs that share something.
 *
 * Limits worth knowing. Accounts, tweets and links are one bipartite graph, one null: a link and a
 * tweet of equal popularity are alike to it. Time is ignored: two accounts amplifying one outside
 * account a year apart share it as much as two doing it within a minute (the co-* analyses judge time).
 * The null is the BiCM's, not the data's: where the most active accounts pick targets by popularity
 * more steeply than the BiCM's p = xy / (1 + xy) (as in `coordgraph synth` archives), pairs of them
 * share more than it expects and are tied; the 1 / (n_o - 1) weights keep such ties, made of popular
 * targets, light next to those made of targets few share.
 */
import { AnalysisError, UsageError } from "../errors.ts";
import { compareAccountIds } from "./partition.ts";
import { linkProbability, solveBicm } from "./bicm.ts";
import { adjustPValues, argsortFloat64, poissonUpperTailLog } from "./stats.ts";

/** What a target is: an outside account amplified, a tweet retweeted or quoted, a link posted. */
export type TargetKind = "account" | "tweet" | "link";

/** Defaults of {@link SharedTargetOptions}, declared once (the CLI shows them). */
export const sharedTargetDefaults = Object.freeze({
  /** False discovery rate of the Benjamini-Hochberg step over all pairs; 1 keeps every pair that shares a target. */
  alpha: 0.01,
  /** Targets shared by more accounts than this tie no one (they still count in the degrees). */
  maxTargetAccounts: 1000,
});

export interface SharedTargetOptions {
  /** Default {@link sharedTargetDefaults}.alpha (0.01). In (0, 1]. */
  alpha?: number;
  /** Default {@link sharedTargetDefaults}.maxTargetAccounts (1,000). At least 2. */
  maxTargetAccounts?: number;
}

/** A kept tie between two accounts (`source` sorts before `target` by `compareAccountIds`). */
export interface SharedTargetTie {
  source: string;
  target: string;
  /** Sum over the shared targets of 1 / (accounts sharing it - 1). */
  weight: number;
  /** Targets both amplified (V_ab), and of these the outside accounts, tweets and links. */
  sharedTargets: number;
  sharedAccounts: number;
  sharedTweets: number;
  sharedLinks: number;
  /** Shared targets the bipartite configuration model expects for two accounts of these degrees. */
  expected: number;
  pValue: number;
  /** Natural log of pValue, exact where pValue underflows to 0. */
  logPValue: number;
  /** Benjamini-Hochberg adjusted p-value over N(N-1)/2 pairs. */
  adjustedPValue: number;
}

export interface SharedTargetBackbone {
  /** Kept ties, sorted by (source, target). */
  ties: SharedTargetTie[];
  /** Accounts with at least one target (N; the tests are N(N-1)/2). */
  accounts: number;
  /** Distinct targets, of which those shared by 2..maxTargetAccounts accounts, and those shared by more. */
  targets: number;
  sharedTargets: number;
  crowdedTargets: number;
  /** Pairs of accounts that share at least one target (before the test). */
  pairsSharing: number;
  tests: number;
}

/** Targets that the same accounts share, as {@link SharedTargetProjection.sharedTargetsOf} gives them. */
export interface SharedTargetSet {
  kind: TargetKind;
  /** Accounts sharing each of these targets (n_o: each weighs 1 / (n_o - 1) in a tie). */
  accounts: number;
  /** How many targets these accounts share. */
  targets: number;
  /** Ids of some of them, as given to `addTarget`. */
  examples: readonly string[];
}

const NO_EXAMPLES: readonly string[] = Object.freeze([]);

/** Trials at or above this probability are convolved exactly; below it, summed as one Poisson. */
const EXACT_TRIAL_PROBABILITY = 0.05;
/** Above this many such trials, the refined normal approximation instead (Volkova 1996). */
const MAX_EXACT_TRIALS = 64;
const KIND_CODES: Record<TargetKind, number> = { account: 0, tweet: 1, link: 2 };

/**
 * Collects the bipartite graph one target at a time (a projection streams millions of them), then
 * computes the backbone. Plain values in, plain values out: nothing here touches a database.
 *
 * @example
 * const projection = new SharedTargetProjection();
 * projection.addTarget("account", ["a1", "a2", "a3"]);
 * projection.addTarget("link", ["a1", "a2"]);
 * projection.addSoleTargets("a3", 40); // 40 targets only a3 amplified
 * const { ties } = projection.backbone({ alpha: 0.01 });
 */
export class SharedTargetProjection {
  private readonly position = new Map<string, number>();
  private readonly ids: string[] = [];
  private readonly degree: number[] = [];
  /** Target degree → how many targets have it. */
  private readonly targetDegrees = new Map<number, number>();
  /** Targets with two or more accounts: their accounts, kind and multiplicity (identical targets come as one). */
  private readonly members: number[] = [];
  private readonly memberStart: number[] = [0];
  private readonly kinds: number[] = [];
  private readonly multiplicity: number[] = [];
  /** Ids of some of each such target (whatever the caller gave), for evidence; shared empty list otherwise. */
  private readonly examples: Array<readonly string[]> = [];

  /**
   * Adds `times` targets of one kind amplified by exactly these accounts (duplicates count once).
   * A target of one account only counts towards that account's degree. `examples`: ids of some of
   * these targets, kept (for targets of two or more accounts) so {@link sharedTargetsOf} can name them.
   */
  addTarget(kind: TargetKind, accounts: readonly string[], times = 1, examples: readonly string[] = NO_EXAMPLES): void {
    if (!(Number.isInteger(times) && times >= 1)) throw new AnalysisError("INVALID_TARGET", `a target's multiplicity must be a whole number >= 1, got ${times}`, { field: "times" });
    const code = KIND_CODES[kind];
    if (code === undefined) throw new AnalysisError("INVALID_TARGET", `unknown target kind "${String(kind)}"`, { field: "kind", hint: "account, tweet or link" });
    const distinct = [...new Set(accounts.map((id) => this.intern(id)))];
    if (distinct.length === 0) return;
    for (const a of distinct) this.degree[a] += times;
    this.targetDegrees.set(distinct.length, (this.targetDegrees.get(distinct.length) ?? 0) + times);
    if (distinct.length < 2) return;
    distinct.sort((x, y) => x - y);
    for (const a of distinct) this.members.push(a);
    this.memberStart.push(this.members.length);
    this.kinds.push(code);
    this.multiplicity.push(times);
    this.examples.push(examples.length === 0 ? NO_EXAMPLES : examples);
  }

  /** Adds `count` targets that only `account` amplified: they raise its degree and tie it to no one. */
  addSoleTargets(account: string, count: number): void {
    if (!(Number.isInteger(count) && count >= 0)) throw new AnalysisError("INVALID_TARGET", `a count of targets must be a whole number >= 0, got ${count}`, { field: "count" });
    if (count === 0) return;
    this.degree[this.intern(account)] += count;
    this.targetDegrees.set(1, (this.targetDegrees.get(1) ?? 0) + count);
  }

  /** The validated projection (see the file header). */
  backbone(options: SharedTargetOptions = {}): SharedTargetBackbone {
    const { alpha, maxTargetAccounts } = checkOptions(options);
    const n = this.ids.length;
    let targets = 0;
    let crowdedTargets = 0;
    for (const [degree, count] of this.targetDegrees) {
      targets += count;
      if (degree > maxTargetAccounts) crowdedTargets += count;
    }
    const tests = (n * (n - 1)) / 2;
    const empty: SharedTargetBackbone = { ties: [], accounts: n, targets, sharedTargets: 0, crowdedTargets, pairsSharing: 0, tests };
    if (n < 2) return empty;

    const nullModel = new PairNull(this.degree, this.targetDegrees, maxTargetAccounts);

    // Targets by account (CSR), kept targets only: those 2..maxTargetAccounts accounts share.
    const targetCount = this.kinds.length;
    const kept: number[] = [];
    let sharedTargets = 0;
    for (let o = 0; o < targetCount; o++) {
      const size = this.memberStart[o + 1] - this.memberStart[o];
      if (size <= maxTargetAccounts) {
        kept.push(o);
        sharedTargets += this.multiplicity[o];
      }
    }
    const rowStart = new Int32Array(n + 1);
    for (const o of kept) for (let i = this.memberStart[o]; i < this.memberStart[o + 1]; i++) rowStart[this.members[i] + 1]++;
    for (let a = 0; a < n; a++) rowStart[a + 1] += rowStart[a];
    const targetsOf = new Int32Array(rowStart[n]);
    const fill = rowStart.slice(0, n);
    for (const o of kept) for (let i = this.memberStart[o]; i < this.memberStart[o + 1]; i++) targetsOf[fill[this.members[i]]++] = o;

    // One row of B B^T at a time: shared counts, weights and kinds of a with every later account.
    const shared = new Int32Array(n);
    const weight = new Float64Array(n);
    const byKind = [new Int32Array(n), new Int32Array(n), new Int32Array(n)];
    const touched = new Int32Array(n);
    const logAlpha = Math.log(alpha);
    const candidates: Array<Omit<SharedTargetTie, "adjustedPValue" | "source" | "target"> & { a: number; b: number }> = [];
    let pairsSharing = 0;
    for (let a = 0; a < n; a++) {
      let touchedCount = 0;
      for (let r = rowStart[a]; r < rowStart[a + 1]; r++) {
        const o = targetsOf[r];
        const from = this.memberStart[o];
        const to = this.memberStart[o + 1];
        const times = this.multiplicity[o];
        const share = times / (to - from - 1);
        const kindCounts = byKind[this.kinds[o]];
        for (let i = from; i < to; i++) {
          const b = this.members[i];
          if (b <= a) continue;
          if (shared[b] === 0) touched[touchedCount++] = b;
          shared[b] += times;
          weight[b] += share;
          kindCounts[b] += times;
        }
      }
      pairsSharing += touchedCount;
      for (let t = 0; t < touchedCount; t++) {
        const b = touched[t];
        const observed = shared[b];
        const expected = nullModel.expected(a, b);
        // The median of a Poisson-binomial is within 1 of its mean (Jogdeo & Samuels 1968): at or below
        // the mean, p >= 1/2, and such a pair cannot pass any alpha below that.
        const logP = observed <= Math.floor(expected) && alpha < 0.5 ? 0 : nullModel.upperTailLog(a, b, observed);
        if (logP <= logAlpha) {
          candidates.push({
            a,
            b,
            // Rounded so the order in which targets arrive cannot change the last bits (and so Louvain).
            weight: Number(weight[b].toPrecision(12)),
            sharedTargets: observed,
            sharedAccounts: byKind[0][b],
            sharedTweets: byKind[1][b],
            sharedLinks: byKind[2][b],
            expected,
            pValue: Math.exp(logP),
            logPValue: logP,
          });
        }
        shared[b] = 0;
        weight[b] = 0;
        byKind[0][b] = byKind[1][b] = byKind[2][b] = 0;
      }
    }

    // Benjamini-Hochberg over every pair: those not among the candidates have raw p > alpha and cannot pass.
    const order = argsortFloat64(Float64Array.from(candidates, (c) => c.logPValue));
    const adjusted = adjustPValues(Float64Array.from(order, (i) => candidates[i].logPValue), tests, "bh");
    const ties: SharedTargetTie[] = [];
    order.forEach((i, rank) => {
      if (adjusted[rank] > alpha) return;
      const { a, b, ...figures } = candidates[i];
      const [source, target] = compareAccountIds(this.ids[a], this.ids[b]) <= 0 ? [this.ids[a], this.ids[b]] : [this.ids[b], this.ids[a]];
      ties.push({ source, target, ...figures, adjustedPValue: adjusted[rank] });
    });
    ties.sort((x, y) => compareAccountIds(x.source, y.source) || compareAccountIds(x.target, y.target));
    return { ties, accounts: n, targets, sharedTargets, crowdedTargets, pairsSharing, tests };
  }

  /**
   * For each pair, the targets both accounts amplified among those 2..maxTargetAccounts accounts
   * share (those that make a tie's weight): each set of targets with the same accounts once, with its
   * kind, how many accounts share it, how many targets it holds and the example ids given to
   * {@link addTarget}. In the order the targets were added; an account never added shares nothing.
   *
   * @example
   * projection.addTarget("link", ["a1", "a2"], 1, ["https://example.org/1"]);
   * projection.sharedTargetsOf([{ source: "a1", target: "a2" }]);
   * // [[{ kind: "link", accounts: 2, targets: 1, examples: ["https://example.org/1"] }]]
   */
  sharedTargetsOf(pairs: ReadonlyArray<{ source: string; target: string }>, options: Pick<SharedTargetOptions, "maxTargetAccounts"> = {}): SharedTargetSet[][] {
    const { maxTargetAccounts } = checkOptions({ maxTargetAccounts: options.maxTargetAccounts });
    // Target sets of the accounts asked about only: one pass over every set's members.
    const setsOf = new Map<number, number[]>();
    for (const { source, target } of pairs) {
      for (const id of [source, target]) {
        const a = this.position.get(id);
        if (a !== undefined) setsOf.set(a, []);
      }
    }
    for (let o = 0; o < this.kinds.length; o++) {
      const from = this.memberStart[o];
      const to = this.memberStart[o + 1];
      if (to - from > maxTargetAccounts) continue;
      for (let i = from; i < to; i++) setsOf.get(this.members[i])?.push(o);
    }
    const kindNames = Object.keys(KIND_CODES) as TargetKind[];
    return pairs.map(({ source, target }) => {
      const a = this.position.get(source);
      const b = this.position.get(target);
      if (a === undefined || b === undefined) return [];
      // Walk the shorter list; members of a set are sorted, so membership of the other is a binary search.
      const [walk, other] = setsOf.get(a)!.length <= setsOf.get(b)!.length ? [a, b] : [b, a];
      const sets: SharedTargetSet[] = [];
      for (const o of setsOf.get(walk)!) {
        if (!this.hasMember(o, other)) continue;
        sets.push({ kind: kindNames[this.kinds[o]], accounts: this.memberStart[o + 1] - this.memberStart[o], targets: this.multiplicity[o], examples: this.examples[o] });
      }
      return sets;
    });
  }

  private hasMember(o: number, account: number): boolean {
    let low = this.memberStart[o];
    let high = this.memberStart[o + 1] - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      const value = this.members[mid];
      if (value === account) return true;
      if (value < account) low = mid + 1;
      else high = mid - 1;
    }
    return false;
  }

  private intern(id: string): number {
    let i = this.position.get(id);
    if (i === undefined) {
      i = this.ids.length;
      this.position.set(id, i);
      this.ids.push(id);
      this.degree.push(0);
    }
    return i;
  }
}

/**
 * The backbone of a bipartite graph given as plain arrays: one entry per target with its accounts.
 *
 * @example
 * const { ties } = sharedTargetBackbone([
 *   { kind: "account", accounts: ["a1", "a2"] },
 *   { kind: "link", accounts: ["a1", "a2", "b1"] },
 * ], { alpha: 1 });
 * ties[0]; // { source: "a1", target: "a2", sharedTargets: 2, weight: 1.5, ... }
 */
export function sharedTargetBackbone(
  targets: Iterable<{ kind: TargetKind; accounts: readonly string[] }>,
  options: SharedTargetOptions = {},
): SharedTargetBackbone {
  const projection = new SharedTargetProjection();
  for (const target of targets) projection.addTarget(target.kind, target.accounts);
  return projection.backbone(options);
}

/**
 * The null distribution of V_ab for every pair of account degrees: BiCM fitnesses per degree class,
 * and per pair of classes the expectation, then (only for pairs observed above it) the exact part
 * (popular targets) and the Poisson mean of the rest.
 */
class PairNull {
  private readonly classOf: Int32Array;
  private readonly classCount: number;
  /** p(account class, target class), row-major by account class, over the target classes that can tie. */
  private readonly probability: Float64Array;
  /** How many targets each class that can tie holds. */
  private readonly targetCount: Float64Array;
  private readonly expectations = new Map<number, number>();
  private readonly tails = new Map<number, TailParts>();

  constructor(degree: readonly number[], targetDegrees: ReadonlyMap<number, number>, maxTargetAccounts: number) {
    const accountClassCounts = new Map<number, number>();
    for (const d of degree) accountClassCounts.set(d, (accountClassCounts.get(d) ?? 0) + 1);
    const accountClasses = [...accountClassCounts.keys()].sort((x, y) => x - y);
    const targetClasses = [...targetDegrees.keys()].sort((x, y) => x - y);
    const fit = solveBicm(
      accountClasses,
      accountClasses.map((d) => accountClassCounts.get(d)!),
      targetClasses,
      targetClasses.map((d) => targetDegrees.get(d)!),
    );
    const classIndex = new Map(accountClasses.map((d, i) => [d, i]));
    this.classOf = Int32Array.from(degree, (d) => classIndex.get(d)!);
    this.classCount = accountClasses.length;
    const tying = targetClasses.map((d, k) => ({ d, k })).filter(({ d }) => d <= maxTargetAccounts);
    this.targetCount = Float64Array.from(tying, ({ d }) => targetDegrees.get(d)!);
    const K = tying.length;
    this.probability = new Float64Array(this.classCount * K);
    for (let c = 0; c < this.classCount; c++) {
      for (let t = 0; t < K; t++) this.probability[c * K + t] = linkProbability(fit.accountFitness[c], fit.objectFitness[tying[t].k]);
    }
  }

  /** E[V_ab] under the null. */
  expected(a: number, b: number): number {
    const key = this.pairKey(a, b);
    let expected = this.expectations.get(key);
    if (expected === undefined) {
      const [rowA, rowB] = this.rows(a, b);
      expected = 0;
      for (let t = 0; t < this.targetCount.length; t++) expected += this.targetCount[t] * this.probability[rowA + t] * this.probability[rowB + t];
      this.expectations.set(key, expected);
    }
    return expected;
  }

  /** ln P(V_ab >= observed) under the null. */
  upperTailLog(a: number, b: number, observed: number): number {
    const key = this.pairKey(a, b);
    let tail = this.tails.get(key);
    if (tail === undefined) this.tails.set(key, (tail = this.tailParts(a, b)));
    const logP =
      tail.kind === "normal"
        ? refinedNormalTailLog(tail.mean, tail.sd, tail.skewness, observed)
        : tail.exact === null
          ? poissonUpperTailLog(tail.poissonMean, observed)
          : convolvedTailLog(tail.exact, tail.poissonMean, observed);
    return Math.min(0, logP);
  }

  /** Where the two accounts' probabilities start, the smaller class first: products in one order, the same last bits whichever account comes first. */
  private rows(a: number, b: number): [number, number] {
    const K = this.targetCount.length;
    const ca = this.classOf[a];
    const cb = this.classOf[b];
    return ca <= cb ? [ca * K, cb * K] : [cb * K, ca * K];
  }

  private pairKey(a: number, b: number): number {
    const ca = this.classOf[a];
    const cb = this.classOf[b];
    return ca <= cb ? ca * this.classCount + cb : cb * this.classCount + ca;
  }

  private tailParts(a: number, b: number): TailParts {
    const K = this.targetCount.length;
    const [rowA, rowB] = this.rows(a, b);
    let poissonMean = 0;
    const exactTrials: Array<{ count: number; probability: number }> = [];
    let exactTotal = 0;
    for (let t = 0; t < K; t++) {
      const q = this.probability[rowA + t] * this.probability[rowB + t];
      const count = this.targetCount[t];
      if (q >= EXACT_TRIAL_PROBABILITY) {
        exactTrials.push({ count, probability: q });
        exactTotal += count;
      } else poissonMean += count * q;
    }
    if (exactTotal === 0) return { kind: "exact", poissonMean, exact: null };
    if (exactTotal > MAX_EXACT_TRIALS) {
      let mean = 0;
      let variance = 0;
      let third = 0;
      for (let t = 0; t < K; t++) {
        const q = this.probability[rowA + t] * this.probability[rowB + t];
        const count = this.targetCount[t];
        mean += count * q;
        variance += count * q * (1 - q);
        third += count * q * (1 - q) * (1 - 2 * q);
      }
      const sd = Math.sqrt(variance);
      return { kind: "normal", mean, sd, skewness: sd > 0 ? third / (sd * sd * sd) : 0 };
    }
    // The distribution of the exact part: one binomial per target class, convolved.
    let pmf = new Float64Array([1]);
    for (const { count, probability } of exactTrials) {
      const binomial = binomialPmf(count, probability);
      const next = new Float64Array(pmf.length + count);
      for (let i = 0; i < pmf.length; i++) {
        if (pmf[i] === 0) continue;
        for (let j = 0; j <= count; j++) next[i + j] += pmf[i] * binomial[j];
      }
      pmf = next;
    }
    return { kind: "exact", poissonMean, exact: pmf };
  }
}

type TailParts = { kind: "exact"; poissonMean: number; exact: Float64Array | null } | { kind: "normal"; mean: number; sd: number; skewness: number };

/** Binomial(n, q) probabilities (n <= MAX_EXACT_TRIALS and q >= 0.05: (1 - q)^n does not underflow). */
function binomialPmf(n: number, q: number): Float64Array {
  const pmf = new Float64Array(n + 1);
  if (q >= 1) {
    pmf[n] = 1;
    return pmf;
  }
  pmf[0] = Math.exp(n * Math.log1p(-q));
  const odds = q / (1 - q);
  for (let j = 0; j < n; j++) pmf[j + 1] = (pmf[j] * (n - j) * odds) / (j + 1);
  return pmf;
}

/**
 * ln P(X >= x) by the refined normal approximation of a Poisson-binomial (Volkova 1996):
 * 1 - G(t), t = (x - 0.5 - mean) / sd, G(t) = Φ(t) + skewness (1 - t²) φ(t) / 6.
 */
export function refinedNormalTailLog(mean: number, sd: number, skewness: number, x: number): number {
  if (!(sd > 0)) return x <= mean ? 0 : Number.NEGATIVE_INFINITY;
  const t = (x - 0.5 - mean) / sd;
  const logDensity = -0.5 * t * t - 0.5 * Math.log(2 * Math.PI);
  const corrected = millsRatio(t) + (skewness * (t * t - 1)) / 6;
  // Where the correction would make the tail negative (strong left skew), the plain normal tail.
  return logDensity + Math.log(corrected > 0 ? corrected : millsRatio(t));
}

/** Q(t) / φ(t), the normal upper tail over the density: by erfc below 5, by its continued fraction above. */
function millsRatio(t: number): number {
  if (t < 5) return (0.5 * erfc(t / Math.SQRT2)) / Math.exp(-0.5 * t * t - 0.5 * Math.log(2 * Math.PI));
  let fraction = t;
  for (let k = 40; k >= 1; k--) fraction = t + k / fraction;
  return 1 / fraction;
}

/** erfc by the Chebyshev fit of Numerical Recipes (fractional error below 1.2e-7 everywhere). */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z - 1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** ln P(L + S >= x), L distributed as `exact`, S ~ Poisson(mean), by log-sum-exp over L's values. */
function convolvedTailLog(exact: Float64Array, mean: number, x: number): number {
  let best = Number.NEGATIVE_INFINITY;
  const terms: number[] = [];
  for (let j = 0; j < exact.length; j++) {
    if (exact[j] === 0) continue;
    const term = Math.log(exact[j]) + (x - j <= 0 ? 0 : poissonUpperTailLog(mean, x - j));
    terms.push(term);
    if (term > best) best = term;
  }
  if (best === Number.NEGATIVE_INFINITY) return best;
  let sum = 0;
  for (const term of terms) sum += Math.exp(term - best);
  return best + Math.log(sum);
}

function checkOptions(options: SharedTargetOptions): Required<SharedTargetOptions> {
  const alpha = options.alpha ?? sharedTargetDefaults.alpha;
  if (!(alpha > 0 && alpha <= 1)) throw new UsageError("BAD_OPTION", `alpha must be in (0, 1], got ${alpha}`, { field: "alpha", hint: "e.g. 0.01" });
  const maxTargetAccounts = options.maxTargetAccounts ?? sharedTargetDefaults.maxTargetAccounts;
  if (!(Number.isInteger(maxTargetAccounts) && maxTargetAccounts >= 2)) {
    throw new UsageError("BAD_OPTION", `maxTargetAccounts must be a whole number >= 2, got ${maxTargetAccounts}`, { field: "maxTargetAccounts" });
  }
  return { alpha, maxTargetAccounts };
}
