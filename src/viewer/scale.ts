/**
 * Visual scales shared by the server (layout, legend) and the page: community colours and node sizes.
 * Pure and free of Node and DOM code so both sides import the same rules.
 */

/**
 * The first communities get hand-picked, mutually distinct colours (Tableau 10 and the dark half of
 * Tableau 20); after that hues step by the golden angle so neighbours in the id order never match.
 */
const PALETTE = [
  "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f",
  "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f",
];

/** Colour of accounts without a community. */
export const NO_COMMUNITY_COLOUR = "#b8b8b8";

/**
 * Colour of community `id` (0 = largest), as `#rrggbb`.
 *
 * @example
 * communityColour(0); // "#4e79a7"
 */
export function communityColour(id: number | null): string {
  if (id === null || id < 0) return NO_COMMUNITY_COLOUR;
  if (id < PALETTE.length) return PALETTE[id]!;
  const hue = ((id - PALETTE.length) * 137.508) % 360;
  const lightness = id % 2 === 0 ? 45 : 58;
  return hslToHex(hue, 62, lightness);
}

function hslToHex(h: number, s: number, l: number): string {
  const sat = s / 100;
  const lig = l / 100;
  const a = sat * Math.min(lig, 1 - lig);
  const channel = (n: number) => {
    const k = (n + h / 30) % 12;
    const value = lig - a * Math.max(-1, Math.min(k - 3, 9 - k, 1));
    return Math.round(value * 255).toString(16).padStart(2, "0");
  };
  return `#${channel(0)}${channel(8)}${channel(4)}`;
}

/**
 * Smallest and largest node radius in screen pixels for a graph of `order` nodes: big graphs get
 * smaller dots so the first frame is not one blot.
 */
export function sizeRange(order: number): { min: number; max: number } {
  if (order > 20_000) return { min: 1, max: 6 };
  if (order > 5_000) return { min: 1.5, max: 8 };
  if (order > 1_000) return { min: 1.5, max: 9 };
  if (order > 200) return { min: 2.5, max: 13 };
  return { min: 3, max: 18 };
}

/**
 * Maps metric values to radii: area proportional to the value (square root), between `range.min`
 * and `range.max`. Negative, missing and non-finite values count as 0.
 *
 * @example
 * scaleSizes([0, 1, 4], { min: 2, max: 10 }); // [2, 6, 10]
 */
export function scaleSizes(values: ArrayLike<number>, range: { min: number; max: number }): Float64Array {
  let max = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isFinite(v) && v > max) max = v;
  }
  const sizes = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    const share = max > 0 && Number.isFinite(v) && v > 0 ? Math.sqrt(v / max) : 0;
    sizes[i] = range.min + (range.max - range.min) * share;
  }
  return sizes;
}
