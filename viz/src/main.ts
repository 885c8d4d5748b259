/**
 * The coordgraph cluster viewer: sigma v3 over a graphology graph of one run, laid out by the server.
 * View state (state.ts) is applied through reducers (reducers.ts), mirrored in the URL hash, and never
 * written onto the graph; the only graph writes are the optional ForceAtlas2 refinement's positions.
 */
import forceAtlas2Module from "graphology-layout-forceatlas2";
import FA2LayoutModule from "graphology-layout-forceatlas2/worker.js";
import Sigma from "sigma";
import { EdgeLineProgram, NodePointProgram } from "sigma/rendering";
import type { AccountProfileAttributes } from "../../src/report/export.ts";
import { counted, formatFigure, formatTimestamp, metricLabel, nounFor } from "../../src/run/words.ts";
import type { TieDetails, ViewerPayload } from "../../src/viewer/types.ts";
import { byId, download, el, formatNumber } from "./dom.ts";
import { evidenceList, exampleList, tieFacts } from "./evidence.ts";
import { composePng, renderGexf, renderGraphml, renderPng, type PngLayout } from "./export.ts";
import { graphFromPayload, metricSizes, tieColour, type VizEdgeAttributes, type VizGraph, type VizNodeAttributes } from "./graph.ts";
import { labelDrawer, reserveLabel, type LabelBox } from "./labels.ts";
import { showAccount, type PanelContext } from "./panel.ts";
import { edgeReducer, nodeReducer, visibility, type ReducerContext, type Visibility } from "./reducers.ts";
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
  /** Opens the popup of the tie between two accounts, as a click on it does. */
  showTie(a: string, b: string, at?: { x: number; y: number }): Promise<void>;
  /** Labels drawn in the last frame, in viewport pixels (none overlap). */
  labelBoxes: LabelBox[];
  /** What the filters leave visible (the status bar's counts). */
  visible(): Visibility;
  /** The PNG export as a canvas, with where its parts are. */
  exportCanvas(): { canvas: HTMLCanvasElement; layout: PngLayout };
  /** Colour of a tie inside each community (opaque, as drawn). */
  tieColours: Record<number, string>;
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
  let shown = visibility(payload, state);
  const context: ReducerContext = {
    state,
    hidden: shown.hidden,
    hiddenEdges: shown.hiddenEdges,
    sizes: metricSizes(payload, state.sizeMetric ?? payload.sizeMetrics[0] ?? null),
    hoveredIndex: -1,
    lightHover: graph.order + graph.size > 60_000,
  };
  const refilter = () => {
    shown = visibility(payload, state);
    context.hidden = shown.hidden;
    context.hiddenEdges = shown.hiddenEdges;
  };

  const big = graph.order > 5_000 || graph.size > 20_000;
  const labelBoxes: LabelBox[] = [];
  const renderer: Renderer = new Sigma(graph, byId("graph"), {
    nodeReducer: nodeReducer(context),
    edgeReducer: edgeReducer(context, payload),
    defaultEdgeType: payload.run.directed ? "arrow" : "line",
    // Above a few thousand ties, one-pixel GL lines instead of antialiased quads: a fraction of the fill work.
    edgeProgramClasses: graph.size > 5_000 ? { line: EdgeLineProgram } : {},
    // And GL points for dots: one vertex each instead of an instanced quad, half the work a frame.
    nodeProgramClasses: graph.order > 1_000 ? { circle: NodePointProgram } : {},
    zIndex: true,
    // Software WebGL spends most of a frame on ties (0.56 s a frame at 2k accounts / 16k ties): drop
    // them, and the labels, while the camera moves; they come back when it stops.
    hideEdgesOnMove: graph.size > 3_000,
    hideLabelsOnMove: graph.order > 1_000,
    // Dots are small above 1,000 accounts (scale.ts); the label drawer keeps whatever is drawn apart.
    labelRenderedSizeThreshold: big ? 8 : graph.order > 1_000 ? 4 : 6,
    labelDensity: big ? 0.4 : 0.8,
    labelFont: "system-ui, sans-serif",
    defaultDrawNodeLabel: labelDrawer(labelBoxes),
    enableEdgeEvents: graph.size <= 50_000,
    minCameraRatio: 0.002,
    maxCameraRatio: 4,
    stagePadding: 24,
  });
  // Each frame starts with no labels placed; forced labels (the selected account) claim their place first.
  renderer.on("beforeRender", () => {
    labelBoxes.length = 0;
    const selected = state.selectedNode;
    const display = selected !== null && state.showLabels ? renderer.getNodeDisplayData(selected) : undefined;
    if (selected !== null && display && !display.hidden && display.label) {
      reserveLabel(labelBoxes, selected, display.label, renderer.framedGraphToViewport(display), renderer.scaleSize(display.size), renderer.getSettings());
    }
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
    refilter();
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
  // Frames the community: the box of its members (a few far-flung ones left out, so one outlier
  // does not zoom out to everything), fitted to the viewport's shape.
  const zoomToCommunity = (community: number) => {
    const xs: number[] = [];
    const ys: number[] = [];
    graph.forEachNode((node, attributes) => {
      if (attributes.community !== community) return;
      const display = renderer.getNodeDisplayData(node);
      if (!display) return;
      xs.push(display.x);
      ys.push(display.y);
    });
    if (xs.length === 0) return;
    xs.sort((a, b) => a - b);
    ys.sort((a, b) => a - b);
    const trim = xs.length >= 20 ? Math.floor(xs.length * 0.03) : 0;
    const [minX, maxX, minY, maxY] = [xs[trim]!, xs[xs.length - 1 - trim]!, ys[trim]!, ys[ys.length - 1 - trim]!];
    const { width, height } = renderer.getDimensions();
    // sigma fits the framed graph's unit square to the viewport's smaller side.
    const side = Math.min(width, height);
    const ratio = Math.min(1, Math.max(0.01, Math.max(((maxX - minX) * side) / width, ((maxY - minY) * side) / height) * 1.25));
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
      refilter();
      zoomToCommunity(community);
    }
    renderLegend();
    refresh();
    updateStatus();
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
  // A tooltip beside the pointer: the account's full id (labels show a short form), or a tie's facts.
  const tooltip = byId("tooltip");
  const graphBox = byId("graph");
  const placeTooltip = (x: number, y: number) => {
    tooltip.style.left = `${Math.min(x + 14, graphBox.clientWidth - 260)}px`;
    tooltip.style.top = `${y + 14}px`;
  };
  const labelOf = (id: string) => {
    const index = indexOf.get(id);
    return index === undefined ? id : payload.nodes.label[index]!;
  };
  const showTooltip = (lines: string[], at: { x: number; y: number }) => {
    tooltip.replaceChildren(...lines.map((line, i) => el("div", { className: i === 0 ? "tooltip-title" : "", text: line })));
    tooltip.hidden = false;
    placeTooltip(at.x, at.y);
  };
  renderer.on("enterNode", ({ node }) => {
    const display = renderer.getNodeDisplayData(node);
    const at = display ? renderer.framedGraphToViewport(display) : { x: 0, y: 0 };
    const community = graph.getNodeAttribute(node, "community");
    showTooltip([labelOf(node), `id ${node}`, community === null ? `no ${payload.run.groupNounSingular}` : `${payload.run.groupNounSingular} #${community}`], at);
  });
  renderer.on("leaveNode", () => {
    tooltip.hidden = true;
  });
  const edgeEnds = (edge: string) => graph.extremities(edge) as [string, string];
  const edgeAttributes = (edge: string): Record<string, number | string> => {
    const index = graph.getEdgeAttribute(edge, "index");
    const values: Record<string, number | string> = {};
    for (const [name, column] of Object.entries(payload.edges.attributes)) {
      const value = column[index];
      if (value !== null && value !== undefined) values[name] = value;
    }
    return values;
  };
  renderer.on("enterEdge", ({ edge, event }) => {
    const [a, b] = edgeEnds(edge);
    showTooltip([`${labelOf(a)} — ${labelOf(b)}`, tieFacts(graph.getEdgeAttribute(edge, "weight"), edgeAttributes(edge)), "click for the evidence"], { x: event.x, y: event.y });
  });
  renderer.on("leaveEdge", () => {
    tooltip.hidden = true;
  });
  renderer.on("clickEdge", ({ edge, event }) => {
    const [a, b] = edgeEnds(edge);
    void showTie(a, b, { x: event.x, y: event.y });
  });

  // The tie popup: both accounts, the tie's significance and the evidence behind it (GET /api/tie).
  const tiePopup = byId("tie-popup");
  const tieBody = byId("tie-body");
  let tieTicket = 0;
  const closeTie = () => {
    tiePopup.hidden = true;
    tieBody.replaceChildren();
    delete tieBody.dataset.tie;
  };
  byId("tie-close").addEventListener("click", closeTie);
  const showTie = async (a: string, b: string, at?: { x: number; y: number }) => {
    const ticket = ++tieTicket;
    tooltip.hidden = true;
    tiePopup.hidden = false;
    if (at) {
      tiePopup.style.left = `${Math.max(4, Math.min(at.x + 10, graphBox.clientWidth - 430))}px`;
      tiePopup.style.top = `${Math.max(4, Math.min(at.y + 10, graphBox.clientHeight - 200))}px`;
    }
    tieBody.replaceChildren(el("h3", { text: `${labelOf(a)} — ${labelOf(b)}` }), el("p", { className: "muted", text: "loading the evidence…" }));
    let details: TieDetails | null = null;
    let failure = "";
    try {
      const response = await fetch(`api/tie?a=${encodeURIComponent(a)}&b=${encodeURIComponent(b)}`, { headers: { Accept: "application/json" } });
      if (response.ok) details = (await response.json()) as TieDetails;
      else failure = `evidence unavailable (HTTP ${response.status})`;
    } catch (error) {
      failure = `evidence unavailable (${(error as Error).message})`;
    }
    if (ticket !== tieTicket) return;
    if (!details) {
      tieBody.replaceChildren(el("h3", { text: `${labelOf(a)} — ${labelOf(b)}` }), el("p", { className: "muted", text: failure }));
      return;
    }
    const ends = el("p", { className: "muted" }, [
      el("span", { text: `${details.a.label}`, title: details.a.id }),
      document.createTextNode(" and "),
      el("span", { text: `${details.b.label}`, title: details.b.id }),
    ]);
    const evidence =
      details.evidence.length > 0
        ? evidenceList(details.evidence, details.a.label, details.b.label)
        : details.examples.length > 0
          ? exampleList(details.examples)
          : el("p", { className: "muted", text: "this run stores no evidence for its ties" });
    tieBody.replaceChildren(
      el("h3", { text: `${details.a.label} — ${details.b.label}` }),
      ends,
      el("p", { className: "facts", text: tieFacts(details.weight, details.attributes) }),
      el("h4", { text: details.evidence.length > 0 || details.examples.length > 0 ? "Evidence" : "No evidence" }),
      evidence,
    );
    tieBody.dataset.tie = `${a} ${b}`;
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
    closeTie();
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
  sizeSelect.replaceChildren(...payload.sizeMetrics.map((m) => el("option", { text: metricLabel(m), attributes: { value: m } })));
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

  // Legend: strongest group first; a name (a button: Tab reaches it, Enter or Space presses it)
  // focuses its group, the box hides it.
  const legendList = byId("legend-list");
  byId("legend-title").textContent = payload.run.groupNoun;
  const renderLegend = () => {
    const listed = payload.communities.filter((c) => c.shown > 0).slice(0, LEGEND_LIMIT);
    legendList.replaceChildren(
      ...listed.map((c) => {
        const visible = el("input", { attributes: { type: "checkbox", "aria-label": `show ${c.label}` } });
        visible.checked = !state.hiddenCommunities.has(c.id);
        visible.addEventListener("change", () => {
          if (visible.checked) state.hiddenCommunities.delete(c.id);
          else state.hiddenCommunities.add(c.id);
          if (!visible.checked && state.focusCommunity === c.id) state.focusCommunity = null;
          renderLegend();
          applyFilters();
          legendList.querySelector<HTMLInputElement>(`li[data-community="${c.id}"] input`)?.focus();
        });
        const dot = el("span", { className: "swatch" });
        dot.style.background = c.colour;
        const hover = [c.headline, `strongest members: ${c.memberIds.join(", ")}`, c.reason].filter(Boolean).join("\n");
        const name = el("button", { className: "name", text: c.label, title: hover, attributes: { type: "button", "aria-pressed": String(state.focusCommunity === c.id) } });
        name.addEventListener("click", () => {
          focusCommunity(state.focusCommunity === c.id ? null : c.id);
          legendList.querySelector<HTMLButtonElement>(`li[data-community="${c.id}"] button.name`)?.focus();
        });
        const verdict = c.verdict ? el("span", { className: `verdict verdict-${c.verdict}`, text: c.verdict, title: c.reason ?? "" }) : null;
        const count = el("span", { className: "count", text: c.shown < c.size ? `${formatNumber(c.shown)}/${formatNumber(c.size)}` : formatNumber(c.size) });
        const item = el("li", { attributes: { "data-community": String(c.id) } }, [visible, dot, name, verdict, count]);
        if (state.focusCommunity === c.id) item.classList.add("focused");
        if (state.hiddenCommunities.has(c.id)) item.classList.add("hidden-community");
        return item;
      }),
    );
    const more = byId("legend-more");
    const withMembers = payload.communities.filter((c) => c.shown > 0).length;
    more.hidden = withMembers <= LEGEND_LIMIT;
    more.textContent = `${formatNumber(withMembers - LEGEND_LIMIT)} smaller ${nounFor(withMembers - LEGEND_LIMIT, payload.run.groupNounSingular, payload.run.groupNoun.toLowerCase())} not listed`;
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
    refilter();
    closeTie();
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
    void renderPng(renderer, payload, state.hiddenCommunities).then((blob) => download(blob, `${payload.run.id}.png`));
  });
  // Profiles come from the server on the first export only: they are not needed to draw.
  let profiles: Promise<Record<string, AccountProfileAttributes>> | null = null;
  const fetchProfiles = () =>
    (profiles ??= fetch("api/profiles", { headers: { Accept: "application/json" } }).then((r) => (r.ok ? (r.json() as Promise<Record<string, AccountProfileAttributes>>) : {})));
  byId("export-gexf").addEventListener("click", () => {
    void fetchProfiles().then((known) => {
      download(new Blob([renderGexf(graph, renderer, payload, known)], { type: "application/xml" }), `${payload.run.id}.gexf`);
    });
  });
  byId("export-graphml").addEventListener("click", () => {
    void fetchProfiles().then((known) => {
      download(new Blob([renderGraphml(graph, renderer, payload, known)], { type: "application/xml" }), `${payload.run.id}.graphml`);
    });
  });

  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape" || event.target === search) return;
    if (!tiePopup.hidden) closeTie();
    else if (state.selectedNode !== null) select(null);
    else if (state.focusCommunity !== null) focusCommunity(null);
  });

  // Another hash (a shared link pasted, back/forward): adopt it.
  window.addEventListener("hashchange", () => {
    applyHash(state, location.hash);
    sanitiseState(state, payload);
    syncControls();
    refilter();
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

  // The status bar counts what is on screen: after the filters, accounts without a visible tie gone.
  function updateStatus(): void {
    // "3 of 40 accounts", "1 account": the noun follows the total.
    const accounts = `${shown.visibleNodes < graph.order ? `${formatNumber(shown.visibleNodes)} of ` : ""}${counted(graph.order, "account")}`;
    const ties = `${shown.visibleEdges < graph.size ? `${formatNumber(shown.visibleEdges)} of ` : ""}${counted(graph.size, "tie")}`;
    const groups = payload.communities.filter((c) => c.shown > 0);
    const visibleGroups = groups.filter((c) => !state.hiddenCommunities.has(c.id)).length;
    const noun = nounFor(groups.length, payload.run.groupNounSingular, payload.run.groupNoun.toLowerCase());
    const groupText = `${visibleGroups < groups.length ? `${formatNumber(visibleGroups)} of ` : ""}${formatNumber(groups.length)} ${noun}`;
    // Modularity measures how well a partition separates groups: with one group it is 0 by definition and says nothing.
    const modularity = typeof payload.run.summary.modularity === "number" && groups.length > 1 ? ` · modularity ${formatFigure(payload.run.summary.modularity)}` : "";
    const layoutNote = graph.order > 0 ? ` · layout: ${counted(payload.layout.iterations, "ForceAtlas2 iteration")}, ${formatNumber(payload.layout.milliseconds)} ms` : "";
    status.textContent = `Showing ${accounts} and ${ties} · ${groupText}${modularity}${layoutNote}`;
  }

  byId("run-title").textContent = payload.run.title;
  byId("run-title").title = `${payload.run.title} (${payload.run.analysis} run ${payload.run.id}, ${formatTimestamp(payload.run.createdAt)})`;
  document.title = `${payload.run.title} · coordgraph`;
  const runInfo = byId("run-info");
  runInfo.replaceChildren(
    el("span", { className: "run-id", text: `${payload.run.analysis} run ${payload.run.id}`, title: `created ${formatTimestamp(payload.run.createdAt)}` }),
    ...payload.run.parameters.map((p) => el("span", { className: "parameter", text: `${p.label}: ${p.value}`, title: p.description ?? p.key })),
  );
  const notices: string[] = [];
  if (payload.truncated) {
    const t = payload.truncated;
    notices.push(
      `Showing the strongest part of this run: ${formatNumber(t.shownNodes)} of ${counted(t.totalNodes, "account")} ` +
        `(top of each group by weighted degree) and ${formatNumber(t.shownEdges)} of ${counted(t.totalEdges, "tie")}. ` +
        "Restart with a higher --max-nodes / --max-edges to see more.",
    );
  }
  if (!payload.database.connected && payload.database.message) notices.push(payload.database.message);
  if (notices.length > 0) {
    const notice = byId("notice");
    notice.hidden = false;
    notice.replaceChildren(...notices.map((text) => el("div", { text })));
  }
  if (payload.run.explanation) {
    // Nothing to draw: the graph's controls would only lead nowhere, so the page shows the explanation alone.
    document.body.classList.add("no-network");
    const explanation = byId("explanation");
    explanation.hidden = false;
    const parts: Array<HTMLElement | null> = [
      el("h2", { text: payload.run.title }),
      el("p", { text: payload.run.explanation }),
      payload.run.figures.length > 0 ? el("dl", {}, payload.run.figures.flatMap((f) => [el("dt", { text: f.label }), el("dd", { text: f.value })])) : null,
      payload.run.parameters.length > 0
        ? el("p", { className: "muted", text: `Parameters: ${payload.run.parameters.map((p) => `${p.label}: ${p.value}`).join(" · ")}` })
        : null,
    ];
    explanation.replaceChildren(...parts.filter((part): part is HTMLElement => part !== null));
  }

  const handle: ViewerHandle = {
    ready: false,
    renderer,
    graph,
    state,
    payload,
    select: (id, options) => select(id, options),
    focusCommunity,
    showTie,
    labelBoxes,
    visible: () => shown,
    exportCanvas: () => composePng(renderer, payload, state.hiddenCommunities),
    tieColours: Object.fromEntries(payload.communities.map((c) => [c.id, tieColour(c.colour, payload.edges.weight.length)])),
  };
  window.__viewer = handle;
  renderer.once("afterRender", () => {
    handle.ready = true;
  });

  syncControls();
  renderLegend();
  refilter();
  updateStatus();
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
