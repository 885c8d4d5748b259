/**
 * Runs a named analysis: validates options and scope, runs the module, stores the run (Neo4j and a
 * run directory). Nothing is stored when any step fails.
 */
import path from "node:path";
import { cypher } from "../db/cypher.ts";
import { readRows, type Database } from "../db/driver.ts";
import { AnalysisError, UsageError } from "../errors.ts";
import { version } from "../version.ts";
import type { AnalysisModule } from "./module.ts";
import { resolveOptions } from "./options.ts";
import { coarsestResolutionMs } from "./precision.ts";
import { scopeParams, type Scope } from "./scope.ts";
import { deleteRun, isRunIdClash, newRunId, storeRunInGraph, writeRunDirectory, type RunRecord } from "./store.ts";
import type { RunResult } from "../run/model.ts";

export interface RunAnalysisOptions {
  scope: Scope;
  /** Run directory; default `runs/<run id>/` under the current directory. */
  outDir?: string;
  log?: (line: string) => void;
  quiet?: boolean;
}

export interface CompletedRun {
  record: RunRecord;
  result: RunResult;
  files: string[];
}

/** Fails early, with a clear message, on an empty database or an unknown dataset. */
export async function checkScope(db: Database, scope: Scope): Promise<{ tweets: number; timeResolutionMs: number }> {
  const [row] = await readRows<{ known: string[]; precisions: string[]; tweets: number }>(db, cypher("scope-check"), scopeParams(scope));
  const known = row?.known ?? [];
  if (known.length === 0) {
    throw new AnalysisError("EMPTY_DATABASE", "the database holds no loaded dataset", { hint: "load an archive first: coordgraph load <files>" });
  }
  for (const name of scope.datasets ?? []) {
    if (!known.includes(name)) {
      throw new UsageError("UNKNOWN_DATASET", `no dataset named "${name}"`, { field: "dataset", hint: `known datasets: ${known.sort().join(", ")}` });
    }
  }
  if ((row?.tweets ?? 0) === 0) {
    throw new AnalysisError("EMPTY_SCOPE", "no tweets in the chosen datasets and time range", { hint: "check --dataset, --since and --until" });
  }
  return { tweets: row!.tweets, timeResolutionMs: coarsestResolutionMs(row!.precisions) };
}

export async function runAnalysis(db: Database, module: AnalysisModule, rawOptions: Record<string, unknown>, options: RunAnalysisOptions): Promise<CompletedRun> {
  const params = resolveOptions(module.options, rawOptions);
  const log = options.log ?? (() => {});
  const started = performance.now();
  const timings: Record<string, number> = {};
  const { timeResolutionMs } = await checkScope(db, options.scope);
  const result = await module.run({ db, scope: options.scope, log, quiet: options.quiet ?? false, timings, timeResolutionMs }, params);
  const createdAt = new Date();
  const id = newRunId(module.name, createdAt);
  const record: RunRecord = {
    id,
    analysis: module.name,
    createdAt: createdAt.toISOString(),
    params,
    scope: options.scope,
    outDir: path.resolve(options.outDir ?? path.join("runs", id)),
    version,
    counts: { accounts: result.nodes.length, edges: result.edges.length, communities: result.communities.length },
    summary: result.summary,
    timings,
    warnings: result.warnings ?? [],
  };
  const storeStarted = performance.now();
  for (let attempt = 1; ; attempt++) {
    try {
      await storeRunInGraph(db, record, result);
      break;
    } catch (error) {
      // Another run started in the same millisecond took this id: take the next one.
      if (!isRunIdClash(error) || attempt > 5) throw error;
      record.id = newRunId(module.name, createdAt, attempt);
      if (!options.outDir) record.outDir = path.resolve(path.join("runs", record.id));
    }
  }
  record.timings.store = Number(((performance.now() - storeStarted) / 1000).toFixed(3));
  record.timings.total = Number(((performance.now() - started) / 1000).toFixed(3));
  let files: string[];
  try {
    files = writeRunDirectory(record, result);
  } catch (error) {
    await deleteRun(db, record.id);
    throw new UsageError("OUT_DIR_UNWRITABLE", `cannot write the run directory ${record.outDir}: ${(error as Error).message}`, { field: "out" });
  }
  return { record, result, files };
}
