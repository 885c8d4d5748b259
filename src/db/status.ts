/** `db status`: what server we talk to and how big the graph is. */
import { cypher } from "./cypher.ts";
import { readRows, type Database } from "./driver.ts";
import { configuredMemory, dataSizeBytes, runningPid } from "./server.ts";

export interface DatabaseStatus {
  running: boolean;
  mode: "local" | "external";
  address: string;
  version?: string;
  edition?: string;
  pid?: number;
  home?: string;
  dataSizeBytes?: number;
  /** The local server's heap and page cache as its last start sized them (COORDGRAPH_NEO4J_HEAP/_PAGECACHE, or from the store). */
  heap?: string;
  pageCache?: string;
  nodes?: number;
  relationships?: number;
}

export async function databaseStatus(db: Database): Promise<DatabaseStatus> {
  const [row] = await readRows<{ version: string; edition: string; nodes: number; relationships: number }>(db, cypher("db-status"));
  const config = db.config;
  return {
    running: true,
    mode: config.mode,
    address: config.uri,
    version: row?.version,
    edition: row?.edition,
    ...(config.mode === "local" ? { pid: runningPid(config), home: config.home, dataSizeBytes: dataSizeBytes(config), ...configuredMemory(config) } : {}),
    nodes: row?.nodes,
    relationships: row?.relationships,
  };
}
