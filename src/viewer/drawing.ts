/**
 * The viewer's drawing of a network, for exports: the same community layout, node sizes and community
 * colours as `coordgraph view`, written onto an export graph's nodes (`x`, `y`, `size`, `color`), so a
 * file opened in Gephi looks like the viewer's first frame.
 */
import { DirectedGraph, UndirectedGraph } from "graphology";
import type { ExportGraph } from "../report/export.ts";
import { communityLayout, type LayoutReport } from "./layout.ts";
import { communityColour, scaleSizes, sizeRange } from "./scale.ts";

/** Defaults of `drawNetwork`, declared once. */
export const DRAWING_DEFAULTS = {
  /** Layout seed: the viewer's default, so both give the same picture. */
  seed: 42,
} as const;

/**
 * Lays out the network as the viewer does and writes position, size (by weighted degree) and
 * community colour onto every node.
 *
 * @example
 * const graph = await gatherRunNetwork(db, runDir);
 * drawNetwork(graph);
 * graph.getNodeAttributes("1001"); // { ..., x: -120.5, y: 33.1, size: 9.2, color: "#4e79a7" }
 */
export function drawNetwork(graph: ExportGraph, options: { seed?: number } = {}): LayoutReport {
  // A simple graph for the layout: parallel ties summed, no self-loops.
  const simple = graph.type === "directed" ? new DirectedGraph({ allowSelfLoops: false }) : new UndirectedGraph({ allowSelfLoops: false });
  graph.forEachNode((node, attributes) => simple.addNode(node, { community: typeof attributes.community === "number" ? attributes.community : null }));
  graph.forEachEdge((_edge, attributes, source, target) => {
    if (source === target) return;
    const weight = typeof attributes.weight === "number" && Number.isFinite(attributes.weight) ? attributes.weight : 1;
    if (simple.hasEdge(source, target)) simple.updateEdgeAttribute(source, target, "weight", (w: number) => w + weight);
    else simple.addEdge(source, target, { weight });
  });
  const report = communityLayout.assign(simple, { seed: options.seed ?? DRAWING_DEFAULTS.seed });

  const ids = graph.nodes();
  const strength = ids.map((id) => {
    let total = 0;
    simple.forEachEdge(id, (_e, attributes) => (total += attributes.weight as number));
    return total;
  });
  const sizes = scaleSizes(strength, sizeRange(ids.length));
  ids.forEach((id, i) => {
    const { x, y } = simple.getNodeAttributes(id) as { x: number; y: number };
    const community = graph.getNodeAttribute(id, "community");
    graph.mergeNodeAttributes(id, {
      x: Math.round(x * 10) / 10,
      y: Math.round(y * 10) / 10,
      size: Math.round(sizes[i]! * 100) / 100,
      color: communityColour(typeof community === "number" ? community : null),
    });
  });
  return report;
}
