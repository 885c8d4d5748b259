/**
 * `coordgraph load`: files → format layer (read.ts) → planned batches (plan.ts) → Neo4j (writer.ts).
 * Three stages overlap: parsing batch N+2, writing the nodes of batch N+1 and the relationships of
 * batch N (each batch's nodes commit before its relationships start); memory holds at most three
 * batches. Nodes are MERGEd on constrained keys and a tweet's relationships CREATEd only in the
 * batch that created the tweet, so a rerun, or a rerun after an interrupted load, ends with exactly
 * the graph of one uninterrupted load. `--bulk` (bulk.ts) reads the same batches for neo4j-admin import.
 */
import fs from "node:fs";
import path from "node:path";
import { cypher } from "../db/cypher.ts";
import { readRows, writeTx, type Database } from "../db/driver.ts";
import { applySchema } from "../db/schema.ts";
import { UsageError } from "../errors.ts";
import type { LoadRecord, RejectedRow } from "../model.ts";
import { csvLine } from "../util/csv-write.ts";
import { planBatch, plannedRelationships } from "./plan.ts";
import { readArchive, type DamagedInput, type FormatName, type ReadProgress, type ShareObjectKind } from "./read.ts";
import { ensureDataset, LoadWriter, resolveScreenNames, type WriteCounters } from "./writer.ts";

export const loadDefaults = {
  /** Rows per batch: 5,000 measured best among 2,500, 5,000, 10,000 and 20,000 on a 2-core machine. */
  batchRows: 5000,
  /**
   * Write a batch's relationships while the next batch's nodes are written (two transactions in
   * flight, on disjoint relationship types): ~15% more tweets/s than one transaction per batch on a
   * 2-core machine (11.1-12.2k against 9.6-10.6k tweets/s, 100k synthetic tweets).
   */
  pipeline: true,
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
  /** Default {@link loadDefaults}.pipeline. */
  pipeline?: boolean;
  /** Receives each load statement's name, rows and milliseconds, for profiling. */
  onStatement?: (name: string, rows: number, ms: number) => void;
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
  /** Accounts named only by screen name (mentions, "RT @name") found among the archive's accounts, and the links moved onto them. */
  screenNames: { accountsResolved: number; linksResolved: number };
  /** Rejected rows, each damaged input's break among them. */
  rejected: number;
  rejectsFile: string | null;
  /** Inputs whose compressed data broke off: the rows before the break were loaded; the rest of each is missing. */
  damaged: DamagedInput[];
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

/** Rejected rows as CSV (file, line, field, reason, raw); the file is created at the first one. */
export class RejectsWriter {
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

/** Validates the options both load paths share; throws `UsageError` (`BAD_OPTION`). */
export function validateLoadOptions(options: LoadOptions): void {
  const batchRows = options.batchRows ?? loadDefaults.batchRows;
  if (!(Number.isInteger(batchRows) && batchRows > 0)) throw new UsageError("BAD_OPTION", `--batch must be a positive whole number, got ${batchRows}`, { field: "batch" });
  if (options.dataset !== undefined && !/^[\p{L}\p{N}_.-]{1,100}$/u.test(options.dataset)) {
    throw new UsageError("BAD_OPTION", `--dataset must be 1-100 letters, digits, '_', '.' or '-', got "${options.dataset}"`, { field: "dataset" });
  }
}

/** What a load read, for its summary and the Dataset nodes. */
export class LoadTally {
  files = 0;
  rowsRead = 0;
  tweets = 0;
  /** Accounts with a profile or an archive tweet. */
  readonly accountIds = new Set<string>();
  /** Per dataset, in order of first use: its files (base names) and the time precisions of its tweets. */
  readonly datasets = new Map<string, { sources: string[]; precisions: Set<string> }>();
  /** Inputs whose compressed data broke off, in the order read. */
  readonly damaged: DamagedInput[] = [];

  summary(started: number, rejects: { count: number; file: string }, counts: LoadCounts): LoadSummary {
    const seconds = (performance.now() - started) / 1000;
    return {
      files: this.files,
      datasets: [...this.datasets.keys()].sort(),
      rowsRead: this.rowsRead,
      tweets: this.tweets,
      accounts: this.accountIds.size,
      ...counts,
      rejected: rejects.count,
      rejectsFile: rejects.count > 0 ? path.resolve(rejects.file) : null,
      damaged: [...this.damaged],
      seconds: Number(seconds.toFixed(2)),
      rowsPerSecond: Math.round(this.rowsRead / Math.max(seconds, 1e-3)),
      tweetsPerSecond: Math.round(this.tweets / Math.max(seconds, 1e-3)),
    };
  }
}

/** What a load wrote, as its summary reports it (net of the stubs that screen-name resolution merged away). */
export interface LoadCounts {
  nodesCreated: number;
  relationshipsCreated: number;
  relationshipsWritten: number;
  screenNames: { accountsResolved: number; linksResolved: number };
}

/** One step of {@link readLoadBatches}: a file starts feeding a dataset, or a batch of records is ready. */
export type LoadStep = { kind: "source"; dataset: string; source: string } | { kind: "batch"; dataset: string; records: LoadRecord[] };

/**
 * Reads the archive into batches of about `batchRows` rows, each of one dataset: the batches both
 * load paths plan and write, so a bulk load and a driver load see the very same batches.
 */
export async function* readLoadBatches(paths: readonly string[], options: LoadOptions, tally: LoadTally, rejects: RejectsWriter): AsyncGenerator<LoadStep> {
  const batchRows = options.batchRows ?? loadDefaults.batchRows;
  let buffer: LoadRecord[] = [];
  let bufferRows = 0;
  let currentDataset: string | undefined;
  let currentFile: string | undefined;
  const readOptions = { format: options.format, objectKind: options.objectKind, strict: options.strict, onReject: (r: RejectedRow) => rejects.write(r), onDamage: (d: DamagedInput) => tally.damaged.push(d) };
  for await (const batch of readArchive(paths, readOptions)) {
    const dataset = options.dataset ?? datasetNameFromFile(batch.file);
    if (dataset !== currentDataset) {
      if (currentDataset !== undefined && buffer.length > 0) yield { kind: "batch", dataset: currentDataset, records: buffer };
      buffer = [];
      bufferRows = 0;
      currentDataset = dataset;
    }
    if (batch.file !== currentFile) {
      currentFile = batch.file;
      tally.files++;
    }
    let entry = tally.datasets.get(dataset);
    if (entry === undefined) tally.datasets.set(dataset, (entry = { sources: [], precisions: new Set() }));
    const source = path.basename(batch.file);
    if (!entry.sources.includes(source)) {
      entry.sources.push(source);
      yield { kind: "source", dataset, source };
    }
    for (const tweet of batch.tweets) {
      entry.precisions.add(tweet.timePrecision);
      tally.accountIds.add(tweet.accountId);
    }
    for (const account of batch.accounts) tally.accountIds.add(account.id);
    tally.tweets += batch.tweets.length;
    tally.rowsRead += batch.rowsRead;
    buffer.push(batch);
    bufferRows += batch.rowsRead;
    if (bufferRows >= batchRows) {
      yield { kind: "batch", dataset, records: buffer };
      buffer = [];
      bufferRows = 0;
    }
    options.onProgress?.(batch.progress);
  }
  if (currentDataset !== undefined && buffer.length > 0) yield { kind: "batch", dataset: currentDataset, records: buffer };
}

/** The rejects file a load writes to (created only when a row is rejected). */
export function rejectsWriterFor(paths: readonly string[], options: LoadOptions): RejectsWriter {
  return new RejectsWriter(options.rejectsFile ?? `${datasetNameFromFile(paths[0] ?? "load")}.rejects.csv`);
}

/**
 * The last steps of both load paths: accounts named by screen name meet the archive's accounts
 * (counted net into `counts`), and each dataset records when it was loaded and its time precisions.
 */
export async function finishLoad(db: Database, tally: LoadTally, counts: LoadCounts, onStatement?: LoadOptions["onStatement"]): Promise<void> {
  const started = performance.now();
  const resolved = await resolveScreenNames(db);
  onStatement?.("load-resolve-screen-names", resolved.linksResolved, performance.now() - started);
  counts.nodesCreated -= resolved.nodesDeleted;
  counts.relationshipsCreated += resolved.relationshipsCreated - resolved.relationshipsDeleted;
  counts.screenNames = { accountsResolved: resolved.accountsResolved, linksResolved: resolved.linksResolved };
  for (const [name, { precisions }] of tally.datasets) {
    await writeTx(db, (tx) => tx.run(cypher("load-dataset-finish"), { name, precisions: [...precisions].sort() }));
  }
}

/**
 * Loads archives through the driver into whatever the database holds (see the file header).
 *
 * @example
 * const summary = await loadArchive(await connect(), ["data/ira_tweets_csv_hashed.csv"]);
 */
export async function loadArchive(db: Database, paths: readonly string[], options: LoadOptions = {}): Promise<LoadSummary> {
  const started = performance.now();
  validateLoadOptions(options);
  await applySchema(db);
  const rejects = rejectsWriterFor(paths, options);
  const tally = new LoadTally();
  const counts: LoadCounts = { nodesCreated: 0, relationshipsCreated: 0, relationshipsWritten: 0, screenNames: { accountsResolved: 0, linksResolved: 0 } };

  const [tweetsBefore] = await readRows<{ tweets: number }>(db, cypher("load-tweets-count"));
  const writer = new LoadWriter(db, { onStatement: options.onStatement, graphHeldNoTweets: tweetsBefore?.tweets === 0 });
  const pipeline = options.pipeline ?? loadDefaults.pipeline;
  const count = (counters: WriteCounters) => {
    counts.nodesCreated += counters.nodesCreated;
    counts.relationshipsCreated += counters.relationshipsCreated;
  };
  // `nodesWritten`: the last batch's node transaction; `written`: its last transaction of all.
  let nodesWritten: Promise<unknown> = Promise.resolve();
  let written: Promise<void> = Promise.resolve();
  const flush = async (records: LoadRecord[], dataset: string) => {
    const plan = planBatch(records);
    if (!pipeline) {
      await written; // one writer at a time: parallel MERGEs on shared hashtags/accounts deadlock
      written = writer.write(plan, dataset).then((counters) => {
        count(counters);
        counts.relationshipsWritten += plannedRelationships(plan);
      });
    } else {
      // Two transactions in flight: this batch's nodes while the previous batch's relationships are written.
      await nodesWritten;
      const previous = written;
      const nodes = writer.writeNodes(plan, dataset);
      nodesWritten = nodes;
      written = nodes.then(async ({ present, counters }) => {
        count(counters);
        await previous;
        count(await writer.writeRelationships(plan, present));
        counts.relationshipsWritten += plannedRelationships(plan);
      });
      nodesWritten.catch(() => {}); // failures surface through the next flush or the final wait
    }
    written.catch(() => {});
  };
  const drain = async () => {
    await nodesWritten;
    await written;
  };

  try {
    for await (const step of readLoadBatches(paths, options, tally, rejects)) {
      if (step.kind === "source") {
        await drain();
        await ensureDataset(db, step.dataset, [step.source]);
      } else {
        await flush(step.records, step.dataset);
      }
    }
    await drain();
    await finishLoad(db, tally, counts, options.onStatement);
  } finally {
    await Promise.allSettled([nodesWritten, written]);
    rejects.close();
  }
  return tally.summary(started, rejects, counts);
}
