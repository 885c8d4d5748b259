/**
 * Finding and reading stored runs: by id, by run directory, or the latest. Reports, the viewer and
 * exports all start here.
 *
 * A run directory is user-visible files that can be edited, truncated or half-copied: anything that
 * does not read as the run writer wrote it is `RUN_DAMAGED`, naming the file and line; a run that is
 * not found is `RUN_NOT_FOUND` with the nearest existing runs, so a typo is not a dead end.
 */
import fs from "node:fs";
import path from "node:path";
import { parse } from "csv-parse/sync";
import neo4j from "neo4j-driver";
import { cypher } from "../db/cypher.ts";
import { readRows, type Database } from "../db/driver.ts";
import { InputError, UsageError } from "../errors.ts";
import type { GroupVerdict, OtherEdges } from "../run/model.ts";
import { NETWORK_FILE, type RunRecord } from "./store.ts";
import type { RunCommunity, RunEdge, RunNode, RunResult } from "../run/model.ts";

export interface StoredRun {
  record: RunRecord & { directed?: boolean };
  result: RunResult;
}

/** Runs suggested by RUN_NOT_FOUND. */
const SUGGESTIONS = 5;

/**
 * Resolves a run reference: a run directory (holding run.json), a run id known to Neo4j, or
 * nothing (the latest complete run).
 *
 * @throws UsageError `RUN_NOT_FOUND` listing the nearest runs that exist.
 */
export async function resolveRunDirectory(db: Database | undefined, ref?: string): Promise<string> {
  if (ref && fs.existsSync(path.join(ref, "run.json"))) return path.resolve(ref);
  if (ref && fs.existsSync(path.join("runs", ref, "run.json"))) return path.resolve("runs", ref);
  if (!db) throw notFound(ref, await knownRuns(undefined, ref), `no run directory at "${ref ?? ""}"`);
  const rows = ref
    ? await readRows<{ outDir: string }>(db, cypher("run-by-id"), { runId: ref })
    : await readRows<{ outDir: string }>(db, cypher("run-latest"), { analysis: null });
  const outDir = rows[0]?.outDir;
  if (!outDir) throw notFound(ref, await knownRuns(db, ref), ref ? `no run "${ref}"` : "no analysis run yet");
  if (!fs.existsSync(path.join(outDir, "run.json"))) {
    throw new UsageError("RUN_FILES_MISSING", `run ${ref ?? "(latest)"} is in Neo4j but its directory ${outDir} is gone`, { hint: "run the analysis again" });
  }
  return outDir;
}

/** Run ids (and directories) that exist: in Neo4j when reachable, in ./runs, and beside a directory given. */
async function knownRuns(db: Database | undefined, ref: string | undefined): Promise<string[]> {
  const found = new Set<string>();
  if (db) {
    try {
      const rows = await readRows<{ id: string }>(db, cypher("run-list"), { limit: neo4j.int(500) });
      for (const row of rows) found.add(row.id);
    } catch {
      // Suggestions are a courtesy: an unreachable database must not hide the real error.
    }
  }
  const folders = new Set(["runs"]);
  if (ref && /[\\/]/.test(ref)) folders.add(path.dirname(ref));
  for (const folder of folders) {
    let names: string[] = [];
    try {
      names = fs.readdirSync(folder);
    } catch {
      continue;
    }
    for (const name of names) {
      if (fs.existsSync(path.join(folder, name, "run.json"))) found.add(folder === "runs" ? name : path.join(folder, name));
    }
  }
  return [...found];
}

/**
 * The runs closest to `ref` (edit distance on the id, the same analysis first); newest first when no
 * reference was given.
 *
 * @example
 * nearestRuns("co-retweet-2026", ["sync-20261123-1", "co-retweet-20261123-1"]); // ["co-retweet-20261123-1", "sync-20261123-1"]
 */
export function nearestRuns(ref: string | undefined, runs: readonly string[], limit = SUGGESTIONS): string[] {
  if (!ref) return [...runs].sort().reverse().slice(0, limit);
  const wanted = path.basename(ref);
  const analysisOf = (id: string) => path.basename(id).replace(/-\d{8}-\d{6}(-\d+)?$/, "");
  return [...runs]
    .map((id) => ({ id, sameAnalysis: analysisOf(id) === analysisOf(wanted) || path.basename(id).startsWith(analysisOf(wanted)), distance: editDistance(wanted, path.basename(id)) }))
    .sort((a, b) => Number(b.sameAnalysis) - Number(a.sameAnalysis) || a.distance - b.distance || (a.id < b.id ? 1 : -1))
    .slice(0, limit)
    .map((r) => r.id);
}

function notFound(ref: string | undefined, runs: string[], message: string): UsageError {
  const nearest = nearestRuns(ref, runs);
  const hint =
    nearest.length === 0
      ? "no runs exist yet: run one first, e.g. coordgraph run co-retweet"
      : `${ref ? "nearest runs" : "runs"}: ${nearest.join(", ")}${runs.length > nearest.length ? ` (${runs.length} in all)` : ""}`;
  return new UsageError("RUN_NOT_FOUND", message, { hint });
}

/** Levenshtein distance (two rows), for run-id suggestions. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

function damaged(file: string, message: string, line?: number, cause?: unknown): InputError {
  return new InputError("RUN_DAMAGED", `damaged run file: ${message}`, {
    file,
    line,
    cause,
    hint: "the run directory was edited, truncated or only partly copied; run the analysis again",
  });
}

/** Rows of a run's CSV file with their line numbers; a file that does not parse is RUN_DAMAGED. */
function readCsv(file: string): Array<{ row: Record<string, string>; line: number }> {
  if (!fs.existsSync(file)) return [];
  try {
    const records = parse(fs.readFileSync(file), { columns: true, skip_empty_lines: true, info: true }) as Array<{
      record: Record<string, string>;
      info: { lines: number };
    }>;
    return records.map(({ record, info }) => ({ row: record, line: info.lines }));
  } catch (error) {
    const lines = (error as { lines?: unknown }).lines;
    const reason = (error as { code?: string }).code === "CSV_RECORD_INCONSISTENT_FIELDS_LENGTH" ? "a row has a different number of fields than the header" : (error as Error).message;
    throw damaged(file, reason, typeof lines === "number" ? lines : undefined, error);
  }
}

function readRecord(file: string): StoredRun["record"] {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    throw damaged(file, `cannot read run.json (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, undefined, error);
  }
  let record: unknown;
  try {
    record = JSON.parse(text);
  } catch (error) {
    // V8 names the offset ("... at position 812"); turn it into the line a reader can open.
    const position = /position (\d+)/.exec((error as Error).message)?.[1];
    const line = position === undefined ? text.split("\n").length : text.slice(0, Number(position)).split("\n").length;
    throw damaged(file, `run.json is not valid JSON (${(error as Error).message})`, line, error);
  }
  if (typeof record !== "object" || record === null || typeof (record as { id?: unknown }).id !== "string" || typeof (record as { analysis?: unknown }).analysis !== "string") {
    throw damaged(file, "run.json lacks the run's id or analysis", 1);
  }
  return record as StoredRun["record"];
}

const numberOrString = (value: string): number | string => (value !== "" && Number.isFinite(Number(value)) && !/^0\d/.test(value) ? Number(value) : value);

const VERDICTS: readonly GroupVerdict[] = ["strong", "moderate", "weak"];

/** Reads a run directory back into the RunResult the analysis produced. */
export function readRunDirectory(outDir: string, options: { withOtherEdges?: boolean } = {}): StoredRun {
  const record = readRecord(path.join(outDir, "run.json"));
  const nodesFile = path.join(outDir, "nodes.csv");
  const nodes: RunNode[] = readCsv(nodesFile).map(({ row: { id, community, ...scores }, line }) => {
    if (!id) throw damaged(nodesFile, "a row has no account id", line);
    const group = community === "" || community === undefined ? null : Number(community);
    if (group !== null && !Number.isInteger(group)) throw damaged(nodesFile, `community "${community}" is not a whole number`, line);
    return {
      id,
      community: group,
      scores: Object.fromEntries(Object.entries(scores).filter(([, v]) => v !== "").map(([k, v]) => [k, Number(v)])),
    };
  });
  // network.csv, when present, is the network the run partitioned (edges.csv then also holds the rest
  // of CooRTweet's network: millions of rows at archive scale, read only on request).
  const networkFile = path.join(outDir, NETWORK_FILE);
  const edgesFile = fs.existsSync(networkFile) && !options.withOtherEdges ? networkFile : path.join(outDir, "edges.csv");
  const edges: RunEdge[] = readCsv(edgesFile).map(({ row: { source, target, weight, ...attributes }, line }) => {
    if (!source || !target) throw damaged(edgesFile, "a row has no source or target account", line);
    const value = Number(weight);
    if (weight === undefined || weight === "" || !Number.isFinite(value)) throw damaged(edgesFile, `weight "${weight ?? ""}" is not a number`, line);
    return {
      source,
      target,
      weight: value,
      attributes: Object.fromEntries(Object.entries(attributes).filter(([, v]) => v !== "").map(([k, v]) => [k, numberOrString(v)])),
    };
  });
  const communitiesFile = path.join(outDir, "communities.csv");
  const communities: RunCommunity[] = readCsv(communitiesFile).map(({ row: c, line }) => {
    const id = Number(c.id);
    if (c.id === undefined || c.id === "" || !Number.isInteger(id)) throw damaged(communitiesFile, `community id "${c.id ?? ""}" is not a whole number`, line);
    const community: RunCommunity = { id, size: Number(c.size), internalWeight: Number(c.internalWeight) };
    // Significance columns, written by analyses that test their ties (absent in older runs).
    const optionalNumber = (name: string) => (c[name] !== undefined && c[name] !== "" && Number.isFinite(Number(c[name])) ? Number(c[name]) : undefined);
    const numbers = { score: optionalNumber("score"), observed: optionalNumber("observed"), expected: optionalNumber("expected"), ties: optionalNumber("ties"), significantTies: optionalNumber("significantTies"), bestAdjustedPValue: optionalNumber("bestAdjustedPValue") };
    for (const [key, value] of Object.entries(numbers)) if (value !== undefined) (community as unknown as Record<string, number>)[key] = value;
    if (VERDICTS.includes(c.verdict as GroupVerdict)) community.verdict = c.verdict as GroupVerdict;
    if (c.reason) community.reason = c.reason;
    if (c.headline) community.headline = c.headline;
    return community;
  });
  const inNetwork = edges.filter((e) => (e.attributes as Record<string, unknown>).inNetwork !== 0);
  const outside = edges.filter((e) => (e.attributes as Record<string, unknown>).inNetwork === 0);
  for (const e of edges) delete (e.attributes as Record<string, unknown>).inNetwork;
  const otherEdges: OtherEdges | undefined =
    outside.length > 0
      ? {
          count: outside.length,
          // A loop, not Math.min(...spread): hundreds of thousands of edges overflow the call stack.
          smallestAdjustedPValue: outside.reduce((min, e) => Math.min(min, e.attributes.adjustedPValue ?? 1), 1),
          attributeKeys: [...new Set(outside.flatMap((e) => Object.keys(e.attributes)))],
          [Symbol.iterator]: () => outside[Symbol.iterator](),
        }
      : undefined;
  return {
    record,
    result: { directed: record.directed ?? false, nodes, edges: inNetwork, ...(otherEdges ? { otherEdges } : {}), communities, summary: record.summary },
  };
}

/** Rows of an extra table of the run (e.g. `pairs` of a co-share run); empty when absent. */
export function readRunTable(outDir: string, name: string): Array<Record<string, string>> {
  return readCsv(path.join(outDir, `${name}.csv`)).map(({ row }) => row);
}
