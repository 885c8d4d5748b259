/** Applies `cypher/schema.cypher` (idempotent: every statement is `IF NOT EXISTS`). */
import { cypherStatements } from "./cypher.ts";
import { session, type Database } from "./driver.ts";

export async function applySchema(db: Database): Promise<{ statements: number }> {
  const statements = cypherStatements("schema");
  const s = session(db, "WRITE");
  try {
    // Schema statements cannot share a transaction with writes: run each in its own auto-commit transaction.
    for (const statement of statements) await s.run(statement);
    await s.run(cypherStatements("schema-await")[0]!);
  } finally {
    await s.close();
  }
  return { statements: statements.length };
}
