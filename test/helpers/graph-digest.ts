/**
 * A digest of a whole graph, independent of internal ids and of the order things were written in:
 * per label, the nodes' keys and properties; per relationship type, the keys of both ends. Two
 * loads produced the same graph exactly when their digests are equal (tests compare them).
 */
import { createHash } from "node:crypto";
import { readRows, type Database } from "../../src/db/driver.ts";

export interface GraphDigest {
  nodes: Record<string, { count: number; sha1: string }>;
  relationships: Record<string, { count: number; sha1: string }>;
}

/** Dataset properties that record when a load ran, not what it wrote: they differ between any two loads. */
const volatileDatasetProperties = new Set(["createdAt", "updatedAt", "lastLoadAt"]);

const nodeKey = "coalesce(n.id, n.name, n.url)";

/** Key-sorted JSON; driver values that are objects (temporal types) by their string form. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value !== null && typeof value === "object") {
    if (value.constructor !== Object) return JSON.stringify(String(value));
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  // A whole-number float and an integer print alike here: the value types per key are digested separately.
  return JSON.stringify(value);
}

export async function graphDigest(db: Database, options: { labels?: string[]; types?: string[] } = {}): Promise<GraphDigest> {
  const labels = options.labels ?? ["Account", "Tweet", "Hashtag", "Url", "Domain", "Dataset"];
  const types = options.types ?? ["POSTED", "RETWEET_OF", "REPLY_TO", "QUOTES", "MENTIONS", "TAGS", "LINKS", "ON_DOMAIN", "IN_DATASET"];
  const digest: GraphDigest = { nodes: {}, relationships: {} };
  for (const label of labels) {
    const rows = await readRows<{ props: Record<string, unknown> }>(db, `MATCH (n:${label}) RETURN properties(n) AS props ORDER BY ${nodeKey}`);
    const typed = await readRows<{ key: string; types: string[] }>(
      db,
      `MATCH (n:${label}) UNWIND keys(n) AS k WITH k, n[k] AS v RETURN k AS key, collect(DISTINCT valueType(v)) AS types ORDER BY key`,
    );
    const hash = createHash("sha1");
    for (const t of typed) hash.update(`${t.key}:${[...t.types].sort().join("|")}\n`);
    for (const row of rows) {
      const props = label === "Dataset" ? Object.fromEntries(Object.entries(row.props).filter(([k]) => !volatileDatasetProperties.has(k))) : row.props;
      hash.update(canonical(props) + "\n");
    }
    digest.nodes[label] = { count: rows.length, sha1: hash.digest("hex") };
  }
  for (const type of types) {
    const rows = await readRows<{ a: string; b: string; props: Record<string, unknown> }>(
      db,
      `MATCH (x)-[r:${type}]->(y) RETURN coalesce(x.id, x.name, x.url) AS a, coalesce(y.id, y.name, y.url) AS b, properties(r) AS props ORDER BY a, b`,
    );
    const hash = createHash("sha1");
    for (const row of rows) hash.update(`${row.a}\u0000${row.b}\u0000${canonical(row.props)}\n`);
    digest.relationships[type] = { count: rows.length, sha1: hash.digest("hex") };
  }
  return digest;
}
