/**
 * Daily counts turned into a continuous series for charts: missing days become zeros, and a range too
 * long to draw one bar per day is binned into months, then years. Shared by the SVG charts (HTML) and
 * the sparklines (Markdown), so both show the same bins.
 */
import type { DayCount } from "./types.ts";

export type BinUnit = "day" | "month" | "year";

export interface Bin {
  /** "YYYY-MM-DD", "YYYY-MM" or "YYYY", by unit. */
  label: string;
  count: number;
}

export interface BinnedSeries {
  unit: BinUnit;
  bins: Bin[];
  /** Sum of all counts with a valid day. */
  total: number;
  /** Entries whose `day` is not a valid YYYY-MM-DD date (left out of the bins). */
  invalid: number;
}

/**
 * Bins daily counts into at most `maxBars` consecutive days, else months, else years (years are never
 * merged further). Days may carry a time after the date (`2021-06-01T10:00:00Z`): only the date counts.
 *
 * @example
 * binDays([{ day: "2021-06-01", count: 2 }, { day: "2021-06-03", count: 1 }], 120).bins;
 * // [{ label: "2021-06-01", count: 2 }, { label: "2021-06-02", count: 0 }, { label: "2021-06-03", count: 1 }]
 */
export function binDays(points: readonly DayCount[], maxBars: number): BinnedSeries {
  const dated: Array<{ year: number; month: number; dayNumber: number; count: number }> = [];
  let invalid = 0;
  let total = 0;
  for (const { day, count } of points) {
    const parsed = parseDay(day);
    if (parsed === null || !Number.isFinite(count)) {
      invalid++;
      continue;
    }
    dated.push({ ...parsed, count });
    total += count;
  }
  if (dated.length === 0) return { unit: "day", bins: [], total, invalid };

  const units: Array<{ unit: BinUnit; index: (d: (typeof dated)[number]) => number; label: (i: number) => string }> = [
    { unit: "day", index: (d) => d.dayNumber, label: (i) => new Date(i * DAY_MS).toISOString().slice(0, 10) },
    { unit: "month", index: (d) => d.year * 12 + d.month - 1, label: (i) => `${pad(Math.floor(i / 12), 4)}-${pad((i % 12) + 1, 2)}` },
    { unit: "year", index: (d) => d.year, label: (i) => pad(i, 4) },
  ];
  for (const [k, { unit, index, label }] of units.entries()) {
    let first = Infinity;
    let last = -Infinity;
    for (const d of dated) {
      first = Math.min(first, index(d));
      last = Math.max(last, index(d));
    }
    if (last - first + 1 > maxBars && k < units.length - 1) continue;
    const counts = new Array<number>(last - first + 1).fill(0);
    for (const d of dated) counts[index(d) - first] += d.count;
    return { unit, bins: counts.map((count, i) => ({ label: label(first + i), count })), total, invalid };
  }
  throw new Error("unreachable: years always bin");
}

const SPARK_LEVELS = "▁▂▃▄▅▆▇█";

/**
 * A text sparkline, one character per bin (▁ to █), scaled to the largest bin. Empty bins show as ▁,
 * like the smallest counts: read the peak and totals beside it for exact figures.
 *
 * @example
 * sparkline([{ label: "a", count: 0 }, { label: "b", count: 4 }, { label: "c", count: 8 }]); // "▁▄█"
 */
export function sparkline(bins: readonly Bin[]): string {
  const max = Math.max(0, ...bins.map((b) => b.count));
  if (max === 0) return SPARK_LEVELS[0].repeat(bins.length);
  return bins
    .map((b) => SPARK_LEVELS[Math.min(SPARK_LEVELS.length - 1, Math.round((b.count / max) * (SPARK_LEVELS.length - 1)))])
    .join("");
}

/** The bin with the highest count (the first one on ties), or undefined for an empty series. */
export function peakBin(bins: readonly Bin[]): Bin | undefined {
  return bins.reduce<Bin | undefined>((best, b) => (best === undefined || b.count > best.count ? b : best), undefined);
}

const DAY_MS = 86_400_000;

function parseDay(day: string): { year: number; month: number; dayNumber: number } | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:$|[T ])/.exec(day);
  if (match === null) return null;
  const [year, month, date] = [Number(match[1]), Number(match[2]), Number(match[3])];
  // setUTCFullYear, unlike Date.UTC, does not map years 0–99 to 1900–1999.
  const check = new Date(0);
  check.setUTCFullYear(year, month - 1, date);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== date) return null;
  return { year, month, dayNumber: Math.round(check.getTime() / DAY_MS) };
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, "0");
}
