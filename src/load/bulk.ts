/**
 * `coordgraph load --bulk`: a first load of a large archive into an EMPTY local database through
 * `neo4j-admin database import full` instead of transactions. The records come through the same
 * format layer and the same batches and plans as the driver path (load.ts, plan.ts); bulk-graph.ts
 * turns the plans into import CSV files describing the very graph the driver path would write.
 * Then the local server is stopped, the files imported, the server started again, the schema
 * (constraints and indexes) applied and the Dataset nodes completed, as a driver load leaves them.
 *
 * The import replaces the whole database (`neo4j` unless COORDGRAPH_NEO4J_DATABASE names another), so the bulk path refuses a database that holds
 * anything, and an external server (NEO4J_URI), whose files coordgraph does not manage.
 */
import fs from "node:fs";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { localPaths, requireLocalServer, type LocalServerConfig, type ServerConfig } from "../db/config.ts";
import { connect, disconnect, type Database } from "../db/driver.ts";
import { applySchema } from "../db/schema.ts";
import { runAdminTool, startLocalServer, stopLocalServer } from "../db/server.ts";
import * as errors from "../errors.ts";
import { CoordgraphError, DatabaseError, UsageError } from "../errors.ts";
import type { DeferredTweets, ImportFiles } from "./bulk-graph.ts";
import { databaseNodes } from "./choose.ts";
import type { BulkWorkerInput, BulkWorkerMessage } from "./bulk-worker.ts";
import { finishLoad, LoadTally, rejectsWriterFor, validateLoadOptions, type LoadCounts, type LoadOptions, type LoadSummary } from "./load.ts";
import { ensureDataset, LoadWriter } from "./writer.ts";

export const bulkDefaults = {
  /** Java heap of neo4j-admin import: its big structures live off the heap. */
  importHeap: "1g",
  /** Off-heap memory neo4j-admin import may use (`--max-off-heap-memory`): the IRA's size peaks at 1.1 GiB. */
  importOffHeap: "2g",
  /**
   * Page cache of neo4j-admin import. It otherwise takes the server's (25% of RAM): at 9 million
   * tweets 1g imports as fast (198 s against 205 s) with a third of the memory (2.3 GiB against 6.4).
   */
  importPageCache: "1g",
  /**
   * Old-generation cap (MiB) of the thread writing the import files. Its live data at the IRA's size
   * (9 million tweets, a million URLs) is ~300 MiB; without a cap V8 lets garbage grow to ~1 GiB.
   */
  writerHeapMiB: 768,
};

/** read: the input becomes import files; import: the server is stopped and neo4j-admin runs; finish: schema and datasets. */
export type BulkPhase = "read" | "import" | "finish";

export interface BulkLoadOptions extends LoadOptions {
  /** Where the import CSV files go (deleted afterwards). Default: a new folder in the server's import directory. */
  workDir?: string;
  /** Keep the import CSV files (for inspection). Default false. */
  keepFiles?: boolean;
  /** Default {@link bulkDefaults}.importHeap. */
  importHeap?: string;
  /** Default {@link bulkDefaults}.importOffHeap. */
  importOffHeap?: string;
  /** Default {@link bulkDefaults}.importPageCache. */
  importPageCache?: string;
  /** Default {@link bulkDefaults}.writerHeapMiB. */
  writerHeapMiB?: number;
  /** Receives a line before each step, with its phase (the CLI ends its reading progress bar after "read"). */
  log?: (line: string, phase: BulkPhase) => void;
}

/** Throws `UsageError` unless the bulk path may replace the database `config` points at. */
export async function checkBulkTarget(config: ServerConfig, log?: (line: string) => void): Promise<LocalServerConfig> {
  requireLocalServer(config, "--bulk", "unset NEO4J_URI to use the local server, or load without --bulk");
  const nodes = await databaseNodes(await connect({ config, log }));
  if (nodes > 0) {
    throw new UsageError("DATABASE_NOT_EMPTY", `--bulk builds a new database and the local database holds ${nodes} nodes`, {
      hint: "load without --bulk to add to it, or wipe it first with `coordgraph db reset --yes`",
    });
  }
  return config;
}

function importArguments(database: string, files: ImportFiles, reportFile: string, configFile: string, offHeap: string): string[] {
  return [
    "database",
    "import",
    "full",
    database,
    "--overwrite-destination=true",
    "--id-type=string",
    `--report-file=${reportFile}`,
    `--additional-config=${configFile}`,
    `--max-off-heap-memory=${offHeap}`,
    // Strict: a duplicate node or a relationship to a missing node is a bug of bulk-graph.ts, never data to drop.
    "--skip-duplicate-nodes=false",
    "--skip-bad-relationships=false",
    "--bad-tolerance=0",
    // Texts and profiles may hold line breaks. (The v2 form listing only those files rejects valid input in 5.26.)
    "--multiline-fields=true",
    ...files.nodes.filter((n) => n.rows > 0).map((n) => `--nodes=${n.label}=${n.file}`),
    ...files.relationships.filter((r) => r.rows > 0).map((r) => `--relationships=${r.type}=${r.file}`),
  ];
}

/** Runs neo4j-admin import with the server stopped; returns the nodes and relationships it reports. */
function runImport(config: LocalServerConfig, files: ImportFiles, dir: string, options: BulkLoadOptions): { nodes: number; relationships: number } {
  const reportFile = path.join(dir, "import.report");
  const configFile = path.join(dir, "import.conf");
  fs.writeFileSync(configFile, `server.memory.pagecache.size=${options.importPageCache ?? bulkDefaults.importPageCache}\n`);
  const result = runAdminTool(config, importArguments(config.database, files, reportFile, configFile, options.importOffHeap ?? bulkDefaults.importOffHeap), {
    heap: options.importHeap ?? bulkDefaults.importHeap,
  });
  const output = `${result.stdout ?? ""}${result.stderr ?? ""}`;
  if (result.status !== 0) {
    const lines = output.trim().split("\n").filter((l) => /Exception:|Caused by|ERROR/.test(l));
    throw new DatabaseError("BULK_IMPORT_FAILED", `neo4j-admin import failed (exit ${result.status}): ${(lines.at(-1) ?? output.trim().split("\n").at(-1) ?? "").slice(0, 400)}`, {
      hint: `the import files are kept in ${dir}; see ${reportFile}`,
    });
  }
  const done = /Imported:\s*(\d+)\s*nodes\s*(\d+)\s*relationships/.exec(output.replace(/\s+/g, " "));
  return { nodes: Number(done?.[1] ?? files.nodeRows), relationships: Number(done?.[2] ?? files.relationshipRows) };
}

/**
 * Loads archives into an empty local database with neo4j-admin import (see the file header).
 *
 * @example
 * const summary = await bulkLoadArchive(serverConfigFromEnv(), ["data/ira_tweets_csv_hashed.csv"]);
 */
export async function bulkLoadArchive(config: ServerConfig, paths: readonly string[], options: BulkLoadOptions = {}): Promise<LoadSummary> {
  const started = performance.now();
  const log = options.log ?? (() => {});
  validateLoadOptions(options);
  const local = await checkBulkTarget(config, (line) => log(line, "read"));
  const dir = options.workDir ?? path.join(localPaths(local).importDir, `coordgraph-bulk-${process.pid}-${Date.now()}`);
  const rejectsFile = rejectsWriterFor(paths, options).file;
  const deferredFile = path.join(dir, "deferred.jsonl");
  let keep = options.keepFiles ?? false;
  try {
    // The server is not needed while the files are written: its shutdown (a checkpoint) overlaps with them.
    log(`Stopping the local server and writing import files into ${dir}...`, "read");
    await disconnect();
    const stopped = stopLocalServer(local);
    let written: WrittenFiles;
    try {
      written = await writeImportFiles({ paths: [...paths], options: portableOptions(options), dir, rejectsFile, deferredFile }, options);
    } catch (error) {
      await stopped.catch(() => {});
      await startLocalServer(local, (line) => log(line, "import")).catch(() => {});
      throw error;
    }
    await stopped;
    const { files, tally } = written;
    log(`Importing ${files.nodeRows} nodes and ${files.relationshipRows} relationships with neo4j-admin...`, "import");
    let imported: { nodes: number; relationships: number };
    try {
      imported = runImport(local, files, dir, options);
    } catch (error) {
      keep = true;
      await startLocalServer(local, (line) => log(line, "import")).catch(() => {});
      throw error;
    }

    const db = await connect({ config: local, log: (line) => log(line, "finish") });
    log("Creating constraints and indexes...", "finish");
    await applySchema(db);
    for (const [name, { sources }] of tally.datasets) await ensureDataset(db, name, sources);
    // As in a driver load's summary, the Dataset nodes are not counted among the nodes created.
    const datasetRows = files.nodes.find((n) => n.label === "Dataset")?.rows ?? 0;
    const counts: LoadCounts = {
      nodesCreated: imported.nodes - datasetRows,
      relationshipsCreated: imported.relationships,
      relationshipsWritten: written.relationshipsWritten,
      screenNames: { accountsResolved: 0, linksResolved: 0 },
    };
    if (written.deferred) {
      log("Writing tweets seen in more than one batch...", "finish");
      const replayed = await replayDeferred(db, deferredFile);
      counts.nodesCreated += replayed.nodesCreated;
      counts.relationshipsCreated += replayed.relationshipsCreated;
    }
    log("Resolving screen names...", "finish");
    await finishLoad(db, tally, counts, options.onStatement);
    return tally.summary(started, { count: written.rejected, file: rejectsFile }, counts);
  } finally {
    if (!keep) fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The options a worker can receive (callbacks stay in this thread). */
function portableOptions(options: BulkLoadOptions): BulkWorkerInput["options"] {
  const { format, objectKind, dataset, batchRows, strict } = options;
  return { format, objectKind, dataset, batchRows, strict };
}

interface WrittenFiles {
  files: ImportFiles;
  tally: LoadTally;
  rejected: number;
  relationshipsWritten: number;
  deferred: boolean;
}

/** Runs bulk-worker.ts in a worker thread with a capped heap; resolves with its files and tallies. */
function writeImportFiles(input: BulkWorkerInput, options: BulkLoadOptions): Promise<WrittenFiles> {
  const entry = new URL("./bulk-worker.ts", import.meta.url).href;
  // The worker loads TypeScript as the CLI does (bin/coordgraph.js): through tsx, registered first.
  const bootstrap = `import("tsx/esm/api").then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); })`;
  const worker = new Worker(bootstrap, {
    eval: true,
    workerData: input,
    resourceLimits: { maxOldGenerationSizeMb: options.writerHeapMiB ?? bulkDefaults.writerHeapMiB },
  });
  return new Promise((resolve, reject) => {
    let settled = false;
    worker.on("message", (message: BulkWorkerMessage) => {
      if (message.kind === "progress") {
        options.onProgress?.(message.progress);
      } else if (message.kind === "error") {
        settled = true;
        reject(revive(message.error));
      } else {
        settled = true;
        const tally = new LoadTally();
        Object.assign(tally, { files: message.tally.files, rowsRead: message.tally.rowsRead, tweets: message.tally.tweets });
        for (const id of message.tally.accountIds) tally.accountIds.add(id);
        for (const [name, { sources, precisions }] of message.tally.datasets) tally.datasets.set(name, { sources, precisions: new Set(precisions) });
        tally.damaged.push(...message.tally.damaged);
        resolve({ files: message.files, tally, rejected: message.rejected, relationshipsWritten: message.relationshipsWritten, deferred: message.deferred });
      }
    });
    worker.on("error", (error) => {
      settled = true;
      const outOfMemory = (error as NodeJS.ErrnoException).code === "ERR_WORKER_OUT_OF_MEMORY";
      reject(
        outOfMemory
          ? new DatabaseError("BULK_OUT_OF_MEMORY", `writing the import files needed more than ${options.writerHeapMiB ?? bulkDefaults.writerHeapMiB} MiB`, {
              hint: "load without --bulk (its memory does not grow with the archive)",
            })
          : error,
      );
    });
    worker.on("exit", (code) => {
      if (!settled) reject(new Error(`the import file writer stopped (exit ${code})`));
    });
  }).finally(() => worker.terminate()) as Promise<WrittenFiles>;
}

/** The worker's error as the typed error it was (its code, location and hint intact). */
function revive(error: Extract<BulkWorkerMessage, { kind: "error" }>["error"]): Error {
  const Type = (errors as Record<string, unknown>)[error.className];
  if (typeof Type === "function" && error.code !== undefined && (Type === CoordgraphError || Type.prototype instanceof CoordgraphError)) {
    const typed = new (Type as typeof CoordgraphError)(error.code, error.message, { hint: error.hint, file: error.file, line: error.line, field: error.field });
    if (error.stack) typed.stack = error.stack;
    return typed;
  }
  const plain = new Error(error.message);
  if (error.stack) plain.stack = error.stack;
  return plain;
}

/** Writes the later sightings of repeated tweets in order, with the driver path's MERGE statements. */
async function replayDeferred(db: Database, file: string): Promise<{ nodesCreated: number; relationshipsCreated: number }> {
  const writer = new LoadWriter(db, { rememberedNodes: 0 });
  const totals = { nodesCreated: 0, relationshipsCreated: 0 };
  const { createInterface } = await import("node:readline");
  const lines = createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === "") continue;
    const { dataset, plan } = JSON.parse(line) as DeferredTweets;
    const counters = await writer.write(plan, dataset);
    totals.nodesCreated += counters.nodesCreated;
    totals.relationshipsCreated += counters.relationshipsCreated;
  }
  return totals;
}
