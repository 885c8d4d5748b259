/** What every named analysis in `analyses/` exports. */
import type { Database } from "../db/driver.ts";
import type { OptionSpec, OptionValues } from "./options.ts";
import type { Scope } from "./scope.ts";
import type { RunResult } from "./types.ts";

export interface AnalysisContext {
  db: Database;
  scope: Scope;
  /** Side notes for stderr (quiet with --quiet/--json). */
  log: (line: string) => void;
  quiet: boolean;
  /** The coarsest time resolution of the tweets in scope, ms (60,000 for minute-precision archives). */
  timeResolutionMs: number;
  /** Timings of the analysis's own phases (projection, core, partition), in seconds. */
  timings: Record<string, number>;
}

export interface AnalysisModule {
  name: string;
  /** One line for `coordgraph analyses`. */
  description: string;
  /** How its verdicts are reached, in a few sentences (the null model, the test): shown by `coordgraph analyses`. */
  method?: string;
  options: readonly OptionSpec[];
  run(context: AnalysisContext, options: OptionValues): Promise<RunResult>;
}

/** Times one phase of an analysis into `context.timings`. */
export async function timed<T>(context: AnalysisContext, phase: string, work: () => T | Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await work();
  } finally {
    context.timings[phase] = Number(((performance.now() - started) / 1000).toFixed(3));
  }
}
