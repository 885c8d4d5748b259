/**
 * Every Cypher statement lives in `cypher/<name>.cypher`. This module reads them once and hands them
 * out by name, so queries are reviewed as files and always run with parameters.
 */
import fs from "node:fs";
import { fileURLToPath } from "node:url";

const cypherDir = fileURLToPath(new URL("../../cypher/", import.meta.url));
const cache = new Map<string, string[]>();

/** The statements of `cypher/<name>.cypher`, split on `;` at the end of a line; `//` comment lines dropped. */
export function cypherStatements(name: string): string[] {
  let statements = cache.get(name);
  if (!statements) {
    const text = fs.readFileSync(`${cypherDir}${name}.cypher`, "utf8");
    statements = text
      .split(/;\s*$/m)
      .map((s) => s.split("\n").filter((line) => !line.trim().startsWith("//")).join("\n").trim())
      .filter((s) => s.length > 0);
    cache.set(name, statements);
  }
  return statements;
}

/** The single statement of `cypher/<name>.cypher`. */
export function cypher(name: string): string {
  const statements = cypherStatements(name);
  if (statements.length !== 1) throw new Error(`cypher/${name}.cypher holds ${statements.length} statements, expected 1`);
  return statements[0]!;
}
