/**
 * The first half of a bulk load, run in a worker thread: input files → batches → plans → import CSV
 * files (bulk-graph.ts). A worker because its old generation can be capped (`resourceLimits`): the
 * garbage of tens of millions of parsed rows otherwise piles up to several times the live data
 * before V8 collects it, and the loader's memory must stay bounded (see bulkDefaults.writerHeapMiB).
 */
import fs from "node:fs";
import path from "node:path";
import { parentPort, workerData } from "node:worker_threads";
import { CoordgraphError, type ErrorCode } from "../errors.ts";
import { BulkGraphWriter, type ImportFiles } from "./bulk-graph.ts";
import { LoadTally, readLoadBatches, RejectsWriter, type LoadOptions } from "./load.ts";
import { planBatch, plannedRelationships } from "./plan.ts";
import type { DamagedInput, ReadProgress } from "./read.ts";

/** What the worker is given: the load's options without its callbacks. */
export interface BulkWorkerInput {
  paths: string[];
  options: Omit<LoadOptions, "onProgress" | "onStatement">;
  dir: string;
  rejectsFile: string;
  deferredFile: string;
}

export type BulkWorkerMessage =
  | { kind: "progress"; progress: ReadProgress }
  | {
      kind: "done";
      files: ImportFiles;
      tally: { files: number; rowsRead: number; tweets: number; accountIds: string[]; datasets: Array<[string, { sources: string[]; precisions: string[] }]>; damaged: DamagedInput[] };
      rejected: number;
      relationshipsWritten: number;
      deferred: boolean;
    }
  | { kind: "error"; error: { className: string; code?: ErrorCode; message: string; hint?: string; file?: string; line?: number; field?: string; stack?: string } };

async function writeImportFiles(input: BulkWorkerInput): Promise<BulkWorkerMessage> {
  const rejects = new RejectsWriter(input.rejectsFile);
  const tally = new LoadTally();
  const graph = new BulkGraphWriter(input.dir);
  let relationshipsWritten = 0;
  let deferred: number | undefined;
  const options: LoadOptions = { ...input.options, onProgress: (progress) => parentPort!.postMessage({ kind: "progress", progress } satisfies BulkWorkerMessage) };
  try {
    for await (const step of readLoadBatches(input.paths, options, tally, rejects)) {
      if (step.kind !== "batch") continue;
      const plan = planBatch(step.records);
      relationshipsWritten += plannedRelationships(plan);
      const later = graph.add(plan, step.dataset);
      if (later) {
        deferred ??= fs.openSync(input.deferredFile, "w");
        fs.writeSync(deferred, `${JSON.stringify(later)}\n`);
      }
    }
  } finally {
    rejects.close();
    if (deferred !== undefined) fs.closeSync(deferred);
  }
  return {
    kind: "done",
    files: graph.finish(),
    tally: {
      files: tally.files,
      rowsRead: tally.rowsRead,
      tweets: tally.tweets,
      accountIds: [...tally.accountIds],
      datasets: [...tally.datasets].map(([name, { sources, precisions }]) => [name, { sources, precisions: [...precisions] }]),
      damaged: tally.damaged,
    },
    rejected: rejects.count,
    relationshipsWritten,
    deferred: deferred !== undefined,
  };
}

function errorMessage(error: unknown): BulkWorkerMessage {
  const e = error as Error;
  const typed = error instanceof CoordgraphError ? { code: error.code, hint: error.hint, ...error.location } : {};
  return { kind: "error", error: { className: e?.constructor?.name ?? "Error", message: e?.message ?? String(error), stack: e?.stack, ...typed } };
}

if (parentPort) {
  const input = workerData as BulkWorkerInput;
  fs.mkdirSync(path.dirname(input.deferredFile), { recursive: true });
  writeImportFiles(input).then(
    (message) => parentPort!.postMessage(message),
    (error) => parentPort!.postMessage(errorMessage(error)),
  );
}
