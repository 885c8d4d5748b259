/**
 * `communities`: Louvain (Blondel et al. 2008, graphology-communities-louvain) on a graph of the
 * archive's accounts. Two kinds of ties:
 * - direct interactions: a retweets, replies to, quotes or mentions b (cypher/communities.cypher),
 *   weighted by their number, both directions summed;
 * - shared targets: a and b amplify more of the same outside accounts, tweets and links than their
 *   own activity explains (cypher/communities-shared-targets.cypher; method and references in
 *   src/core/shared-targets.ts), weighted by how few accounts share each target.
 * The accounts of an influence operation seldom name one another (in one real month of the
 * FiveThirtyEight/Clemson IRA tweets, 222 of 41,235 mentions named another archive account): on such
 * archives the direct graph alone holds a handful of accounts, and the shared targets carry the groups.
 * `--ties interactions` keeps the direct graph alone, as before, for collections whose accounts do talk.
 */
import { defineAnalysis, timed, type AnalysisContext } from "../src/engine/module.ts";
import { groupAccounts, groupOptions } from "../src/engine/groups.ts";
import { scopeParams } from "../src/engine/scope.ts";
import type { RunEdge } from "../src/run/model.ts";
import { cypher } from "../src/db/cypher.ts";
import { streamRows } from "../src/db/stream.ts";
import { SharedTargetProjection, sharedTargetDefaults, type SharedTargetBackbone, type TargetKind } from "../src/core/shared-targets.ts";
import { compareAccountIds } from "../src/core/partition.ts";

const kindsByChoice = {
  all: ["RETWEET_OF", "REPLY_TO", "QUOTES", "MENTIONS"],
  retweets: ["RETWEET_OF"],
  replies: ["REPLY_TO"],
  mentions: ["MENTIONS"],
  "retweets-replies-quotes": ["RETWEET_OF", "REPLY_TO", "QUOTES"],
} as const satisfies Record<string, readonly string[]>;
const INTERACTION_CHOICES = ["all", "retweets", "replies", "mentions", "retweets-replies-quotes"] as const satisfies ReadonlyArray<keyof typeof kindsByChoice>;
/** Which ties make the graph. */
export const TIE_CHOICES = ["interactions+shared-targets", "interactions", "shared-targets"] as const;

const communities = defineAnalysis({
  name: "communities",
  description: "Louvain communities of the archive's accounts: direct interactions, plus amplifying the same outside accounts, tweets and links beyond chance",
  method:
    "Direct ties: a retweets, replies to, quotes or mentions b (both directions summed; weight = count). Shared-target ties: the bipartite graph of " +
    "archive accounts and what they amplify (outside accounts retweeted, quoted, replied to or mentioned; tweets retweeted or quoted; links posted) " +
    "is projected onto the accounts and only the pairs that share more targets than their degrees explain are kept: the stochastic degree sequence " +
    "model (Neal 2014) with the bipartite configuration model as null (Saracco et al. 2015, 2017), Poisson-binomial upper tail, Benjamini-Hochberg " +
    "over every pair of accounts at --alpha. A target everyone names is expected for everyone and ties no one. A kept tie weighs the sum over its " +
    "shared targets of 1/(accounts sharing it - 1) (Newman 2001; Zhou et al. 2007 resource allocation), so one target only two accounts share " +
    "weighs as much as one direct interaction. Targets of one account only raise its degree; targets shared by more than --max-target-accounts " +
    "accounts tie no one. Edge weight = direct interactions + shared-target weight.",
  options: [
    { key: "ties", flag: "ties", type: "choice", default: "interactions+shared-targets", choices: TIE_CHOICES, description: "which ties make edges: direct interactions between accounts, shared targets (outside accounts, tweets, links amplified by both beyond chance), or both" },
    { key: "interactions", flag: "interactions", type: "choice", default: "all", choices: INTERACTION_CHOICES, description: "which interactions count, as direct ties and as ways of amplifying a shared target (links always count as shared targets)" },
    { key: "includeOutside", flag: "include-outside", type: "boolean", default: false, description: "keep accounts outside the archive (stubs only referenced by it) as nodes tied by direct interactions" },
    { key: "minWeight", flag: "min-weight", type: "number", default: 1, min: 1, integer: true, description: "drop direct ties with fewer interactions than this" },
    { key: "alpha", flag: "alpha", type: "number", default: sharedTargetDefaults.alpha, above: 0, max: 1, description: "false discovery rate of the shared-target test (Benjamini-Hochberg over every pair of accounts; 1 keeps every pair sharing a target)" },
    { key: "maxTargetAccounts", flag: "max-target-accounts", type: "number", default: sharedTargetDefaults.maxTargetAccounts, min: 2, integer: true, description: "targets shared by more accounts than this tie no one (they still count in each account's degree)" },
    ...groupOptions,
  ],
  async run(context, options) {
    const kinds = kindsByChoice[options.interactions];
    const direct = options.ties === "shared-targets" ? new Map<string, DirectTie>() : await timed(context, "interactions", () => directTies(context, kinds, options.includeOutside));
    const backbone = options.ties === "interactions" ? null : await timed(context, "shared-targets", () => sharedTargetTies(context, kinds, options));

    const edges = new Map<string, RunEdge>();
    for (const [key, tie] of direct) {
      if (tie.weight < options.minWeight) continue;
      edges.set(key, {
        source: tie.source,
        target: tie.target,
        weight: tie.weight,
        attributes: { retweets: tie.kinds.RETWEET_OF ?? 0, replies: tie.kinds.REPLY_TO ?? 0, quotes: tie.kinds.QUOTES ?? 0, mentions: tie.kinds.MENTIONS ?? 0 },
      });
    }
    direct.clear();
    for (const tie of backbone?.ties ?? []) {
      const key = `${tie.source}\u0000${tie.target}`;
      const edge = edges.get(key) ?? { source: tie.source, target: tie.target, weight: 0, attributes: { retweets: 0, replies: 0, quotes: 0, mentions: 0 } };
      edge.weight += tie.weight;
      edge.attributes = {
        ...edge.attributes,
        sharedTargets: tie.sharedTargets,
        sharedAccounts: tie.sharedAccounts,
        sharedTweets: tie.sharedTweets,
        sharedLinks: tie.sharedLinks,
        sharedTargetWeight: tie.weight,
        expectedSharedTargets: tie.expected,
        sharedTargetsPValue: tie.pValue,
        sharedTargetsAdjustedPValue: tie.adjustedPValue,
      };
      edges.set(key, edge);
    }
    const sorted = [...edges.values()].sort((x, y) => compareAccountIds(x.source, y.source) || compareAccountIds(x.target, y.target));
    const partition = await groupAccounts(context, sorted, options);
    return {
      directed: false,
      nodes: partition.nodes,
      edges: sorted,
      communities: partition.communities,
      summary: {
        ties: options.ties,
        accounts: partition.nodes.length,
        edges: sorted.length,
        communities: partition.communities.length,
        modularity: partition.modularity,
        largestCommunity: partition.communities[0]?.size ?? 0,
        ...(backbone
          ? {
              sharedTargetTies: backbone.ties.length,
              accountsAmplifying: backbone.accounts,
              targets: backbone.targets,
              sharedTargets: backbone.sharedTargets,
              crowdedTargets: backbone.crowdedTargets,
              pairsSharingTargets: backbone.pairsSharing,
            }
          : {}),
      },
    };
  },
});

export default communities;

interface DirectTie {
  source: string;
  target: string;
  weight: number;
  kinds: Record<string, number>;
}

/** Direct interactions, keyed by the pair in id order: they are directed (a retweets b) but ties are not, so both directions are summed. */
async function directTies(context: AnalysisContext, kinds: readonly string[], includeOutside: boolean): Promise<Map<string, DirectTie>> {
  const ties = new Map<string, DirectTie>();
  await streamRows(context.db, cypher("communities"), { ...scopeParams(context.scope), kinds, includeOutside }, (row) => {
    const source = row.get("source") as string;
    const target = row.get("target") as string;
    const kind = row.get("kind") as string;
    const weight = row.get("weight") as number;
    const [a, b] = compareAccountIds(source, target) <= 0 ? [source, target] : [target, source];
    const key = `${a}\u0000${b}`;
    let tie = ties.get(key);
    if (!tie) ties.set(key, (tie = { source: a, target: b, weight: 0, kinds: {} }));
    tie.weight += weight;
    tie.kinds[kind] = (tie.kinds[kind] ?? 0) + weight;
  });
  return ties;
}

/** The validated projection of the accounts' shared targets, streamed from the graph one set of accounts at a time. */
async function sharedTargetTies(
  context: AnalysisContext,
  kinds: readonly string[],
  options: { alpha: number; maxTargetAccounts: number },
): Promise<SharedTargetBackbone> {
  const projection = new SharedTargetProjection();
  await streamRows(context.db, cypher("communities-shared-targets"), { ...scopeParams(context.scope), kinds }, (row) => {
    const count = row.get("targets") as number;
    const sole = row.get("soleAccount") as string | null;
    if (sole !== null) projection.addSoleTargets(sole, count);
    else projection.addTarget(row.get("kind") as TargetKind, row.get("accounts") as string[], count);
  });
  return projection.backbone({ alpha: options.alpha, maxTargetAccounts: options.maxTargetAccounts });
}
