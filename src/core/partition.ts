/**
 * Community partition of an account network: Louvain modularity optimisation plus per-account scores.
 *
 * Method: Louvain (Blondel, Guillaume, Lambiotte & Lefebvre 2008, "Fast unfolding of communities in
 * large networks", J. Stat. Mech. P10008, doi:10.1088/1742-5468/2008/10/P10008) as implemented by
 * `graphology-communities-louvain`, with the resolution parameter of Reichardt & Bornholdt (2006) /
 * Lambiotte et al. (2008). Scores: degree, weighted degree (strength) and PageRank (Page et al. 1999,
 * `graphology-metrics`).
 *
 * Directed or undirected: coordination networks (co-retweet, co-share, co-hashtag) are symmetric, so
 * the default graph is undirected and Louvain maximises Newman's modularity. Interaction networks
 * (A retweets / replies to / mentions B) are built with `directed: true`: graphology's Louvain then
 * maximises directed modularity (Leicht & Newman 2008; Dugué & Perez 2015), which rewards edges that
 * are unexpected given the source's out-strength and the target's in-strength, and PageRank flows
 * along the edge, towards the account receiving the attention.
 *
 * Determinism: nodes are inserted in id order and edges in (source, target) order whatever the input
 * order, Louvain's random node order comes from `seededRng(seed)`, and communities are renumbered
 * 0 = largest (ties: smallest member id), so the same edges and seed give the same partition.
 */
import { DirectedGraph, UndirectedGraph } from "graphology";
import type { AbstractGraph } from "graphology-types";
import louvainModule from "graphology-communities-louvain";
import pagerankModule from "graphology-metrics/centrality/pagerank.js";
import type { RunCommunity, RunEdge, RunNode } from "../run/model.ts";
import { AnalysisError, UsageError } from "../errors.ts";
import { seededRng, type Rng } from "../util/rng.ts";

// Both packages are CommonJS with `export default` declarations; under NodeNext TypeScript types the
// default import as the module object, while Node hands over `module.exports` itself.
const louvain = unwrapDefault(louvainModule);
const pagerank = unwrapDefault(pagerankModule);

/** Attributes of an account node in a coordination or interaction graph. Written by `partitionGraph.assign`. */
export type AccountAttributes = {
  /** Louvain community (0 = largest), or null for an account without edges. */
  community?: number | null;
  /** Number of distinct edges at the account (in + out for directed graphs). */
  degree?: number;
  /** Sum of the weights of the account's edges (strength). */
  weightedDegree?: number;
  /** PageRank, summing to 1 over the graph. */
  pagerank?: number;
  /** Directed graphs only: edges in, edges out, and their weights. */
  inDegree?: number;
  outDegree?: number;
  weightedInDegree?: number;
  weightedOutDegree?: number;
};

/** Attributes of an edge between two accounts: parallel input edges are merged into one by summing. */
export type CoordinationEdgeAttributes = {
  /** Strength of the tie (CooRTweet: number of coordinated share pairs). Must be finite and > 0. */
  weight: number;
};

/** A graph of accounts, undirected (coordination) or directed (interaction). */
export type AccountGraph = AbstractGraph<AccountAttributes, CoordinationEdgeAttributes>;

/** The part of a `RunEdge` the partition reads. */
export type WeightedEdge = Pick<RunEdge, "source" | "target" | "weight">;

/** Defaults of `BuildGraphOptions` and `PartitionOptions`, declared once. */
export const PARTITION_DEFAULTS = {
  /** Undirected: coordination ties are symmetric. */
  directed: false,
  /** Louvain resolution γ: 1 is classic modularity; above 1 gives more, smaller communities. */
  resolution: 1,
  /** Seed of `seededRng` when no `rng` is given. */
  seed: 42,
  /** PageRank damping factor. */
  pagerankAlpha: 0.85,
} as const;

export interface BuildGraphOptions {
  /** Build a `DirectedGraph` (interaction networks). Default `false`. */
  directed?: boolean;
  /** Accounts to include even without edges; they come out with community `null`. Default none. */
  nodes?: Iterable<string>;
}

export interface PartitionOptions {
  /** Louvain resolution γ > 0. Default 1. */
  resolution?: number;
  /** Seed for Louvain's random node order, used when `rng` is absent. Default 42. */
  seed?: number;
  /** Random source for Louvain. Default `seededRng(seed)`, a fresh generator per call. */
  rng?: Rng;
  /** PageRank damping factor in (0, 1). Default 0.85. */
  pagerankAlpha?: number;
}

/** Communities and modularity, as returned by `partitionGraph.assign`. */
export interface PartitionSummary {
  directed: boolean;
  /**
   * Modularity of the partition at the resolution used (Louvain's own figure; for γ = 1 it is Newman's Q,
   * directed modularity for directed graphs). `null` when the graph has no edges.
   */
  modularity: number | null;
  resolution: number;
  /** Sorted by id: 0 is the largest community. Accounts without edges belong to none. */
  communities: RunCommunity[];
}

/** A full partition: the summary plus one `RunNode` per account, sorted by id. */
export interface AccountPartition extends PartitionSummary {
  /** Scores: `degree`, `weightedDegree`, `pagerank`; directed graphs add `inDegree`, `outDegree`, `weightedInDegree`, `weightedOutDegree`. */
  nodes: RunNode[];
}

/**
 * Builds an account graph from weighted edges. Parallel edges (in either orientation when undirected)
 * are merged into one whose weight is the sum; self-loops are dropped because an account cannot
 * coordinate with itself (CooRTweet's `remove_loops`). Nodes are inserted in id order and edges in
 * (source, target) order, so the graph does not depend on the order of `edges`. Edge keys are "0", "1", ...
 *
 * @throws AnalysisError `INVALID_EDGE_WEIGHT` when a weight is not a finite number > 0.
 * @example
 * const graph = buildAccountGraph([
 *   { source: "a", target: "b", weight: 2 },
 *   { source: "b", target: "a", weight: 1 },
 * ]);
 * graph.getEdgeAttribute(graph.edge("a", "b")!, "weight"); // 3
 */
export function buildAccountGraph(edges: Iterable<WeightedEdge>, options: BuildGraphOptions = {}): AccountGraph {
  const directed = options.directed ?? PARTITION_DEFAULTS.directed;
  const position = new Map<string, number>();
  const ids: string[] = [];
  const intern = (id: string): number => {
    let i = position.get(id);
    if (i === undefined) {
      i = ids.length;
      position.set(id, i);
      ids.push(id);
    }
    return i;
  };
  for (const id of options.nodes ?? []) intern(id);

  // First pass: intern ids and keep edges as index pairs so the merge can key on numbers.
  const sources: number[] = [];
  const targets: number[] = [];
  const weights: number[] = [];
  let index = 0;
  for (const edge of edges) {
    const { source, target, weight } = edge;
    if (typeof weight !== "number" || !Number.isFinite(weight) || weight <= 0) {
      throw new AnalysisError("INVALID_EDGE_WEIGHT", `edge #${index} (${source} – ${target}) has weight ${String(weight)}`, {
        field: "weight",
        hint: "Louvain and PageRank need finite positive weights; drop or rescale such edges",
      });
    }
    index++;
    const s = intern(source);
    const t = intern(target);
    if (s === t) continue;
    sources.push(s);
    targets.push(t);
    weights.push(weight);
  }

  // Re-number by sorted id so insertion order (which Louvain's traversal follows) is canonical.
  const sortedIds = ids.slice().sort(compareAccountIds);
  const rankOf = new Int32Array(ids.length);
  sortedIds.forEach((id, rank) => {
    rankOf[position.get(id)!] = rank;
  });

  const n = sortedIds.length;
  const merged = new Map<number, number>();
  for (let i = 0; i < sources.length; i++) {
    let s = rankOf[sources[i]];
    let t = rankOf[targets[i]];
    if (!directed && s > t) [s, t] = [t, s];
    const key = s * n + t;
    merged.set(key, (merged.get(key) ?? 0) + weights[i]);
  }
  const keys = Float64Array.from(merged.keys()).sort();

  const graph: AccountGraph = directed
    ? new DirectedGraph<AccountAttributes, CoordinationEdgeAttributes>()
    : new UndirectedGraph<AccountAttributes, CoordinationEdgeAttributes>();
  for (const id of sortedIds) graph.addNode(id, {});
  keys.forEach((key, i) => {
    const s = Math.floor(key / n);
    const t = key - s * n;
    graph.addEdgeWithKey(String(i), sortedIds[s], sortedIds[t], { weight: merged.get(key)! });
  });
  return graph;
}

/**
 * Runs Louvain on an account graph and scores every account. Pure: the graph is not modified
 * (see `partitionGraph.assign`).
 *
 * @example
 * const graph = buildAccountGraph(edges);
 * const { nodes, communities, modularity } = partitionGraph(graph, { resolution: 1, seed: 42 });
 * // nodes: [{ id: "a", community: 0, scores: { degree: 2, weightedDegree: 5, pagerank: 0.21 } }, ...]
 */
export function partitionGraph(graph: AccountGraph, options: PartitionOptions = {}): AccountPartition {
  const computed = computePartition(graph, options);
  const nodes: RunNode[] = [];
  graph.forEachNode((id) => {
    nodes.push({ id, community: computed.communityOf.get(id) ?? null, scores: computed.scoresOf(id) });
  });
  nodes.sort((a, b) => compareAccountIds(a.id, b.id));
  return { ...computed.summary, nodes };
}

/**
 * Like `partitionGraph`, but writes `community`, `degree`, `weightedDegree` and `pagerank` (and the
 * directed degrees) onto the graph's nodes, and returns the summary only.
 *
 * @example
 * const { modularity } = partitionGraph.assign(graph);
 * graph.getNodeAttribute("a", "community"); // 0
 */
partitionGraph.assign = function assignPartition(graph: AccountGraph, options: PartitionOptions = {}): PartitionSummary {
  const computed = computePartition(graph, options);
  graph.updateEachNodeAttributes((id, attributes) => ({
    ...attributes,
    community: computed.communityOf.get(id) ?? null,
    ...computed.scoresOf(id),
  }));
  return computed.summary;
};

/**
 * Builds the graph and partitions it in one call: the usual path from an analysis's edges to the
 * `nodes` and `communities` of its `RunResult`.
 *
 * @example
 * const { nodes, communities, modularity } = partitionAccounts(result.edges, { seed: 42 });
 */
export function partitionAccounts(
  edges: Iterable<WeightedEdge>,
  options: BuildGraphOptions & PartitionOptions = {},
): AccountPartition {
  return partitionGraph(buildAccountGraph(edges, options), options);
}

/**
 * Orders account ids deterministically without turning them into numbers: all-digit ids (64-bit
 * Twitter ids) in numeric order, everything else (hashes) by UTF-16 code units; digits-only ids first.
 *
 * @example
 * ["10", "9", "ab"].sort(compareAccountIds); // ["9", "10", "ab"]
 */
export function compareAccountIds(a: string, b: string): number {
  const aDigits = ALL_DIGITS.test(a);
  const bDigits = ALL_DIGITS.test(b);
  if (aDigits && bDigits) {
    const a0 = stripLeadingZeros(a);
    const b0 = stripLeadingZeros(b);
    if (a0.length !== b0.length) return a0.length - b0.length;
    if (a0 !== b0) return a0 < b0 ? -1 : 1;
  } else if (aDigits !== bDigits) {
    return aDigits ? -1 : 1;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

const ALL_DIGITS = /^[0-9]+$/;

function stripLeadingZeros(digits: string): string {
  const stripped = digits.replace(/^0+/, "");
  return stripped === "" ? "0" : stripped;
}

interface ComputedPartition {
  summary: PartitionSummary;
  communityOf: Map<string, number>;
  scoresOf: (id: string) => Record<string, number>;
}

function computePartition(graph: AccountGraph, options: PartitionOptions): ComputedPartition {
  const resolution = options.resolution ?? PARTITION_DEFAULTS.resolution;
  const alpha = options.pagerankAlpha ?? PARTITION_DEFAULTS.pagerankAlpha;
  if (!Number.isFinite(resolution) || resolution <= 0) {
    throw new UsageError("BAD_OPTION", `resolution must be a number > 0, got ${resolution}`, { field: "resolution" });
  }
  if (!(alpha > 0 && alpha < 1)) {
    throw new UsageError("BAD_OPTION", `pagerankAlpha must be in (0, 1), got ${alpha}`, { field: "pagerankAlpha" });
  }
  if (graph.type === "mixed") {
    throw new AnalysisError("MIXED_GRAPH", "Louvain needs a graph that is either directed or undirected", {
      hint: "build the graph with buildAccountGraph",
    });
  }
  const directed = graph.type === "directed";
  const rng = options.rng ?? seededRng(options.seed ?? PARTITION_DEFAULTS.seed);

  // Louvain gives isolated accounts singleton communities; they carry no evidence of coordination,
  // so they get community null and are left out of the numbering.
  const detailed = louvain.detailed(graph, { resolution, rng, getEdgeWeight: "weight" });
  const groups = new Map<number, { members: number; smallest: string; internalWeight: number }>();
  graph.forEachNode((id) => {
    if (graph.degree(id) === 0) return;
    const raw = detailed.communities[id];
    const group = groups.get(raw);
    if (group === undefined) groups.set(raw, { members: 1, smallest: id, internalWeight: 0 });
    else {
      group.members++;
      if (compareAccountIds(id, group.smallest) < 0) group.smallest = id;
    }
  });

  const degrees = new Map<string, { weighted: number; weightedIn: number; weightedOut: number }>();
  graph.forEachNode((id) => degrees.set(id, { weighted: 0, weightedIn: 0, weightedOut: 0 }));
  graph.forEachEdge((_edge, attributes, source, target) => {
    const weight = edgeWeight(attributes);
    const s = degrees.get(source)!;
    const t = degrees.get(target)!;
    s.weighted += weight;
    s.weightedOut += weight;
    t.weighted += weight;
    t.weightedIn += weight;
    const sourceCommunity = detailed.communities[source];
    if (sourceCommunity === detailed.communities[target]) groups.get(sourceCommunity)!.internalWeight += weight;
  });

  const ordered = [...groups.entries()].sort(
    ([, a], [, b]) => b.members - a.members || compareAccountIds(a.smallest, b.smallest),
  );
  const renumber = new Map<number, number>(ordered.map(([raw], i) => [raw, i]));
  const communityOf = new Map<string, number>();
  graph.forEachNode((id) => {
    if (graph.degree(id) > 0) communityOf.set(id, renumber.get(detailed.communities[id])!);
  });
  const communities: RunCommunity[] = ordered.map(([, group], id) => ({
    id,
    size: group.members,
    internalWeight: group.internalWeight,
  }));

  const ranks = graph.order === 0 ? {} : runPagerank(graph, alpha);

  const scoresOf = (id: string): Record<string, number> => {
    const d = degrees.get(id)!;
    const scores: Record<string, number> = {
      degree: graph.degree(id),
      weightedDegree: d.weighted,
      pagerank: ranks[id],
    };
    if (directed) {
      scores.inDegree = graph.inDegree(id);
      scores.outDegree = graph.outDegree(id);
      scores.weightedInDegree = d.weightedIn;
      scores.weightedOutDegree = d.weightedOut;
    }
    return scores;
  };

  return {
    summary: {
      directed,
      modularity: graph.size === 0 || !Number.isFinite(detailed.modularity) ? null : detailed.modularity,
      resolution,
      communities,
    },
    communityOf,
    scoresOf,
  };
}

function runPagerank(graph: AccountGraph, alpha: number): Record<string, number> {
  try {
    return pagerank(graph, { getEdgeWeight: "weight", alpha });
  } catch (cause) {
    throw new AnalysisError("PAGERANK_NOT_CONVERGED", "PageRank did not converge in 100 iterations", {
      cause,
      hint: "lower pagerankAlpha",
    });
  }
}

/** graphology's own rule (the getters Louvain and PageRank use): a missing or non-numeric weight counts as 1. */
function edgeWeight(attributes: Partial<CoordinationEdgeAttributes>): number {
  const weight = attributes.weight;
  return typeof weight === "number" && !Number.isNaN(weight) ? weight : 1;
}

function unwrapDefault<T>(module: T): T extends { default: infer D } ? D : T {
  const m = module as { default?: unknown };
  return (m.default ?? m) as T extends { default: infer D } ? D : T;
}
