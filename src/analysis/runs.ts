/**
 * Finding and reading stored runs: by id, by run directory, or the latest. Reports, the viewer and
 * exports all start here.
 */
import fs from "node:fs";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { cypher } from "../db/cypher.ts";
import { readRows, type Database } from "../db/driver.ts";
import { UsageError } from "../errors.ts";
import type { RunRecord } from "./store.ts";
import type { RunCommunity, RunEdge, RunNode, RunResult } from "./types.ts";

export interface StoredRun {
  record: RunRecord & { directed?: boolean };
  result: RunResult;
}

/**
 * Resolves a run reference: a run directory (holding run.json), a run id known to Neo4j, or
 * nothing (the latest complete run).
 */
export async function resolveRunDirectory(db: Database | undefined, ref?: string): Promise<string> {
  if (ref && fs.existsSync(path.join(ref, "run.json"))) return path.resolve(ref);
  if (ref && fs.existsSync(path.join("runs", ref, "run.json"))) return path.resolve("runs", ref);
  if (!db) throw new UsageError("RUN_NOT_FOUND", `no run directory at "${ref ?? ""}"`, { hint: "give a run id or a run directory" });
  const rows = ref
    ? await readRows<{ outDir: string }>(db, cypher("run-by-id"), { runId: ref })
    : await readRows<{ outDir: string }>(db, cypher("run-latest"), { analysis: null });
  const outDir = rows[0]?.outDir;
  if (!outDir) {
    throw new UsageError("RUN_NOT_FOUND", ref ? `no run "${ref}"` : "no analysis run yet", { hint: "run one first: coordgraph run co-retweet" });
  }
  if (!fs.existsSync(path.join(outDir, "run.json"))) {
    throw new UsageError("RUN_FILES_MISSING", `run ${ref ?? "(latest)"} is in Neo4j but its directory ${outDir} is gone`, { hint: "run the analysis again" });
  }
  return outDir;
}

function readCsv(file: string): Array<Record<string, string>> {
  if (!fs.existsSync(file)) return [];
  return parse(fs.readFileSync(file), { columns: true, skip_empty_lines: true }) as Array<Record<string, string>>;
}

const numberOrString = (value: string): number | string => (value !== "" && Number.isFinite(Number(value)) && !/^0\d/.test(value) ? Number(value) : value);

/** Reads a run directory back into the RunResult the analysis produced. */
export function readRunDirectory(outDir: string): StoredRun {
  const record = JSON.parse(fs.readFileSync(path.join(outDir, "run.json"), "utf8")) as StoredRun["record"];
  const nodes: RunNode[] = readCsv(path.join(outDir, "nodes.csv")).map(({ id, community, ...scores }) => ({
    id: id!,
    community: community === "" || community === undefined ? null : Number(community),
    scores: Object.fromEntries(Object.entries(scores).filter(([, v]) => v !== "").map(([k, v]) => [k, Number(v)])),
  }));
  const edges: RunEdge[] = readCsv(path.join(outDir, "edges.csv")).map(({ source, target, weight, ...attributes }) => ({
    source: source!,
    target: target!,
    weight: Number(weight),
    attributes: Object.fromEntries(Object.entries(attributes).filter(([, v]) => v !== "").map(([k, v]) => [k, numberOrString(v)])),
  }));
  const communities: RunCommunity[] = readCsv(path.join(outDir, "communities.csv")).map((c) => ({
    id: Number(c.id),
    size: Number(c.size),
    internalWeight: Number(c.internalWeight),
  }));
  return { record, result: { directed: record.directed ?? false, nodes, edges, communities, summary: record.summary } };
}

/** Rows of an extra table of the run (e.g. `pairs` of a co-share run); empty when absent. */
export function readRunTable(outDir: string, name: string): Array<Record<string, string>> {
  return readCsv(path.join(outDir, `${name}.csv`));
}
