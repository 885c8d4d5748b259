/**
 * `communities`: Louvain (Blondel et al. 2008, graphology-communities-louvain) on the account
 * interaction graph: retweets, replies, quotes and mentions between accounts, weighted by counts.
 */
import { defineAnalysis, timed } from "../src/engine/module.ts";
import { groupAccounts, groupOptions } from "../src/engine/groups.ts";
import { scopeParams } from "../src/engine/scope.ts";
import type { RunEdge } from "../src/run/model.ts";
import { cypher } from "../src/db/cypher.ts";
import { streamRows } from "../src/db/stream.ts";

const kindsByChoice = {
  all: ["RETWEET_OF", "REPLY_TO", "QUOTES", "MENTIONS"],
  retweets: ["RETWEET_OF"],
  replies: ["REPLY_TO"],
  mentions: ["MENTIONS"],
  "retweets-replies-quotes": ["RETWEET_OF", "REPLY_TO", "QUOTES"],
} as const satisfies Record<string, readonly string[]>;
const INTERACTION_CHOICES = ["all", "retweets", "replies", "mentions", "retweets-replies-quotes"] as const satisfies ReadonlyArray<keyof typeof kindsByChoice>;

const communities = defineAnalysis({
  name: "communities",
  description: "Louvain communities of the account interaction graph (retweets, replies, quotes, mentions; weights = counts)",
  options: [
    { key: "interactions", flag: "interactions", type: "choice", default: "all", choices: INTERACTION_CHOICES, description: "which interactions make edges" },
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
        { ...scopeParams(context.scope), kinds: kindsByChoice[options.interactions], includeOutside: options.includeOutside },
        (row) => {
          const source = row.get("source") as string;
          const target = row.get("target") as string;
          const kind = row.get("kind") as string;
          const weight = row.get("weight") as number;
          const [a, b] = source < target ? [source, target] : [target, source];
          const key = `${a}\u0000${b}`;
          let entry = weights.get(key);
          if (!entry) weights.set(key, (entry = { source: a, target: b, weight: 0, kinds: {} }));
          entry.weight += weight;
          entry.kinds[kind] = (entry.kinds[kind] ?? 0) + weight;
        },
      ),
    );
    const edges: RunEdge[] = [];
    for (const e of weights.values()) {
      if (e.weight < options.minWeight) continue;
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
});

export default communities;
