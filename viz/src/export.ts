/**
 * Exports of the current view. PNG: sigma's layers flattened under a header with the run's title and
 * parameters and beside a legend, so the picture explains itself wherever it travels. GEXF and
 * GraphML: the visible accounts and ties with every attribute of the run (scores, tie attributes,
 * significance) and the accounts' profiles, plus the drawn positions, sizes and colours, written by the
 * same code as `coordgraph export` (src/report/export.ts).
 */
import type Sigma from "sigma";
import { runNetwork, toGexf, toGraphml, type AccountProfileAttributes } from "../../src/report/export.ts";
import type { RunEdge, RunNode } from "../../src/run/model.ts";
import type { ViewerPayload } from "../../src/viewer/types.ts";
import { BACKGROUND, type VizEdgeAttributes, type VizGraph, type VizNodeAttributes } from "./graph.ts";

/** sigma v3's layers, bottom to top; "mouse" only catches events. */
const LAYERS = ["edges", "edgeLabels", "nodes", "labels", "hovers", "hoverNodes"];

/** Legend entries drawn into the PNG (the strongest groups). */
const PNG_LEGEND_LIMIT = 24;
const FONT = "system-ui, -apple-system, 'Segoe UI', sans-serif";

/** Where the PNG's parts are, in CSS pixels (tests sample the swatches). */
export interface PngLayout {
  graph: { x: number; y: number; width: number; height: number };
  swatches: Array<{ community: number; colour: string; x: number; y: number }>;
}

/**
 * The PNG as a canvas: header (title, run, parameters in words), the graph's layers on white, and a
 * legend column (colour, name, verdict, size). The WebGL layers keep no drawing buffer
 * (`preserveDrawingBuffer: false`), so the frame is rendered and copied in the same task.
 */
export function composePng(renderer: Sigma<VizNodeAttributes, VizEdgeAttributes>, payload: ViewerPayload, hiddenCommunities: ReadonlySet<number>): { canvas: HTMLCanvasElement; layout: PngLayout } {
  const { width, height } = renderer.getDimensions();
  const ratio = window.devicePixelRatio || 1;
  const scratch = document.createElement("canvas").getContext("2d")!;

  const title = payload.run.title;
  const subtitle = `${payload.run.analysis} run ${payload.run.id} · ${payload.run.createdAt.slice(0, 10)}`;
  const parameters = payload.run.parameters.map((p) => `${p.label}: ${p.value}`).join(" · ");
  scratch.font = `12px ${FONT}`;
  const parameterLines = wrap(scratch, parameters ? `Parameters: ${parameters}` : "", width + 300 - 24);
  const headerHeight = 16 + 22 + 18 + parameterLines.length * 16 + 10;

  const legendWidth = 300;
  const legend = payload.communities.filter((c) => c.shown > 0 && !hiddenCommunities.has(c.id)).slice(0, PNG_LEGEND_LIMIT);
  const legendHeight = 30 + legend.length * 20 + 24;
  const totalWidth = width + legendWidth;
  const totalHeight = headerHeight + Math.max(height, legendHeight);

  const canvas = document.createElement("canvas");
  canvas.width = Math.round(totalWidth * ratio);
  canvas.height = Math.round(totalHeight * ratio);
  const context = canvas.getContext("2d")!;
  context.scale(ratio, ratio);
  context.fillStyle = BACKGROUND;
  context.fillRect(0, 0, totalWidth, totalHeight);

  context.fillStyle = "#222222";
  context.textBaseline = "alphabetic";
  context.font = `600 17px ${FONT}`;
  context.fillText(title, 12, 16 + 14, totalWidth - 24);
  context.font = `12px ${FONT}`;
  context.fillStyle = "#555555";
  context.fillText(subtitle, 12, 16 + 22 + 10, totalWidth - 24);
  parameterLines.forEach((line, i) => context.fillText(line, 12, 16 + 22 + 18 + 10 + i * 16));
  context.fillStyle = "#dddddd";
  context.fillRect(0, headerHeight - 1, totalWidth, 1);

  renderer.refresh({ skipIndexation: true });
  const canvases = renderer.getCanvases();
  for (const layer of LAYERS) {
    const source = canvases[layer];
    if (source) context.drawImage(source, 0, headerHeight, width, height);
  }

  const swatches: PngLayout["swatches"] = [];
  const left = width + 12;
  context.fillStyle = "#222222";
  context.font = `600 13px ${FONT}`;
  context.fillText(payload.run.groupNoun, left, headerHeight + 20);
  context.font = `12px ${FONT}`;
  legend.forEach((c, i) => {
    const y = headerHeight + 30 + i * 20;
    context.fillStyle = c.colour;
    context.beginPath();
    context.arc(left + 6, y + 6, 6, 0, 2 * Math.PI);
    context.fill();
    swatches.push({ community: c.id, colour: c.colour, x: left + 6, y: y + 6 });
    context.fillStyle = "#222222";
    const verdict = c.verdict ? ` · ${c.verdict}` : "";
    context.fillText(`${c.label}${verdict} (${c.size.toLocaleString("en")})`, left + 18, y + 10, legendWidth - 30);
  });
  const more = payload.communities.filter((c) => c.shown > 0).length - legend.length;
  if (more > 0) {
    context.fillStyle = "#777777";
    context.fillText(`and ${more.toLocaleString("en")} more`, left, headerHeight + 30 + legend.length * 20 + 14);
  }
  return { canvas, layout: { graph: { x: 0, y: headerHeight, width, height }, swatches } };
}

export function renderPng(renderer: Sigma<VizNodeAttributes, VizEdgeAttributes>, payload: ViewerPayload, hiddenCommunities: ReadonlySet<number>): Promise<Blob> {
  const { canvas } = composePng(renderer, payload, hiddenCommunities);
  return new Promise((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error("PNG export failed"))), "image/png"));
}

/** Greedy word wrap to `maxWidth` pixels in the context's font. */
function wrap(context: CanvasRenderingContext2D, text: string, maxWidth: number): string[] {
  if (!text) return [];
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    const candidate = line ? `${line} ${word}` : word;
    if (context.measureText(candidate).width > maxWidth && line) {
      lines.push(line);
      line = word;
    } else line = candidate;
  }
  if (line) lines.push(line);
  return lines;
}

/**
 * The visible part of the run as the export graph of `coordgraph export`: run scores, every tie
 * attribute, the profiles the server sends (`GET /api/profiles`), and the drawing as shown.
 */
export function visibleNetwork(
  graph: VizGraph,
  renderer: Sigma<VizNodeAttributes, VizEdgeAttributes>,
  payload: ViewerPayload,
  profiles: Record<string, AccountProfileAttributes>,
): ReturnType<typeof runNetwork> {
  const nodes: RunNode[] = [];
  const drawing = new Map<string, { x: number; y: number; size: number; color: string }>();
  graph.forEachNode((node, attributes) => {
    const shown = renderer.getNodeDisplayData(node);
    if (!shown || shown.hidden) return;
    const scores: Record<string, number> = {};
    for (const [name, column] of Object.entries(payload.nodes.metrics)) scores[name] = column[attributes.index] ?? 0;
    nodes.push({ id: node, community: attributes.community, scores });
    drawing.set(node, { x: attributes.x, y: attributes.y, size: shown.size, color: attributes.color });
  });
  const kept = new Set(nodes.map((n) => n.id));
  const edges: RunEdge[] = [];
  graph.forEachEdge((edge, attributes, source, target) => {
    const shown = renderer.getEdgeDisplayData(edge);
    if (!shown || shown.hidden || !kept.has(source) || !kept.has(target)) return;
    const values: Record<string, number | string> = {};
    for (const [name, column] of Object.entries(payload.edges.attributes)) {
      const value = column[attributes.index];
      if (value !== null && value !== undefined) values[name] = value;
    }
    edges.push({ source, target, weight: attributes.weight, attributes: values });
  });
  const network = runNetwork(
    { directed: payload.run.directed, nodes, edges },
    { runId: payload.run.id, analysis: payload.run.analysis, createdAt: payload.run.createdAt },
    new Map(Object.entries(profiles)),
  );
  network.forEachNode((node) => {
    const drawn = drawing.get(node);
    if (drawn) network.mergeNodeAttributes(node, { x: round(drawn.x), y: round(drawn.y), size: round(drawn.size), color: drawn.color });
  });
  return network;
}

export function renderGexf(...args: Parameters<typeof visibleNetwork>): string {
  return toGexf(visibleNetwork(...args));
}

export function renderGraphml(...args: Parameters<typeof visibleNetwork>): string {
  return toGraphml(visibleNetwork(...args));
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
