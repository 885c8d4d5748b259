/**
 * Co-share coordination: accounts that share the same object (a retweeted tweet, a hashtag, a URL,
 * ...) within a short time window of each other, repeatedly. The pure core behind co-retweet,
 * co-hashtag, co-url and the other co-share analyses.
 *
 * Method and reference: CooRTweet 2.1.3 (Righetti & Balluff, R package, MIT), after Giglietto,
 * Righetti, Rossi & Marino (2020), "It takes a village to manipulate the media", Information,
 * Communication & Society 23(6). The three steps reproduce CooRTweet row for row
 * (`test/coshare-parity.test.ts`):
 * - {@link detectCoordinatedPairs} = `detect_groups`
 * - {@link buildCoordinatedNetwork} = `generate_coordinated_network`
 * - {@link flagFastPairTable} + {@link buildCoordinatedNetworkWithFast} = `flag_speed_share` followed by
 *   `generate_coordinated_network(fast_net = TRUE)`
 *
 * Where we differ from CooRTweet on purpose, none of it changing which pairs or edges come out:
 * - the default `timeWindowSeconds` is 60 (CooRTweet's is 10);
 * - an edge's `from` is the smaller account id in code-point order; CooRTweet's from/to is igraph's
 *   vertex order (first appearance), so some of its edges (15-26% on its sample data) list the larger id first;
 * - the caller's input is never mutated or re-sorted (CooRTweet's `flag_speed_share` re-sorts it);
 * - `minParticipation` must be an integer >= 1 (CooRTweet also takes 0, which acts as 1);
 * - rows with a non-finite timestamp never pair (R drops them as NA comparisons) but still count
 *   towards participation, as in R.
 *
 * Scale (millions of shares): objects and accounts are interned to integers and content ids keyed
 * by hash ({@link ShareTable}, built row by row with {@link ShareTableBuilder}); shares are grouped by
 * object with a counting sort and sorted by time, and a two-pointer window visits only the pairs
 * inside the window. Pairs stay two `Int32Array` columns of row numbers
 * ({@link CoordinatedPairTable}) and the network stays columns ({@link CoordinationEdgeTable});
 * the object forms are for small results and tests. All work is linear in shares plus pairs, apart
 * from sorting each object's shares and the accounts' ids.
 */

import { UsageError } from "../errors.ts";

// ---------------------------------------------------------------------------------------------
// Options and defaults

/** Every co-share option with its default, declared once (the CLI shows these). */
export const coShareDefaults = Object.freeze({
  /** Two shares of the same object at most this many seconds apart are a pair (inclusive). CooRTweet's default is 10. */
  timeWindowSeconds: 60,
  /** An account must take part in at least this many shares, before and after pairing. */
  minParticipation: 2,
  /** Drop pairs by the same account, of the same share, or where the share is the object itself. */
  removeLoops: true,
  /** Edges whose weight is strictly above this quantile (R type 7) of all weights get `weightThreshold` 1. */
  edgeWeightQuantile: 0.5,
  /** The narrower window of the fast sub-network (`flag_speed_share`). */
  fastWindowSeconds: 10,
});

export interface DetectCoordinatedPairsOptions {
  /** Default {@link coShareDefaults}.timeWindowSeconds (60). */
  timeWindowSeconds?: number;
  /** Default {@link coShareDefaults}.minParticipation (2). */
  minParticipation?: number;
  /** Default {@link coShareDefaults}.removeLoops (true). */
  removeLoops?: boolean;
}

export interface CoordinatedNetworkOptions {
  /** Default {@link coShareDefaults}.edgeWeightQuantile (0.5, the median). */
  edgeWeightQuantile?: number;
}

export interface FlagFastPairsOptions {
  /** Default {@link coShareDefaults}.fastWindowSeconds (10). */
  fastWindowSeconds?: number;
  /** Default {@link coShareDefaults}.minParticipation (2). */
  minParticipation?: number;
}

function checkWindow(field: string, value: number): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw new UsageError("BAD_OPTION", `${field} must be a finite number of seconds >= 0, got ${String(value)}`, {
      field,
      hint: "use e.g. 10 or 60",
    });
  }
  return value;
}

function checkMinParticipation(value: number): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1) {
    throw new UsageError("BAD_OPTION", `minParticipation must be an integer >= 1, got ${String(value)}`, {
      field: "minParticipation",
      hint: "1 keeps every pair; CooRTweet's default is 2",
    });
  }
  return value;
}

function checkQuantile(value: number): number {
  if (typeof value !== "number" || !(value >= 0 && value <= 1)) {
    throw new UsageError("BAD_OPTION", `edgeWeightQuantile must be between 0 and 1, got ${String(value)}`, {
      field: "edgeWeightQuantile",
      hint: "0.5 is the median, 0.99 keeps the top 1% of edges",
    });
  }
  return value;
}

// ---------------------------------------------------------------------------------------------
// Input: shares, and their interned columnar form

/** One share of an object by an account: CooRTweet's generic input row. */
export interface Share {
  /** What accounts coordinate on: the retweeted tweet, a hashtag, a URL, ... */
  objectId: string;
  accountId: string;
  /** The id of the share itself (e.g. the retweet's id). */
  contentId: string;
  /** Unix time in seconds; fractional when the source has milliseconds. */
  timestamp: number;
}

/**
 * Shares as columns, in input order: row `r` is share `r`. Objects and accounts are interned to
 * integers (`accountIds` in order of first appearance). Content ids are nearly all distinct, so they
 * stay one string per row, and `contentKey` stands in for them in comparisons: the first row with
 * the same content id (equal ids, equal keys). Build one with {@link ShareTableBuilder} (streaming)
 * or {@link shareTableFromShares}.
 */
export interface ShareTable {
  readonly length: number;
  readonly objectIndex: Int32Array;
  readonly accountIndex: Int32Array;
  readonly timestamp: Float64Array;
  /** The content id of each row. */
  readonly contentId: readonly string[];
  /** The first row whose content id equals this row's. */
  readonly contentKey: Int32Array;
  readonly objectIds: readonly string[];
  readonly accountIds: readonly string[];
}

class Interner {
  readonly ids: string[] = [];
  private readonly indexOf = new Map<string, number>();

  intern(id: string): number {
    let index = this.indexOf.get(id);
    if (index === undefined) {
      index = this.ids.length;
      this.indexOf.set(id, index);
      this.ids.push(id);
    }
    return index;
  }
}

/** 32-bit FNV-1a over UTF-16 code units. */
function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

/**
 * For each row, the first row with an equal string. Rows are radix-sorted by hash so only rows
 * with equal hashes are compared: no map of millions of strings (slow to fill, heavy for the GC).
 */
function firstRowOfEqualString(strings: readonly string[], hashes: Uint32Array): Int32Array {
  const n = strings.length;
  let rows = new Int32Array(n);
  let keys = hashes.slice(0, n);
  let nextRows = new Int32Array(n);
  let nextKeys = new Uint32Array(n);
  for (let r = 0; r < n; r++) rows[r] = r;
  // LSD radix sort by hash, 8 bits a pass; stable, so equal hashes stay in row order.
  const counts = new Int32Array(257);
  for (let shift = 0; shift < 32; shift += 8) {
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[((keys[i] >>> shift) & 0xff) + 1]++;
    for (let d = 0; d < 256; d++) counts[d + 1] += counts[d];
    for (let i = 0; i < n; i++) {
      const at = counts[(keys[i] >>> shift) & 0xff]++;
      nextRows[at] = rows[i];
      nextKeys[at] = keys[i];
    }
    [rows, nextRows] = [nextRows, rows];
    [keys, nextKeys] = [nextKeys, keys];
  }
  const first = new Int32Array(n);
  for (let start = 0; start < n; ) {
    let end = start + 1;
    while (end < n && keys[end] === keys[start]) end++;
    for (let i = start; i < end; i++) {
      const row = rows[i];
      first[row] = row;
      // Within a run of equal hashes (nearly always one row), the earliest equal string wins.
      for (let j = start; j < i; j++) {
        if (first[rows[j]] === rows[j] && strings[rows[j]] === strings[row]) {
          first[row] = rows[j];
          break;
        }
      }
    }
    start = end;
  }
  return first;
}

function grownInt32(array: Int32Array, minLength: number): Int32Array<ArrayBuffer> {
  const grown = new Int32Array(Math.max(minLength, array.length * 2, 1024));
  grown.set(array);
  return grown;
}

/**
 * Builds a {@link ShareTable} one share at a time, so a loader can stream an archive of millions of
 * shares without first holding them as objects.
 *
 * @example
 * const builder = new ShareTableBuilder();
 * builder.add("tweet1", "alice", "rt1", 1623881091);
 * builder.add("tweet1", "bob", "rt2", 1623881095);
 * const table = builder.build(); // table.length === 2
 */
export class ShareTableBuilder {
  private readonly objects = new Interner();
  private readonly accounts = new Interner();
  private objectIndex = new Int32Array(1024);
  private accountIndex = new Int32Array(1024);
  private readonly contentId: string[] = [];
  private contentHash = new Uint32Array(1024);
  private timestamp = new Float64Array(1024);
  private length = 0;

  add(objectId: string, accountId: string, contentId: string, timestamp: number): void {
    if (this.length === this.objectIndex.length) {
      const size = this.length * 2;
      this.objectIndex = grownInt32(this.objectIndex, size);
      this.accountIndex = grownInt32(this.accountIndex, size);
      const times = new Float64Array(size);
      times.set(this.timestamp);
      this.timestamp = times;
      const hashes = new Uint32Array(size);
      hashes.set(this.contentHash);
      this.contentHash = hashes;
    }
    const r = this.length++;
    this.objectIndex[r] = this.objects.intern(objectId);
    this.accountIndex[r] = this.accounts.intern(accountId);
    this.contentId.push(contentId);
    this.contentHash[r] = hashString(contentId);
    this.timestamp[r] = timestamp;
  }

  /** The table so far (the builder should not be used afterwards). */
  build(): ShareTable {
    const n = this.length;
    return {
      length: n,
      objectIndex: this.objectIndex.slice(0, n),
      accountIndex: this.accountIndex.slice(0, n),
      timestamp: this.timestamp.slice(0, n),
      contentId: this.contentId,
      contentKey: firstRowOfEqualString(this.contentId, this.contentHash),
      objectIds: this.objects.ids,
      accountIds: this.accounts.ids,
    };
  }
}

/**
 * Interns an array of shares into a {@link ShareTable}.
 *
 * @example
 * const table = shareTableFromShares([{ objectId: "t1", accountId: "a", contentId: "r1", timestamp: 0 }]);
 */
export function shareTableFromShares(shares: readonly Share[]): ShareTable {
  const builder = new ShareTableBuilder();
  for (const share of shares) builder.add(share.objectId, share.accountId, share.contentId, share.timestamp);
  return builder.build();
}

// ---------------------------------------------------------------------------------------------
// detect_groups

/** A pair of shares of the same object within the window: one row of CooRTweet's `detect_groups`. */
export interface CoordinatedPair {
  objectId: string;
  /** The earlier share (ties: see {@link detectCoordinatedPairs}). */
  contentId: string;
  /** The later share. */
  contentIdY: string;
  /** Seconds between the two shares, >= 0. */
  timeDelta: number;
  /** The account of `contentId`. */
  accountId: string;
  /** The account of `contentIdY`. */
  accountIdY: string;
}

/**
 * Pairs as two columns of row numbers into `shares`: pair `p` is the earlier share
 * `earlierRow[p]` and the later share `laterRow[p]`, of the same object.
 */
export interface CoordinatedPairTable {
  readonly shares: ShareTable;
  readonly length: number;
  readonly earlierRow: Int32Array;
  readonly laterRow: Int32Array;
}

/** Two growable Int32 columns. */
class RowPairs {
  earlier = new Int32Array(4096);
  later = new Int32Array(4096);
  length = 0;

  push(a: number, b: number): void {
    if (this.length === this.earlier.length) {
      this.earlier = grownInt32(this.earlier, this.length * 2);
      this.later = grownInt32(this.later, this.length * 2);
    }
    this.earlier[this.length] = a;
    this.later[this.length] = b;
    this.length++;
  }
}

/**
 * CooRTweet's `filter_min_participation`: C = content ids in the candidate pairs; per account, count
 * its counted rows whose content id is in C; K = content ids of such rows of accounts with a count of
 * at least `minParticipation`; keep a candidate pair when either content id is in K.
 * Content ids, not rows, because CooRTweet matches on them (`%in%`); they can repeat across rows.
 */
function participationFilter(
  shares: ShareTable,
  earlier: Int32Array,
  later: Int32Array,
  pairCount: number,
  candidate: Uint8Array | null,
  countedRow: Uint8Array | null,
  minParticipation: number,
): Uint8Array {
  const { contentKey, accountIndex } = shares;
  const inPairs = new Uint8Array(shares.length);
  for (let p = 0; p < pairCount; p++) {
    if (candidate !== null && candidate[p] === 0) continue;
    inPairs[contentKey[earlier[p]]] = 1;
    inPairs[contentKey[later[p]]] = 1;
  }
  const coordinatedShares = new Int32Array(shares.accountIds.length);
  for (let r = 0; r < shares.length; r++) {
    if ((countedRow === null || countedRow[r] === 1) && inPairs[contentKey[r]] === 1) coordinatedShares[accountIndex[r]]++;
  }
  const qualifies = new Uint8Array(shares.length);
  for (let r = 0; r < shares.length; r++) {
    if (
      (countedRow === null || countedRow[r] === 1) &&
      inPairs[contentKey[r]] === 1 &&
      coordinatedShares[accountIndex[r]] >= minParticipation
    ) {
      qualifies[contentKey[r]] = 1;
    }
  }
  const keep = new Uint8Array(pairCount);
  for (let p = 0; p < pairCount; p++) {
    if (candidate !== null && candidate[p] === 0) continue;
    if (qualifies[contentKey[earlier[p]]] === 1 || qualifies[contentKey[later[p]]] === 1) keep[p] = 1;
  }
  return keep;
}

/**
 * CooRTweet `detect_groups` on a {@link ShareTable}: the scalable form of
 * {@link detectCoordinatedPairs} (same semantics), returning pairs as row-number columns.
 *
 * @example
 * const table = shareTableFromShares(shares);
 * const pairs = detectCoordinatedPairTable(table, { timeWindowSeconds: 10 });
 * const firstObject = table.objectIds[table.objectIndex[pairs.earlierRow[0]]];
 */
export function detectCoordinatedPairTable(shares: ShareTable, options: DetectCoordinatedPairsOptions = {}): CoordinatedPairTable {
  const timeWindow = checkWindow("timeWindowSeconds", options.timeWindowSeconds ?? coShareDefaults.timeWindowSeconds);
  const minParticipation = checkMinParticipation(options.minParticipation ?? coShareDefaults.minParticipation);
  const removeLoops = options.removeLoops ?? coShareDefaults.removeLoops;
  const { length: n, objectIndex, accountIndex, contentId, contentKey, timestamp, objectIds } = shares;
  const accountCount = shares.accountIds.length;

  // Step 1, CooRTweet's pre-filter: accounts with fewer than minParticipation rows in the whole
  // input (any object, duplicates counted) never pair.
  const rowsOfAccount = new Int32Array(accountCount);
  for (let r = 0; r < n; r++) rowsOfAccount[accountIndex[r]]++;
  const preFiltered = new Uint8Array(n);
  for (let r = 0; r < n; r++) preFiltered[r] = rowsOfAccount[accountIndex[r]] >= minParticipation ? 1 : 0;

  // The pre-filter (`x[, if (.N >= m) .SD, by = account_id]`) regroups the rows by account in order
  // of first appearance; that regrouped order decides which of two simultaneous shares is "earlier".
  const accountOrder = new Int32Array(accountCount).fill(-1);
  let nextAccount = 0;
  for (let r = 0; r < n; r++) if (accountOrder[accountIndex[r]] < 0) accountOrder[accountIndex[r]] = nextAccount++;

  // Rows that can pair at all: loops on the object itself can never survive remove_loops.
  const pairable = new Uint8Array(n);
  const objectStart = new Int32Array(objectIds.length + 1);
  for (let r = 0; r < n; r++) {
    if (preFiltered[r] === 0 || !Number.isFinite(timestamp[r])) continue;
    if (removeLoops && objectIds[objectIndex[r]] === contentId[r]) continue;
    pairable[r] = 1;
    objectStart[objectIndex[r] + 1]++;
  }
  for (let o = 0; o < objectIds.length; o++) objectStart[o + 1] += objectStart[o];
  const byObject = new Int32Array(objectStart[objectIds.length]);
  const cursor = objectStart.slice(0, objectIds.length);
  for (let r = 0; r < n; r++) if (pairable[r] === 1) byObject[cursor[objectIndex[r]]++] = r;

  // Step 2 and 5 together: sorted by time (ties in regrouped row order), every share i before j
  // with t_j - t_i <= window is a pair whose earlier share is i. A two-pointer scan stops at the
  // window's edge, so pairs outside it are never visited.
  const byTime = (x: number, y: number): number =>
    timestamp[x] - timestamp[y] || accountOrder[accountIndex[x]] - accountOrder[accountIndex[y]] || x - y;
  const pairs = new RowPairs();
  for (let o = 0; o < objectIds.length; o++) {
    const start = objectStart[o];
    const end = objectStart[o + 1];
    if (end - start < 2) continue;
    if (end - start <= 16) {
      // Most objects have a handful of shares: an insertion sort beats a sort call per object.
      for (let i = start + 1; i < end; i++) {
        const row = byObject[i];
        let j = i - 1;
        while (j >= start && byTime(byObject[j], row) > 0) {
          byObject[j + 1] = byObject[j];
          j--;
        }
        byObject[j + 1] = row;
      }
    } else {
      byObject.subarray(start, end).sort(byTime);
    }
    for (let i = start; i < end - 1; i++) {
      const a = byObject[i];
      const ta = timestamp[a];
      for (let j = i + 1; j < end; j++) {
        const b = byObject[j];
        if (!(timestamp[b] - ta <= timeWindow)) break;
        // Step 3, remove_loops: same account, or the same share twice.
        if (removeLoops && (accountIndex[a] === accountIndex[b] || contentKey[a] === contentKey[b])) continue;
        pairs.push(a, b);
      }
    }
  }

  // Step 4, the second participation filter, counted over the pre-filtered rows as CooRTweet does.
  const keep = participationFilter(shares, pairs.earlier, pairs.later, pairs.length, null, preFiltered, minParticipation);
  let kept = 0;
  for (let p = 0; p < pairs.length; p++) {
    if (keep[p] === 0) continue;
    pairs.earlier[kept] = pairs.earlier[p];
    pairs.later[kept] = pairs.later[p];
    kept++;
  }
  return {
    shares,
    length: kept,
    earlierRow: pairs.earlier.slice(0, kept),
    laterRow: pairs.later.slice(0, kept),
  };
}

/**
 * Materialises a {@link CoordinatedPairTable} as objects (one per pair; mind the size).
 *
 * @example
 * const rows = coordinatedPairsFromTable(detectCoordinatedPairTable(table));
 */
export function coordinatedPairsFromTable(pairs: CoordinatedPairTable): CoordinatedPair[] {
  return [...coordinatedPairRows(pairs)];
}

/** The pairs of a table one at a time, in table order: for writing millions without holding them. */
export function* coordinatedPairRows(pairs: CoordinatedPairTable): Generator<CoordinatedPair> {
  const { objectIndex, accountIndex, contentId, timestamp, objectIds, accountIds } = pairs.shares;
  for (let p = 0; p < pairs.length; p++) {
    const a = pairs.earlierRow[p];
    const b = pairs.laterRow[p];
    yield {
      objectId: objectIds[objectIndex[a]],
      contentId: contentId[a],
      contentIdY: contentId[b],
      timeDelta: timestamp[b] - timestamp[a],
      accountId: accountIds[accountIndex[a]],
      accountIdY: accountIds[accountIndex[b]],
    };
  }
}

/**
 * Finds every pair of shares of the same object made by different accounts at most
 * `timeWindowSeconds` apart: CooRTweet 2.1.3 `detect_groups`, exactly.
 *
 * 1. Accounts with fewer than `minParticipation` shares in the whole input are dropped.
 * 2. Every two shares of an object within the window pair (inclusive; not chained: shares at 0, 8
 *    and 16 s with a 10 s window give 0-8 and 8-16, not 0-16).
 * 3. `removeLoops` drops pairs by the same account, of the same content id, or where a content id
 *    equals the object id.
 * 4. An account must still take part in `minParticipation` shares among the pairs; a pair is kept
 *    when either of its shares belongs to such an account.
 * 5. `contentId` is the earlier share. For simultaneous shares it is the share whose account first
 *    appears earlier in the input (then the earlier row), as CooRTweet's regrouping by account makes it.
 *
 * Pairs come grouped by object in order of first appearance, then by time.
 *
 * @example
 * detectCoordinatedPairs(
 *   [
 *     { objectId: "t1", accountId: "a", contentId: "r1", timestamp: 0 },
 *     { objectId: "t1", accountId: "b", contentId: "r2", timestamp: 5 },
 *     { objectId: "t2", accountId: "a", contentId: "r3", timestamp: 100 },
 *     { objectId: "t2", accountId: "b", contentId: "r4", timestamp: 103 },
 *   ],
 *   { timeWindowSeconds: 10 },
 * );
 * // [{ objectId: "t1", contentId: "r1", contentIdY: "r2", timeDelta: 5, accountId: "a", accountIdY: "b" },
 * //  { objectId: "t2", contentId: "r3", contentIdY: "r4", timeDelta: 3, accountId: "a", accountIdY: "b" }]
 */
export function detectCoordinatedPairs(shares: readonly Share[], options: DetectCoordinatedPairsOptions = {}): CoordinatedPair[] {
  return coordinatedPairsFromTable(detectCoordinatedPairTable(shareTableFromShares(shares), options));
}

// ---------------------------------------------------------------------------------------------
// flag_speed_share

function resolveFastOptions(options: FlagFastPairsOptions): { fastWindow: number; minParticipation: number } {
  return {
    fastWindow: checkWindow("fastWindowSeconds", options.fastWindowSeconds ?? coShareDefaults.fastWindowSeconds),
    minParticipation: checkMinParticipation(options.minParticipation ?? coShareDefaults.minParticipation),
  };
}

/**
 * Marks the pairs of the fast sub-network: CooRTweet 2.1.3 `flag_speed_share` on a
 * {@link CoordinatedPairTable}, 1 for each fast pair, else 0. A pair is fast when its time delta
 * is at most `fastWindowSeconds` and it survives the second participation filter of detection
 * applied to the fast pairs alone, counted over all rows of `pairs.shares` (as CooRTweet counts
 * over the table it is given). Pairs with the same (contentId, contentIdY) as a fast pair are fast
 * too, as CooRTweet marks them by that join. The table is not modified.
 *
 * @returns one flag per pair, in table order (the order of {@link coordinatedPairsFromTable}).
 * @example
 * const pairs = detectCoordinatedPairTable(shareTableFromShares(shares), { timeWindowSeconds: 60 });
 * const fast = flagFastPairTable(pairs, { fastWindowSeconds: 10, minParticipation: 2 });
 */
export function flagFastPairTable(pairs: CoordinatedPairTable, options: FlagFastPairsOptions = {}): Uint8Array {
  const { fastWindow, minParticipation } = resolveFastOptions(options);
  const { shares, earlierRow, laterRow, length } = pairs;
  const { timestamp } = shares;
  const candidate = new Uint8Array(length);
  for (let p = 0; p < length; p++) candidate[p] = timestamp[laterRow[p]] - timestamp[earlierRow[p]] <= fastWindow ? 1 : 0;
  const fast = participationFilter(shares, earlierRow, laterRow, length, candidate, null, minParticipation);

  // CooRTweet marks the pairs by joining on (content_id, content_id_y), so when content ids repeat
  // across rows every pair with a marked pair's content ids is marked too. With unique content ids
  // this is the same as marking by position.
  const { contentKey } = shares;
  let repeatedContent = false;
  for (let p = 0; p < length && !repeatedContent; p++) {
    repeatedContent = contentKey[earlierRow[p]] !== earlierRow[p] || contentKey[laterRow[p]] !== laterRow[p];
  }
  if (repeatedContent) {
    const pairKey = (p: number): string => `${contentKey[earlierRow[p]]},${contentKey[laterRow[p]]}`;
    const marked = new Set<string>();
    for (let p = 0; p < length; p++) if (fast[p] === 1) marked.add(pairKey(p));
    for (let p = 0; p < length; p++) if (fast[p] === 0 && marked.has(pairKey(p))) fast[p] = 1;
  }
  return fast;
}

// ---------------------------------------------------------------------------------------------
// generate_coordinated_network

/** The aggregate of the pairs between two accounts. */
export interface CoordinationEdgeStats {
  /** Number of pairs of shares (not distinct objects). */
  weight: number;
  /** Mean of the pairs' time deltas, seconds. */
  avgTimeDelta: number;
  /** Distinct earlier shares (`contentId`) of the pairs; not tied to `from` (as in CooRTweet). */
  nContentId: number;
  /** Distinct later shares (`contentIdY`) of the pairs. */
  nContentIdY: number;
  /** min/max of nContentId and nContentIdY: 1 when balanced, towards 0 when one side dominates. */
  edgeSymmetryScore: number;
  /** 1 when `weight` is strictly above the `edgeWeightQuantile` quantile of all weights, else 0. */
  weightThreshold: 0 | 1;
}

/** One undirected edge of the coordinated network: one row of CooRTweet's network. */
export interface CoordinationEdge extends CoordinationEdgeStats {
  /** The smaller account id (code-point order). */
  from: string;
  /** The larger account id. */
  to: string;
}

/** A network edge with its fast sub-network aggregate (`weight_fast`, ...), null without fast pairs. */
export interface CoordinationEdgeWithFast extends CoordinationEdge {
  /** Aggregate over the edge's fast pairs; `weightThreshold` uses the quantile of fast weights only. */
  fast: CoordinationEdgeStats | null;
}

/** {@link CoordinationEdgeStats} as columns, one entry per edge. */
export interface CoordinationEdgeColumns {
  /** Number of pairs; 0 in `fast` for an edge without fast pairs. */
  readonly weight: Int32Array;
  /** NaN where weight is 0. */
  readonly avgTimeDelta: Float64Array;
  readonly nContentId: Int32Array;
  readonly nContentIdY: Int32Array;
  /** NaN where weight is 0. */
  readonly edgeSymmetryScore: Float64Array;
  /** 1 above the threshold, else 0 (also 0 where weight is 0). */
  readonly weightThreshold: Uint8Array;
  /** The quantile the weights were compared with (NaN without edges). */
  readonly thresholdWeight: number;
}

/**
 * The coordinated network as columns, edges sorted by (from, to): the scalable form of
 * {@link buildCoordinatedNetwork}. Edge `e` joins `accountIds[fromAccount[e]]` and
 * `accountIds[toAccount[e]]`.
 */
export interface CoordinationEdgeTable extends CoordinationEdgeColumns {
  readonly length: number;
  readonly accountIds: readonly string[];
  readonly fromAccount: Int32Array;
  readonly toAccount: Int32Array;
  /** The fast sub-network's aggregates when fast flags were given, else null. */
  readonly fast: CoordinationEdgeColumns | null;
  /** The pairs of edge e are pairsByEdge[edgeStart[e] .. edgeStart[e + 1]) (indices into the pair table). */
  readonly edgeStart: Int32Array;
  readonly pairsByEdge: Int32Array;
}

/** Pairs as objects or as a table; both give the same network. */
export type CoordinatedPairsInput = readonly CoordinatedPair[] | CoordinatedPairTable;

/**
 * Strict code-point order of two strings (plain `<` compares UTF-16 code units, which puts
 * U+E000..U+FFFF after astral characters).
 *
 * @example
 * ["b", "a"].sort(compareCodePoints); // ["a", "b"]
 */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

function codePointRank(unit: number): number {
  if (unit < 0xd800) return unit;
  return unit >= 0xe000 ? unit - 0x800 : unit + 0x2000;
}

/**
 * R's `quantile(x, p)` (type 7), computed as R computes it: 1-based index `1 + (n - 1) p`, and
 * interpolation `(1 - h) x[lo] + h x[hi]` only where the two neighbours differ.
 */
function quantileType7(sorted: Float64Array, probability: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const index = 1 + (n - 1) * probability;
  const lo = Math.floor(index);
  const hi = Math.ceil(index);
  const atLo = sorted[lo - 1];
  const atHi = sorted[hi - 1];
  if (index > lo && atHi !== atLo) {
    const h = index - lo;
    return (1 - h) * atLo + h * atHi;
  }
  return atLo;
}

/** A {@link CoordinatedPairTable} over synthetic rows: pair p is rows 2p (time 0) and 2p+1 (time timeDelta). */
function pairTableFromPairs(pairs: readonly CoordinatedPair[]): CoordinatedPairTable {
  const builder = new ShareTableBuilder();
  const earlierRow = new Int32Array(pairs.length);
  const laterRow = new Int32Array(pairs.length);
  pairs.forEach((pair, p) => {
    builder.add(pair.objectId, pair.accountId, pair.contentId, 0);
    builder.add(pair.objectId, pair.accountIdY, pair.contentIdY, pair.timeDelta);
    earlierRow[p] = 2 * p;
    laterRow[p] = 2 * p + 1;
  });
  return { shares: builder.build(), length: pairs.length, earlierRow, laterRow };
}

function asPairTable(pairs: CoordinatedPairsInput): CoordinatedPairTable {
  return Array.isArray(pairs) ? pairTableFromPairs(pairs as readonly CoordinatedPair[]) : (pairs as CoordinatedPairTable);
}

/** The edges of a pair table, ordered by (from, to), with the pairs grouped by edge. */
interface EdgeIndex {
  count: number;
  fromAccount: Int32Array;
  toAccount: Int32Array;
  /** The pairs of edge e are pairsByEdge[edgeStart[e] .. edgeStart[e + 1]). */
  edgeStart: Int32Array;
  pairsByEdge: Int32Array;
}

/** Ranks the accounts that occur in pairs by code-point order of their ids: from = lower rank. */
function rankAccounts(pairs: CoordinatedPairTable): { rank: Int32Array; accountOfRank: Int32Array } {
  const { accountIndex, accountIds } = pairs.shares;
  const used = new Uint8Array(accountIds.length);
  for (let p = 0; p < pairs.length; p++) {
    used[accountIndex[pairs.earlierRow[p]]] = 1;
    used[accountIndex[pairs.laterRow[p]]] = 1;
  }
  const accounts: number[] = [];
  let beyondSurrogates = false;
  for (let a = 0; a < accountIds.length; a++) {
    if (used[a] === 0) continue;
    accounts.push(a);
    if (!beyondSurrogates && /[\ud800-\uffff]/.test(accountIds[a])) beyondSurrogates = true;
  }
  // Code-unit order is code-point order unless an id holds a unit >= U+D800; the native compare is faster.
  const compare = beyondSurrogates
    ? (x: number, y: number) => compareCodePoints(accountIds[x], accountIds[y])
    : (x: number, y: number) => (accountIds[x] < accountIds[y] ? -1 : accountIds[x] > accountIds[y] ? 1 : 0);
  accounts.sort(compare);
  const rank = new Int32Array(accountIds.length);
  for (let i = 0; i < accounts.length; i++) rank[accounts[i]] = i;
  return { rank, accountOfRank: Int32Array.from(accounts) };
}

/** Sorts values[0 .. count) in place (for the many tiny runs, where a sort call costs more). */
function insertionSorted(values: Int32Array, count: number): Int32Array {
  for (let i = 1; i < count; i++) {
    const value = values[i];
    let j = i - 1;
    while (j >= 0 && values[j] > value) {
      values[j + 1] = values[j];
      j--;
    }
    values[j + 1] = value;
  }
  return values;
}

function indexEdges(pairs: CoordinatedPairTable): EdgeIndex {
  const { accountIndex } = pairs.shares;
  const { earlierRow, laterRow, length } = pairs;
  const { rank, accountOfRank } = rankAccounts(pairs);
  const rankCount = accountOfRank.length;

  // Each pair's two accounts as ranks, once: the passes below then read them in sequence.
  // lowRank has room for one more entry: it becomes edgeStart once the pairs are sorted by it.
  const lowRank = new Int32Array(length + 1);
  const highRank = new Int32Array(length);
  const lowStart = new Int32Array(rankCount + 1);
  for (let p = 0; p < length; p++) {
    const x = rank[accountIndex[earlierRow[p]]];
    const y = rank[accountIndex[laterRow[p]]];
    lowRank[p] = x < y ? x : y;
    highRank[p] = x < y ? y : x;
    lowStart[lowRank[p] + 1]++;
  }
  for (let i = 0; i < rankCount; i++) lowStart[i + 1] += lowStart[i];

  // Counting sort of the pairs by their lower account.
  const pairsByEdge = new Int32Array(length);
  const cursor = lowStart.slice(0, rankCount);
  for (let p = 0; p < length; p++) pairsByEdge[cursor[lowRank[p]]++] = p;

  // Within each lower account's run, number its distinct partners in rank order (so edges come out
  // sorted by from, to) and sort the run by partner: the run becomes its edges' pairs, in place.
  const seenFor = new Int32Array(rankCount).fill(-1);
  const pairsOfHigh = new Int32Array(rankCount);
  const partners = new Int32Array(rankCount);
  let run = new Int32Array(1024);
  // At most one edge per pair: sized once, since every large allocation can prompt a full GC.
  const fromRank = new Int32Array(length);
  const toRank = new Int32Array(length);
  const edgeStart = lowRank;
  let count = 0;
  for (let low = 0; low < rankCount; low++) {
    const start = lowStart[low];
    const end = lowStart[low + 1];
    let partnerCount = 0;
    for (let k = start; k < end; k++) {
      const high = highRank[pairsByEdge[k]];
      if (seenFor[high] !== low) {
        seenFor[high] = low;
        pairsOfHigh[high] = 0;
        partners[partnerCount++] = high;
      }
      pairsOfHigh[high]++;
    }
    const sortedPartners = partnerCount <= 16 ? insertionSorted(partners, partnerCount) : partners.subarray(0, partnerCount).sort();
    // pairsOfHigh becomes each partner's write position within the run.
    let position = start;
    for (let t = 0; t < partnerCount; t++) {
      const high = sortedPartners[t];
      fromRank[count] = low;
      toRank[count] = high;
      edgeStart[count] = position;
      count++;
      const pairCount = pairsOfHigh[high];
      pairsOfHigh[high] = position;
      position += pairCount;
    }
    if (partnerCount > 1) {
      if (end - start > run.length) run = new Int32Array(Math.max(end - start, run.length * 2));
      run.set(pairsByEdge.subarray(start, end));
      for (let k = 0; k < end - start; k++) pairsByEdge[pairsOfHigh[highRank[run[k]]]++] = run[k];
    }
  }
  edgeStart[count] = length;

  const fromAccount = new Int32Array(count);
  const toAccount = new Int32Array(count);
  for (let e = 0; e < count; e++) {
    fromAccount[e] = accountOfRank[fromRank[e]];
    toAccount[e] = accountOfRank[toRank[e]];
  }
  return { count, fromAccount, toAccount, edgeStart: edgeStart.subarray(0, count + 1), pairsByEdge };
}

/** Running per-edge sums of one network (full or fast). */
class EdgeAccumulator {
  readonly weight: Int32Array;
  readonly timeDeltaSum: Float64Array;
  readonly nContentId: Int32Array;
  readonly nContentIdY: Int32Array;
  /** The last edge that counted each content key, as earlier and as later share. */
  readonly seenEarlier: Int32Array;
  readonly seenLater: Int32Array;

  constructor(edgeCount: number, rowCount: number) {
    this.weight = new Int32Array(edgeCount);
    this.timeDeltaSum = new Float64Array(edgeCount);
    this.nContentId = new Int32Array(edgeCount);
    this.nContentIdY = new Int32Array(edgeCount);
    this.seenEarlier = new Int32Array(rowCount).fill(-1);
    this.seenLater = new Int32Array(rowCount).fill(-1);
  }

  add(e: number, earlierKey: number, laterKey: number, timeDelta: number): void {
    this.weight[e]++;
    this.timeDeltaSum[e] += timeDelta;
    if (this.seenEarlier[earlierKey] !== e) {
      this.seenEarlier[earlierKey] = e;
      this.nContentId[e]++;
    }
    if (this.seenLater[laterKey] !== e) {
      this.seenLater[laterKey] = e;
      this.nContentIdY[e]++;
    }
  }

  finish(quantile: number): CoordinationEdgeColumns {
    const { weight, nContentId, nContentIdY } = this;
    const edgeCount = weight.length;
    const avgTimeDelta = new Float64Array(edgeCount);
    const edgeSymmetryScore = new Float64Array(edgeCount);
    let weighted = 0;
    for (let e = 0; e < edgeCount; e++) {
      if (weight[e] === 0) {
        avgTimeDelta[e] = Number.NaN;
        edgeSymmetryScore[e] = Number.NaN;
        continue;
      }
      weighted++;
      avgTimeDelta[e] = this.timeDeltaSum[e] / weight[e];
      edgeSymmetryScore[e] = Math.min(nContentId[e], nContentIdY[e]) / Math.max(nContentId[e], nContentIdY[e]);
    }
    // The quantile is over the edges that have pairs: all of them in the full network, those with
    // fast pairs in the fast one (CooRTweet's na.rm = TRUE over weight_fast).
    const weights = new Float64Array(weighted);
    let w = 0;
    for (let e = 0; e < edgeCount; e++) if (weight[e] > 0) weights[w++] = weight[e];
    const thresholdWeight = quantileType7(weights.sort(), quantile);
    const weightThreshold = new Uint8Array(edgeCount);
    // Strictly greater, as CooRTweet: with all weights equal no edge passes.
    for (let e = 0; e < edgeCount; e++) weightThreshold[e] = weight[e] > 0 && weight[e] > thresholdWeight ? 1 : 0;
    return { weight, avgTimeDelta, nContentId, nContentIdY, edgeSymmetryScore, weightThreshold, thresholdWeight };
  }
}

/** Per-edge aggregates of all pairs and, when flags are given, of the fast pairs, in one pass. */
function aggregateEdges(
  pairs: CoordinatedPairTable,
  edges: EdgeIndex,
  fastPairs: ArrayLike<number | boolean> | null,
  quantile: number,
): { full: CoordinationEdgeColumns; fast: CoordinationEdgeColumns | null } {
  const { timestamp, contentKey } = pairs.shares;
  const { earlierRow, laterRow } = pairs;
  const full = new EdgeAccumulator(edges.count, pairs.shares.length);
  const fast = fastPairs === null ? null : new EdgeAccumulator(edges.count, pairs.shares.length);
  for (let e = 0; e < edges.count; e++) {
    for (let k = edges.edgeStart[e]; k < edges.edgeStart[e + 1]; k++) {
      const p = edges.pairsByEdge[k];
      const a = earlierRow[p];
      const b = laterRow[p];
      const timeDelta = timestamp[b] - timestamp[a];
      full.add(e, contentKey[a], contentKey[b], timeDelta);
      if (fast !== null && fastPairs![p]) fast.add(e, contentKey[a], contentKey[b], timeDelta);
    }
  }
  return { full: full.finish(quantile), fast: fast === null ? null : fast.finish(quantile) };
}

/**
 * CooRTweet `generate_coordinated_network` as columns: the scalable form of
 * {@link buildCoordinatedNetwork} and {@link buildCoordinatedNetworkWithFast} (same semantics).
 *
 * @example
 * const network = buildCoordinatedNetworkTable(detectCoordinatedPairTable(table), { edgeWeightQuantile: 0.5 });
 * for (let e = 0; e < network.length; e++) {
 *   if (network.weightThreshold[e] === 1) console.log(network.accountIds[network.fromAccount[e]]);
 * }
 */
export function buildCoordinatedNetworkTable(
  pairs: CoordinatedPairsInput,
  options: CoordinatedNetworkOptions & {
    /** One flag per pair ({@link flagFastPairTable}): adds the fast sub-network. */
    fastPairs?: ArrayLike<boolean | number>;
  } = {},
): CoordinationEdgeTable {
  const quantile = checkQuantile(options.edgeWeightQuantile ?? coShareDefaults.edgeWeightQuantile);
  const table = asPairTable(pairs);
  const { fastPairs } = options;
  if (fastPairs !== undefined && fastPairs.length !== table.length) {
    throw new UsageError("FAST_FLAGS_MISMATCH", `got ${fastPairs.length} fast flags for ${table.length} pairs`, {
      field: "fastPairs",
      hint: "pass the flags flagFastPairTable returned for these same pairs",
    });
  }
  const edges = indexEdges(table);
  const { full, fast } = aggregateEdges(table, edges, fastPairs ?? null, quantile);
  return {
    length: edges.count,
    accountIds: table.shares.accountIds,
    fromAccount: edges.fromAccount,
    toAccount: edges.toAccount,
    ...full,
    fast,
    edgeStart: edges.edgeStart,
    pairsByEdge: edges.pairsByEdge,
  };
}

function statsAt(columns: CoordinationEdgeColumns, e: number): CoordinationEdgeStats {
  return {
    weight: columns.weight[e],
    avgTimeDelta: columns.avgTimeDelta[e],
    nContentId: columns.nContentId[e],
    nContentIdY: columns.nContentIdY[e],
    edgeSymmetryScore: columns.edgeSymmetryScore[e],
    weightThreshold: columns.weightThreshold[e] === 1 ? 1 : 0,
  };
}

// Object literals with every field spelled out (no spread) keep one hidden class for millions of edges.
function edgeAt(network: CoordinationEdgeTable, e: number): CoordinationEdge {
  return {
    from: network.accountIds[network.fromAccount[e]],
    to: network.accountIds[network.toAccount[e]],
    weight: network.weight[e],
    avgTimeDelta: network.avgTimeDelta[e],
    nContentId: network.nContentId[e],
    nContentIdY: network.nContentIdY[e],
    edgeSymmetryScore: network.edgeSymmetryScore[e],
    weightThreshold: network.weightThreshold[e] === 1 ? 1 : 0,
  };
}

/**
 * Aggregates pairs into the undirected coordinated network: CooRTweet 2.1.3
 * `generate_coordinated_network`, exactly. One edge per pair of accounts (from < to in code-point
 * order), with the number of pairs, their mean time delta, the distinct earlier and later shares and
 * their symmetry; `weightThreshold` is 1 where the weight is strictly above the
 * `edgeWeightQuantile` quantile (R type 7) of all edge weights. Edges are sorted by (from, to).
 *
 * @example
 * const edges = buildCoordinatedNetwork(detectCoordinatedPairs(shares), { edgeWeightQuantile: 0.5 });
 * // [{ from: "a", to: "b", weight: 2, avgTimeDelta: 4, nContentId: 2, nContentIdY: 2,
 * //    edgeSymmetryScore: 1, weightThreshold: 0 }, ...]
 */
export function buildCoordinatedNetwork(pairs: CoordinatedPairsInput, options: CoordinatedNetworkOptions = {}): CoordinationEdge[] {
  const network = buildCoordinatedNetworkTable(pairs, { edgeWeightQuantile: options.edgeWeightQuantile });
  const edges: CoordinationEdge[] = new Array(network.length);
  for (let e = 0; e < network.length; e++) edges[e] = edgeAt(network, e);
  return edges;
}

/**
 * The coordinated network with its fast sub-network: CooRTweet `generate_coordinated_network(fast_net
 * = TRUE)` after `flag_speed_share`. Each edge of the full network carries `fast`, the same
 * aggregate over its fast pairs (null when it has none: CooRTweet's NA), whose `weightThreshold`
 * uses the quantile of the fast weights only.
 *
 * @param fastPairs one flag per pair, from {@link flagFastPairTable}.
 * @example
 * const pairs = detectCoordinatedPairTable(shareTableFromShares(shares), { timeWindowSeconds: 60 });
 * const edges = buildCoordinatedNetworkWithFast(pairs, flagFastPairTable(pairs, { fastWindowSeconds: 10 }));
 * const fastEdges = edges.filter((edge) => edge.fast !== null);
 */
export function buildCoordinatedNetworkWithFast(
  pairs: CoordinatedPairsInput,
  fastPairs: ArrayLike<boolean | number>,
  options: CoordinatedNetworkOptions = {},
): CoordinationEdgeWithFast[] {
  const network = buildCoordinatedNetworkTable(pairs, { edgeWeightQuantile: options.edgeWeightQuantile, fastPairs });
  const fast = network.fast!;
  const edges: CoordinationEdgeWithFast[] = new Array(network.length);
  for (let e = 0; e < network.length; e++) {
    const edge = edgeAt(network, e);
    edges[e] = {
      from: edge.from,
      to: edge.to,
      weight: edge.weight,
      avgTimeDelta: edge.avgTimeDelta,
      nContentId: edge.nContentId,
      nContentIdY: edge.nContentIdY,
      edgeSymmetryScore: edge.edgeSymmetryScore,
      weightThreshold: edge.weightThreshold,
      fast: fast.weight[e] > 0 ? statsAt(fast, e) : null,
    };
  }
  return edges;
}
