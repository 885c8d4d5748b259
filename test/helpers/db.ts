/**
 * The real Neo4j server the integration tests use (its own home and port, see vitest.config.ts),
 * started on demand. Tests that write wipe the graph first: never point these at data you care about.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { fileURLToPath } from "node:url";
import { connect, readRows, session, type Database } from "../../src/db/driver.ts";
import { serverConfigFromEnv } from "../../src/db/config.ts";
import { applySchema } from "../../src/db/schema.ts";
import { cypher } from "../../src/db/cypher.ts";

export const projectRoot = fileURLToPath(new URL("../../", import.meta.url));

export async function testDatabase(): Promise<Database> {
  const config = serverConfigFromEnv();
  if (config.mode !== "local" || config.boltPort === 7687) throw new Error("tests must run against the test server (see vitest.config.ts)");
  return connect({ config });
}

/** Deletes every node and relationship (schema stays) and applies the schema. */
export async function emptyDatabase(db: Database): Promise<void> {
  const s = session(db);
  try {
    await s.run(cypher("db-wipe"));
  } finally {
    await s.close();
  }
  await applySchema(db);
}

export async function countNodes(db: Database, label: string): Promise<number> {
  const [row] = await readRows<{ n: number }>(db, `MATCH (n:${label}) RETURN count(n) AS n`);
  return row!.n;
}

export async function countRelationships(db: Database, type: string): Promise<number> {
  const [row] = await readRows<{ n: number }>(db, `MATCH ()-[r:${type}]->() RETURN count(r) AS n`);
  return row!.n;
}

const exec = promisify(execFile);

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI (bin/coordgraph.js) in a child process with the test server's environment. */
export async function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  try {
    const { stdout, stderr } = await exec(process.execPath, [`${projectRoot}bin/coordgraph.js`, ...args], {
      cwd: projectRoot,
      env: { ...process.env, ...env },
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === "number" ? e.code : 1, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}

/** Every label's node count and every relationship type's count, e.g. `{ "node:Tweet": 3, "relationship:POSTED": 3 }`. */
export async function graphCounts(db: Database): Promise<Record<string, number>> {
  const rows = await readRows<{ kind: string; name: string; n: number }>(db, cypher("graph-counts"));
  return Object.fromEntries(rows.map((r) => [`${r.kind}:${r.name}`, r.n]));
}
