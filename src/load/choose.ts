/**
 * Which path a `coordgraph load` takes: the driver (transactions, any database, any server) or the
 * bulk import (neo4j-admin, an empty local database only). The bulk path has a fixed cost, stopping
 * the server, a JVM for neo4j-admin, starting the server again and building the indexes (~30 s on a
 * 2-core machine), and then writes ~3 times as many tweets per second, so it pays off only for
 * large first loads. Measured (bench/results/load-2026-11-23-13-42.md, IO-archive tweets of ~585
 * bytes): 100k tweets 23 s driver against 31 s bulk; 1M tweets 100-106 s against 56-61 s; the two
 * lines cross near 250k tweets (~150 MB). The threshold sits above that, where the bulk path wins
 * clearly even on a busy machine.
 */
import { extname } from "node:path";
import { requireLocalServer, type ServerConfig } from "../db/config.ts";
import { cypher } from "../db/cypher.ts";
import { connect, readRows, type Database } from "../db/driver.ts";
import { listInputFiles } from "./read.ts";

export const loadPathDefaults = {
  /** Input size (uncompressed estimate) from which an empty local database is loaded in bulk: ~350k IO-archive tweets. */
  bulkThresholdBytes: 200 * 1024 * 1024,
  /** How much larger than on disk a `.gz` or `.zip` input counts (text archives compress about 4 to 1). */
  compressedFactor: 4,
};

export type LoadPath = "bulk" | "driver";

export interface LoadPathChoice {
  path: LoadPath;
  /** One line for the user: why this path. */
  reason: string;
  /** The input's size estimate in bytes (uncompressed), undefined when the choice was forced. */
  inputBytes?: number;
}

/** The input's uncompressed size, estimated from the sizes on disk (compressed files count `compressedFactor` times). */
export async function estimateInputBytes(paths: readonly string[]): Promise<number> {
  let bytes = 0;
  for (const file of await listInputFiles(paths)) {
    const ext = extname(file.path).toLowerCase();
    bytes += ext === ".gz" || ext === ".zip" ? file.size * loadPathDefaults.compressedFactor : file.size;
  }
  return bytes;
}

function megabytes(bytes: number): string {
  return `${Math.round(bytes / 1024 / 1024)} MB`;
}

/**
 * Decides the load path. Pure: the caller supplies what it found out (whether the database is
 * empty is only asked of a local server, and only when the input is large enough to matter).
 *
 * @example chooseLoadPath({ forced: undefined, mode: "local", inputBytes: 9e9, databaseEmpty: true }).path // "bulk"
 */
export function chooseLoadPath(input: {
  /** `--bulk` (true) or `--no-bulk` (false); undefined lets coordgraph choose. */
  forced: boolean | undefined;
  mode: ServerConfig["mode"];
  inputBytes: number;
  /** Whether the local database holds no node; undefined when not asked. */
  databaseEmpty: boolean | undefined;
  thresholdBytes?: number;
}): LoadPathChoice {
  const threshold = input.thresholdBytes ?? loadPathDefaults.bulkThresholdBytes;
  if (input.forced === true) return { path: "bulk", reason: "--bulk" };
  if (input.forced === false) return { path: "driver", reason: "--no-bulk" };
  const size = `the input is ${megabytes(input.inputBytes)}`;
  if (input.mode === "external") return { path: "driver", reason: "NEO4J_URI names a server coordgraph does not manage (bulk import is local only)", inputBytes: input.inputBytes };
  if (input.inputBytes < threshold) {
    return { path: "driver", reason: `${size}, under the ${megabytes(threshold)} from which a bulk import pays for its fixed ~30 s`, inputBytes: input.inputBytes };
  }
  if (input.databaseEmpty !== true) return { path: "driver", reason: `${size} but the local database is not empty (bulk import builds a new one)`, inputBytes: input.inputBytes };
  return {
    path: "bulk",
    reason: `the local database is empty and ${size}, over the ${megabytes(threshold)} from which neo4j-admin import is faster (about 3 times at 1M tweets); --no-bulk to load through the driver`,
    inputBytes: input.inputBytes,
  };
}

/**
 * {@link chooseLoadPath} for a real server: estimates the input's size and, for a large input on
 * the local server, asks whether its database is empty (cypher/load-bulk-check.cypher).
 */
export async function decideLoadPath(config: ServerConfig, paths: readonly string[], forced: boolean | undefined, log?: (line: string) => void): Promise<LoadPathChoice> {
  if (forced === true) requireLocalServer(config, "--bulk", "unset NEO4J_URI to use the local server, or load without --bulk");
  if (forced !== undefined) return chooseLoadPath({ forced, mode: config.mode, inputBytes: 0, databaseEmpty: undefined });
  const inputBytes = await estimateInputBytes(paths);
  let databaseEmpty: boolean | undefined;
  if (config.mode === "local" && inputBytes >= loadPathDefaults.bulkThresholdBytes) {
    databaseEmpty = (await databaseNodes(await connect({ config, log }))) === 0;
  }
  return chooseLoadPath({ forced, mode: config.mode, inputBytes, databaseEmpty });
}

/** The nodes the database holds (from the count store: instant whatever the size). */
export async function databaseNodes(db: Database): Promise<number> {
  const [row] = await readRows<{ nodes: number }>(db, cypher("load-bulk-check"));
  return row?.nodes ?? 0;
}
