/**
 * The co-share family (co-retweet, co-hashtag, co-url, co-domain, co-mention, co-reply, co-quote):
 * project (object, account, share, time) rows with the analysis's own `.cypher` file, run the
 * CooRTweet-exact core (src/core/coshare.ts), partition the network with Louvain.
 */
import { cypher } from "../db/cypher.ts";
import { streamRows } from "../db/stream.ts";
import {
  buildCoordinatedNetworkWithFast,
  coShareDefaults,
  coordinatedPairsFromTable,
  detectCoordinatedPairTable,
  flagFastPairTable,
  ShareTableBuilder,
} from "../core/coshare.ts";
import { groupAccounts, groupOptions } from "./groups.ts";
import { timed, type AnalysisModule } from "./module.ts";
import type { OptionSpec } from "./options.ts";
import { scopeParams } from "./scope.ts";
import type { RunEdge, RunResult } from "./types.ts";
import { precisionWarning } from "./precision.ts";

export const coShareOptions = (objectNoun: string, retweetsOption: boolean): OptionSpec[] => [
  { key: "timeWindowSeconds", flag: "window", type: "number", default: coShareDefaults.timeWindowSeconds, min: 0, description: `two shares of the same ${objectNoun} at most this many seconds apart are a pair (inclusive)` },
  { key: "minParticipation", flag: "min-participation", type: "number", integer: true, default: coShareDefaults.minParticipation, min: 1, description: "an account must take part in at least this many shares (CooRTweet min_participation)" },
  { key: "edgeWeightQuantile", flag: "edge-weight", type: "number", default: coShareDefaults.edgeWeightQuantile, min: 0, max: 1, description: "edges above this quantile of all weights get weightThreshold = 1 (CooRTweet edge_weight)" },
  { key: "fastWindowSeconds", flag: "fast-window", type: "optional-number", default: null, min: 0, description: "also flag the fast sub-network of pairs within this many seconds (CooRTweet flag_speed_share)" },
  { key: "network", flag: "network", type: "choice", default: "all", choices: ["all", "above-threshold", "fast"], description: "which edges form the network that is partitioned and reported" },
    ...groupOptions,
  ...(retweetsOption
    ? ([{ key: "includeRetweets", flag: "include-retweets", type: "boolean", default: false, description: `count ${objectNoun}s inside retweets too (they repeat the original's)` }] as OptionSpec[])
    : []),
];

export interface CoShareDefinition {
  name: string;
  description: string;
  /** What the object is, in words ("retweeted tweet", "hashtag"). */
  objectNoun: string;
  /** Whether the projection filters retweets (hashtags, links and mentions in a retweet repeat the original's). */
  retweetsOption: boolean;
}

/** Builds the module of one co-share analysis; its projection is `cypher/<name>.cypher`. */
export function defineCoShareAnalysis(definition: CoShareDefinition): AnalysisModule {
  return {
    name: definition.name,
    description: definition.description,
    options: coShareOptions(definition.objectNoun, definition.retweetsOption),
    async run(context, options): Promise<RunResult> {
      const window = options.timeWindowSeconds as number;
      const fastWindow = options.fastWindowSeconds as number | null;
      const minParticipation = options.minParticipation as number;

      // Rows arrive in arbitrary order; CooRTweet breaks time ties by input order, so restore the
      // archive's own row order (dataset, source line) before pairing.
      const rows: Array<[string, string, string, number, number]> = [];
      await timed(context, "projection", () =>
        streamRows(context.db, cypher(definition.name), { ...scopeParams(context.scope), includeRetweets: options.includeRetweets ?? false }, (v) => {
          rows.push([v[0] as string, v[1] as string, v[2] as string, v[3] as number, (v[4] as number | null) ?? 0]);
        }),
      );
      const table = await timed(context, "table", () => {
        rows.sort((a, b) => a[4] - b[4] || (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0));
        const builder = new ShareTableBuilder();
        for (const [object, account, content, time] of rows) builder.add(object, account, content, time / 1000);
        rows.length = 0;
        return builder.build();
      });
      const pairs = await timed(context, "pairs", () => detectCoordinatedPairTable(table, { timeWindowSeconds: window, minParticipation }));
      const fastFlags = fastWindow === null ? new Uint8Array(pairs.length) : flagFastPairTable(pairs, { fastWindowSeconds: fastWindow, minParticipation });
      const network = await timed(context, "network", () =>
        buildCoordinatedNetworkWithFast(pairs, fastFlags, { edgeWeightQuantile: options.edgeWeightQuantile as number }),
      );

      const chosen = network.filter((e) =>
        options.network === "above-threshold" ? e.weightThreshold === 1 : options.network === "fast" ? e.fast !== null : true,
      );
      const edges: RunEdge[] = chosen.map((e) => ({
        source: e.from,
        target: e.to,
        weight: options.network === "fast" && e.fast ? e.fast.weight : e.weight,
        attributes: {
          avgTimeDelta: e.avgTimeDelta,
          nContentId: e.nContentId,
          nContentIdY: e.nContentIdY,
          edgeSymmetryScore: e.edgeSymmetryScore,
          weightThreshold: e.weightThreshold,
          ...(e.fast
            ? { weightFast: e.fast.weight, avgTimeDeltaFast: e.fast.avgTimeDelta, weightThresholdFast: e.fast.weightThreshold }
            : {}),
        },
      }));
      const partition = await groupAccounts(context, edges, options);
      const pairRows = coordinatedPairsFromTable(pairs).map((p, i) => ({
        object_id: p.objectId,
        content_id: p.contentId,
        content_id_y: p.contentIdY,
        time_delta: p.timeDelta,
        account_id: p.accountId,
        account_id_y: p.accountIdY,
        ...(fastWindow === null ? {} : { [`time_window_${fastWindow}`]: fastFlags[i] ? 1 : 0 }),
      }));
      const warning = precisionWarning(context, window, "--window");
      return {
        directed: false,
        nodes: partition.nodes,
        edges,
        communities: partition.communities,
        summary: {
          shares: table.length,
          pairs: pairs.length,
          networkEdges: network.length,
          edgesAboveThreshold: network.filter((e) => e.weightThreshold === 1).length,
          fastEdges: network.filter((e) => e.fast !== null).length,
          accounts: partition.nodes.length,
          communities: partition.communities.length,
          modularity: partition.modularity,
        },
        tables: { pairs: pairRows },
        warnings: warning ? [warning] : [],
      };
    },
  };
}
