/**
 * The bipartite configuration model (BiCM): the maximum-entropy random bipartite graph whose nodes
 * keep their degrees on average (Saracco, Di Clemente, Gabrielli & Squartini 2015, "Randomizing
 * bipartite networks: the case of the World Trade Web", Sci. Rep. 5; Saracco et al. 2017, "Inferring
 * monopartite projections of bipartite networks", New J. Phys. 19). Here: accounts and the objects
 * they share. Account a shares object o with probability p = x_a y_o / (1 + x_a y_o), the fitnesses
 * solving sum_o p = k_a (a's distinct objects) and sum_a p = n_o (o's distinct accounts).
 *
 * Unlike the sparse (Chung-Lu) approximation k_a n_o / L, p saturates at 1: an account that shares
 * nearly everything popular is expected on every popular object, which is what keeps such accounts
 * from looking coordinated with each other.
 *
 * Nodes of equal degree have equal fitness, so the equations are solved over distinct degrees only
 * (as Vallarano et al. 2021, "Fast and scalable likelihood maximization for exponential random graph
 * models with local constraints", Sci. Rep. 11): each iteration costs (distinct account degrees) x
 * (distinct object degrees). The fixed-point iteration is the one of Squartini & Garlaschelli (2011).
 */

/** Defaults of {@link solveBicm}, declared once. */
export const BICM_DEFAULTS = Object.freeze({
  /** Stop when no degree is off by more than this (relative) from its constraint. */
  tolerance: 1e-6,
  maxIterations: 2000,
});

export interface BicmFit {
  /** Fitness of each distinct account degree (same order as `accountDegrees`). */
  accountFitness: Float64Array;
  /** Fitness of each distinct object degree (same order as `objectDegrees`). */
  objectFitness: Float64Array;
  /** Largest relative error of a degree constraint at the end. */
  maxRelativeError: number;
  iterations: number;
}

/**
 * Solves the BiCM for degree classes: `accountDegrees[i]` occurring `accountCounts[i]` times, and the
 * same for objects. Degrees must be >= 1; an account of degree equal to the number of objects (or an
 * object shared by every account) has infinite fitness, reported as a very large number.
 *
 * @example
 * const fit = solveBicm([1, 2], [2, 1], [1, 3], [3, 1]); // 3 accounts, 4 objects
 * const p = (x: number, y: number) => (x * y) / (1 + x * y);
 */
export function solveBicm(
  accountDegrees: ArrayLike<number>,
  accountCounts: ArrayLike<number>,
  objectDegrees: ArrayLike<number>,
  objectCounts: ArrayLike<number>,
  options: { tolerance?: number; maxIterations?: number } = {},
): BicmFit {
  const tolerance = options.tolerance ?? BICM_DEFAULTS.tolerance;
  const maxIterations = options.maxIterations ?? BICM_DEFAULTS.maxIterations;
  const A = accountDegrees.length;
  const O = objectDegrees.length;
  let links = 0;
  for (let i = 0; i < A; i++) links += accountDegrees[i] * accountCounts[i];
  // Start from the sparse solution x y = k n / L.
  const x = new Float64Array(A);
  const y = new Float64Array(O);
  const root = Math.sqrt(Math.max(links, 1));
  for (let i = 0; i < A; i++) x[i] = accountDegrees[i] / root;
  for (let j = 0; j < O; j++) y[j] = objectDegrees[j] / root;
  let error = Number.POSITIVE_INFINITY;
  let iterations = 0;
  const HUGE = 1e12;
  for (; iterations < maxIterations && error > tolerance; iterations++) {
    for (let i = 0; i < A; i++) {
      let sum = 0;
      for (let j = 0; j < O; j++) sum += (objectCounts[j] * y[j]) / (1 + x[i] * y[j]);
      x[i] = sum > 0 ? Math.min(HUGE, accountDegrees[i] / sum) : HUGE;
    }
    for (let j = 0; j < O; j++) {
      let sum = 0;
      for (let i = 0; i < A; i++) sum += (accountCounts[i] * x[i]) / (1 + x[i] * y[j]);
      y[j] = sum > 0 ? Math.min(HUGE, objectDegrees[j] / sum) : HUGE;
    }
    // The object equations hold exactly after their update; measure the accounts' every tenth round.
    if (iterations % 10 !== 9) continue;
    error = 0;
    for (let i = 0; i < A; i++) {
      let expected = 0;
      for (let j = 0; j < O; j++) expected += (objectCounts[j] * x[i] * y[j]) / (1 + x[i] * y[j]);
      error = Math.max(error, Math.abs(expected - accountDegrees[i]) / accountDegrees[i]);
    }
  }
  return { accountFitness: x, objectFitness: y, maxRelativeError: error, iterations };
}

/** The BiCM probability that an account of fitness x shares an object of fitness y. */
export function linkProbability(x: number, y: number): number {
  const xy = x * y;
  return xy / (1 + xy);
}
