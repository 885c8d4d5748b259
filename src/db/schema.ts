/**
 * Applies `cypher/schema.cypher` (idempotent: every statement is `IF NOT EXISTS`). Every load and
 * `db migrate` calls it; one read (`cypher/schema-check.cypher`) first tells whether every constraint
 * and index is already online, in which case nothing else runs: each schema statement is an
 * auto-commit transaction of its own, ten round trips a load would otherwise pay every time.
 */
import { cypher, cypherStatements } from "./cypher.ts";
import { readRows, session, type Database } from "./driver.ts";

/** `CONSTRAINT account_id`, `INDEX tweet_time`: what a statement of schema.cypher creates. */
export function schemaObjectName(statement: string): string {
  const match = /^CREATE\s+(CONSTRAINT|INDEX)\s+(\w+)\s+IF\s+NOT\s+EXISTS/i.exec(statement.trim());
  if (!match) throw new Error(`cypher/schema.cypher: cannot name the object of "${statement.slice(0, 60)}"`);
  return `${match[1]!.toUpperCase()} ${match[2]}`;
}

export interface SchemaOutcome {
  /** Statements in cypher/schema.cypher. */
  statements: number;
  /** Statements run: 0 when every constraint and index was already online. */
  applied: number;
}

export async function applySchema(db: Database): Promise<SchemaOutcome> {
  const statements = cypherStatements("schema");
  const [row] = await readRows<{ online: string[] }>(db, cypher("schema-check"));
  const online = new Set(row?.online ?? []);
  const missing = statements.filter((statement) => !online.has(schemaObjectName(statement)));
  if (missing.length === 0) return { statements: statements.length, applied: 0 };
  const s = session(db, "WRITE");
  try {
    // Schema statements cannot share a transaction with writes: run each in its own auto-commit transaction.
    for (const statement of missing) await s.run(statement);
    await s.run(cypherStatements("schema-await")[0]!);
  } finally {
    await s.close();
  }
  return { statements: statements.length, applied: missing.length };
}
