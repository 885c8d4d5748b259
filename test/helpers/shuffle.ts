/** Test inputs in another order, the same for a seed: the order-independence tests feed a core or a load both orders. */
import { seededRng } from "../../src/util/rng.ts";

/** The same items in another order (Fisher-Yates with a seeded generator). */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  const rng = seededRng(seed);
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}
