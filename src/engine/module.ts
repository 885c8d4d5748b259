/** What every named analysis in `analyses/` exports. */
import type { Database } from "../db/driver.ts";
import type { OptionSpec, OptionValues, OptionValuesOf } from "./options.ts";
import type { Scope } from "./scope.ts";
import type { RunResult } from "../run/model.ts";

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

/**
 * A named analysis. `V` is the options object its `run` receives, typed from its option specs
 * (see `defineAnalysis`); the registry holds every module as `AnalysisModule` (any options object).
 */
export interface AnalysisModule<V extends OptionValues = OptionValues> {
  name: string;
  /** One line for `coordgraph analyses`. */
  description: string;
  /** How its verdicts are reached, in a few sentences (the null model, the test): shown by `coordgraph analyses`. */
  method?: string;
  options: readonly OptionSpec[];
  run(context: AnalysisContext, options: V): Promise<RunResult>;
}

/**
 * Declares an analysis whose `run` receives the options object its own specs resolve to.
 *
 * @example
 * export default defineAnalysis({
 *   name: "summary", description: "the archive at a glance",
 *   options: [{ key: "top", flag: "top", type: "number", integer: true, default: 20, min: 1, description: "list length" }],
 *   async run(context, options) { options.top; // number
 *   },
 * });
 */
export function defineAnalysis<const S extends readonly OptionSpec[]>(module: AnalysisModule<OptionValuesOf<S>> & { options: S }): AnalysisModule<OptionValuesOf<S>> {
  return module;
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
