/**
 * The coordgraph cluster viewer: sigma v3 over a graphology graph of one run, laid out by the server.
 * View state (state.ts) is applied through reducers (reducers.ts), mirrored in the URL hash, and never
 * written onto the graph; the only graph writes are the optional ForceAtlas2 refinement's positions.
 */
import forceAtlas2Module from "graphology-layout-forceatlas2";
import FA2LayoutModule from "graphology-layout-forceatlas2/worker.js";
import Sigma from "sigma";
import type { ViewerPayload } from "../../src/viewer/types.ts";
import { byId, download, el, formatNumber } from "./dom.ts";
import { renderGexf, renderPng } from "./export.ts";
import { graphFromPayload, metricSizes, type VizEdgeAttributes, type VizGraph, type VizNodeAttributes } from "./graph.ts";
import { showAccount, type PanelContext } from "./panel.ts";
import { edgeReducer, hiddenNodes, nodeReducer, type ReducerContext } from "./reducers.ts";
import { applyHash, initialState, stateToHash, type ViewState } from "./state.ts";

// CommonJS packages typed as their module object under NodeNext; the bundler hands over module.exports.
const forceAtlas2 = unwrapDefault(forceAtlas2Module);
const FA2Layout = unwrapDefault(FA2LayoutModule);

type Renderer = Sigma<VizNodeAttributes, VizEdgeAttributes>;

/** The handle tests (and curious users in the console) read; `ready` turns true after the first frame. */
export interface ViewerHandle {
  ready: boolean;
  renderer: Renderer;
  graph: VizGraph;
  state: ViewState;
  payload: ViewerPayload;
  /** Selects an account and opens its panel, as a search or click does. */
  select(id: string | null, options?: { zoom?: boolean }): void;
  focusCommunity(id: number | null): void;
}

declare global {
  interface Window {
    __viewer?: ViewerHandle;
  }
}

/** Most communities listed in the legend (the rest are small ones; they still show on the graph). */
const LEGEND_LIMIT = 400;
/** Most suggestions under the search box. */
const SUGGESTION_LIMIT = 20;

async function start(): Promise<void> {
  const status = byId("status");
  const response = await fetch("api/run", { headers: { Accept: "application/json" } });
  if (!response.ok) throw new Error(`could not load the run (HTTP ${response.status})`);
  const payload = (await response.json()) as ViewerPayload;
  const graph = graphFromPayload(payload);
  const indexOf = new Map(payload.nodes.id.map((id, i) => [id, i]));

  const state = initialState();
  applyHash(state, location.hash);
  sanitiseState(state, payload);
  const context: ReducerContext = {
    state,
    hidden: hiddenNodes(payload, state),
    sizes: metricSizes(payload, state.sizeMetric ?? payload.sizeMetrics[0] ?? null),
    hoveredIndex: -1,
    lightHover: graph.order + graph.size > 60_000,
  };

  const big = graph.order > 5_000 || graph.size > 20_000;
  const renderer: Renderer = new Sigma(graph, byId("graph"), {
    nodeReducer: nodeReducer(context),
    edgeReducer: edgeReducer(context, payload),
    defaultEdgeType: payload.run.directed ? "arrow" : "line",
    zIndex: true,
    // Software WebGL takes ~0.2 s per frame of 100k ties: drop them while the camera moves.
    hideEdgesOnMove: graph.size > 30_000,
    hideLabelsOnMove: graph.order > 20_000,
    labelRenderedSizeThreshold: big ? 9 : 6,
    labelDensity: big ? 0.4 : 0.8,
    labelFont: "system-ui, sans-serif",
    minCameraRatio: 0.002,
    maxCameraRatio: 4,
    stagePadding: 24,
  });
  const camera = renderer.getCamera();

  const panel = byId("panel");
  const panelBody = byId("panel-body");
  const refresh = () => renderer.refresh({ skipIndexation: true });
  const saveHash = () => {
    const hash = stateToHash(state);
    history.replaceState(null, "", hash || `${location.pathname}${location.search}`);
  };
  const applyFilters = () => {
    context.hidden = hiddenNodes(payload, state);
    refresh();
    updateStatus();
    saveHash();
  };

  // Camera moves go to sigma's "framed graph" coordinates, the space getNodeDisplayData reports.
  // Zooming to an account shows about the same number of accounts around it whatever the graph's size.
  const nodeZoom = Math.max(0.05, Math.min(0.6, 20 / Math.sqrt(Math.max(1, graph.order))));
  const zoomToNode = (id: string) => {
    const shown = renderer.getNodeDisplayData(id);
    if (shown) void camera.animate({ x: shown.x, y: shown.y, ratio: Math.min(camera.ratio, nodeZoom) }, { duration: 500 });
  };
  const zoomToCommunity = (community: number) => {
    let minX = Infinity;
    let maxX = -Infinity;
    let minY = Infinity;
    let maxY = -Infinity;
    graph.forEachNode((node, attributes) => {
      if (attributes.community !== community) return;
      const shown = renderer.getNodeDisplayData(node);
      if (!shown) return;
      minX = Math.min(minX, shown.x);
      maxX = Math.max(maxX, shown.x);
      minY = Math.min(minY, shown.y);
      maxY = Math.max(maxY, shown.y);
    });
    if (!Number.isFinite(minX)) return;
    const ratio = Math.min(1, Math.max(0.02, Math.max(maxX - minX, maxY - minY) * 1.3));
    void camera.animate({ x: (minX + maxX) / 2, y: (minY + maxY) / 2, ratio }, { duration: 500 });
  };

  const panelContext: PanelContext = { payload, indexOf, select: (id) => select(id, { zoom: true }) };
  const select = (id: string | null, options: { zoom?: boolean } = {}) => {
    state.selectedNode = id !== null && graph.hasNode(id) ? id : null;
    if (state.selectedNode === null) {
      panel.hidden = true;
      panelBody.replaceChildren();
      delete panelBody.dataset.account;
    } else {
      panel.hidden = false;
      void showAccount(panelBody, panelContext, state.selectedNode);
      if (options.zoom) zoomToNode(state.selectedNode);
    }
    refresh();
    saveHash();
  };
  const focusCommunity = (community: number | null) => {
    state.focusCommunity = community;
    if (community !== null) {
      state.hiddenCommunities.delete(community);
      context.hidden = hiddenNodes(payload, state);
      zoomToCommunity(community);
    }
    renderLegend();
    refresh();
    saveHash();
  };

  // Hover: the neighbourhood stays, the rest is dimmed; reducers read the state, the graph is untouched.
  // Big graphs repaint only the neighbourhoods that change (see ReducerContext.lightHover).
  const repaintHover = (previous: string | null) => {
    if (!context.lightHover) {
      refresh();
      return;
    }
    const nodes = new Set<string>();
    const edges = new Set<string>();
    for (const centre of [previous, state.hoveredNode]) {
      if (centre === null || !graph.hasNode(centre)) continue;
      nodes.add(centre);
      graph.forEachNeighbor(centre, (neighbour) => nodes.add(neighbour));
      graph.forEachEdge(centre, (edge) => edges.add(edge));
    }
    renderer.refresh({ partialGraph: { nodes: [...nodes], edges: [...edges] }, skipIndexation: true });
  };
  renderer.on("enterNode", ({ node }) => {
    const previous = state.hoveredNode;
    state.hoveredNode = node;
    state.hoveredNeighbours = new Set(graph.neighbors(node));
    context.hoveredIndex = graph.getNodeAttribute(node, "index");
    repaintHover(previous);
  });
  renderer.on("leaveNode", () => {
    const previous = state.hoveredNode;
    state.hoveredNode = null;
    state.hoveredNeighbours = new Set();
    context.hoveredIndex = -1;
    repaintHover(previous);
  });
  renderer.on("clickNode", ({ node }) => select(node));
  renderer.on("clickStage", () => {
    if (state.selectedNode !== null) select(null);
  });
  byId("panel-close").addEventListener("click", () => select(null));

  // Search by id or name: suggestions as you type, Enter (or picking one) zooms to the account.
  const search = byId<HTMLInputElement>("search");
  const suggestions = byId<HTMLDataListElement>("search-options");
  const lowerLabels = payload.nodes.label.map((l) => l.toLowerCase());
  const findAccount = (query: string): string | null => {
    const q = query.trim();
    if (!q) return null;
    if (graph.hasNode(q)) return q;
    const lower = q.replace(/^@/, "").toLowerCase();
    let exact = -1;
    let prefix = -1;
    let contains = -1;
    for (let i = 0; i < lowerLabels.length; i++) {
      const label = lowerLabels[i]!;
      if (label === lower) {
        exact = i;
        break;
      }
      if (prefix === -1 && label.startsWith(lower)) prefix = i;
      else if (contains === -1 && label.includes(lower)) contains = i;
    }
    const best = exact !== -1 ? exact : prefix !== -1 ? prefix : contains;
    if (best !== -1) return payload.nodes.id[best]!;
    const byId = payload.nodes.id.findIndex((id) => id.startsWith(q));
    return byId === -1 ? null : payload.nodes.id[byId]!;
  };
  search.addEventListener("input", () => {
    const lower = search.value.trim().replace(/^@/, "").toLowerCase();
    const options: HTMLOptionElement[] = [];
    if (lower.length > 0) {
      for (let i = 0; i < lowerLabels.length && options.length < SUGGESTION_LIMIT; i++) {
        if (lowerLabels[i]!.includes(lower) || payload.nodes.id[i]!.startsWith(lower)) {
          const option = document.createElement("option");
          option.value = payload.nodes.label[i]!;
          option.textContent = payload.nodes.id[i]!;
          options.push(option);
        }
      }
    }
    suggestions.replaceChildren(...options);
  });
  const runSearch = () => {
    state.search = search.value.trim();
    const found = findAccount(state.search);
    if (found) select(found, { zoom: true });
    else {
      status.textContent = state.search ? `no account matches "${state.search}"` : status.textContent;
      saveHash();
    }
  };
  search.addEventListener("keydown", (event) => {
    if (event.key === "Enter") runSearch();
  });
  search.addEventListener("change", runSearch);

  // Size metric.
  const sizeSelect = byId<HTMLSelectElement>("size-metric");
  sizeSelect.replaceChildren(...payload.sizeMetrics.map((m) => el("option", { text: m, attributes: { value: m } })));
  sizeSelect.value = state.sizeMetric ?? payload.sizeMetrics[0] ?? "";
  sizeSelect.disabled = payload.sizeMetrics.length === 0;
  sizeSelect.addEventListener("change", () => {
    state.sizeMetric = sizeSelect.value === payload.sizeMetrics[0] ? null : sizeSelect.value;
    context.sizes = metricSizes(payload, sizeSelect.value);
    refresh();
    saveHash();
  });

  // Minimum tie weight: the slider walks the distinct weights (at most 100 steps, by quantile).
  const thresholds = weightThresholds(payload.edges.weight);
  const weightSlider = byId<HTMLInputElement>("min-weight");
  const weightValue = byId<HTMLOutputElement>("min-weight-value");
  weightSlider.max = String(Math.max(0, thresholds.length - 1));
  weightSlider.disabled = thresholds.length < 2;
  const syncWeight = () => {
    const step = thresholds.findIndex((t) => t >= state.minWeight);
    weightSlider.value = String(step === -1 ? thresholds.length - 1 : step);
    weightValue.textContent = state.minWeight > 0 ? `≥ ${formatNumber(state.minWeight)}` : "any";
  };
  weightSlider.addEventListener("input", () => {
    const step = Number(weightSlider.value);
    state.minWeight = step === 0 ? 0 : (thresholds[step] ?? 0);
    syncWeight();
    applyFilters();
  });

  // Dataset.
  const datasetSelect = byId<HTMLSelectElement>("dataset");
  datasetSelect.append(...payload.datasets.map((d) => el("option", { text: d, attributes: { value: d } })));
  datasetSelect.disabled = payload.datasets.length < 2;
  datasetSelect.addEventListener("change", () => {
    state.dataset = datasetSelect.value === "" ? null : datasetSelect.value;
    applyFilters();
  });

  // Labels.
  const labelsBox = byId<HTMLInputElement>("labels");
  labelsBox.addEventListener("change", () => {
    state.showLabels = labelsBox.checked;
    refresh();
    saveHash();
  });

  // Legend: click a name to focus (zoom, dim the rest), untick to hide.
  const legendList = byId("legend-list");
  const renderLegend = () => {
    const shown = payload.communities.filter((c) => c.shown > 0).slice(0, LEGEND_LIMIT);
    legendList.replaceChildren(
      ...shown.map((c) => {
        const visible = el("input", { attributes: { type: "checkbox", "aria-label": `show community ${c.id}` } });
        visible.checked = !state.hiddenCommunities.has(c.id);
        visible.addEventListener("change", () => {
          if (visible.checked) state.hiddenCommunities.delete(c.id);
          else state.hiddenCommunities.add(c.id);
          if (!visible.checked && state.focusCommunity === c.id) state.focusCommunity = null;
          renderLegend();
          applyFilters();
        });
        const dot = el("span", { className: "swatch" });
        dot.style.background = c.colour;
        const name = el("span", { className: "name", text: `#${c.id} ${c.label}`, title: c.label });
        name.addEventListener("click", () => focusCommunity(state.focusCommunity === c.id ? null : c.id));
        const count = el("span", { className: "count", text: c.shown < c.size ? `${formatNumber(c.shown)}/${formatNumber(c.size)}` : formatNumber(c.size) });
        const item = el("li", { attributes: { "data-community": String(c.id) } }, [visible, dot, name, count]);
        if (state.focusCommunity === c.id) item.classList.add("focused");
        if (state.hiddenCommunities.has(c.id)) item.classList.add("hidden-community");
        return item;
      }),
    );
    const more = byId("legend-more");
    const withMembers = payload.communities.filter((c) => c.shown > 0).length;
    more.hidden = withMembers <= LEGEND_LIMIT;
    more.textContent = `${formatNumber(withMembers - LEGEND_LIMIT)} smaller communities not listed`;
  };
  byId("legend-all").addEventListener("click", () => {
    state.hiddenCommunities.clear();
    renderLegend();
    applyFilters();
  });
  byId("legend-none").addEventListener("click", () => {
    state.hiddenCommunities = new Set(payload.communities.map((c) => c.id));
    state.focusCommunity = null;
    renderLegend();
    applyFilters();
  });

  // ForceAtlas2 refinement in a worker (off by default: the server's layout is the first frame).
  const refineButton = byId<HTMLButtonElement>("refine");
  let layout: InstanceType<typeof FA2Layout> | null = null;
  refineButton.setAttribute("aria-pressed", "false");
  refineButton.addEventListener("click", () => {
    layout ??= new FA2Layout(graph, { settings: forceAtlas2.inferSettings(graph), getEdgeWeight: "weight" });
    if (layout.isRunning()) {
      layout.stop();
      refineButton.textContent = "Refine layout";
      refineButton.setAttribute("aria-pressed", "false");
    } else {
      layout.start();
      refineButton.textContent = "Stop refining";
      refineButton.setAttribute("aria-pressed", "true");
    }
  });

  byId("reset").addEventListener("click", () => {
    const keepSize = state.sizeMetric;
    Object.assign(state, initialState(), { sizeMetric: keepSize });
    context.hidden = hiddenNodes(payload, state);
    search.value = "";
    datasetSelect.value = "";
    labelsBox.checked = true;
    syncWeight();
    renderLegend();
    select(null);
    void camera.animatedReset({ duration: 400 });
    updateStatus();
  });

  byId("export-png").addEventListener("click", () => {
    void renderPng(renderer).then((blob) => download(blob, `${payload.run.id}.png`));
  });
  byId("export-gexf").addEventListener("click", () => {
    const text = renderGexf(graph, renderer, payload.nodes);
    download(new Blob([text], { type: "application/xml" }), `${payload.run.id}.gexf`);
  });

  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape" || event.target === search) return;
    if (state.selectedNode !== null) select(null);
    else if (state.focusCommunity !== null) focusCommunity(null);
  });

  // Another hash (a shared link pasted, back/forward): adopt it.
  window.addEventListener("hashchange", () => {
    applyHash(state, location.hash);
    sanitiseState(state, payload);
    syncControls();
    context.hidden = hiddenNodes(payload, state);
    context.sizes = metricSizes(payload, state.sizeMetric ?? payload.sizeMetrics[0] ?? null);
    renderLegend();
    select(state.selectedNode, { zoom: true });
    if (state.selectedNode === null && state.focusCommunity !== null) zoomToCommunity(state.focusCommunity);
    updateStatus();
  });

  window.addEventListener("pagehide", () => {
    layout?.kill();
    renderer.kill();
  });

  function syncControls(): void {
    search.value = state.search;
    sizeSelect.value = state.sizeMetric ?? payload.sizeMetrics[0] ?? "";
    datasetSelect.value = state.dataset ?? "";
    labelsBox.checked = state.showLabels;
    syncWeight();
  }

  function updateStatus(): void {
    let nodes = 0;
    for (let i = 0; i < context.hidden.length; i++) if (!context.hidden[i]) nodes++;
    const hiddenNote = nodes < graph.order ? ` (${formatNumber(nodes)} after filters)` : "";
    status.textContent =
      `${formatNumber(graph.order)} accounts${hiddenNote}, ${formatNumber(graph.size)} ties, ` +
      `${formatNumber(payload.communities.length)} communities · layout: ${payload.layout.iterations} ForceAtlas2 iterations, ${formatNumber(payload.layout.milliseconds)} ms`;
  }

  byId("run-title").textContent = `${payload.run.analysis} · ${payload.run.id}`;
  byId("run-title").title = payload.run.createdAt;
  document.title = `coordgraph · ${payload.run.id}`;
  if (payload.truncated) {
    const t = payload.truncated;
    const notice = byId("notice");
    notice.hidden = false;
    notice.textContent =
      `Showing the strongest part of this run: ${formatNumber(t.shownNodes)} of ${formatNumber(t.totalNodes)} accounts ` +
      `(top of each community by weighted degree) and ${formatNumber(t.shownEdges)} of ${formatNumber(t.totalEdges)} ties. ` +
      "Restart with a higher --max-nodes / --max-edges to see more.";
  }

  const handle: ViewerHandle = {
    ready: false,
    renderer,
    graph,
    state,
    payload,
    select: (id, options) => select(id, options),
    focusCommunity,
  };
  window.__viewer = handle;
  renderer.once("afterRender", () => {
    handle.ready = true;
  });

  syncControls();
  renderLegend();
  updateStatus();
  context.hidden = hiddenNodes(payload, state);
  if (state.selectedNode !== null) select(state.selectedNode, { zoom: true });
  else {
    if (state.focusCommunity !== null) zoomToCommunity(state.focusCommunity);
    refresh();
  }
}

/** Drops hash entries that do not fit this run (another run's community or metric). */
function sanitiseState(state: ViewState, payload: ViewerPayload): void {
  const communities = new Set(payload.communities.map((c) => c.id));
  if (state.focusCommunity !== null && !communities.has(state.focusCommunity)) state.focusCommunity = null;
  state.hiddenCommunities = new Set([...state.hiddenCommunities].filter((c) => communities.has(c)));
  if (state.sizeMetric !== null && !payload.sizeMetrics.includes(state.sizeMetric)) state.sizeMetric = null;
  if (state.dataset !== null && !payload.datasets.includes(state.dataset)) state.dataset = null;
}

/** Slider stops: 0 (any), then the distinct weights, thinned to quantiles above 100. */
function weightThresholds(weights: number[]): number[] {
  const distinct = [...new Set(weights)].sort((a, b) => a - b);
  if (distinct.length <= 100) return [0, ...distinct.slice(1)];
  const stops = [0];
  for (let i = 1; i < 100; i++) stops.push(distinct[Math.round((i / 99) * (distinct.length - 1))]!);
  return [...new Set(stops)];
}

function unwrapDefault<T>(module: T): T extends { default: infer D } ? D : T {
  const m = module as { default?: unknown };
  return (m.default ?? m) as T extends { default: infer D } ? D : T;
}

start().catch((error: unknown) => {
  const status = document.getElementById("status");
  if (status) {
    status.textContent = `viewer failed: ${error instanceof Error ? error.message : String(error)}`;
    status.classList.add("error");
  }
  throw error;
});
