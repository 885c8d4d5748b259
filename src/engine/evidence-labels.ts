/**
 * What a reader recognises an evidence object by: a tweet's text, an account's screen name. Hashtags,
 * URLs and domains are their own labels. One batched, parameterised read per 5,000 ids.
 */
import { cypher } from "../db/cypher.ts";
import { readRows, type Database } from "../db/driver.ts";

/** What a co-share analysis's objects are: tweets (retweet, reply, quote), accounts (mention), or names that label themselves. */
export type ObjectKind = "tweet" | "account" | "name";

const BATCH = 5000;

/** Labels of the given ids (absent where the graph has none). */
export async function evidenceLabels(db: Database, kind: "tweet" | "account", ids: Iterable<string>): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  const labels = new Map<string, string>();
  const statement = cypher(kind === "tweet" ? "evidence-tweets" : "evidence-accounts");
  for (let start = 0; start < unique.length; start += BATCH) {
    const rows = await readRows<{ id: string; text?: string | null; name?: string | null }>(db, statement, { ids: unique.slice(start, start + BATCH) });
    for (const row of rows) {
      const label = kind === "tweet" ? row.text : row.name;
      if (typeof label === "string" && label !== "") labels.set(row.id, label);
    }
  }
  return labels;
}
