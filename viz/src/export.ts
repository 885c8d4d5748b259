/** Exports of the current view: PNG (sigma's layers flattened) and GEXF (the visible graph, as drawn). */
import { UndirectedGraph, DirectedGraph } from "graphology";
import gexf from "graphology-gexf/browser/index.js";
import type Sigma from "sigma";
import type { VizEdgeAttributes, VizGraph, VizNodeAttributes } from "./graph.ts";

/** sigma v3's layers, bottom to top; "mouse" only catches events. */
const LAYERS = ["edges", "edgeLabels", "nodes", "labels", "hovers", "hoverNodes"];

/**
 * Draws sigma's canvases onto one white canvas. The WebGL layers keep no drawing buffer
 * (`preserveDrawingBuffer: false`), so the frame is rendered and copied in the same task.
 */
export function renderPng(renderer: Sigma<VizNodeAttributes, VizEdgeAttributes>): Promise<Blob> {
  const canvases = renderer.getCanvases();
  const { width, height } = renderer.getDimensions();
  const ratio = window.devicePixelRatio || 1;
  const out = document.createElement("canvas");
  out.width = Math.round(width * ratio);
  out.height = Math.round(height * ratio);
  const context = out.getContext("2d")!;
  context.fillStyle = "#ffffff";
  context.fillRect(0, 0, out.width, out.height);
  renderer.refresh({ skipIndexation: true });
  for (const layer of LAYERS) {
    const canvas = canvases[layer];
    if (canvas) context.drawImage(canvas, 0, 0, out.width, out.height);
  }
  return new Promise((resolve, reject) => out.toBlob((blob) => (blob ? resolve(blob) : reject(new Error("PNG export failed"))), "image/png"));
}

/** The visible part of the graph as GEXF 1.3, with the drawn colours, sizes and positions. */
export function renderGexf(
  graph: VizGraph,
  renderer: Sigma<VizNodeAttributes, VizEdgeAttributes>,
  nodes: { label: string[]; metrics: Record<string, number[]> },
): string {
  const visible = graph.type === "directed" ? new DirectedGraph() : new UndirectedGraph();
  graph.forEachNode((node, attributes) => {
    const shown = renderer.getNodeDisplayData(node);
    if (!shown || shown.hidden) return;
    const values: Record<string, number | string> = { community: attributes.community ?? -1 };
    for (const [name, column] of Object.entries(nodes.metrics)) values[name] = column[attributes.index] ?? 0;
    visible.addNode(node, { label: nodes.label[attributes.index] ?? attributes.label, x: attributes.x, y: attributes.y, size: shown.size, color: shown.color, ...values });
  });
  graph.forEachEdge((edge, attributes, source, target) => {
    const shown = renderer.getEdgeDisplayData(edge);
    if (!shown || shown.hidden || !visible.hasNode(source) || !visible.hasNode(target)) return;
    visible.addEdgeWithKey(edge, source, target, { weight: attributes.weight });
  });
  return gexf.write(visible, { version: "1.3" });
}
