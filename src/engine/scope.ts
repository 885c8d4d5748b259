/**
 * Which part of the graph an analysis looks at: some datasets and a time range. Every projection
 * statement takes these three parameters ($datasets, $since, $until) and filters tweets with them.
 */
import { UsageError } from "../errors.ts";

export interface Scope {
  /** Dataset names; null = all. */
  datasets: string[] | null;
  /** Unix ms, inclusive; null = no lower bound. */
  since: number | null;
  /** Unix ms, exclusive; null = no upper bound. */
  until: number | null;
}

export const everything: Scope = { datasets: null, since: null, until: null };

/** Parses `2016-11-08`, `2016-11-08T12:00:00Z` or Unix seconds into Unix ms (UTC). */
export function parseTimeBound(value: string, flag: string): number {
  const trimmed = value.trim();
  let ms: number;
  if (/^\d{9,11}$/.test(trimmed)) ms = Number(trimmed) * 1000;
  else if (/^\d{4}-\d{2}-\d{2}$/.test(trimmed)) ms = Date.parse(`${trimmed}T00:00:00Z`);
  else ms = Date.parse(/[zZ]|[+-]\d{2}:?\d{2}$/.test(trimmed) ? trimmed : `${trimmed}Z`);
  if (!Number.isFinite(ms)) {
    throw new UsageError("BAD_OPTION", `--${flag} must be a date (YYYY-MM-DD), an ISO time or Unix seconds, got "${value}"`, { field: flag });
  }
  return ms;
}

export function scopeFromCli(options: { dataset?: string[]; since?: string; until?: string }): Scope {
  const scope: Scope = {
    datasets: options.dataset && options.dataset.length > 0 ? [...new Set(options.dataset)].sort() : null,
    since: options.since ? parseTimeBound(options.since, "since") : null,
    until: options.until ? parseTimeBound(options.until, "until") : null,
  };
  if (scope.since !== null && scope.until !== null && scope.since >= scope.until) {
    throw new UsageError("BAD_OPTION", "--since must be earlier than --until", { field: "since" });
  }
  return scope;
}

/** The parameters every projection statement expects. */
export function scopeParams(scope: Scope): Record<string, unknown> {
  return { datasets: scope.datasets, since: scope.since, until: scope.until };
}
