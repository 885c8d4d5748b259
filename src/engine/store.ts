/**
 * Stores a run twice: in Neo4j (an AnalysisRun node and each account's community and scores as an
 * IN_RUN relationship) and in a run directory (nodes.csv, edges.csv, communities.csv, run.json and any
 * extra tables). A run that fails to store is removed, so no partial run is ever left behind.
 */
import fs from "node:fs";
import path from "node:path";
import { cypher } from "../db/cypher.ts";
import { writeTx, type Database } from "../db/driver.ts";
import { csvLine, toCsv } from "../util/csv-write.ts";
import { version } from "../version.ts";
import type { Scope } from "./scope.ts";
import { EVIDENCE_COLUMNS, EVIDENCE_FILE, evidenceRows } from "../run/evidence.ts";
import { edgeAttributeEntries, type RunEdge, type RunResult } from "../run/model.ts";

/** The network a run partitioned, when edges.csv holds more (co-share runs keep CooRTweet's whole network there). */
export const NETWORK_FILE = "network.csv";

/** communities.csv: strongest group first; the verdict columns are empty for analyses without significance. */
export const COMMUNITY_COLUMNS = ["id", "size", "internalWeight", "verdict", "score", "observed", "expected", "ties", "significantTies", "bestAdjustedPValue", "reason", "headline"];

export interface RunRecord {
  id: string;
  analysis: string;
  createdAt: string;
  params: Record<string, unknown>;
  scope: Scope;
  outDir: string;
  version: string;
  counts: { accounts: number; edges: number; communities: number };
  summary: RunResult["summary"];
  timings: Record<string, number>;
  warnings: string[];
}

/** A run id that sorts by time and names its analysis: `co-retweet-20261123-104501-123`. */
export function newRunId(analysis: string, now = new Date(), attempt = 0): string {
  const iso = now.toISOString();
  const stamp = iso.replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
  // Milliseconds (and an attempt number after a clash) keep ids unique when runs start in the same second.
  return `${analysis}-${stamp}-${iso.slice(20, 23)}${attempt > 0 ? `-${attempt}` : ""}`;
}

/** True for Neo4j's answer to a second AnalysisRun with an id already taken. */
export function isRunIdClash(error: unknown): boolean {
  return String((error as { code?: string }).code ?? "").includes("ConstraintValidationFailed");
}

function writeStream(file: string, lines: Iterable<string>): void {
  const fd = fs.openSync(file, "w");
  try {
    let buffer = "";
    for (const line of lines) {
      buffer += line;
      if (buffer.length > 1 << 20) {
        fs.writeSync(fd, buffer);
        buffer = "";
      }
    }
    fs.writeSync(fd, buffer);
  } finally {
    fs.closeSync(fd);
  }
}

/** Writes the run directory; returns the file names written. */
export function writeRunDirectory(record: RunRecord, result: RunResult): string[] {
  fs.mkdirSync(record.outDir, { recursive: true });
  const scoreKeys = [...new Set(result.nodes.flatMap((n) => Object.keys(n.scores)))].sort();
  const edgeKeySet = new Set<string>();
  for (const e of result.edges) for (const key of Object.keys(e.attributes)) edgeKeySet.add(key);
  for (const key of result.otherEdges?.attributeKeys ?? []) edgeKeySet.add(key);
  const edgeKeys = [...edgeKeySet].sort();
  const files = ["run.json", "nodes.csv", "edges.csv", "communities.csv"];
  writeStream(path.join(record.outDir, "nodes.csv"), (function* () {
    yield csvLine(["id", "community", ...scoreKeys]);
    for (const n of result.nodes) yield csvLine([n.id, n.community, ...scoreKeys.map((k) => n.scores[k])]);
  })());
  // With edges outside the network (co-share runs keep CooRTweet's whole network), edges.csv holds
  // both and says which is which in `inNetwork`; network.csv holds the network alone.
  const others = result.otherEdges;
  const edgeRows = (withOthers: boolean) =>
    (function* () {
      yield csvLine(["source", "target", "weight", ...edgeKeys, ...(withOthers ? ["inNetwork"] : [])]);
      const lists: Array<[Iterable<RunEdge>, number]> = withOthers ? [[result.edges, 1], [others!, 0]] : [[result.edges, 1]];
      for (const [list, flag] of lists) {
        for (const e of list) {
          const values = new Map(edgeAttributeEntries(e.attributes));
          yield csvLine([e.source, e.target, e.weight, ...edgeKeys.map((k) => values.get(k)), ...(withOthers ? [flag] : [])]);
        }
      }
    })();
  writeStream(path.join(record.outDir, "edges.csv"), edgeRows(others !== undefined));
  if (others !== undefined) {
    writeStream(path.join(record.outDir, NETWORK_FILE), edgeRows(false));
    files.push(NETWORK_FILE);
  }
  fs.writeFileSync(path.join(record.outDir, "communities.csv"), toCsv(result.communities.map((c) => ({ ...c })), COMMUNITY_COLUMNS));
  for (const [name, rows] of Object.entries(result.tables ?? {})) {
    writeStream(path.join(record.outDir, `${name}.csv`), (function* () {
      let columns: string[] | null = null;
      for (const row of rows) {
        if (columns === null) {
          columns = Object.keys(row);
          yield csvLine(columns);
        }
        yield csvLine(columns.map((c) => row[c]));
      }
      if (columns === null) yield csvLine([]);
    })());
    files.push(`${name}.csv`);
  }
  if (result.evidence !== undefined) {
    writeStream(path.join(record.outDir, EVIDENCE_FILE), (function* () {
      yield csvLine(EVIDENCE_COLUMNS);
      for (const row of evidenceRows(result.evidence!)) yield csvLine(EVIDENCE_COLUMNS.map((c) => row[c]));
    })());
    files.push(EVIDENCE_FILE);
  }
  fs.writeFileSync(path.join(record.outDir, "run.json"), `${JSON.stringify({ ...record, directed: result.directed }, null, 2)}\n`);
  return files;
}

/** Writes the run into Neo4j; on failure removes what was written and rethrows. */
export async function storeRunInGraph(db: Database, record: RunRecord, result: RunResult, batchSize = 5000): Promise<void> {
  await writeTx(db, (tx) =>
    tx.run(cypher("run-create"), {
      id: record.id,
      analysis: record.analysis,
      createdAt: record.createdAt,
      params: JSON.stringify(record.params),
      scope: JSON.stringify(record.scope),
      summary: JSON.stringify(record.summary),
      outDir: record.outDir,
      version,
      accounts: record.counts.accounts,
      edges: record.counts.edges,
      communities: record.counts.communities,
    }),
  );
  try {
    for (let start = 0; start < result.nodes.length; start += batchSize) {
      const members = result.nodes.slice(start, start + batchSize).map((n) => ({ id: n.id, community: n.community, scores: n.scores }));
      await writeTx(db, (tx) => tx.run(cypher("run-members"), { runId: record.id, members }));
    }
    await writeTx(db, (tx) => tx.run(cypher("run-complete"), { runId: record.id }));
  } catch (error) {
    await deleteRun(db, record.id);
    throw error;
  }
}

/** Removes a run and its memberships from the graph (best effort: used while failing). */
export async function deleteRun(db: Database, runId: string): Promise<void> {
  await writeTx(db, (tx) => tx.run(cypher("run-delete"), { runId })).catch(() => {});
}
