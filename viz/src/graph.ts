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

/**
 * Ties are drawn opaque, in their colour already blended onto the white background. sigma's WebGL
 * blending (ONE, ONE_MINUS_SRC_ALPHA) expects premultiplied colours but its edge shaders hand it
 * straight ones, so a translucent #f28e2b came out pale yellow (255,255,172). Blending here gives the
 * premultiplied result exactly, on screen and in the PNG, and costs the GPU no blending at all.
 */
export const BACKGROUND = "#ffffff";

/** Opacity of ties inside a community (small graphs, and above 20,000 ties). */
export const TIE_ALPHA = { small: 0.5, big: 0.3 } as const;

/** Colour of ties between communities: grey at 25% on white. */
export const BETWEEN_COLOUR = blendOnWhite("#8c8c8c", 0.25);

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
      color: within ? tieColour(colours.get(cs!) ?? payload.noCommunityColour, edges.weight.length) : BETWEEN_COLOUR,
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

/** The opaque colour of a tie inside a community of colour `hex`, in a graph of `ties` ties. */
export function tieColour(hex: string, ties: number): string {
  return blendOnWhite(hex, ties > 20_000 ? TIE_ALPHA.big : TIE_ALPHA.small);
}

/**
 * `#rrggbb` at opacity `alpha` over white, as the opaque `#rrggbb` it looks like.
 *
 * @example
 * blendOnWhite("#f28e2b", 0.5); // "#f9c795"
 */
export function blendOnWhite(hex: string, alpha: number): string {
  const n = Number.parseInt(hex.slice(1), 16);
  const channel = (c: number) => Math.round(c * alpha + 255 * (1 - alpha)).toString(16).padStart(2, "0");
  return `#${channel((n >> 16) & 255)}${channel((n >> 8) & 255)}${channel(n & 255)}`;
}
