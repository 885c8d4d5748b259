/**
 * Keeps Louvain's split of a connected group only where it is community structure. In a network of
 * ties that are each beyond chance, a campaign is one connected, dense group; Louvain still cuts it
 * into pieces when the pieces gain a little modularity, and a reader then sees one campaign as three
 * groups. For each connected component, the modularity of Louvain's communities within the component
 * alone is computed; below `minSplitModularity` the component becomes one group. 0.3 is where Newman
 * & Girvan (2004, "Finding and evaluating community structure in networks", Phys. Rev. E 69) found
 * modularity to start indicating real structure.
 */
import type { RunCommunity, RunEdge, RunNode } from "../run/model.ts";

/** Defaults of {@link mergeWeakSplits}, declared once. */
export const COMPONENT_GROUP_DEFAULTS = Object.freeze({
  /** A component's split into communities is kept from this modularity (within the component) on. */
  minSplitModularity: 0.3,
});

/**
 * Merges the communities of each connected component whose split has less than
 * `minSplitModularity` modularity. Community ids are renumbered 0.. (in order of first appearance
 * among `nodes`); sizes and internal weights recomputed.
 *
 * @example
 * const { nodes, communities } = mergeWeakSplits(partition.nodes, edges);
 */
export function mergeWeakSplits(
  nodes: readonly RunNode[],
  edges: readonly RunEdge[],
  options: { minSplitModularity?: number } = {},
): { nodes: RunNode[]; communities: RunCommunity[] } {
  const minSplit = options.minSplitModularity ?? COMPONENT_GROUP_DEFAULTS.minSplitModularity;
  const index = new Map(nodes.map((n, i) => [n.id, i]));
  // Connected components by union-find over the edges.
  const parent = nodes.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  for (const e of edges) {
    const a = index.get(e.source);
    const b = index.get(e.target);
    if (a === undefined || b === undefined) continue;
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  }
  // Per component: total weight m, per community its internal weight and total degree.
  const totals = new Map<number, { weight: number; internal: Map<number, number>; degree: Map<number, number> }>();
  const entry = (root: number) => {
    let t = totals.get(root);
    if (t === undefined) totals.set(root, (t = { weight: 0, internal: new Map(), degree: new Map() }));
    return t;
  };
  for (const e of edges) {
    const a = index.get(e.source);
    const b = index.get(e.target);
    if (a === undefined || b === undefined || a === b) continue;
    const t = entry(find(a));
    t.weight += e.weight;
    const ca = nodes[a]!.community;
    const cb = nodes[b]!.community;
    if (ca === null || cb === null) continue;
    t.degree.set(ca, (t.degree.get(ca) ?? 0) + e.weight);
    t.degree.set(cb, (t.degree.get(cb) ?? 0) + e.weight);
    if (ca === cb) t.internal.set(ca, (t.internal.get(ca) ?? 0) + e.weight);
  }
  const merged = new Set<number>();
  for (const [root, t] of totals) {
    if (t.degree.size < 2 || t.weight === 0) continue;
    let q = 0;
    for (const [c, degree] of t.degree) q += (t.internal.get(c) ?? 0) / t.weight - (degree / (2 * t.weight)) ** 2;
    if (q < minSplit) merged.add(root);
  }
  // New ids: one per merged component, else one per old community, in order of first appearance.
  const newId = new Map<string, number>();
  const out: RunNode[] = nodes.map((n, i) => {
    if (n.community === null) return { ...n };
    const root = find(i);
    const key = merged.has(root) ? `component:${root}` : `community:${n.community}`;
    if (!newId.has(key)) newId.set(key, newId.size);
    return { ...n, community: newId.get(key)! };
  });
  const communities = new Map<number, RunCommunity>();
  for (const n of out) {
    if (n.community === null) continue;
    const c = communities.get(n.community) ?? { id: n.community, size: 0, internalWeight: 0 };
    c.size++;
    communities.set(n.community, c);
  }
  for (const e of edges) {
    const a = index.get(e.source);
    const b = index.get(e.target);
    if (a === undefined || b === undefined) continue;
    const ca = out[a]!.community;
    if (ca !== null && ca === out[b]!.community) communities.get(ca)!.internalWeight += e.weight;
  }
  return { nodes: out, communities: [...communities.values()].sort((x, y) => x.id - y.id) };
}
