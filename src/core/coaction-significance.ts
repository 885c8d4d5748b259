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
 * post of the other's counts once, not ten times. A share is a post: one matched on two of its
 * hashtags counts once.
 *
 * What the model acts on. An action is a post on one object: a post with three hashtags acts on
 * three, and only repeated rows of one post on one object are one action. The expectation sums over
 * a's actions, so a post's chance to be matched is the sum of its objects' chances (at least the
 * chance that any one of them is matched). Nothing depends on the order of the rows: a's actions are
 * summed in order of their events' sizes, and ties of time on an object cut no event apart.
 *
 * Null model. The actions of a are kept as they are (objects, times); b is replaced by an account that
 * acts independently of a, with b's own habits. An object's actions are cut into events wherever the
 * object rests for more than ten windows (at least an hour), and wherever a burst sets off (at least
 * five actions within a window, four times the object's rate in the event over up to ten windows
 * before): a retweet burst, a hashtag trending again a month later, a hashtag in everyday use that
 * trends for an afternoon. For each action s of a, in event e of n_e accounts, at delay δ_s after e's
 * first action:
 * - b joins e with its propensity for events of that size: the share of such events b joined among
 *   those a did not join, pooling the next larger sizes until at least 30 such events are left, and
 *   shrunk towards a prior (b's rate in events of that size, or its probability under the bipartite
 *   configuration model of accounts and events if larger: bicm.ts; Saracco et al. 2015, 2017; Neal
 *   2014, "The backbone of bipartite projections", Social Networks 39). Leaving a's events out keeps
 *   a campaign from explaining itself; pooling by size lets an account that joins nearly every large
 *   event (a "superspreader") be expected in every large event; times the number of actions b makes
 *   per event it joins. One of the tie's own events stays in (as joined by b): left out with the
 *   rest, an account that joined one such event, this one, would be expected never to join one, and
 *   a single co-action on a hashtag only the two ever used would be beyond any chance (issue 18);
 *   kept, the floor on b's propensity is what b does in events of that size across the archive;
 * - given that, b's action falls within the window of s with probability G_b(δ_s) = P(|δ_b - δ_s| <= W),
 *   δ_b drawn from b's own delays after events' first actions: an account that always acts within
 *   seconds of an event's start is expected next to every early action.
 * Summed over a's actions this is mu(a→b); mu(b→a) likewise. A second, time-free expectation spreads
 * a's actual within-window neighbours over accounts by activity: mu'(a→b) = A_a k_b / K with A_a the
 * number of other actions within the window of a's actions and k_b / K b's share of all actions. The
 * first pass uses the largest of the four: the least favourable null, so p-values err on the side of
 * "chance". A viral tweet retweeted by 500 accounts within a minute gives everyone on it a large
 * expectation; an obscure tweet retweeted by the same 12 accounts every day does not.
 *
 * Second pass. A campaign's members join its events together, so the events a skipped are still the
 * campaign's and b's propensity there reflects the campaign: the first pass can explain a campaign by
 * itself. And leaving a's events out has the opposite flaw for accounts that join nearly every event
 * of one kind: two news accounts posting every headline within seconds both skip the slogans copied
 * over an afternoon, so the events a skipped are mostly slogans and b looks unlikely to appear where
 * it always does. a's group is its nominally significant partners (raw p <= alpha) and those it acts
 * with in at least a fifth of its shared events; for ties that can pass the correction (below) with
 * at least 3 co-actions, b's propensity is estimated again on events of the same pace (median delay
 * of their accounts after the first action, classes of ratio sqrt(10)) and size, a's own included,
 * leaving out only the group's own events, those where the group (b aside) is at least half of the
 * accounts, and b's timing G_b is taken from its delays in events of that pace; this estimate
 * replaces the first one. Events the group joined among a crowd (a viral burst joined by hundreds)
 * stay in: joining those together is what every fast account does.
 *
 * Test and correction. `observed` is tested against Poisson(mu), whose upper tail bounds that of a
 * sum of independent Bernoulli trials with the same mean (Hoeffding 1956). Benjamini & Hochberg (1995)
 * FDR (default) or Bonferroni at `alpha`, over every pair of accounts in the input, N(N-1)/2 tests, not
 * only those that co-acted: a pair never seen together counts as p = 1, which keeps both valid.
 *
 * Limits worth knowing. Delays are binned (ratio 1.5) and G_b evaluated at bin centres; an event's
 * start is its first action in the data; account lifetimes are not modelled (two accounts alive only
 * in the same month share more chances than their totals suggest); accounts that follow the same
 * sources co-act more than event size and pace predict. These push towards flagging: groups are
 * graded by how far beyond chance they are (group-verdict.ts), and the evidence on each tie lets a
 * reader check.
 *
 * Ties that cannot pass. Every expectation tested is at least the time-free one, which is cheap, so
 * its p-value bounds the final one from below; Benjamini-Hochberg on these bounds rejects R ties,
 * at least as many as on the final p-values, and a tie whose bound is above alpha R / m can never be
 * rejected. Only the others are tested in full (at 1M tweets, 367 of 3.8 million co-retweet ties);
 * the `expected` of the rest is the time-free bound, and their p-values lower bounds.
 *
 * Cost: sorts of the actions by object and time and by (account, event), a BiCM fit over distinct
 * degrees, a pass over every tie's pairs (observed) and a radix sort of the p-values; per tie that
 * can pass, a pass over both accounts' (event size, delay) cells and, in the second pass, over b's
 * events.
 */
import { UsageError } from "../errors.ts";
import type { SignificanceAttributes } from "../run/model.ts";
import { solveBicm } from "./bicm.ts";
import { adjustPValues, argsortFloat64, poissonUpperTailLog, type Correction } from "./stats.ts";

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
  /** Ties whose lower-bound p-value could pass the correction: the only ones tested in full. */
  passableTies: number;
  significantTies: number;
  alpha: number;
  correction: Correction;
}

/** An object's actions more than this many windows (and at least MIN_EVENT_GAP_SECONDS) apart belong to different events. */
const EVENT_GAP_WINDOWS = 10;
const MIN_EVENT_GAP_SECONDS = 3600;
/**
 * A burst sets off a new event even without a long rest: at least this many actions within one
 * window, well above the object's rate before. A hashtag in everyday use that trends, a link
 * shared now and then that goes viral: the burst has its own first actions, and the accounts that
 * are always among the first of a burst are expected there, not at a random point of a day-long
 * stream.
 */
const ONSET_ACTIONS = 5;
/** ...and at least this many times the object's mean rate per window over the ONSET_LOOKBACK_WINDOWS before. */
const ONSET_RATIO = 4;
const ONSET_LOOKBACK_WINDOWS = 10;

/** Weight, in events, of the BiCM prior on an account's propensity to join events of a size class. */
export const PRIOR_EVENTS = 2;
/** Partners need at least this many co-actions to count in a's group in the second pass... */
const MIN_PARTNER_COACTIONS = 3;
/** ...and either a nominally significant tie or co-actions in at least this share of the events a joined with anyone. */
const GROUP_SHARE = 0.2;
/** More partners by share alone than this (on ties that cannot pass) are a crowd, not a group. */
const MAX_SHARE_PARTNERS = 100;
/** Weight, in actions, of an account's overall timing in its timing within events of one pace. */
const TIMING_PRIOR_ACTIONS = 5;
/** Size classes are pooled upwards until an account's absence leaves at least this many events. */
export const MIN_POOLED_EVENTS = 30;

const DELAY_RATIO = 1.5;
const LOG_DELAY_RATIO = Math.log(DELAY_RATIO);
/** Bin 0 holds delays under a second; bin j >= 1 delays in [1.5^(j-1), 1.5^j); the last is open (1.5^47 s is 6 years). */
const DELAY_BINS = 48;
/** Objects are grouped by their number of accounts in classes of ratio 1.25 (1, 2, 3, 4, 5-6, ...). */
export const DEGREE_CLASSES = 96;
const LOG_DEGREE_RATIO = Math.log(1.25);

/**
 * Events are also told apart by pace, the median delay of their accounts after the event's first
 * action, in classes of ratio sqrt(10) from 10 s (under 10 s, 10-32 s, 32-100 s, ... , 3-10 h and
 * longer): a headline that news accounts post within a minute and a slogan copied over an afternoon
 * are different kinds of event even at the same size, and an account that joins nearly every one of
 * the first kind is expected in them, not in the second.
 */
export const PACE_CLASSES = 9;
const PACE_FLOOR_SECONDS = 10;
const LOG_PACE_RATIO = Math.log(Math.sqrt(10));

export function paceClass(medianDelaySeconds: number): number {
  if (!(medianDelaySeconds >= PACE_FLOOR_SECONDS)) return 0;
  return Math.min(PACE_CLASSES - 1, Math.floor(Math.log(medianDelaySeconds / PACE_FLOOR_SECONDS) / LOG_PACE_RATIO + 1e-9) + 1);
}

export function degreeClass(accounts: number): number {
  return Math.min(DEGREE_CLASSES - 1, Math.floor(Math.log(Math.max(1, accounts)) / LOG_DEGREE_RATIO + 1e-9));
}

/** BiCM fitnesses per account and per object, solved over distinct degrees (bicm.ts). */
function fitBicm(objectsOf: Float64Array, accountsOf: Float64Array): { accountFitness: Float64Array; objectFitness: Float64Array } {
  const classes = (degrees: Float64Array) => {
    const counts = new Map<number, number>();
    for (const d of degrees) if (d > 0) counts.set(d, (counts.get(d) ?? 0) + 1);
    const values = [...counts.keys()].sort((p, q) => p - q);
    return { values, counts: values.map((v) => counts.get(v)!), index: new Map(values.map((v, i) => [v, i])) };
  };
  const accounts = classes(objectsOf);
  const objects = classes(accountsOf);
  const solved = solveBicm(accounts.values, accounts.counts, objects.values, objects.counts);
  const accountFitness = new Float64Array(objectsOf.length);
  for (let a = 0; a < objectsOf.length; a++) if (objectsOf[a] > 0) accountFitness[a] = solved.accountFitness[accounts.index.get(objectsOf[a])!];
  const objectFitness = new Float64Array(accountsOf.length);
  for (let o = 0; o < accountsOf.length; o++) if (accountsOf[o] > 0) objectFitness[o] = solved.objectFitness[objects.index.get(accountsOf[o])!];
  return { accountFitness, objectFitness };
}

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
  return { windowSeconds: options.windowSeconds, alpha, correction };
}

/**
 * Tests every tie against the null model of the file header.
 *
 * @example
 * const network = buildCoordinatedNetworkTable(pairs);
 * const significance = coActionSignificance(pairs.shares, coShareTies(pairs, network), { windowSeconds: 60 });
 * significance.significant[0]; // 1 when the first tie is beyond chance at FDR 0.01
 */
export function coActionSignificance(actions: CoActionTable, ties: CoActionTies, options: SignificanceOptions): TieSignificance {
  const o = checkOptions(options);
  const window = o.windowSeconds;
  const rows = actions.length;
  const accountCount = actions.accountIds.length;
  const objectCount = actions.objectIds.length;
  const { accountIndex, objectIndex, timestamp, contentKey } = actions;
  // An action is one post on one object: a post with three hashtags is three co-hashtag actions, and
  // only a repeated row of the same post on the same object is a duplicate. (Counting only a post's
  // first row left its other objects out of the model, so a tie on one of them could get expectation
  // 0; and which row came first followed the order the database returned them in.)
  const actionRow = firstRowOfAction(actions);

  // Activity: k_a and K.
  const activity = new Float64Array(accountCount);
  let total = 0;
  for (let r = 0; r < rows; r++) {
    if (actionRow[r] !== r || !Number.isFinite(timestamp[r])) continue; // a duplicate row of one action
    activity[accountIndex[r]]++;
    total++;
  }

  // Rows grouped by object in time order: each action's within-window neighbours (A_a) by two pointers,
  // and the object's events: its actions cut wherever the object rests longer than `eventGap`. An event
  // is what the null model's accounts join (a retweet burst, a hashtag trending again a month later).
  const eventGap = Math.max(MIN_EVENT_GAP_SECONDS, EVENT_GAP_WINDOWS * window);
  const byObject = countingOrder(rows, objectCount, (r) => (actionRow[r] === r && Number.isFinite(timestamp[r]) ? objectIndex[r] : -1));
  const neighbours = new Float64Array(accountCount);
  const eventOf = new Int32Array(rows).fill(-1);
  const eventStartList: number[] = [];
  const eventSizeList: number[] = [];
  const eventPaceList: number[] = [];
  // Each event's accounts' first delays after its start, in time order (so sorted): its pace is their median.
  const firstDelays: number[] = [];
  const accountSeenIn = new Int32Array(accountCount).fill(-1);
  const closeEvent = () => {
    if (eventStartList.length > 0) eventPaceList.push(firstDelays[firstDelays.length >> 1]);
    firstDelays.length = 0;
  };
  for (let ob = 0; ob < objectCount; ob++) {
    const from = byObject.start[ob];
    const to = byObject.start[ob + 1];
    if (to === from) continue;
    const segment = byObject.order.subarray(from, to);
    segment.sort((x, y) => timestamp[x] - timestamp[y]);
    let lo = 0;
    let hi = 0;
    let back = 0;
    for (let i = 0; i < segment.length; i++) {
      const t = timestamp[segment[i]];
      while (hi < segment.length && timestamp[segment[hi]] <= t + window) hi++;
      while (back < i && (timestamp[segment[back]] < t - ONSET_LOOKBACK_WINDOWS * window || eventOf[segment[back]] !== eventStartList.length - 1)) back++;
      const gap = i === 0 ? Number.POSITIVE_INFINITY : t - timestamp[segment[i - 1]];
      // A new event after a long rest, or where a burst sets off: the next window holds at least
      // ONSET_ACTIONS actions and ONSET_RATIO times the object's rate over the windows before (a
      // hashtag in everyday use that trends: the trend is an event of its own, with its own first
      // actions), at most once per window.
      // The rate before is taken over the current event only (a burst's own start is not "before").
      const ahead = hi - i;
      const sinceStart = i === 0 ? 0 : t - eventStartList[eventStartList.length - 1];
      const burst =
        ahead >= ONSET_ACTIONS &&
        sinceStart > window &&
        ahead * Math.min(ONSET_LOOKBACK_WINDOWS, sinceStart / window) >= ONSET_RATIO * (i - back);
      if (gap > eventGap || burst) {
        closeEvent();
        eventStartList.push(t);
        eventSizeList.push(0);
      }
      eventOf[segment[i]] = eventStartList.length - 1;
      if (accountSeenIn[accountIndex[segment[i]]] !== eventStartList.length - 1) {
        accountSeenIn[accountIndex[segment[i]]] = eventStartList.length - 1;
        firstDelays.push(t - eventStartList[eventStartList.length - 1]);
      }
      eventSizeList[eventSizeList.length - 1]++;
      while (timestamp[segment[lo]] < t - window) lo++;
      neighbours[accountIndex[segment[i]]] += hi - lo - 1;
    }
  }
  closeEvent();
  const eventCount = eventStartList.length;
  const eventStart = Float64Array.from(eventStartList);
  const eventPace = Uint8Array.from(eventPaceList, paceClass);
  const eventSize = Float64Array.from(eventSizeList);

  // Who shares what, as presence: k_a distinct objects per account, n_o distinct accounts per object,
  // and each account's shares per object it shares (an account posting a hashtag 3 times per use).
  const presenceKeys = new Float64Array(total);
  {
    let k = 0;
    for (let r = 0; r < rows; r++) if (eventOf[r] >= 0) presenceKeys[k++] = accountIndex[r] * eventCount + eventOf[r];
  }
  presenceKeys.sort();
  const objectsOf = new Float64Array(accountCount);
  const accountsOf = new Float64Array(eventCount);
  for (let k = 0; k < total; k++) {
    if (k > 0 && presenceKeys[k] === presenceKeys[k - 1]) continue;
    const a = Math.floor(presenceKeys[k] / eventCount);
    objectsOf[a]++;
    accountsOf[presenceKeys[k] - a * eventCount]++;
  }
  const fit = fitBicm(objectsOf, accountsOf);
  // Events per size class, and per account the events of each class it joined (its propensity, below).
  const eventClass = new Uint8Array(eventCount);
  const eventsOfClass = new Float64Array(DEGREE_CLASSES);
  for (let ev = 0; ev < eventCount; ev++) {
    eventClass[ev] = degreeClass(accountsOf[ev]);
    eventsOfClass[eventClass[ev]]++;
  }
  const joined = new Float32Array(accountCount * DEGREE_CLASSES);
  for (let k = 0; k < total; k++) {
    if (k > 0 && presenceKeys[k] === presenceKeys[k - 1]) continue;
    const a = Math.floor(presenceKeys[k] / eventCount);
    joined[a * DEGREE_CLASSES + eventClass[presenceKeys[k] - a * eventCount]]++;
  }
  const sharesPerObject = new Float64Array(accountCount);
  for (let a = 0; a < accountCount; a++) sharesPerObject[a] = objectsOf[a] > 0 ? activity[a] / objectsOf[a] : 0;

  // Delays after each object's first action, per account: sorted (for G) and binned (for mu).
  // Objects acted on once tell nothing about timing relative to others and are left out of G.
  // Each account's actions in order of their event's number of accounts: the mean fitness of a cell is
  // a floating-point sum, and summed in row order it would follow the order the rows were read in
  // (fitness is a function of that number, so equal numbers add equal terms in any order).
  const timed = (r: number) => eventOf[r] >= 0 && eventSize[eventOf[r]] >= 2;
  let largestEvent = 0;
  for (let ev = 0; ev < eventCount; ev++) largestEvent = Math.max(largestEvent, accountsOf[ev]);
  const byEventAccounts = countingOrder(rows, largestEvent + 1, (r) => (timed(r) ? accountsOf[eventOf[r]] : -1));
  const byAccount = countingOrder(rows, accountCount, (r) => (timed(r) ? accountIndex[r] : -1), byEventAccounts.order);
  const delays = new Float64Array(byAccount.order.length);
  for (let k = 0; k < delays.length; k++) {
    const r = byAccount.order[k];
    delays[k] = timestamp[r] - eventStart[eventOf[r]];
  }
  const timingShare = new Float64Array(accountCount * DELAY_BINS);
  const paceTimingShare = new Float32Array(accountCount * PACE_CLASSES * DELAY_BINS);
  const paceDelays: number[][] = Array.from({ length: PACE_CLASSES }, () => []);
  // a's actions in (object-degree class, delay bin) cells, each with its count and the mean fitness of
  // its objects: a sparse list per account, filled through one dense buffer.
  const cellStart = new Int32Array(accountCount + 1);
  const cellBin: number[] = [];
  const cellClass: number[] = [];
  const cellCount: number[] = [];
  const cellFitness: number[] = [];
  const denseCount = new Float64Array(DELAY_BINS * DEGREE_CLASSES);
  const denseFitness = new Float64Array(DELAY_BINS * DEGREE_CLASSES);
  const touched: number[] = [];
  for (let a = 0; a < accountCount; a++) {
    const from = byAccount.start[a];
    const to = byAccount.start[a + 1];
    cellStart[a] = cellBin.length;
    if (to === from) continue;
    for (let k = from; k < to; k++) {
      const event = eventOf[byAccount.order[k]];
      const cell = degreeClass(accountsOf[event]) * DELAY_BINS + delayBin(delays[k]);
      if (denseCount[cell] === 0) touched.push(cell);
      denseCount[cell]++;
      denseFitness[cell] += fit.objectFitness[event];
    }
    for (const cell of touched.sort((p, q) => p - q)) {
      cellBin.push(cell % DELAY_BINS);
      cellClass.push(Math.floor(cell / DELAY_BINS));
      cellCount.push(denseCount[cell]);
      cellFitness.push(denseFitness[cell] / denseCount[cell]);
      denseCount[cell] = 0;
      denseFitness[cell] = 0;
    }
    touched.length = 0;
    for (const list of paceDelays) list.length = 0;
    for (let k = from; k < to; k++) paceDelays[eventPace[eventOf[byAccount.order[k]]]].push(delays[k]);
    const own = delays.subarray(from, to).sort();
    for (let bin = 0; bin < DELAY_BINS; bin++) {
      const centre = delayBinCentre(bin);
      const inWindow = upperBound(own, 0, own.length, centre + window) - lowerBound(own, 0, own.length, centre - window);
      timingShare[a * DELAY_BINS + bin] = inWindow / own.length;
    }
    // The same within events of each pace, shrunk towards the account's overall timing where it
    // acted in few such events: an account first within seconds in every headline but slow on
    // everything else is expected next to the first actions of headlines, not of slogans.
    for (let pace = 0; pace < PACE_CLASSES; pace++) {
      const list = paceDelays[pace];
      if (list.length === 0) continue;
      const sorted = Float64Array.from(list).sort();
      for (let bin = 0; bin < DELAY_BINS; bin++) {
        const centre = delayBinCentre(bin);
        const inWindow = upperBound(sorted, 0, sorted.length, centre + window) - lowerBound(sorted, 0, sorted.length, centre - window);
        paceTimingShare[(a * PACE_CLASSES + pace) * DELAY_BINS + bin] =
          (inWindow + TIMING_PRIOR_ACTIONS * timingShare[a * DELAY_BINS + bin]) / (sorted.length + TIMING_PRIOR_ACTIONS);
      }
    }
  }
  cellStart[accountCount] = cellBin.length;

  // mu(a→b): a's actions kept; b joins each of their events with its propensity for events of that size,
  // estimated on the events a did not join (so a's own influence cannot explain b away) and shrunk
  // towards the BiCM probability; as often as b repeats itself; within the window with b's timing.
  // `together[c]`: events of class c where a and b co-acted (the tie's own), scratch filled per tie.
  const together = new Float64Array(DEGREE_CLASSES);
  // Per account and class: where its pool of classes ends, and how many events of the pool it did not
  // join (both depend on a alone); per account, running sums of joined events over classes.
  const poolEnd = new Uint8Array(accountCount * DEGREE_CLASSES);
  const poolOthers = new Float32Array(accountCount * DEGREE_CLASSES);
  const joinedPrefix = new Float32Array(accountCount * (DEGREE_CLASSES + 1));
  for (let a = 0; a < accountCount; a++) {
    const base = a * DEGREE_CLASSES;
    for (let cls = 0; cls < DEGREE_CLASSES; cls++) joinedPrefix[a * (DEGREE_CLASSES + 1) + cls + 1] = joinedPrefix[a * (DEGREE_CLASSES + 1) + cls] + joined[base + cls];
    if (cellStart[a + 1] === cellStart[a]) continue;
    let end = 0;
    let others = 0;
    for (let cls = 0; cls < DEGREE_CLASSES; cls++) {
      // Sliding start: remove the class left behind, extend the end until enough events are pooled.
      if (cls > 0 && end > cls - 1) others -= Math.max(0, eventsOfClass[cls - 1] - joined[base + cls - 1]);
      if (end < cls) {
        end = cls;
        others = 0;
      }
      while (end < DEGREE_CLASSES && others < MIN_POOLED_EVENTS) {
        others += Math.max(0, eventsOfClass[end] - joined[base + end]);
        end++;
      }
      poolEnd[base + cls] = end;
      poolOthers[base + cls] = others;
    }
  }
  const togetherPrefix = new Float64Array(DEGREE_CLASSES + 1);
  const expectedFrom = (a: number, b: number): number => {
    const xb = fit.accountFitness[b];
    if (!(xb > 0)) return 0;
    let sum = 0;
    let lastClass = -1;
    let propensity = 0;
    const prefixB = b * (DEGREE_CLASSES + 1);
    for (let c = cellStart[a]; c < cellStart[a + 1]; c++) {
      const own = cellClass[c];
      if (own !== lastClass) {
        lastClass = own;
        const end = poolEnd[a * DEGREE_CLASSES + own];
        const tieOwn = togetherPrefix[end] - togetherPrefix[own];
        // The tie's own events are left out, all but one: b did join an event of this kind, and with
        // every one left out an account that joined only this one would be expected never to join
        // such an event (expectation 0: one co-action beyond any chance). Kept, one co-action weighs
        // what b's rate in these events across the archive says it does; only more can stand out.
        const keptOwn = Math.min(1, tieOwn);
        const others = poolOthers[a * DEGREE_CLASSES + own] + keptOwn;
        const joinedByB = Math.max(0, joinedPrefix[prefixB + end] - joinedPrefix[prefixB + own] - tieOwn) + keptOwn;
        const xy = xb * cellFitness[c];
        const prior = Math.max(xy / (1 + xy), eventsOfClass[own] > 0 ? joined[b * DEGREE_CLASSES + own] / eventsOfClass[own] : 0);
        propensity = Math.min(1, (joinedByB + PRIOR_EVENTS * prior) / (others + PRIOR_EVENTS));
      }
      sum += cellCount[c] * propensity * timingShare[b * DELAY_BINS + cellBin[c]];
    }
    return sum * sharesPerObject[b];
  };

  const tieCount = ties.length;
  const observed = new Int32Array(tieCount);
  const expected = new Float64Array(tieCount);
  const logPValue = new Float64Array(tieCount);
  const seen = new Int32Array(rows).fill(-1);
  const cheapOf = (a: number, b: number) => (total > 0 ? Math.max((neighbours[a] * activity[b]) / total, (neighbours[b] * activity[a]) / total) : 0);
  // Observed: matched actions on each side (distinct action keys), the smaller of the two. Expected,
  // for now: the time-free expectation, cheap and a lower bound of every one tested after it (each
  // is at least this), so its p-value is a lower bound of the final one.
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
    observed[e] = Math.min(fromSide, toSide);
  }
  for (let e = 0; e < tieCount; e++) {
    expected[e] = cheapOf(ties.fromAccount[e], ties.toAccount[e]);
    logPValue[e] = poissonUpperTailLog(expected[e], observed[e]);
  }
  // Which ties can pass the correction at all: lower p-values can only reject more, so the number of
  // ties Benjamini-Hochberg would reject on the lower bounds, R, bounds the final number, and a tie
  // whose bound is above alpha R / m (alpha / m per tie for Bonferroni) is never rejected. The rest of
  // the test is spent on the others only (co-retweet at 9M tweets: 170,000 of 7.2 million ties); the
  // `expected` of a tie that cannot pass is the lower bound.
  let actingAccounts = 0;
  for (let a = 0; a < accountCount; a++) if (activity[a] > 0) actingAccounts++;
  const n = options.testedAccounts ?? actingAccounts;
  const tests = Math.max(tieCount, (n * (n - 1)) / 2);
  const canPassLogP = passableLogP(logPValue, tests, o.alpha, o.correction);
  const canPass = new Uint8Array(tieCount);
  let passableTies = 0;
  const eventSeen = new Int32Array(eventCount).fill(-1);
  const touchedClasses: number[] = [];
  for (let e = 0; e < tieCount; e++) {
    if (!(logPValue[e] <= canPassLogP)) continue;
    canPass[e] = 1;
    passableTies++;
    for (const cls of touchedClasses) together[cls] = 0;
    touchedClasses.length = 0;
    for (let k = ties.tieStart[e]; k < ties.tieStart[e + 1]; k++) {
      const event = eventOf[actionRow[ties.earlierRow[ties.pairsByTie[k]]]];
      if (event < 0 || eventSeen[event] === e) continue;
      eventSeen[event] = e;
      if (together[eventClass[event]] === 0) touchedClasses.push(eventClass[event]);
      together[eventClass[event]]++;
    }
    for (let cls = 0; cls < DEGREE_CLASSES; cls++) togetherPrefix[cls + 1] = togetherPrefix[cls] + together[cls];
    const a = ties.fromAccount[e];
    const b = ties.toAccount[e];
    const mu = Math.max(expectedFrom(a, b), expectedFrom(b, a), expected[e]);
    expected[e] = mu;
    logPValue[e] = poissonUpperTailLog(mu, observed[e]);
  }

  // Second pass: a campaign's members join its events together, so the events a skipped are still
  // its events and b's propensity there reflects the campaign, not chance; and an account that joins
  // every event of one kind skips only events of other kinds. For every tie that can pass, b's
  // propensity is estimated again on events of the same pace and size, leaving out only those where
  // a's group (b aside) is at least half of the accounts (the group's own events). Events the group
  // joined among a crowd (a viral burst) stay in: joining them together is what everyone fast does.
  // a's group, among its ties with at least MIN_PARTNER_COACTIONS co-actions: its partners already
  // beyond chance at the nominal level (raw p <= alpha, on ties that can pass) and those it acts with
  // in at least GROUP_SHARE of the events it joined with anyone (a campaign whose members explain
  // each other in the first pass is still one).
  const nominal = Math.log(o.alpha);
  const sharedEventsOf = new Float64Array(accountCount);
  for (let a = 0; a < accountCount; a++) sharedEventsOf[a] = objectsOf[a] - joined[a * DEGREE_CLASSES]; // class 0: events it joined alone
  const partnersOf = new Map<number, number[]>();
  const sharePartnersOf = new Map<number, number[]>();
  const addPartner = (map: Map<number, number[]>, x: number, y: number) => {
    const list = map.get(x) ?? [];
    list.push(y);
    map.set(x, list);
  };
  for (let e = 0; e < tieCount; e++) {
    if (observed[e] < MIN_PARTNER_COACTIONS) continue;
    for (const [x, y] of [[ties.fromAccount[e], ties.toAccount[e]], [ties.toAccount[e], ties.fromAccount[e]]] as const) {
      if (canPass[e] === 1 && (logPValue[e] <= nominal || observed[e] >= GROUP_SHARE * sharedEventsOf[x])) addPartner(partnersOf, x, y);
      else if (observed[e] >= GROUP_SHARE * Math.max(sharedEventsOf[x], sharedEventsOf[y])) addPartner(sharePartnersOf, x, y);
    }
  }
  // Partners by share alone, on ties that cannot pass themselves (a campaign member whose own ties
  // are weak still makes the campaign's events the group's): a fifth of the shared events of both
  // (members of one campaign share mostly its events; a quiet account and a busy one that met in
  // a few viral bursts do not), unless there are more than
  // MAX_SHARE_PARTNERS of them: at archive scale a quiet account shares three viral bursts with
  // hundreds of others, which is a crowd, not a group (and groups of hundreds made this pass quadratic).
  for (const [x, list] of sharePartnersOf) {
    if (list.length > MAX_SHARE_PARTNERS) continue;
    for (const y of list) addPartner(partnersOf, x, y);
  }
  const groupOf = (a: number): number[] => [a, ...(partnersOf.get(a) ?? [])];
  if (passableTies > 0) {
    // Each account's events (presence keys are sorted by account, then event).
    const eventsStart = new Int32Array(accountCount + 1);
    for (let a = 0; a < accountCount; a++) eventsStart[a + 1] = eventsStart[a] + objectsOf[a];
    const eventsList = new Int32Array(eventsStart[accountCount]);
    for (let k = 0, n = 0; k < total; k++) {
      if (k > 0 && presenceKeys[k] === presenceKeys[k - 1]) continue;
      eventsList[n++] = presenceKeys[k] - Math.floor(presenceKeys[k] / eventCount) * eventCount;
    }
    // Ties that can pass the correction, with at least MIN_PARTNER_COACTIONS co-actions, are looked at again.
    const tiesOf = new Map<number, number[]>();
    for (let e = 0; e < tieCount; e++) {
      if (observed[e] < MIN_PARTNER_COACTIONS || canPass[e] === 0) continue;
      for (const x of [ties.fromAccount[e], ties.toAccount[e]]) {
        const list = tiesOf.get(x) ?? [];
        list.push(e);
        tiesOf.set(x, list);
      }
    }
    // Strata of the second look: pace class x size class (see PACE_CLASSES).
    const STRATA = PACE_CLASSES * DEGREE_CLASSES;
    const stratumOf = (ev: number) => eventPace[ev] * DEGREE_CLASSES + eventClass[ev];
    const eventsOfStratum = new Float64Array(STRATA);
    for (let ev = 0; ev < eventCount; ev++) eventsOfStratum[stratumOf(ev)]++;
    const mark = new Int32Array(eventCount);
    const inGroup = new Uint8Array(accountCount);
    const excluded = new Float64Array(STRATA);
    const joinedFree = new Float64Array(STRATA);
    const refined = new Float64Array(tieCount).fill(Number.NaN);
    const baseExcluded = new Float64Array(STRATA);
    // a's actions in (stratum, delay bin) cells, as in the first pass with pace added.
    const denseCells = new Float64Array(STRATA * DELAY_BINS);
    const denseCellFitness = new Float64Array(STRATA * DELAY_BINS);
    const touchedCells: number[] = [];
    for (const [a, tiesOfA] of tiesOf) {
      for (let k = byAccount.start[a]; k < byAccount.start[a + 1]; k++) {
        // (delays[] of a is sorted by now: the delay is taken again from the row.)
        const row = byAccount.order[k];
        const event = eventOf[row];
        const cell = stratumOf(event) * DELAY_BINS + delayBin(timestamp[row] - eventStart[event]);
        if (denseCells[cell] === 0) touchedCells.push(cell);
        denseCells[cell]++;
        denseCellFitness[cell] += fit.objectFitness[event];
      }
      touchedCells.sort((p, q) => p - q);
      const group = groupOf(a);
      for (const m of group) inGroup[m] = 1;
      const groupEvents: number[] = [];
      for (const m of group) {
        for (let k = eventsStart[m]; k < eventsStart[m + 1]; k++) {
          const ev = eventsList[k];
          if (mark[ev]++ === 0) groupEvents.push(ev);
        }
      }
      // The group's own events: those where a and its partners are at least half of the accounts. A
      // viral burst that the group joined among hundreds of others stays in b's baseline.
      const dominated = (members: number, ev: number) => members >= 1 && 2 * members >= accountsOf[ev];
      baseExcluded.fill(0);
      for (const ev of groupEvents) if (dominated(mark[ev], ev)) baseExcluded[stratumOf(ev)]++;
      for (const e of tiesOfA) {
        const b = ties.fromAccount[e] === a ? ties.toAccount[e] : ties.fromAccount[e];
        const bInGroup = inGroup[b];
        // b's own presence does not make an event the group's: judged without b, from b's events only.
        excluded.set(baseExcluded);
        joinedFree.fill(0);
        for (let k = eventsStart[b]; k < eventsStart[b + 1]; k++) {
          const ev = eventsList[k];
          const withB = dominated(mark[ev], ev);
          const withoutB = dominated(mark[ev] - bInGroup, ev);
          if (withB && !withoutB) excluded[stratumOf(ev)]--;
          if (!withoutB) joinedFree[stratumOf(ev)]++;
        }
        const xb = fit.accountFitness[b];
        let sum = 0;
        let lastStratum = -1;
        let propensity = 0;
        for (const cell of touchedCells) {
          const stratum = Math.floor(cell / DELAY_BINS);
          const count = denseCells[cell];
          if (stratum !== lastStratum) {
            lastStratum = stratum;
            // b's rate among the events of this pace and size (pooling larger sizes of the same pace
            // until MIN_POOLED_EVENTS are in), the group's own events left out. a's other events stay
            // in: b's habit of joining events of this kind is what chance keeps.
            const paceEnd = (Math.floor(stratum / DEGREE_CLASSES) + 1) * DEGREE_CLASSES;
            let others = 0;
            let joinedOutside = 0;
            for (let st = stratum; st < paceEnd && others < MIN_POOLED_EVENTS; st++) {
              others += Math.max(0, eventsOfStratum[st] - excluded[st]);
              joinedOutside += joinedFree[st];
            }
            const xy = xb * (denseCellFitness[cell] / count);
            propensity = Math.min(1, (joinedOutside + PRIOR_EVENTS * (xy / (1 + xy))) / (others + PRIOR_EVENTS));
          }
          sum += count * propensity * paceTimingShare[(b * PACE_CLASSES + Math.floor(stratum / DEGREE_CLASSES)) * DELAY_BINS + (cell % DELAY_BINS)];
        }
        const mu = sum * sharesPerObject[b];
        refined[e] = Number.isNaN(refined[e]) ? mu : Math.max(refined[e], mu);
      }
      for (const m of group) for (let k = eventsStart[m]; k < eventsStart[m + 1]; k++) mark[eventsList[k]] = 0;
      for (const m of group) inGroup[m] = 0;
      for (const cell of touchedCells) {
        denseCells[cell] = 0;
        denseCellFitness[cell] = 0;
      }
      touchedCells.length = 0;
    }
    // The second look replaces the first where it was made: lower for a campaign whose own events
    // explained it, higher for accounts that join every event of one kind (news accounts posting
    // every headline), whose propensity the first pass, leaving a's events out, took from other kinds.
    for (let e = 0; e < tieCount; e++) {
      if (Number.isNaN(refined[e])) continue;
      // Never below the time-free expectation: the bound the ties that cannot pass were judged by.
      const mu = Math.max(refined[e], cheapOf(ties.fromAccount[e], ties.toAccount[e]));
      expected[e] = mu;
      logPValue[e] = poissonUpperTailLog(mu, observed[e]);
    }
  }

  // Multiple testing over every pair of accounts that acted at all (`tests`, above).
  // A radix sort of the p-values: a comparator sort of millions of ties takes seconds.
  const order = argsortFloat64(logPValue);
  const sortedLogP = new Float64Array(tieCount);
  for (let r = 0; r < tieCount; r++) sortedLogP[r] = logPValue[order[r]];
  const adjustedSorted = adjustPValues(sortedLogP, tests, o.correction);
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
  return { observed, expected, logPValue, pValue, adjustedPValue, significant, stats: { tests, passableTies, significantTies, alpha: o.alpha, correction: o.correction } };
}

/**
 * Tie e's test as the run contract's edge attributes (rounded as edges.csv shows them).
 *
 * @example
 * edges.push({ source, target, weight, attributes: { ...own, ...significanceAttributes(significance, e) } });
 */
export function significanceAttributes(significance: TieSignificance, e: number): SignificanceAttributes {
  return {
    observed: significance.observed[e],
    expected: Number(significance.expected[e].toPrecision(6)),
    pValue: significance.pValue[e],
    logPValue: Number(significance.logPValue[e].toPrecision(8)),
    adjustedPValue: significance.adjustedPValue[e],
    significant: significance.significant[e] === 1 ? 1 : 0,
  };
}

/**
 * log(alpha R / m): ties whose p-value is above it are never rejected, R being the number that
 * Benjamini-Hochberg rejects on these p-values (lower bounds of the final ones); log(alpha / m) for
 * Bonferroni; -Infinity when none can be.
 */
function passableLogP(logP: Float64Array, tests: number, alpha: number, correction: Correction): number {
  const logAlpha = Math.log(alpha);
  if (correction === "bonferroni") return logAlpha - Math.log(tests);
  const below: number[] = [];
  for (const value of logP) if (value <= logAlpha) below.push(value);
  below.sort((x, y) => x - y);
  let rejected = 0;
  for (let k = 0; k < below.length; k++) if (below[k] <= logAlpha + Math.log((k + 1) / tests)) rejected = k + 1;
  return rejected === 0 ? Number.NEGATIVE_INFINITY : logAlpha + Math.log(rejected / tests);
}

/**
 * Rows in order of a key (counting sort, stable); rows with key -1 are left out. `sequence`, when
 * given, is the order the rows are taken in (rows not in it are left out): equal keys keep it.
 */
function countingOrder(rows: number, keys: number, keyOf: (row: number) => number, sequence?: Int32Array): { order: Int32Array; start: Int32Array } {
  const start = new Int32Array(keys + 1);
  const key = new Int32Array(rows).fill(-1);
  const count = sequence === undefined ? rows : sequence.length;
  let kept = 0;
  for (let i = 0; i < count; i++) {
    const r = sequence === undefined ? i : sequence[i];
    key[r] = keyOf(r);
    if (key[r] >= 0) {
      start[key[r] + 1]++;
      kept++;
    }
  }
  for (let k = 0; k < keys; k++) start[k + 1] += start[k];
  const cursor = start.slice(0, keys);
  const order = new Int32Array(kept);
  for (let i = 0; i < count; i++) {
    const r = sequence === undefined ? i : sequence[i];
    if (key[r] >= 0) order[cursor[key[r]]++] = r;
  }
  return { order, start };
}

/**
 * For each row, the first row of the same action: the same post (content key) on the same object.
 * Rows of one post are few (a post's hashtags), so each is compared with the post's earlier rows.
 */
function firstRowOfAction(actions: CoActionTable): Int32Array {
  const { length: rows, contentKey, objectIndex } = actions;
  const first = new Int32Array(rows);
  let repeated = false;
  for (let r = 0; r < rows; r++) {
    first[r] = r;
    if (contentKey[r] !== r) repeated = true;
  }
  if (!repeated) return first;
  const byPost = countingOrder(rows, rows, (r) => contentKey[r]);
  for (let post = 0; post < rows; post++) {
    const from = byPost.start[post];
    const to = byPost.start[post + 1];
    for (let i = from + 1; i < to; i++) {
      const r = byPost.order[i];
      for (let j = from; j < i; j++) {
        const earlier = byPost.order[j];
        if (first[earlier] === earlier && objectIndex[earlier] === objectIndex[r]) {
          first[r] = earlier;
          break;
        }
      }
    }
  }
  return first;
}
