/**
 * A seeded pseudo-random generator (mulberry32). Every randomised step in coordgraph (Louvain,
 * layout seeding, sampling, synthetic data) takes an `rng: () => number` so tests can seed it.
 */
export type Rng = () => number;

/** Returns a deterministic generator of floats in [0, 1) for a 32-bit seed. */
export function seededRng(seed: number): Rng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
