/**
 * `co-text`: accounts posting the same or nearly the same text (not retweets) within a window.
 * Exact duplicates by normalised-text hash; near duplicates by MinHash over word shingles with LSH
 * banding (Broder 1997; Leskovec, Rajaraman & Ullman, ch. 3), never an all-pairs comparison.
 */
import type { AnalysisModule } from "../src/analysis/module.ts";
import { timed } from "../src/analysis/module.ts";
import { groupAccounts, groupOptions } from "../src/analysis/groups.ts";
import { scopeParams } from "../src/analysis/scope.ts";
import type { RunEdge } from "../src/analysis/types.ts";
import { CoTextIndex, coTextDefaults } from "../src/core/cotext.ts";
import { cypher } from "../src/db/cypher.ts";
import { streamRows } from "../src/db/stream.ts";
import { precisionWarning } from "../src/analysis/precision.ts";

const coText: AnalysisModule = {
  name: "co-text",
  description: "accounts posting the same or nearly the same text (not retweets) within a time window (MinHash/LSH)",
  options: [
    { key: "windowSeconds", flag: "window", type: "number", default: coTextDefaults.windowSeconds, min: 0, description: "two posts at most this many seconds apart can match" },
    { key: "similarity", flag: "similarity", type: "number", default: coTextDefaults.similarity, min: 0.05, max: 1, description: "minimum Jaccard similarity of the word shingles" },
    { key: "minTokens", flag: "min-tokens", type: "number", integer: true, default: coTextDefaults.minTokens, min: 1, description: "texts with fewer normalised words are ignored" },
    { key: "shingleSize", flag: "shingle-size", type: "number", integer: true, default: coTextDefaults.shingleSize, min: 1, max: 10, description: "words per shingle" },
    { key: "minWeight", flag: "min-weight", type: "number", integer: true, default: 1, min: 1, description: "keep account pairs with at least this many matching posts" },
    ...groupOptions,
  ],
  async run(context, options) {
    const index = new CoTextIndex({
      windowSeconds: options.windowSeconds as number,
      similarity: options.similarity as number,
      minTokens: options.minTokens as number,
      shingleSize: options.shingleSize as number,
      seed: options.seed as number,
    });
    let posts = 0;
    await timed(context, "projection+index", () =>
      streamRows(context.db, cypher("co-text"), scopeParams(context.scope), ([accountId, tweetId, time, text]) => {
        posts++;
        index.add({ accountId: accountId as string, tweetId: tweetId as string, time: time as number, text: text as string });
      }),
    );
    const result = await timed(context, "pairs", () => index.finish());
    const edges: RunEdge[] = result.edges
      .filter((e) => e.weight >= (options.minWeight as number))
      .map((e) => ({
        source: e.accountA,
        target: e.accountB,
        weight: e.weight,
        attributes: {
          exactMatches: e.exactMatches,
          meanSimilarity: e.meanSimilarity,
          minTimeDeltaSeconds: e.minTimeDelta / 1000,
          examples: e.exampleTweetIds.map(([a, b]) => `${a}~${b}`).join(" "),
        },
      }));
    const partition = await groupAccounts(context, edges, options);
    const warning = precisionWarning(context, options.windowSeconds as number, "--window");
    return {
      directed: false,
      nodes: partition.nodes,
      edges,
      communities: partition.communities,
      summary: {
        posts,
        pairs: edges.length,
        accounts: partition.nodes.length,
        communities: partition.communities.length,
        modularity: partition.modularity,
        ...Object.fromEntries(Object.entries(result.stats).filter(([, v]) => typeof v === "number" || typeof v === "string")),
      },
      warnings: warning ? [warning] : [],
    };
  },
};

export default coText;
