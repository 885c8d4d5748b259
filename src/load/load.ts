/**
 * `coordgraph load`: files → format layer (read.ts) → planned batches (plan.ts) → Neo4j (writer.ts).
 * Parsing the next batch overlaps with writing the previous one; memory holds at most two batches.
 * Every write MERGEs on constrained keys, so a rerun, or a rerun after an interrupted load, ends
 * with exactly the graph of one uninterrupted load.
 */
import fs from "node:fs";
import path from "node:path";
import { cypher } from "../db/cypher.ts";
import { writeTx, type Database } from "../db/driver.ts";
import { applySchema } from "../db/schema.ts";
import { UsageError } from "../errors.ts";
import type { LoadRecord, RejectedRow } from "../model.ts";
import { csvLine } from "../util/csv-write.ts";
import { planBatch, plannedRelationships } from "./plan.ts";
import { readArchive, type FormatName, type ReadProgress, type ShareObjectKind } from "./read.ts";
import { ensureDataset, writeBatch } from "./writer.ts";

export const loadDefaults = {
  /** Rows per write transaction: measured fastest between 2,000 and 10,000 on a 2-core machine. */
  batchRows: 5000,
};

export interface LoadOptions {
  format?: FormatName;
  objectKind?: ShareObjectKind;
  /** Dataset name for every node of this load; default derived from each file's name. */
  dataset?: string;
  /** Rows per write transaction. Default {@link loadDefaults}.batchRows. */
  batchRows?: number;
  /** Where rejected rows go (CSV: file, line, field, reason, raw). Created only when a row is rejected. */
  rejectsFile?: string;
  strict?: boolean;
  onProgress?: (progress: ReadProgress) => void;
}

export interface LoadSummary {
  files: number;
  datasets: string[];
  rowsRead: number;
  tweets: number;
  accounts: number;
  nodesCreated: number;
  relationshipsCreated: number;
  relationshipsWritten: number;
  rejected: number;
  rejectsFile: string | null;
  seconds: number;
  rowsPerSecond: number;
  tweetsPerSecond: number;
}

/** `ira_tweets_csv_hashed.csv.gz` → `ira`; `IRAhandle_tweets_3.csv` → `irahandle`. */
export function datasetNameFromFile(file: string): string {
  let stem = path.basename(file.split("!")[0]!).toLowerCase();
  stem = stem.replace(/(\.(csv|tsv|jsonl|ndjson|json|txt|gz|zip))+$/g, "");
  stem = stem.replace(/(_(tweets|users))?(_csv)?(_hashed)?(_(part_)?\d+)?$/, "");
  stem = stem.replace(/[^a-z0-9_-]+/g, "-").replace(/^-+|-+$/g, "");
  return stem || "dataset";
}

class RejectsWriter {
  private fd: number | undefined;
  count = 0;
  constructor(readonly file: string) {}
  write(row: RejectedRow): void {
    if (this.fd === undefined) {
      fs.mkdirSync(path.dirname(path.resolve(this.file)), { recursive: true });
      this.fd = fs.openSync(this.file, "w");
      fs.writeSync(this.fd, csvLine(["file", "line", "field", "reason", "raw"]));
    }
    fs.writeSync(this.fd, csvLine([row.file, row.line, row.field ?? "", row.reason, row.raw]));
    this.count++;
  }
  close(): void {
    if (this.fd !== undefined) fs.closeSync(this.fd);
  }
}

export async function loadArchive(db: Database, paths: readonly string[], options: LoadOptions = {}): Promise<LoadSummary> {
  const started = performance.now();
  const batchRows = options.batchRows ?? loadDefaults.batchRows;
  if (!(Number.isInteger(batchRows) && batchRows > 0)) throw new UsageError("BAD_OPTION", `--batch must be a positive whole number, got ${batchRows}`, { field: "batch" });
  if (options.dataset !== undefined && !/^[\p{L}\p{N}_.-]{1,100}$/u.test(options.dataset)) {
    throw new UsageError("BAD_OPTION", `--dataset must be 1-100 letters, digits, '_', '.' or '-', got "${options.dataset}"`, { field: "dataset" });
  }
  await applySchema(db);
  const rejectsFile = options.rejectsFile ?? `${datasetNameFromFile(paths[0] ?? "load")}.rejects.csv`;
  const rejects = new RejectsWriter(rejectsFile);
  const datasets = new Set<string>();
  const precisions = new Map<string, Set<string>>();
  const accountIds = new Set<string>();
  let tweets = 0;
  let rowsRead = 0;
  let nodesCreated = 0;
  let relationshipsCreated = 0;
  let relationshipsWritten = 0;
  let files = 0;

  let pending: Promise<void> = Promise.resolve();
  const flush = async (records: LoadRecord[], dataset: string) => {
    if (records.length === 0) return;
    const plan = planBatch(records);
    await pending; // one writer at a time: parallel MERGEs on shared hashtags/accounts deadlock
    pending = writeBatch(db, plan, dataset).then((counters) => {
      nodesCreated += counters.nodesCreated;
      relationshipsCreated += counters.relationshipsCreated;
      relationshipsWritten += plannedRelationships(plan);
    });
  };

  try {
    let buffer: LoadRecord[] = [];
    let bufferRows = 0;
    let currentDataset: string | undefined;
    let currentFile: string | undefined;
    for await (const batch of readArchive(paths, { format: options.format, objectKind: options.objectKind, strict: options.strict, onReject: (r) => rejects.write(r) })) {
      const dataset = options.dataset ?? datasetNameFromFile(batch.file);
      if (batch.file !== currentFile) {
        currentFile = batch.file;
        files++;
      }
      if (dataset !== currentDataset) {
        if (currentDataset !== undefined) await flush(buffer, currentDataset);
        buffer = [];
        bufferRows = 0;
        currentDataset = dataset;
        if (!datasets.has(dataset)) {
          await pending;
          await ensureDataset(db, dataset, [path.basename(batch.file)]);
          datasets.add(dataset);
          precisions.set(dataset, new Set());
        }
      }
      const seen = precisions.get(dataset)!;
      for (const tweet of batch.tweets) seen.add(tweet.timePrecision);
      for (const account of batch.accounts) accountIds.add(account.id);
      for (const tweet of batch.tweets) accountIds.add(tweet.accountId);
      tweets += batch.tweets.length;
      rowsRead += batch.rowsRead;
      buffer.push(batch);
      bufferRows += batch.rowsRead;
      if (bufferRows >= batchRows) {
        await flush(buffer, dataset);
        buffer = [];
        bufferRows = 0;
      }
      options.onProgress?.(batch.progress);
    }
    if (currentDataset !== undefined) await flush(buffer, currentDataset);
    await pending;
    for (const [name, seen] of precisions) {
      await writeTx(db, (tx) => tx.run(cypher("load-dataset-finish"), { name, precisions: [...seen].sort() }));
    }
  } finally {
    await pending.catch(() => {});
    rejects.close();
  }
  const seconds = (performance.now() - started) / 1000;
  return {
    files,
    datasets: [...datasets].sort(),
    rowsRead,
    tweets,
    accounts: accountIds.size,
    nodesCreated,
    relationshipsCreated,
    relationshipsWritten,
    rejected: rejects.count,
    rejectsFile: rejects.count > 0 ? path.resolve(rejectsFile) : null,
    seconds: Number(seconds.toFixed(2)),
    rowsPerSecond: Math.round(rowsRead / Math.max(seconds, 1e-3)),
    tweetsPerSecond: Math.round(tweets / Math.max(seconds, 1e-3)),
  };
}
