/** The run payload as a graphology graph for sigma: one node per account, one edge per tie. */
import { DirectedGraph, UndirectedGraph } from "graphology";
import type { AbstractGraph } from "graphology-types";
import { scaleSizes, sizeRange } from "../../src/viewer/scale.ts";
import type { ViewerPayload } from "../../src/viewer/types.ts";

/** Node attributes: the layout and the base look; view state never writes here (see reducers.ts). */
export type VizNodeAttributes = {
  x: number;
  y: number;
  /** Radius in pixels by the default size metric. */
  size: number;
  /** The payload's label, cut to LABEL_LIMIT characters for drawing. */
  label: string;
  color: string;
  community: number | null;
  /** Position in the payload's columns. */
  index: number;
};

export type VizEdgeAttributes = {
  weight: number;
  size: number;
  color: string;
  /** Position in the payload's edge columns. */
  index: number;
  sourceIndex: number;
  targetIndex: number;
};

export type VizGraph = AbstractGraph<VizNodeAttributes, VizEdgeAttributes>;

/** Colour of ties between communities. */
export const BETWEEN_COLOUR = "rgba(140,140,140,0.25)";

/**
 * Builds the graph. Edge keys are the payload's edge indexes as strings.
 *
 * @example
 * const graph = graphFromPayload(await (await fetch("/api/run")).json());
 */
export function graphFromPayload(payload: ViewerPayload): VizGraph {
  const graph: VizGraph = payload.run.directed
    ? new DirectedGraph<VizNodeAttributes, VizEdgeAttributes>()
    : new UndirectedGraph<VizNodeAttributes, VizEdgeAttributes>();
  const colours = new Map(payload.communities.map((c) => [c.id, c.colour]));
  const { nodes, edges } = payload;
  const sizes = metricSizes(payload, payload.sizeMetrics[0] ?? null);
  for (let i = 0; i < nodes.id.length; i++) {
    const community = nodes.community[i] ?? null;
    graph.addNode(nodes.id[i]!, {
      x: nodes.x[i]!,
      y: nodes.y[i]!,
      size: sizes[i]!,
      label: canvasLabel(nodes.label[i]!),
      color: (community !== null ? colours.get(community) : undefined) ?? payload.noCommunityColour,
      community,
      index: i,
    });
  }
  let maxWeight = 0;
  for (const w of edges.weight) if (w > maxWeight) maxWeight = w;
  const big = edges.weight.length > 20_000;
  for (let i = 0; i < edges.source.length; i++) {
    const s = edges.source[i]!;
    const t = edges.target[i]!;
    const cs = nodes.community[s];
    const weight = edges.weight[i]!;
    const within = cs !== null && cs === nodes.community[t];
    graph.addEdgeWithKey(String(i), nodes.id[s]!, nodes.id[t]!, {
      weight,
      size: (big ? 0.3 : 0.5) + (big ? 1.5 : 2.5) * (maxWeight > 0 ? Math.sqrt(weight / maxWeight) : 0),
      color: within ? withAlpha(colours.get(cs!) ?? payload.noCommunityColour, big ? 0.3 : 0.5) : BETWEEN_COLOUR,
      index: i,
      sourceIndex: s,
      targetIndex: t,
    });
  }
  return graph;
}

/** Longest label drawn on the graph; hashed ids (64 hex digits) would cover their neighbours. The panel shows it whole. */
const LABEL_LIMIT = 24;

export function canvasLabel(label: string): string {
  return label.length > LABEL_LIMIT ? `${label.slice(0, LABEL_LIMIT - 1)}…` : label;
}

/** Radii of every node for one metric (by payload index); the minimum size when the metric is absent. */
export function metricSizes(payload: ViewerPayload, metric: string | null): Float64Array {
  const order = payload.nodes.id.length;
  const values = metric ? payload.nodes.metrics[metric] : undefined;
  const range = sizeRange(order);
  return values ? scaleSizes(values, range) : new Float64Array(order).fill(range.min);
}

/** `#rrggbb` + alpha as `rgba(...)`. */
export function withAlpha(hex: string, alpha: number): string {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255},${(n >> 8) & 255},${n & 255},${alpha})`;
}
