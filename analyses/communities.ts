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
 * Evidence per kept tie (evidence.csv): its interactions each way, then its shared targets rarest first,
 * each with both accounts' earliest post amplifying it (order and reasons: src/core/communities-evidence.ts).
 */
import neo4j from "neo4j-driver";
import { defineAnalysis, timed, type AnalysisContext } from "../src/engine/module.ts";
import { groupAccounts, groupOptions } from "../src/engine/groups.ts";
import { scopeParams } from "../src/engine/scope.ts";
import type { AmplifyingAction, EvidenceItem, InteractionAction, InteractionEvidence, RunEdge, TieEvidence } from "../src/run/model.ts";
import { cypher } from "../src/db/cypher.ts";
import { isServerMemoryLimit, readRows } from "../src/db/driver.ts";
import { streamRows } from "../src/db/stream.ts";
import { evidenceLabels } from "../src/engine/evidence-labels.ts";
import { SharedTargetProjection, sharedTargetDefaults, type SharedTargetBackbone, type SharedTargetSet, type TargetKind } from "../src/core/shared-targets.ts";
import { pickTieEvidence, sharedTargetItem, type AmplifyingPost, type SharedTargetPick } from "../src/core/communities-evidence.ts";
import { compareAccountIds } from "../src/core/partition.ts";
import { SCREEN_NAME_PREFIX } from "../src/load/formats/common.ts";

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
    { key: "evidencePerTie", flag: "evidence-per-tie", type: "number", integer: true, default: 5, min: 0, max: 1000, description: "evidence items kept per tie in evidence.csv (interactions first, then the shared targets fewest accounts share)" },
    ...groupOptions,
  ],
  async run(context, options) {
    const kinds = kindsByChoice[options.interactions];
    const direct = options.ties === "shared-targets" ? new Map<string, DirectTie>() : await timed(context, "interactions", () => directTies(context, kinds, options.includeOutside));
    const warnings: string[] = [];
    let shared: Awaited<ReturnType<typeof sharedTargetTies>> | null = null;
    if (options.ties !== "interactions") {
      try {
        shared = await timed(context, "shared-targets", () => sharedTargetTies(context, kinds, options));
      } catch (error) {
        // The shared-target projection groups every target's accounts on the server: at the IRA's size
        // (9M tweets) it outgrew a 4.8 GiB heap's transaction memory. With direct interactions too, the
        // run still answers with them, and says what it left out; alone, it cannot.
        if (!isServerMemoryLimit(error) || options.ties === "shared-targets") throw error;
        warnings.push(
          "shared-target ties left out: the server ran out of transaction memory grouping every target's accounts; these groups rest on direct interactions only (raise COORDGRAPH_NEO4J_HEAP and restart the server, or limit the run with --dataset, --since or --until)",
        );
      }
    }
    const backbone = shared?.backbone ?? null;

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
    const evidence = await timed(context, "evidence", () => tieEvidence(context, kinds, sorted, direct, shared?.projection ?? null, options));
    direct.clear();
    const partition = await groupAccounts(context, sorted, options);
    return {
      directed: false,
      nodes: partition.nodes,
      edges: sorted,
      communities: partition.communities,
      evidence,
      warnings,
      summary: {
        ties: options.ties,
        accounts: partition.nodes.length,
        edges: sorted.length,
        communities: partition.communities.length,
        modularity: partition.modularity,
        largestCommunity: partition.communities[0]?.size ?? 0,
        sharedTargetsLeftOut: warnings.length > 0 ? "yes: the server ran out of transaction memory" : null,
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
  /** Per kind, how often `source` did it to `target` and `target` to `source` (for evidence). */
  byDirection: Record<string, [number, number]>;
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
    if (!tie) ties.set(key, (tie = { source: a, target: b, weight: 0, kinds: {}, byDirection: {} }));
    tie.weight += weight;
    tie.kinds[kind] = (tie.kinds[kind] ?? 0) + weight;
    const counts = (tie.byDirection[kind] ??= [0, 0]);
    counts[source === a ? 0 : 1] += weight;
  });
  return ties;
}

/**
 * The validated projection of the accounts' shared targets, streamed from the graph one set of accounts
 * at a time; the projection is kept (with up to `evidencePerTie` target ids per set) for the evidence.
 */
async function sharedTargetTies(
  context: AnalysisContext,
  kinds: readonly string[],
  options: { alpha: number; maxTargetAccounts: number; evidencePerTie: number },
): Promise<{ backbone: SharedTargetBackbone; projection: SharedTargetProjection }> {
  const projection = new SharedTargetProjection();
  // A tie shows at most evidencePerTie items, so no set needs more of its ids than that.
  const params = { ...scopeParams(context.scope), kinds, examples: neo4j.int(options.evidencePerTie) };
  await streamRows(context.db, cypher("communities-shared-targets"), params, (row) => {
    const count = row.get("targets") as number;
    const sole = row.get("soleAccount") as string | null;
    if (sole !== null) projection.addSoleTargets(sole, count);
    else projection.addTarget(row.get("kind") as TargetKind, row.get("accounts") as string[], count, row.get("examples") as string[]);
  });
  return { backbone: projection.backbone({ alpha: options.alpha, maxTargetAccounts: options.maxTargetAccounts }), projection };
}

const ACTION_OF_KIND: Record<string, InteractionAction> = { RETWEET_OF: "retweet", REPLY_TO: "reply", QUOTES: "quote", MENTIONS: "mention" };
/** Targets per read of the posts (each with the accounts asking for their posts of it). */
const POST_BATCH = 500;

/**
 * Each kept edge's evidence: its interactions each way and, on ties the shared-target test kept, its
 * rarest shared targets (chosen by pickTieEvidence), with both accounts' earliest posts amplifying
 * those targets, read for them alone.
 */
async function tieEvidence(
  context: AnalysisContext,
  kinds: readonly string[],
  edges: readonly RunEdge[],
  direct: ReadonlyMap<string, DirectTie>,
  projection: SharedTargetProjection | null,
  options: { minWeight: number; maxTargetAccounts: number; evidencePerTie: number },
): Promise<TieEvidence[]> {
  const perTie = options.evidencePerTie;
  if (perTie === 0) return [];
  // Shared targets only of the ties the shared-target test kept: a direct tie's other shared targets are not part of its weight.
  const sharedTies = edges.filter((edge) => edge.attributes.sharedTargets !== undefined);
  const setsOfTie = new Map<RunEdge, SharedTargetSet[]>();
  (projection?.sharedTargetsOf(sharedTies, { maxTargetAccounts: options.maxTargetAccounts }) ?? []).forEach((sets, i) => setsOfTie.set(sharedTies[i]!, sets));
  const picks = edges.map((edge) => {
    // Interactions of a direct tie below --min-weight are not part of the edge, so not of its evidence either.
    const tie = direct.get(`${edge.source}\u0000${edge.target}`);
    const counted = tie !== undefined && tie.weight >= options.minWeight ? tie.byDirection : {};
    const interactions = Object.entries(counted).map(
      ([kind, [countA, countB]]): InteractionEvidence => ({ kind: "interaction", action: ACTION_OF_KIND[kind]!, countA, countB }),
    );
    return pickTieEvidence(interactions, setsOfTie.get(edge) ?? [], perTie);
  });

  // Each chosen target once, with every account whose posts of it are shown.
  const requests = new Map<string, { kind: SharedTargetPick["targetKind"]; target: string; accounts: Set<string> }>();
  edges.forEach((edge, i) => {
    for (const pick of picks[i]!) {
      if (pick.kind !== "shared-target") continue;
      let request = requests.get(targetKey(pick));
      if (request === undefined) requests.set(targetKey(pick), (request = { kind: pick.targetKind, target: pick.object, accounts: new Set() }));
      request.accounts.add(edge.source).add(edge.target);
    }
  });
  const posts = await amplifyingPosts(context, kinds, [...requests.values()]);
  const labelOf = await targetLabels(context, picks.flat().filter((p): p is SharedTargetPick => p.kind === "shared-target"));

  return edges.map((edge, i) => {
    const items: EvidenceItem[] = [];
    for (const pick of picks[i]!) {
      if (pick.kind === "interaction") {
        items.push(pick);
        continue;
      }
      const item = sharedTargetItem(pick, labelOf(pick), posts.get(`${edge.source}\u0000${targetKey(pick)}`), posts.get(`${edge.target}\u0000${targetKey(pick)}`));
      if (item !== null) items.push(item);
    }
    return { source: edge.source, target: edge.target, items };
  });
}

const targetKey = (target: { targetKind: string; object: string }) => `${target.targetKind}\u0000${target.object}`;

/**
 * Each asking account's earliest post amplifying each target, and how many of its posts did, keyed by
 * account and {@link targetKey}; read per batch of targets, each target's posts expanded once.
 */
async function amplifyingPosts(
  context: AnalysisContext,
  kinds: readonly string[],
  requests: ReadonlyArray<{ kind: string; target: string; accounts: ReadonlySet<string> }>,
): Promise<Map<string, AmplifyingPost>> {
  const posts = new Map<string, AmplifyingPost>();
  const targets = requests.map((r) => ({ kind: r.kind, target: r.target, accounts: [...r.accounts] }));
  for (let start = 0; start < targets.length; start += POST_BATCH) {
    type Row = { account: string; kind: string; target: string; tweet: string | null; time: number; text: string | null; action: AmplifyingAction; posts: number };
    const rows = await readRows<Row>(context.db, cypher("communities-evidence-posts"), { ...scopeParams(context.scope), kinds, targets: targets.slice(start, start + POST_BATCH) });
    for (const row of rows) {
      if (row.tweet === null) continue;
      const key = `${row.account}\u0000${targetKey({ targetKind: row.kind, object: row.target })}`;
      posts.set(key, { tweet: row.tweet, time: row.time, text: row.text ?? null, action: row.action, posts: row.posts });
    }
  }
  return posts;
}

/** What a reader recognises each target by: an account's screen name, a tweet's text (null where the graph has none), a link itself. */
async function targetLabels(context: AnalysisContext, picks: readonly SharedTargetPick[]): Promise<(pick: SharedTargetPick) => string | null> {
  const [accountNames, tweetTexts] = await Promise.all([
    evidenceLabels(context.db, "account", picks.filter((p) => p.targetKind === "account").map((p) => p.object)),
    evidenceLabels(context.db, "tweet", picks.filter((p) => p.targetKind === "tweet").map((p) => p.object)),
  ]);
  // An account known only by the name a post mentioned is keyed by that name (lower-cased): the name is its label.
  const accountLabel = (id: string) => accountNames.get(id) ?? (id.startsWith(SCREEN_NAME_PREFIX) ? id.slice(SCREEN_NAME_PREFIX.length) : null);
  return (pick) => (pick.targetKind === "account" ? accountLabel(pick.object) : pick.targetKind === "tweet" ? (tweetTexts.get(pick.object) ?? null) : pick.object);
}
