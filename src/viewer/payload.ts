/**
 * From a stored run to the viewer's `GET /api/run` payload: pick the part that fits the limits, lay it
 * out, colour the communities and pack everything into columns (see `types.ts`).
 */
import { edgeAttributeEntries } from "../run/model.ts";
import { DirectedGraph, UndirectedGraph } from "graphology";
import type { RunEdge, RunNode, RunResult } from "../run/model.ts";
import type { StoredRun } from "../engine/runs.ts";
import { compareAccountIds } from "../core/partition.ts";
import { shortAccountNames } from "../run/display-names.ts";
import { analysisTitle, describeParameters, describeSummary, emptyRunExplanation, groupNoun } from "../run/words.ts";
import { communityLayout, type CommunityLayoutOptions } from "./layout.ts";
import type { ViewerLimits } from "./options.ts";
import { NO_COMMUNITY_COLOUR, communityColour } from "./scale.ts";
import type { DatabaseStatus, LegendCommunity, Truncation, ViewerEdges, ViewerNodes, ViewerPayload } from "./types.ts";

/** What the viewer knows of an account from Neo4j (see `fetchAccountSummaries`). */
export interface AccountSummary {
  /** Screen name (hashed ids as released), else display name, else id. */
  label: string;
  /** As stored (a hashed release's is the hash); null when unknown. */
  screenName: string | null;
  displayName: string | null;
  datasets: string[];
  /** Tweets the account posted in the archive. */
  posts: number | null;
}

/** The accounts and ties the page gets, and what was left out. */
export interface RunPart {
  nodes: RunNode[];
  /** Parallel ties merged (weights summed), self-loops dropped, endpoints all in `nodes`. */
  edges: RunEdge[];
  truncated: Truncation | null;
}

/** Metrics offered for node size, in this order when present; others follow alphabetically. */
const PREFERRED_METRICS = ["weightedDegree", "degree", "pagerank", "posts"];

/**
 * Keeps the strongest part of a run within the limits. Accounts: each community keeps a share of
 * `maxNodes` proportional to its size (largest remainder), its members ranked by weighted degree;
 * accounts without a community only fill what is left. Ties: every kept account keeps its strongest
 * tie, then the strongest others fill up to `maxEdges`. Order of the run is preserved.
 *
 * @example
 * const part = selectStrongestPart(result, { maxNodes: 1000, maxEdges: 5000 });
 * part.truncated; // { shownNodes: 1000, totalNodes: 48211, shownEdges: 5000, totalEdges: 190233 } or null
 */
export function selectStrongestPart(result: RunResult, limits: ViewerLimits): RunPart {
  const edges = mergeParallelEdges(result.edges, result.directed, new Set(result.nodes.map((n) => n.id)));
  const strength = strengthOf(result.nodes, edges);

  let nodes = result.nodes;
  if (nodes.length > limits.maxNodes) {
    const keep = new Set<string>();
    const byCommunity = new Map<number, RunNode[]>();
    const unassigned: RunNode[] = [];
    for (const node of nodes) {
      if (node.community === null) unassigned.push(node);
      else {
        const members = byCommunity.get(node.community);
        if (members) members.push(node);
        else byCommunity.set(node.community, [node]);
      }
    }
    const assigned = nodes.length - unassigned.length;
    const budget = Math.min(limits.maxNodes, assigned);
    const quotas = largestRemainder([...byCommunity.entries()].map(([id, members]) => ({ id, weight: members.length })), budget);
    const strongestFirst = (a: RunNode, b: RunNode) => strength.get(b.id)! - strength.get(a.id)! || compareAccountIds(a.id, b.id);
    for (const [id, members] of byCommunity) {
      members.sort(strongestFirst).slice(0, quotas.get(id) ?? 0).forEach((n) => keep.add(n.id));
    }
    unassigned.sort(strongestFirst).slice(0, limits.maxNodes - keep.size).forEach((n) => keep.add(n.id));
    nodes = nodes.filter((n) => keep.has(n.id));
  }

  const kept = new Set(nodes.map((n) => n.id));
  let shown = edges.filter((e) => kept.has(e.source) && kept.has(e.target));
  if (shown.length > limits.maxEdges) shown = strongestEdges(shown, limits.maxEdges);

  const truncated = nodes.length < result.nodes.length || shown.length < edges.length
    ? { shownNodes: nodes.length, totalNodes: result.nodes.length, shownEdges: shown.length, totalEdges: edges.length }
    : null;
  return { nodes, edges: shown, truncated };
}

export interface PayloadOptions {
  /** Labels, datasets and post counts by account id; ids fall back to themselves. */
  profiles?: Map<string, AccountSummary>;
  /** Seed of the layout. Default 42. */
  seed?: number;
  /** Passed to `communityLayout` (iterations, budgets). */
  layout?: Omit<CommunityLayoutOptions, "seed" | "rng">;
  /** Whether the profiles could be read. Default: connected when `profiles` is given. */
  database?: DatabaseStatus;
  /** Help text of the analysis's options by key, shown on hover beside the parameters in words. */
  parameterDescriptions?: Record<string, string>;
}

/**
 * Short display names of a run's accounts (see `shortAccountNames`): the real screen name, else the
 * real display name, else the shortest unambiguous prefix of the id among all accounts of the run.
 */
export function runDisplayNames(nodes: readonly RunNode[], profiles: ReadonlyMap<string, AccountSummary>): Map<string, string> {
  return shortAccountNames(
    nodes.map((n) => {
      const profile = profiles.get(n.id);
      return { id: n.id, screenName: profile?.screenName || profile?.displayName || null };
    }),
  );
}

/**
 * Lays out a run part and packs it as the viewer's payload.
 *
 * @example
 * const stored = readRunDirectory(dir);
 * const payload = buildViewerPayload(stored, selectStrongestPart(stored.result, VIEWER_DEFAULTS));
 */
export function buildViewerPayload(stored: StoredRun, part: RunPart, options: PayloadOptions = {}): ViewerPayload {
  const { record, result } = stored;
  const profiles = options.profiles ?? new Map<string, AccountSummary>();
  const seed = options.seed ?? 42;

  const names = runDisplayNames(result.nodes, profiles);
  const graph = result.directed ? new DirectedGraph({ allowSelfLoops: false }) : new UndirectedGraph({ allowSelfLoops: false });
  for (const node of part.nodes) graph.addNode(node.id, { community: node.community });
  for (const edge of part.edges) graph.addEdge(edge.source, edge.target, { weight: edge.weight });
  const report = communityLayout.assign(graph, { ...options.layout, seed });

  const index = new Map(part.nodes.map((n, i) => [n.id, i]));
  const datasetNames = [...new Set(part.nodes.flatMap((n) => profiles.get(n.id)?.datasets ?? []))].sort();
  const datasetIndex = new Map(datasetNames.map((name, i) => [name, i]));

  const metricNames = new Set(part.nodes.flatMap((n) => Object.keys(n.scores)));
  const postsFromGraph = !metricNames.has("posts") && part.nodes.some((n) => typeof profiles.get(n.id)?.posts === "number");
  if (postsFromGraph) metricNames.add("posts");
  const sizeMetrics = [...metricNames].sort((a, b) => metricRank(a) - metricRank(b) || (a < b ? -1 : a > b ? 1 : 0));

  const nodes: ViewerNodes = { id: [], label: [], community: [], x: [], y: [], datasets: [], metrics: Object.fromEntries(sizeMetrics.map((m) => [m, []])) };
  for (const node of part.nodes) {
    const profile = profiles.get(node.id);
    const { x, y } = graph.getNodeAttributes(node.id) as { x: number; y: number };
    nodes.id.push(node.id);
    nodes.label.push(names.get(node.id) ?? node.id);
    nodes.community.push(node.community);
    nodes.x.push(round(x, 1));
    nodes.y.push(round(y, 1));
    nodes.datasets.push((profile?.datasets ?? []).map((d) => datasetIndex.get(d)!));
    for (const metric of sizeMetrics) {
      const value = metric === "posts" && postsFromGraph ? profile?.posts : node.scores[metric];
      nodes.metrics[metric]!.push(typeof value === "number" && Number.isFinite(value) ? significant(value) : 0);
    }
  }

  const attributeNames = [...new Set(part.edges.flatMap((e) => Object.keys(e.attributes)))].sort();
  const edges: ViewerEdges = { source: [], target: [], weight: [], attributes: Object.fromEntries(attributeNames.map((a) => [a, []])) };
  for (const edge of part.edges) {
    edges.source.push(index.get(edge.source)!);
    edges.target.push(index.get(edge.target)!);
    edges.weight.push(significant(edge.weight));
    const values = new Map(edgeAttributeEntries(edge.attributes));
    for (const name of attributeNames) {
      const value = values.get(name);
      edges.attributes[name]!.push(value === undefined ? null : typeof value === "number" ? significant(value) : value);
    }
  }

  const params = record.params ?? {};
  const summary = record.summary ?? {};
  return {
    run: {
      id: record.id,
      analysis: record.analysis,
      title: analysisTitle(record.analysis),
      groupNoun: groupNoun(record.analysis).plural,
      groupNounSingular: groupNoun(record.analysis).singular,
      createdAt: record.createdAt,
      directed: result.directed,
      params,
      parameters: describeParameters(params, options.parameterDescriptions),
      summary,
      figures: describeSummary(summary, record.analysis),
      explanation: emptyRunExplanation(record.analysis, result.nodes.length),
      accounts: result.nodes.length,
      ties: result.edges.length,
    },
    nodes,
    edges,
    communities: legend(result, part, names),
    noCommunityColour: NO_COMMUNITY_COLOUR,
    datasets: datasetNames,
    sizeMetrics,
    truncated: part.truncated,
    layout: { seed, iterations: report.iterations, milliseconds: report.milliseconds },
    database: options.database ?? (options.profiles ? { connected: true, message: null } : { connected: false, message: "no database: account profiles are not shown" }),
  };
}

/** Members named in a legend entry; the rest are counted ("+18"). */
const LEGEND_NAMES = 2;

/**
 * Every community of the run with its colour, named by its strongest shown members, strongest group
 * first: by the analysis's score when it gives one, else in the run's order (0 = largest).
 */
function legend(result: RunResult, part: RunPart, names: Map<string, string>): LegendCommunity[] {
  const communities = result.communities.length > 0 ? result.communities : communitiesFromNodes(result.nodes);
  const strength = strengthOf(part.nodes, part.edges);
  const shown = new Map<number, RunNode[]>();
  for (const node of part.nodes) {
    if (node.community === null) continue;
    const members = shown.get(node.community);
    if (members) members.push(node);
    else shown.set(node.community, [node]);
  }
  const entries = communities.map((c, order) => {
    const members = (shown.get(c.id) ?? []).sort((a, b) => strength.get(b.id)! - strength.get(a.id)! || compareAccountIds(a.id, b.id));
    const named = members.slice(0, LEGEND_NAMES);
    const rest = c.size - named.length;
    const entry: LegendCommunity = {
      id: c.id,
      size: c.size,
      shown: members.length,
      internalWeight: c.internalWeight,
      colour: communityColour(c.id),
      label: named.map((m) => names.get(m.id) ?? m.id).join(", ") + (rest > 0 ? ` +${rest}` : ""),
      memberIds: named.map((m) => m.id),
      verdict: c.verdict ?? null,
      score: typeof c.score === "number" && Number.isFinite(c.score) ? c.score : null,
      reason: c.reason ?? null,
      headline: c.headline ?? null,
    };
    return { entry, order };
  });
  return entries
    .sort((a, b) => (b.entry.score ?? -Infinity) - (a.entry.score ?? -Infinity) || a.order - b.order)
    .map((e) => e.entry);
}

function communitiesFromNodes(nodes: RunNode[]): RunResult["communities"] {
  const sizes = new Map<number, number>();
  for (const n of nodes) if (n.community !== null) sizes.set(n.community, (sizes.get(n.community) ?? 0) + 1);
  return [...sizes.entries()].sort(([a], [b]) => a - b).map(([id, size]) => ({ id, size, internalWeight: 0 }));
}

/** One tie per pair (per direction when directed), weights summed, first attributes kept; no self-loops or unknown accounts. */
function mergeParallelEdges(edges: RunEdge[], directed: boolean, known: Set<string>): RunEdge[] {
  const byPair = new Map<string, RunEdge>();
  const merged: RunEdge[] = [];
  for (const edge of edges) {
    if (edge.source === edge.target || !known.has(edge.source) || !known.has(edge.target)) continue;
    if (!(edge.weight > 0) || !Number.isFinite(edge.weight)) continue;
    const key = directed || edge.source < edge.target ? `${edge.source}\u0000${edge.target}` : `${edge.target}\u0000${edge.source}`;
    const existing = byPair.get(key);
    if (existing) existing.weight += edge.weight;
    else {
      const copy = { ...edge, attributes: { ...edge.attributes } };
      byPair.set(key, copy);
      merged.push(copy);
    }
  }
  return merged;
}

/** Weighted degree from the run's scores, else from the edges. */
function strengthOf(nodes: RunNode[], edges: RunEdge[]): Map<string, number> {
  const strength = new Map<string, number>();
  if (nodes.every((n) => typeof n.scores.weightedDegree === "number")) {
    for (const n of nodes) strength.set(n.id, n.scores.weightedDegree!);
    return strength;
  }
  for (const n of nodes) strength.set(n.id, 0);
  for (const e of edges) {
    if (strength.has(e.source)) strength.set(e.source, strength.get(e.source)! + e.weight);
    if (strength.has(e.target)) strength.set(e.target, strength.get(e.target)! + e.weight);
  }
  return strength;
}

/** Every account's strongest tie first (its backbone), then the strongest of the rest; run order kept. */
function strongestEdges(edges: RunEdge[], max: number): RunEdge[] {
  const byWeight = edges.map((_, i) => i).sort((a, b) => edges[b]!.weight - edges[a]!.weight || a - b);
  const chosen = new Uint8Array(edges.length);
  const covered = new Set<string>();
  let count = 0;
  const backbone: number[] = [];
  for (const i of byWeight) {
    const { source, target } = edges[i]!;
    if (!covered.has(source) || !covered.has(target)) {
      covered.add(source);
      covered.add(target);
      backbone.push(i);
    }
  }
  for (const i of backbone) {
    if (count >= max) break;
    chosen[i] = 1;
    count++;
  }
  for (const i of byWeight) {
    if (count >= max) break;
    if (!chosen[i]) {
      chosen[i] = 1;
      count++;
    }
  }
  return edges.filter((_, i) => chosen[i]);
}

/** Integer shares of `total` proportional to the weights (Hamilton's method), ties to the earlier entry. */
function largestRemainder(entries: Array<{ id: number; weight: number }>, total: number): Map<number, number> {
  const sum = entries.reduce((s, e) => s + e.weight, 0);
  const quotas = new Map<number, number>();
  if (sum === 0) return quotas;
  const remainders = entries.map((e, order) => {
    const exact = (total * e.weight) / sum;
    quotas.set(e.id, Math.floor(exact));
    return { id: e.id, remainder: exact - Math.floor(exact), order };
  });
  let left = total - [...quotas.values()].reduce((s, q) => s + q, 0);
  remainders.sort((a, b) => b.remainder - a.remainder || a.order - b.order);
  for (const r of remainders) {
    if (left <= 0) break;
    quotas.set(r.id, quotas.get(r.id)! + 1);
    left--;
  }
  return quotas;
}

function metricRank(name: string): number {
  const i = PREFERRED_METRICS.indexOf(name);
  return i === -1 ? PREFERRED_METRICS.length : i;
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** Six significant digits: enough for sizes and tooltips, a third of the JSON of full doubles. */
function significant(value: number): number {
  return Number.isInteger(value) ? value : Number(value.toPrecision(6));
}
