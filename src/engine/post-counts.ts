/** Adds each account's number of posts in scope as the `posts` score (used to size nodes and find the most active). */
import { cypher } from "../db/cypher.ts";
import { readRows } from "../db/driver.ts";
import type { AnalysisContext } from "./module.ts";
import { scopeParams } from "./scope.ts";
import type { RunNode } from "../run/model.ts";

export async function addPostCounts(context: AnalysisContext, nodes: RunNode[], batchSize = 20_000): Promise<void> {
  const posts = new Map<string, number>();
  for (let start = 0; start < nodes.length; start += batchSize) {
    const ids = nodes.slice(start, start + batchSize).map((n) => n.id);
    const rows = await readRows<{ account: string; posts: number }>(context.db, cypher("account-posts"), { ...scopeParams(context.scope), ids });
    for (const row of rows) posts.set(row.account, row.posts);
  }
  for (const node of nodes) node.scores.posts = posts.get(node.id) ?? 0;
}
