/**
 * `communities`: Louvain (Blondel et al. 2008, graphology-communities-louvain) on the account
 * interaction graph: retweets, replies, quotes and mentions between accounts, weighted by counts.
 */
import type { AnalysisModule } from "../src/analysis/module.ts";
import { timed } from "../src/analysis/module.ts";
import { groupAccounts, groupOptions } from "../src/analysis/groups.ts";
import { scopeParams } from "../src/analysis/scope.ts";
import type { RunEdge } from "../src/analysis/types.ts";
import { cypher } from "../src/db/cypher.ts";
import { streamRows } from "../src/db/stream.ts";

const kindsByChoice: Record<string, string[]> = {
  all: ["RETWEET_OF", "REPLY_TO", "QUOTES", "MENTIONS"],
  retweets: ["RETWEET_OF"],
  replies: ["REPLY_TO"],
  mentions: ["MENTIONS"],
  "retweets-replies-quotes": ["RETWEET_OF", "REPLY_TO", "QUOTES"],
};

const communities: AnalysisModule = {
  name: "communities",
  description: "Louvain communities of the account interaction graph (retweets, replies, quotes, mentions; weights = counts)",
  options: [
    { key: "interactions", flag: "interactions", type: "choice", default: "all", choices: Object.keys(kindsByChoice), description: "which interactions make edges" },
    { key: "includeOutside", flag: "include-outside", type: "boolean", default: false, description: "keep accounts outside the archive (stubs only referenced by it) as nodes" },
    { key: "minWeight", flag: "min-weight", type: "number", default: 1, min: 1, integer: true, description: "drop account pairs with fewer interactions than this" },
    ...groupOptions,
  ],
  async run(context, options) {
    // Interactions are directed (a retweets b) but communities are about ties: sum both directions.
    const weights = new Map<string, { source: string; target: string; weight: number; kinds: Record<string, number> }>();
    await timed(context, "projection", () =>
      streamRows(
        context.db,
        cypher("communities"),
        { ...scopeParams(context.scope), kinds: kindsByChoice[options.interactions as string], includeOutside: options.includeOutside },
        (row) => {
          const source = row.get("source") as string;
          const target = row.get("target") as string;
          const kind = row.get("kind") as string;
          const weight = row.get("weight") as number;
          const [a, b] = (source as string) < (target as string) ? [source as string, target as string] : [target as string, source as string];
          const key = `${a}\u0000${b}`;
          let entry = weights.get(key);
          if (!entry) weights.set(key, (entry = { source: a, target: b, weight: 0, kinds: {} }));
          entry.weight += weight as number;
          entry.kinds[kind as string] = (entry.kinds[kind as string] ?? 0) + (weight as number);
        },
      ),
    );
    const edges: RunEdge[] = [];
    for (const e of weights.values()) {
      if (e.weight < (options.minWeight as number)) continue;
      edges.push({
        source: e.source,
        target: e.target,
        weight: e.weight,
        attributes: { retweets: e.kinds.RETWEET_OF ?? 0, replies: e.kinds.REPLY_TO ?? 0, quotes: e.kinds.QUOTES ?? 0, mentions: e.kinds.MENTIONS ?? 0 },
      });
    }
    weights.clear();
    edges.sort((x, y) => (x.source < y.source ? -1 : x.source > y.source ? 1 : x.target < y.target ? -1 : x.target > y.target ? 1 : 0));
    const partition = await groupAccounts(context, edges, options);
    return {
      directed: false,
      nodes: partition.nodes,
      edges,
      communities: partition.communities,
      summary: {
        accounts: partition.nodes.length,
        edges: edges.length,
        communities: partition.communities.length,
        modularity: partition.modularity,
        largestCommunity: partition.communities[0]?.size ?? 0,
      },
    };
  },
};

export default communities;
