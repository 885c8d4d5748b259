/**
 * Time resolution guard: IO archives give `tweet_time` to the minute; only snowflake ids give
 * milliseconds. A window or bin finer than the data's resolution finds nothing real, so warn.
 */
import type { TimePrecision } from "../model.ts";
import type { AnalysisContext } from "./module.ts";

export const precisionMs: Record<TimePrecision, number> = { ms: 1, s: 1000, min: 60_000 };

/** The coarsest resolution among the given precisions, in ms (1 when none is known). */
export function coarsestResolutionMs(precisions: readonly string[]): number {
  return Math.max(1, ...precisions.map((p) => precisionMs[p as TimePrecision] ?? 1));
}

/** A warning when `seconds` is below the scope's coarsest time resolution, else undefined. */
export function precisionWarning(context: AnalysisContext, seconds: number, flag: string): string | undefined {
  if (seconds * 1000 >= context.timeResolutionMs) return undefined;
  return `${flag} ${seconds} s is finer than the data's time resolution (${context.timeResolutionMs / 1000} s for some tweets): results below that resolution are not meaningful`;
}
