/**
 * Co-text coordination: accounts posting the same or nearly the same text (original tweets, not
 * retweets) within a time window of each other. The pure core behind the `co-text` analysis.
 *
 * Method.
 * 1. Normalise each tweet ({@link tweetTokens}: links, mentions, RT prefixes, '#', case and
 *    punctuation removed; Unicode-aware) and ignore tweets with fewer than `minTokens` tokens: short
 *    texts ("thank you so much") coincide by chance.
 * 2. Exact duplicates: tweets with the same normalised text share one "text" (keyed by a 32-bit hash
 *    of the token sequence, confirmed by comparing shingle sets), so every later step works once per
 *    distinct text.
 * 3. Near duplicates: each distinct text becomes the set of its word 2-shingles, a MinHash signature
 *    of `numHashes` values (Broder 1997) and LSH band keys (Leskovec, Rajaraman & Ullman, "Mining of
 *    Massive Datasets", ch. 3.4). Texts sharing a band key are candidates; never all pairs.
 * 4. Verification: candidate texts are compared by their exact Jaccard similarity over shingle hashes
 *    (cheaper to keep than signatures: a tweet has ~20 shingles, a signature 64 values), and a tweet
 *    pair matches when Jaccard >= `similarity` and their times differ by at most `windowSeconds`.
 * 5. Matching tweet pairs of different accounts are summed into account-pair edges.
 *
 * Choices.
 * - Shingles of 2 words, not 3: replacing one word in the middle of an n-word tweet leaves
 *   (n - 3) of (n + 1) 2-shingles shared, Jaccard 17/21 = 0.81 for 20 words, but only
 *   (n - 5)/(n + 1) = 0.71 with 3-shingles, below the 0.8 a near duplicate should reach.
 * - Banding: 64 hashes as 10 bands x 6 rows (4 hashes unused) for similarity 0.8. The S-curve
 *   threshold (1/10)^(1/6) = 0.68 sits a little below 0.8 on purpose: candidates are verified exactly,
 *   so extra candidates cost only time, while missed ones are lost. Recall is 95.2% at J = 0.8, 99.1%
 *   at 0.85 and 99.95% at 0.9 ({@link chooseBanding} picks the most rows with recall >= `lshRecall`).
 * - Crowded buckets stay linear in their output: a bucket's tweets are sorted by time and compared by
 *   a two-pointer sweep only within the window; a text pair is examined only in the first band where
 *   it collides, so no tweet pair is counted twice.
 * - Exact duplicates within the window are paired the same way (per text, by time, two-pointer).
 *   The work is then bounded by the matching pairs themselves: a text posted 1,000 times within one
 *   window is ~500,000 tweet pairs, all of which count in the edges' weights.
 *
 * Related work: "copypasta" detection across accounts is one of the coordination traces of Pacheco
 * et al. (2021), "Uncovering Coordinated Networks on Social Media", ICWSM (text similarity of
 * tweets), and of Graham et al.'s co-tweet networks (Coordination Network Toolkit, 2020).
 *
 * Scale: per tweet an account index, a time, a text index and the tweet id; per distinct text its
 * shingle hashes and band keys: about 0.5 GB per million tweets at peak, ~17 CPU-seconds per million
 * (mostly tokenising and MinHash). Input may be streamed through {@link CoTextIndex}.
 */
import { InputError, UsageError } from "../errors.ts";
import type { CoActionTable, CoActionTies } from "./coaction-significance.ts";
import { bandKeys, chooseBanding, hashWords, jaccardSorted, lshCandidateProbability, lshThreshold, MinHasher, shingleHashes, tokenHashes } from "./minhash.ts";
import { compareAccountIds } from "./partition.ts";
import { tweetTokens } from "./text-normalize.ts";

// ---------------------------------------------------------------------------------------------
// Options and defaults

/** Banding of the MinHash signature: chosen from `similarity` and `lshRecall`, or given. */
export type CoTextBanding = "auto" | { bands: number; rows: number };

/** Every co-text option with its default, declared once (the CLI shows these). */
export const coTextDefaults = Object.freeze({
  /** Two tweets at most this many seconds apart can match (inclusive). */
  windowSeconds: 3600,
  /** Minimum Jaccard similarity of the two tweets' shingle sets (1 = same normalised text). */
  similarity: 0.8,
  /** Tweets with fewer normalised tokens are ignored. */
  minTokens: 5,
  /** Words per shingle (2: one changed word in a 20-word tweet keeps Jaccard 0.81). */
  shingleSize: 2,
  /** MinHash signature length. */
  numHashes: 64,
  /** "auto" = the most rows per band with recall >= lshRecall at `similarity` (10 x 6 for the defaults). */
  banding: "auto" as CoTextBanding,
  /** Recall at `similarity` that "auto" banding guarantees. */
  lshRecall: 0.95,
  /** Seed of the MinHash family (deterministic for a seed). */
  seed: 1,
});

/** Options of {@link coTextEdges} and {@link CoTextIndex}; every field defaults to {@link coTextDefaults}. */
export interface CoTextOptions {
  /** Default 3600. */
  windowSeconds?: number;
  /** Default 0.8. */
  similarity?: number;
  /** Default 5. */
  minTokens?: number;
  /** Default 2. */
  shingleSize?: number;
  /** Default 64. */
  numHashes?: number;
  /** Default "auto". */
  banding?: CoTextBanding;
  /** Default 0.95. */
  lshRecall?: number;
  /** Default 1. */
  seed?: number;
}

type ResolvedCoTextOptions = { -readonly [K in keyof typeof coTextDefaults]: (typeof coTextDefaults)[K] };

/**
 * Fills defaults and checks every option, throwing a `UsageError` (code `BAD_OPTION`) the
 * CLI can print.
 *
 * @example
 * resolveCoTextOptions({ similarity: 0.9 }).windowSeconds; // 3600
 */
export function resolveCoTextOptions(options: CoTextOptions = {}): ResolvedCoTextOptions {
  const o: ResolvedCoTextOptions = { ...coTextDefaults };
  for (const [key, value] of Object.entries(options)) {
    if (value !== undefined && key in coTextDefaults) (o as Record<string, unknown>)[key] = value;
  }
  const bad = (field: string, message: string, hint: string) =>
    new UsageError("BAD_OPTION", `${field} ${message}`, { field, hint });
  if (!(typeof o.windowSeconds === "number" && Number.isFinite(o.windowSeconds) && o.windowSeconds >= 0)) {
    throw bad("windowSeconds", `must be a finite number of seconds >= 0, got ${String(o.windowSeconds)}`, "e.g. 3600");
  }
  if (!(typeof o.similarity === "number" && o.similarity > 0 && o.similarity <= 1)) {
    throw bad("similarity", `must be in (0, 1], got ${String(o.similarity)}`, "1 keeps exact duplicates only; 0.8 is the default");
  }
  if (!(Number.isInteger(o.minTokens) && o.minTokens >= 1)) {
    throw bad("minTokens", `must be an integer >= 1, got ${String(o.minTokens)}`, "e.g. 5");
  }
  if (!(Number.isInteger(o.shingleSize) && o.shingleSize >= 1)) {
    throw bad("shingleSize", `must be an integer >= 1, got ${String(o.shingleSize)}`, "2 suits tweets");
  }
  if (!(Number.isInteger(o.numHashes) && o.numHashes >= 1 && o.numHashes <= 1024)) {
    throw bad("numHashes", `must be an integer in [1, 1024], got ${String(o.numHashes)}`, "e.g. 64");
  }
  if (!(typeof o.lshRecall === "number" && o.lshRecall > 0 && o.lshRecall < 1)) {
    throw bad("lshRecall", `must be in (0, 1), got ${String(o.lshRecall)}`, "e.g. 0.95");
  }
  if (!Number.isInteger(o.seed)) throw bad("seed", `must be an integer, got ${String(o.seed)}`, "e.g. 1");
  if (o.banding !== "auto") {
    const { bands, rows } = o.banding ?? {};
    if (!(Number.isInteger(bands) && Number.isInteger(rows) && bands >= 1 && rows >= 1 && bands * rows <= o.numHashes)) {
      throw bad("banding", `must be "auto" or { bands, rows } with bands * rows <= numHashes (${o.numHashes})`, 'use "auto"');
    }
  }
  return o;
}

// ---------------------------------------------------------------------------------------------
// Input and output

/** One original tweet (the runner leaves retweets out). */
export interface CoTextTweet {
  accountId: string;
  tweetId: string;
  /** Unix milliseconds. */
  time: number;
  text: string;
}

/** Two accounts that posted matching texts within the window. */
export interface CoTextEdge {
  /** The smaller id (all-digit ids in numeric order, see `compareAccountIds`). */
  accountA: string;
  accountB: string;
  /** Matching tweet pairs (tweet of A, tweet of B) within the window. */
  weight: number;
  /** Of those, pairs with the same normalised text. */
  exactMatches: number;
  /** Mean Jaccard similarity over the matching pairs. */
  meanSimilarity: number;
  /** Up to 3 matching pairs [tweet of A, tweet of B]: the closest in time, ties by tweet id. */
  exampleTweetIds: Array<[string, string]>;
  /** Smallest time difference of a matching pair, in milliseconds. */
  minTimeDelta: number;
}

/** The matched tweets and their pairs, as columns (see {@link CoTextResult.actions}). */
export interface CoTextActions extends CoActionTable {
  readonly tweetIds: readonly string[];
  /** Tie e (edges[e]) joins fromAccount[e] and toAccount[e] (indices into accountIds, A first). */
  readonly ties: CoActionTies & {
    /** Jaccard similarity of each pair. */
    readonly similarity: Float64Array;
  };
}

export interface CoTextStats {
  tweets: number;
  /** Tweets ignored for having fewer than minTokens normalised tokens. */
  shortTweets: number;
  distinctTexts: number;
  bands: number;
  rows: number;
  /** (1/bands)^(1/rows), where the LSH S-curve is steepest. */
  lshThreshold: number;
  /** Tweet pairs of different accounts, same normalised text, within the window. */
  exactTweetPairs: number;
  /** Tweet pairs of different texts from a shared LSH bucket, within the window, compared exactly. */
  candidateTweetPairs: number;
  /** Of those, pairs with Jaccard >= similarity. */
  nearTweetPairs: number;
  edges: number;
}

export interface CoTextResult {
  /** Sorted by weight (descending), then accountA, then accountB. */
  edges: CoTextEdge[];
  /**
   * Every matching tweet pair, as the co-action significance test reads them
   * (src/core/coaction-significance.ts): tweets as actions on "objects" (groups of texts joined by
   * exact or near matches), and each edge's matches (tie e = edges[e]).
   */
  actions: CoTextActions;
  warnings: string[];
  stats: CoTextStats;
}

// ---------------------------------------------------------------------------------------------
// Growing typed columns

class Uint32Column {
  data = new Uint32Array(1024);
  length = 0;
  push(value: number): void {
    if (this.length === this.data.length) this.grow(this.length + 1);
    this.data[this.length++] = value;
  }
  pushAll(values: Uint32Array): void {
    if (this.length + values.length > this.data.length) this.grow(this.length + values.length);
    this.data.set(values, this.length);
    this.length += values.length;
  }
  private grow(minimum: number): void {
    const next = new Uint32Array(Math.max(minimum, this.data.length * 2));
    next.set(this.data);
    this.data = next;
  }
}

class Float64Column {
  data = new Float64Array(1024);
  length = 0;
  push(value: number): void {
    if (this.length === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = value;
  }
}

// ---------------------------------------------------------------------------------------------
// The index

/**
 * Co-text detection fed one tweet at a time (from a stream or a database cursor), then finished.
 *
 * @example
 * const index = new CoTextIndex({ windowSeconds: 600 });
 * index.add({ accountId: "a", tweetId: "1", time: 0, text: "the same five words here" });
 * index.add({ accountId: "b", tweetId: "2", time: 60_000, text: "The same five words, here!" });
 * index.finish().edges; // [{ accountA: "a", accountB: "b", weight: 1, ... }]
 */
export class CoTextIndex {
  private readonly options: ResolvedCoTextOptions;
  private readonly bands: number;
  private readonly rows: number;
  private readonly minHasher: MinHasher;
  private readonly signature: Uint32Array;
  private readonly bandScratch: Uint32Array;

  private readonly accountIndexOf = new Map<string, number>();
  private readonly accountIds: string[] = [];

  private readonly tweetIds: string[] = [];
  private readonly docAccount = new Uint32Column();
  private readonly docTime = new Float64Column();
  private readonly docText = new Uint32Column();

  /** Normalised-token-sequence hash -> text index. */
  private readonly textByKey = new Map<number, number>();
  /** Shingles of text t are shinglePool[shingleStart[t], shingleStart[t + 1]). */
  private readonly shingleStart = new Uint32Column();
  private readonly shinglePool = new Uint32Column();
  /** Band keys of text t are bandPool[t * bands, (t + 1) * bands). */
  private readonly bandPool = new Uint32Column();

  private tweets = 0;
  private shortTweets = 0;
  private finished = false;

  constructor(options: CoTextOptions = {}) {
    this.options = resolveCoTextOptions(options);
    const o = this.options;
    const banding = o.banding === "auto" ? chooseBanding(o.numHashes, o.similarity, o.lshRecall) : o.banding;
    this.bands = banding.bands;
    this.rows = banding.rows;
    this.minHasher = new MinHasher(o.numHashes, o.seed);
    this.signature = new Uint32Array(o.numHashes);
    this.bandScratch = new Uint32Array(this.bands);
    this.shingleStart.push(0);
  }

  /** Adds one tweet; tweets with fewer than `minTokens` normalised tokens are counted and skipped. */
  add(tweet: CoTextTweet): void {
    if (this.finished) throw new UsageError("COTEXT_FINISHED", "add() after finish()", { hint: "create a new CoTextIndex" });
    this.tweets++;
    if (!Number.isFinite(tweet.time)) {
      throw new InputError("COTEXT_BAD_TIME", `tweet ${tweet.tweetId} has a non-finite time (${String(tweet.time)})`, {
        field: "time",
        hint: "drop tweets without a timestamp before calling co-text",
      });
    }
    const tokens = tweetTokens(tweet.text ?? "");
    if (tokens.length < this.options.minTokens) {
      this.shortTweets++;
      return;
    }
    const hashes = tokenHashes(tokens);
    const shingles = shingleHashes(hashes, this.options.shingleSize);
    // A 32-bit key kept signed so the Map stores it unboxed; different texts with the same key
    // (~1 in 4 billion pairs) are told apart by their shingle sets and take the next free key.
    let key = hashWords(hashes, 0, hashes.length, 0x2a) | 0;
    let text: number | undefined;
    for (;;) {
      text = this.textByKey.get(key);
      if (text === undefined || this.sameShingles(text, shingles)) break;
      key = (key + 1) | 0;
    }
    if (text === undefined) {
      text = this.shingleStart.length - 1;
      this.textByKey.set(key, text);
      this.shinglePool.pushAll(shingles);
      this.shingleStart.push(this.shinglePool.length);
      this.minHasher.signature(shingles, this.signature);
      bandKeys(this.signature, this.bands, this.rows, this.bandScratch, 0);
      this.bandPool.pushAll(this.bandScratch);
    }
    let account = this.accountIndexOf.get(tweet.accountId);
    if (account === undefined) {
      account = this.accountIds.length;
      this.accountIds.push(tweet.accountId);
      this.accountIndexOf.set(tweet.accountId, account);
    }
    this.tweetIds.push(tweet.tweetId);
    this.docAccount.push(account);
    this.docTime.push(tweet.time);
    this.docText.push(text);
  }

  private sameShingles(text: number, shingles: Uint32Array): boolean {
    const start = this.shingleStart.data[text];
    const end = this.shingleStart.data[text + 1];
    if (end - start !== shingles.length) return false;
    for (let i = 0; i < shingles.length; i++) if (this.shinglePool.data[start + i] !== shingles[i]) return false;
    return true;
  }

  /** Pairs the tweets added so far and returns the account edges (the index cannot be used afterwards). */
  finish(): CoTextResult {
    this.finished = true;
    const o = this.options;
    const { bands, rows, accountIds, tweetIds } = this;
    const windowMs = o.windowSeconds * 1000;
    const docCount = this.docAccount.length;
    const textCount = this.shingleStart.length - 1;
    const accountCount = accountIds.length;
    const docAccount = this.docAccount.data;
    const docTime = this.docTime.data;
    const docText = this.docText.data;
    const shingleStart = this.shingleStart.data;
    const shinglePool = this.shinglePool.data;
    const bandPool = this.bandPool.data;

    const stats: CoTextStats = {
      tweets: this.tweets,
      shortTweets: this.shortTweets,
      distinctTexts: textCount,
      bands,
      rows,
      lshThreshold: lshThreshold(bands, rows),
      exactTweetPairs: 0,
      candidateTweetPairs: 0,
      nearTweetPairs: 0,
      edges: 0,
    };
    const warnings: string[] = [];
    const recall = lshCandidateProbability(o.similarity, bands, rows);
    if (recall < 0.9 && o.similarity < 1) {
      warnings.push(
        `banding ${bands} x ${rows} finds pairs at similarity ${o.similarity} with probability ${recall.toFixed(2)} only; ` +
          `use banding "auto" or more bands`,
      );
    }

    // Account ranks in id order, so edges are oriented and sorted without comparing strings per pair.
    const byId = accountIds.map((_, a) => a).sort((a, b) => compareAccountIds(accountIds[a], accountIds[b]));
    const rank = new Uint32Array(accountCount);
    byId.forEach((a, r) => (rank[a] = r));

    const edges = new EdgeAccumulator(accountCount, docTime, tweetIds);
    // Texts joined by a near match are one object for the significance test (union-find with path halving).
    const parent = new Int32Array(textCount);
    for (let t = 0; t < textCount; t++) parent[t] = t;
    const root = (t: number): number => {
      while (parent[t] !== t) t = parent[t] = parent[parent[t]];
      return t;
    };
    const byTime = (x: number, y: number) => docTime[x] - docTime[y] || x - y;

    // Exact duplicates: the tweets of each text, by time, paired within the window.
    const textDocStart = new Uint32Array(textCount + 1);
    for (let d = 0; d < docCount; d++) textDocStart[docText[d] + 1]++;
    for (let t = 0; t < textCount; t++) textDocStart[t + 1] += textDocStart[t];
    const textDocs = new Uint32Array(docCount);
    const fill = textDocStart.slice(0, textCount);
    for (let d = 0; d < docCount; d++) textDocs[fill[docText[d]]++] = d;
    for (let t = 0; t < textCount; t++) {
      const start = textDocStart[t];
      const end = textDocStart[t + 1];
      if (end - start < 2) continue;
      const segment = Array.from(textDocs.subarray(start, end)).sort(byTime);
      textDocs.set(segment, start);
      for (let x = 0; x < segment.length; x++) {
        const dx = segment[x];
        for (let y = x + 1; y < segment.length && docTime[segment[y]] - docTime[dx] <= windowMs; y++) {
          const dy = segment[y];
          if (docAccount[dx] === docAccount[dy]) continue;
          stats.exactTweetPairs++;
          edges.add(rank[docAccount[dx]], rank[docAccount[dy]], dx, dy, 1, true);
        }
      }
    }

    // Near duplicates: per band, texts with the same band key form a bucket; its tweets are swept by time.
    if (textCount > 1) {
      const heads = new Map<number, number>();
      const next = new Int32Array(textCount);
      const bucketDocs: number[] = [];
      for (let band = 0; band < bands; band++) {
        heads.clear();
        for (let t = 0; t < textCount; t++) {
          const key = bandPool[t * bands + band] | 0; // signed: an unboxed Map key
          const head = heads.get(key);
          next[t] = head === undefined ? -1 : head;
          heads.set(key, t);
        }
        for (const head of heads.values()) {
          if (next[head] === -1) continue;
          bucketDocs.length = 0;
          for (let t = head; t !== -1; t = next[t]) {
            for (let i = textDocStart[t]; i < textDocStart[t + 1]; i++) bucketDocs.push(textDocs[i]);
          }
          bucketDocs.sort(byTime);
          for (let x = 0; x < bucketDocs.length; x++) {
            const dx = bucketDocs[x];
            const tx = docText[dx];
            for (let y = x + 1; y < bucketDocs.length && docTime[bucketDocs[y]] - docTime[dx] <= windowMs; y++) {
              const dy = bucketDocs[y];
              const ty = docText[dy];
              if (tx === ty || docAccount[dx] === docAccount[dy]) continue;
              if (collidesBefore(bandPool, bands, tx, ty, band)) continue;
              stats.candidateTweetPairs++;
              const similarity = jaccardSorted(shinglePool, shingleStart[tx], shingleStart[tx + 1], shinglePool, shingleStart[ty], shingleStart[ty + 1]);
              if (similarity < o.similarity) continue;
              stats.nearTweetPairs++;
              const rx = root(tx);
              const ry = root(ty);
              if (rx !== ry) parent[rx < ry ? ry : rx] = rx < ry ? rx : ry;
              edges.add(rank[docAccount[dx]], rank[docAccount[dy]], dx, dy, similarity, similarity === 1);
            }
          }
        }
      }
    }

    const { edges: result, slots } = edges.toEdges(byId.map((a) => accountIds[a]));
    stats.edges = result.length;
    const objectOfText = new Int32Array(textCount);
    for (let t = 0; t < textCount; t++) objectOfText[t] = root(t);
    const docObject = new Int32Array(docCount);
    for (let d = 0; d < docCount; d++) docObject[d] = objectOfText[docText[d]];
    const timestamp = new Float64Array(docCount);
    for (let d = 0; d < docCount; d++) timestamp[d] = docTime[d] / 1000;
    const contentKey = new Int32Array(docCount);
    for (let d = 0; d < docCount; d++) contentKey[d] = d;
    const matches = edges.matchesBySlot(slots);
    const ties = {
      length: result.length,
      fromAccount: Int32Array.from(slots, (slot) => byId[edges.rankA(slot)]),
      toAccount: Int32Array.from(slots, (slot) => byId[edges.rankB(slot)]),
      ...matches,
    };
    const actions: CoTextActions = {
      length: docCount,
      accountIndex: Int32Array.from(docAccount.subarray(0, docCount)),
      objectIndex: docObject,
      timestamp,
      contentKey,
      accountIds,
      objectIds: Array.from({ length: textCount }, (_, t) => String(t)),
      tweetIds,
      ties,
    };
    return { edges: result, actions, warnings, stats };
  }
}

/** True when texts x and y share a band key before `band`: the pair was examined there already. */
function collidesBefore(bandPool: Uint32Array, bands: number, x: number, y: number, band: number): boolean {
  for (let b = 0; b < band; b++) if (bandPool[x * bands + b] === bandPool[y * bands + b]) return true;
  return false;
}

/** Account-pair edges as columns, keyed by rankA * accounts + rankB. */
class EdgeAccumulator {
  private readonly slotOf = new Map<number, number>();
  private keys: number[] = [];
  private weight: number[] = [];
  private exact: number[] = [];
  private minDelta: number[] = [];
  /** Up to 3 example pairs per edge: docs of A and B at slot * 6 + 2i, + 2i + 1. */
  private examples: number[] = [];
  private exampleCount: number[] = [];
  /** Every matching pair: its slot and its two docs (A's first). */
  private matchSlot: number[] = [];
  private matchA: number[] = [];
  private matchB: number[] = [];
  private matchSimilarity: number[] = [];

  constructor(
    private readonly accountCount: number,
    private readonly docTime: Float64Array,
    private readonly tweetIds: readonly string[],
  ) {}

  add(rankX: number, rankY: number, docX: number, docY: number, similarity: number, exact: boolean): void {
    if (rankX > rankY) [rankX, rankY, docX, docY] = [rankY, rankX, docY, docX];
    const key = rankX * this.accountCount + rankY;
    let slot = this.slotOf.get(key);
    if (slot === undefined) {
      slot = this.keys.length;
      this.slotOf.set(key, slot);
      this.keys.push(key);
      this.weight.push(0);
      this.exact.push(0);
      this.minDelta.push(Infinity);
      this.examples.push(-1, -1, -1, -1, -1, -1);
      this.exampleCount.push(0);
    }
    this.weight[slot]++;
    this.matchSlot.push(slot);
    this.matchA.push(docX);
    this.matchB.push(docY);
    this.matchSimilarity.push(similarity);
    if (exact) this.exact[slot]++;
    const delta = Math.abs(this.docTime[docX] - this.docTime[docY]);
    if (delta < this.minDelta[slot]) this.minDelta[slot] = delta;
    this.addExample(slot, docX, docY);
  }

  private addExample(slot: number, docA: number, docB: number): void {
    const ex = this.examples;
    const base = slot * 6;
    let count = this.exampleCount[slot];
    if (count === 3 && !this.exampleBefore(docA, docB, ex[base + 4], ex[base + 5])) return;
    if (count < 3) count = ++this.exampleCount[slot];
    // Insertion into the sorted list of at most 3, dropping the last.
    let i = count - 1;
    while (i > 0 && this.exampleBefore(docA, docB, ex[base + 2 * (i - 1)], ex[base + 2 * (i - 1) + 1])) {
      ex[base + 2 * i] = ex[base + 2 * (i - 1)];
      ex[base + 2 * i + 1] = ex[base + 2 * (i - 1) + 1];
      i--;
    }
    ex[base + 2 * i] = docA;
    ex[base + 2 * i + 1] = docB;
  }

  /** Closer in time first, then by tweet id of A, then of B: independent of input order. */
  private exampleBefore(a1: number, b1: number, a2: number, b2: number): boolean {
    const t = this.docTime;
    const order =
      Math.abs(t[a1] - t[b1]) - Math.abs(t[a2] - t[b2]) ||
      compareAccountIds(this.tweetIds[a1], this.tweetIds[a2]) ||
      compareAccountIds(this.tweetIds[b1], this.tweetIds[b2]);
    return order < 0;
  }

  /**
   * Each edge's sum of similarities, its pairs' values added in ascending order: matches are found in
   * the order the tweets came in, and a floating-point sum in that order would change in its last
   * digits with the order the database returned the rows in.
   */
  private similaritySums(): Float64Array {
    const slotCount = this.keys.length;
    const start = new Int32Array(slotCount + 1);
    for (const slot of this.matchSlot) start[slot + 1]++;
    for (let s = 0; s < slotCount; s++) start[s + 1] += start[s];
    const cursor = start.slice(0, slotCount);
    const values = new Float64Array(this.matchSlot.length);
    for (let m = 0; m < this.matchSlot.length; m++) values[cursor[this.matchSlot[m]]++] = this.matchSimilarity[m];
    const sums = new Float64Array(slotCount);
    for (let s = 0; s < slotCount; s++) {
      const own = values.subarray(start[s], start[s + 1]).sort();
      let sum = 0;
      for (const value of own) sum += value;
      sums[s] = sum;
    }
    return sums;
  }

  rankA(slot: number): number {
    return Math.floor(this.keys[slot] / this.accountCount);
  }

  rankB(slot: number): number {
    return this.keys[slot] - this.rankA(slot) * this.accountCount;
  }

  /** The matching pairs grouped by edge, edges in the order of `slots`. */
  matchesBySlot(slots: readonly number[]): { tieStart: Int32Array; pairsByTie: Int32Array; earlierRow: Int32Array; laterRow: Int32Array; similarity: Float64Array } {
    const positionOf = new Int32Array(this.keys.length);
    slots.forEach((slot, e) => (positionOf[slot] = e));
    const count = this.matchSlot.length;
    const tieStart = new Int32Array(slots.length + 1);
    for (let m = 0; m < count; m++) tieStart[positionOf[this.matchSlot[m]] + 1]++;
    for (let e = 0; e < slots.length; e++) tieStart[e + 1] += tieStart[e];
    const cursor = tieStart.slice(0, slots.length);
    const pairsByTie = new Int32Array(count);
    for (let m = 0; m < count; m++) pairsByTie[cursor[positionOf[this.matchSlot[m]]]++] = m;
    return {
      tieStart,
      pairsByTie,
      earlierRow: Int32Array.from(this.matchA),
      laterRow: Int32Array.from(this.matchB),
      similarity: Float64Array.from(this.matchSimilarity),
    };
  }

  toEdges(idsByRank: readonly string[]): { edges: CoTextEdge[]; slots: number[] } {
    const slots = this.keys.map((_, s) => s);
    slots.sort((x, y) => this.weight[y] - this.weight[x] || this.keys[x] - this.keys[y]);
    const similaritySum = this.similaritySums();
    const edges = slots.map((s) => {
      const rankA = Math.floor(this.keys[s] / this.accountCount);
      const rankB = this.keys[s] - rankA * this.accountCount;
      const exampleTweetIds: Array<[string, string]> = [];
      for (let i = 0; i < this.exampleCount[s]; i++) {
        exampleTweetIds.push([this.tweetIds[this.examples[s * 6 + 2 * i]], this.tweetIds[this.examples[s * 6 + 2 * i + 1]]]);
      }
      return {
        accountA: idsByRank[rankA],
        accountB: idsByRank[rankB],
        weight: this.weight[s],
        exactMatches: this.exact[s],
        meanSimilarity: similaritySum[s] / this.weight[s],
        exampleTweetIds,
        minTimeDelta: this.minDelta[s],
      };
    });
    return { edges, slots };
  }
}

/**
 * Finds accounts that post the same or nearly the same text within a time window. See the file
 * header for the method; options default to {@link coTextDefaults}.
 *
 * @example
 * const { edges } = coTextEdges([
 *   { accountId: "a", tweetId: "1", time: 0, text: "Vote for the best candidate today https://t.co/x" },
 *   { accountId: "b", tweetId: "2", time: 5_000, text: "RT vote for THE best candidate today!" },
 * ]);
 * // edges[0]: { accountA: "a", accountB: "b", weight: 1, meanSimilarity: 1, ... }
 */
export function coTextEdges(tweets: Iterable<CoTextTweet>, options: CoTextOptions = {}): CoTextResult {
  const index = new CoTextIndex(options);
  for (const tweet of tweets) index.add(tweet);
  return index.finish();
}
