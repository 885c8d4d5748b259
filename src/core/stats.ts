/**
 * Statistics shared by every significance test in coordgraph: exact upper tails of the Poisson and
 * hypergeometric distributions in log space (so p-values far below 1e-308 still rank), and the
 * Benjamini-Hochberg (1995) and Bonferroni multiple-testing corrections.
 */

/** "bh" = Benjamini-Hochberg step-up (false discovery rate); "bonferroni" = p * tests (family-wise). */
export type Correction = "bh" | "bonferroni";

// ---------------------------------------------------------------------------------------------
// Multiple testing

/**
 * Adjusted p-values for the sorted (ascending) log p-values of the pairs that can pass, out of `m`
 * tests in all. The p-values not given are all > alpha >= every adjusted value that can pass, so the
 * Benjamini-Hochberg running minimum over the given ones is exact wherever the result is <= alpha.
 */
export function adjustPValues(sortedLogP: ArrayLike<number>, m: number, correction: Correction): Float64Array {
  const adjusted = new Float64Array(sortedLogP.length);
  if (correction === "bonferroni") {
    for (let r = 0; r < sortedLogP.length; r++) adjusted[r] = Math.min(1, Math.exp(sortedLogP[r] + Math.log(m)));
    return adjusted;
  }
  let running = 1;
  for (let r = sortedLogP.length - 1; r >= 0; r--) {
    running = Math.min(running, Math.exp(sortedLogP[r] + Math.log(m / (r + 1))));
    adjusted[r] = running;
  }
  return adjusted;
}

// ---------------------------------------------------------------------------------------------
// The hypergeometric tail

const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];
const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/**
 * ln Γ(x) for x > 0 by the Lanczos approximation (g = 7, 9 terms; relative error ~1e-15).
 *
 * @example
 * logGamma(5); // ln 24 = 3.178...
 */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const z = x - 1;
  let series = LANCZOS[0];
  for (let k = 1; k < LANCZOS.length; k++) series += LANCZOS[k] / (z + k);
  const t = z + LANCZOS_G + 0.5;
  return HALF_LOG_2PI + (z + 0.5) * Math.log(t) - t + Math.log(series);
}

export function logChoose(n: number, k: number): number {
  return logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1);
}

/**
 * ln P(X >= x) for X ~ Hypergeometric(population T, k_a successes, k_b draws): the chance that two
 * independent accounts active in k_a and k_b of T bins share at least x of them.
 *
 * The sum starts at the largest term (x itself above the mode, else the complement from x - 1
 * downwards), so every following term is a ratio <= 1 of the previous one and a few dozen terms
 * reach double precision whatever the size of T.
 *
 * @example
 * Math.exp(hypergeometricUpperTailLog(10, 5, 5, 5)); // 1 / C(10, 5) = 1/252
 */
export function hypergeometricUpperTailLog(T: number, ka: number, kb: number, x: number): number {
  const low = Math.max(0, ka + kb - T);
  const high = Math.min(ka, kb);
  if (x <= low) return 0;
  if (x > high) return -Infinity;
  const logPmf = (k: number) => logChoose(ka, k) + logChoose(T - ka, kb - k) - logChoose(T, kb);
  const mode = Math.floor(((ka + 1) * (kb + 1)) / (T + 2));
  if (x > mode) {
    let term = 1;
    let sum = 1;
    for (let k = x; k < high; k++) {
      term *= ((ka - k) * (kb - k)) / ((k + 1) * (T - ka - kb + k + 1));
      sum += term;
      if (term < sum * 1e-17) break;
    }
    return logPmf(x) + Math.log(sum);
  }
  // Below the mode the tail is large: 1 - P(X <= x - 1), the lower tail summed from x - 1 down.
  let term = 1;
  let sum = 1;
  for (let k = x - 1; k > low; k--) {
    term *= (k * (T - ka - kb + k)) / ((ka - k + 1) * (kb - k + 1));
    sum += term;
    if (term < sum * 1e-17) break;
  }
  const lower = Math.exp(logPmf(x - 1)) * sum;
  return Math.log1p(-Math.min(lower, 1));
}

/**
 * ln P(X >= x) for X ~ Poisson(mu), summed from its largest term like
 * {@link hypergeometricUpperTailLog}.
 *
 * @example
 * Math.exp(poissonUpperTailLog(2, 1)); // 1 - e^-2 = 0.8646...
 */
export function poissonUpperTailLog(mu: number, x: number): number {
  if (x <= 0) return 0;
  if (!(mu > 0)) return -Infinity;
  // Called for every tie of a network (millions): no closure, log factorials from a table.
  const logMu = Math.log(mu);
  if (x > mu) {
    let term = 1;
    let sum = 1;
    for (let k = x; ; k++) {
      term *= mu / (k + 1);
      sum += term;
      if (term < sum * 1e-17) break;
    }
    return -mu + x * logMu - logFactorial(x) + Math.log(sum);
  }
  let term = 1;
  let sum = 1;
  for (let k = x - 1; k > 0; k--) {
    term *= k / mu;
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return Math.log1p(-Math.min(Math.exp(-mu + (x - 1) * logMu - logFactorial(x - 1)) * sum, 1));
}

const LOG_FACTORIALS = (() => {
  const table = new Float64Array(1024);
  for (let k = 2; k < table.length; k++) table[k] = table[k - 1] + Math.log(k);
  return table;
})();

/** ln k! (a table below 1024, log-gamma above). */
function logFactorial(k: number): number {
  return k < LOG_FACTORIALS.length ? LOG_FACTORIALS[k] : logGamma(k + 1);
}

/**
 * The order that sorts `values` ascending (equal values in index order), by a radix sort of their
 * IEEE 754 bits: millions of p-values in a fraction of a second, where a comparator sort takes
 * seconds. NaN sorts last.
 *
 * @example
 * argsortFloat64(Float64Array.of(0.5, -1, 0.5)); // Int32Array [1, 0, 2]
 */
export function argsortFloat64(values: Float64Array): Int32Array {
  const n = values.length;
  const words = new Uint32Array(Float64Array.from(values).buffer);
  let high = new Uint32Array(n);
  let low = new Uint32Array(n);
  let order = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    // Little-endian: word 2i is the low half. Negative numbers: all bits flipped; others: the sign bit.
    let h = words[2 * i + 1];
    let l = words[2 * i];
    if (h & 0x80000000) {
      h = ~h >>> 0;
      l = ~l >>> 0;
    } else h = (h | 0x80000000) >>> 0;
    high[i] = h;
    low[i] = l;
    order[i] = i;
  }
  let nextHigh = new Uint32Array(n);
  let nextLow = new Uint32Array(n);
  let nextOrder = new Int32Array(n);
  const counts = new Int32Array(65_537);
  for (let pass = 0; pass < 4; pass++) {
    const source = pass < 2 ? low : high;
    const shift = pass % 2 === 0 ? 0 : 16;
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[((source[i] >>> shift) & 0xffff) + 1]++;
    for (let d = 0; d < 65_536; d++) counts[d + 1] += counts[d];
    for (let i = 0; i < n; i++) {
      const to = counts[(source[i] >>> shift) & 0xffff]++;
      nextHigh[to] = high[i];
      nextLow[to] = low[i];
      nextOrder[to] = order[i];
    }
    [high, nextHigh] = [nextHigh, high];
    [low, nextLow] = [nextLow, low];
    [order, nextOrder] = [nextOrder, order];
  }
  return order;
}
