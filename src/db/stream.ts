/**
 * Streams the records of a large read (projections of millions of rows) without collecting them:
 * `executeRead` + `tx.run` would buffer every record; here each record is handed over as it arrives.
 */
import type { Database } from "./driver.ts";
import { session } from "./driver.ts";

export async function streamRows(
  db: Database,
  statement: string,
  params: Record<string, unknown>,
  onRow: (values: unknown[]) => void,
): Promise<number> {
  const s = session(db, "READ");
  let rows = 0;
  try {
    const tx = s.beginTransaction();
    try {
      const result = tx.run(statement, params);
      for await (const record of result) {
        onRow((record as unknown as { _fields: unknown[] })._fields);
        rows++;
      }
      await tx.commit();
    } catch (error) {
      await tx.rollback().catch(() => {});
      throw error;
    }
  } finally {
    await s.close();
  }
  return rows;
}
