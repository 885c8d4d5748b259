/**
 * Hashing for near-duplicate detection: 32-bit string and shingle hashes, MinHash signatures and
 * LSH banding.
 *
 * Methods and references:
 * - MinHash: Broder (1997), "On the resemblance and containment of documents", Compression and
 *   Complexity of Sequences; Broder, Charikar, Frieze & Mitzenmacher (1998), "Min-wise independent
 *   permutations". The i-th permutation is approximated by the 32-bit bijection x -> fmix32(x ^ s_i)
 *   (MurmurHash3's finaliser, Appleby 2011) with seeds s_i drawn from `seededRng(seed)`: a fast,
 *   Math.imul-only family, deterministic for a seed.
 * - LSH banding: Leskovec, Rajaraman & Ullman, "Mining of Massive Datasets", ch. 3.4: b bands of r
 *   rows; two sets with Jaccard similarity J become candidates with probability 1 - (1 - J^r)^b,
 *   an S-curve whose threshold is about (1/b)^(1/r).
 * - Token hash: FNV-1a (Fowler, Noll & Vo) over UTF-16 code units; shingle and band hashes combine
 *   32-bit words with MurmurHash3's block mixing.
 */
import { seededRng } from "../util/rng.ts";

/**
 * FNV-1a over the UTF-16 code units of a string, as an unsigned 32-bit integer.
 *
 * @example
 * fnv1a32("a"); // 0xe40c292c
 */
export function fnv1a32(text: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** MurmurHash3's 32-bit finaliser: a bijection on 32-bit integers with full avalanche. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** One MurmurHash3 block step: mixes the 32-bit word `k` into the running hash `h`. */
function murmurStep(h: number, k: number): number {
  k = Math.imul(k, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

/**
 * MurmurHash3 (32-bit) over a run of 32-bit words, e.g. token hashes.
 *
 * @example
 * hashWords(Uint32Array.of(1, 2, 3), 0, 3, 42);
 */
export function hashWords(words: ArrayLike<number>, start: number, end: number, seed: number): number {
  let h = seed | 0;
  for (let i = start; i < end; i++) h = murmurStep(h, words[i]);
  return fmix32(h ^ (end - start));
}

/**
 * The hash of each token ({@link fnv1a32}).
 *
 * @example
 * tokenHashes(["vote", "now"]).length; // 2
 */
export function tokenHashes(tokens: readonly string[]): Uint32Array {
  const hashes = new Uint32Array(tokens.length);
  for (let i = 0; i < tokens.length; i++) hashes[i] = fnv1a32(tokens[i]);
  return hashes;
}

/**
 * The sorted, distinct hashes of the word shingles (w-grams of `size` tokens) of a token sequence,
 * given as tokens or as their {@link tokenHashes}. A sequence shorter than `size` is one shingle.
 *
 * @example
 * shingleHashes(["a", "b", "c"], 2).length; // 2 ("a b", "b c")
 */
export function shingleHashes(tokens: readonly string[] | Uint32Array, size: number): Uint32Array {
  const hashes = tokens instanceof Uint32Array ? tokens : tokenHashes(tokens);
  const width = Math.min(size, hashes.length);
  const count = hashes.length === 0 ? 0 : hashes.length - width + 1;
  const shingles = new Uint32Array(count);
  for (let i = 0; i < count; i++) shingles[i] = hashWords(hashes, i, i + width, 0x9747b28c);
  shingles.sort();
  let unique = 0;
  for (let i = 0; i < count; i++) if (unique === 0 || shingles[i] !== shingles[unique - 1]) shingles[unique++] = shingles[i];
  return shingles.subarray(0, unique);
}

/**
 * Exact Jaccard similarity |A ∩ B| / |A ∪ B| of two sorted, distinct hash runs, `a[aStart, aEnd)`
 * and `b[bStart, bEnd)`.
 *
 * @example
 * jaccardSorted(Uint32Array.of(1, 2, 3), 0, 3, Uint32Array.of(2, 3, 4), 0, 3); // 0.5
 */
export function jaccardSorted(
  a: ArrayLike<number>,
  aStart: number,
  aEnd: number,
  b: ArrayLike<number>,
  bStart: number,
  bEnd: number,
): number {
  let i = aStart;
  let j = bStart;
  let common = 0;
  while (i < aEnd && j < bEnd) {
    const x = a[i];
    const y = b[j];
    if (x === y) {
      common++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  const union = aEnd - aStart + (bEnd - bStart) - common;
  return union === 0 ? 1 : common / union;
}

/**
 * A family of `numHashes` min-wise hash functions, deterministic for a seed.
 *
 * @example
 * const minHasher = new MinHasher(64, 1);
 * const signature = minHasher.signature(shingleHashes(["a", "b", "c"], 2));
 */
export class MinHasher {
  private readonly seeds: Uint32Array;

  constructor(readonly numHashes: number, seed: number) {
    const rng = seededRng(seed);
    this.seeds = new Uint32Array(numHashes);
    for (let i = 0; i < numHashes; i++) this.seeds[i] = Math.floor(rng() * 4294967296);
  }

  /** The MinHash signature of a non-empty set of 32-bit hashes. */
  signature(set: ArrayLike<number>, out: Uint32Array = new Uint32Array(this.numHashes)): Uint32Array {
    const { seeds, numHashes } = this;
    // Hash-major loop: the running minimum stays in a register (twice as fast as shingle-major).
    for (let i = 0; i < numHashes; i++) {
      const seed = seeds[i];
      let min = 0xffffffff;
      for (let s = 0; s < set.length; s++) {
        let h = set[s] ^ seed;
        h ^= h >>> 16;
        h = Math.imul(h, 0x85ebca6b);
        h ^= h >>> 13;
        h = Math.imul(h, 0xc2b2ae35);
        h = (h ^ (h >>> 16)) >>> 0;
        if (h < min) min = h;
      }
      out[i] = min;
    }
    return out;
  }
}

/**
 * One 32-bit key per band: band `i` hashes signature rows [i * rows, (i + 1) * rows), seeded by `i`
 * so equal rows in different bands do not collide. Writes `bands` keys into `out` from `offset`.
 *
 * @example
 * bandKeys(signature, 10, 6, new Uint32Array(10), 0);
 */
export function bandKeys(signature: Uint32Array, bands: number, rows: number, out: Uint32Array, offset: number): void {
  for (let band = 0; band < bands; band++) out[offset + band] = hashWords(signature, band * rows, (band + 1) * rows, band + 0x5bd1e995);
}

/**
 * The chance that two sets with Jaccard similarity `jaccard` share at least one band: 1 - (1 - J^r)^b.
 *
 * @example
 * lshCandidateProbability(0.8, 10, 6); // 0.952...
 */
export function lshCandidateProbability(jaccard: number, bands: number, rows: number): number {
  return 1 - Math.pow(1 - Math.pow(jaccard, rows), bands);
}

/** The similarity where the S-curve is steepest, about (1/b)^(1/r) (MMDS 3.4.3). */
export function lshThreshold(bands: number, rows: number): number {
  return Math.pow(1 / bands, 1 / rows);
}

/**
 * Chooses bands x rows for `numHashes` hash functions: the most rows per band (the fewest false
 * candidates) that still find pairs at `similarity` with probability >= `recall`. Candidates are
 * verified by exact Jaccard, so a threshold a little below `similarity` costs only time, while a pair
 * the bands miss is lost. Leftover hashes (numHashes mod rows) are unused.
 *
 * @example
 * chooseBanding(64, 0.8, 0.95); // { bands: 10, rows: 6 } (threshold 0.68, recall 0.952 at 0.8)
 */
export function chooseBanding(numHashes: number, similarity: number, recall: number): { bands: number; rows: number } {
  let best = { bands: numHashes, rows: 1 };
  for (let rows = 1; rows <= numHashes; rows++) {
    const bands = Math.floor(numHashes / rows);
    if (lshCandidateProbability(similarity, bands, rows) >= recall) best = { bands, rows };
  }
  return best;
}
