/**
 * The view state: everything the user changed (hover, selection, focus, filters, sizes). A plain
 * object read by the reducers; the graph itself is never modified for it. The shareable part lives
 * in the URL hash: `#focus=3&node=123&q=alice&hide=4,5&minWeight=2&dataset=ira&size=pagerank&labels=0`.
 */

export interface ViewState {
  hoveredNode: string | null;
  hoveredNeighbours: Set<string>;
  /** The account whose panel is open. */
  selectedNode: string | null;
  /** Community zoomed to; others are dimmed. */
  focusCommunity: number | null;
  hiddenCommunities: Set<number>;
  /** Ties below this weight are hidden. */
  minWeight: number;
  /** Only accounts of this dataset, or all. */
  dataset: string | null;
  showLabels: boolean;
  sizeMetric: string | null;
  /** Last search text. */
  search: string;
}

export function initialState(): ViewState {
  return {
    hoveredNode: null,
    hoveredNeighbours: new Set(),
    selectedNode: null,
    focusCommunity: null,
    hiddenCommunities: new Set(),
    minWeight: 0,
    dataset: null,
    showLabels: true,
    sizeMetric: null,
    search: "",
  };
}

/** The shareable part of the state as a URL hash (without defaults). */
export function stateToHash(state: ViewState): string {
  const params = new URLSearchParams();
  if (state.focusCommunity !== null) params.set("focus", String(state.focusCommunity));
  if (state.selectedNode !== null) params.set("node", state.selectedNode);
  if (state.search) params.set("q", state.search);
  if (state.hiddenCommunities.size > 0) params.set("hide", [...state.hiddenCommunities].sort((a, b) => a - b).join(","));
  if (state.minWeight > 0) params.set("minWeight", String(state.minWeight));
  if (state.dataset !== null) params.set("dataset", state.dataset);
  if (state.sizeMetric !== null) params.set("size", state.sizeMetric);
  if (!state.showLabels) params.set("labels", "0");
  const text = params.toString();
  return text ? `#${text}` : "";
}

/** Applies a URL hash onto the state; unknown or malformed entries are ignored. */
export function applyHash(state: ViewState, hash: string): void {
  const params = new URLSearchParams(hash.replace(/^#/, ""));
  const integer = (value: string | null): number | null => (value !== null && /^-?\d+$/.test(value) ? Number(value) : null);
  state.focusCommunity = integer(params.get("focus"));
  state.selectedNode = params.get("node");
  state.search = params.get("q") ?? "";
  state.hiddenCommunities = new Set(
    (params.get("hide") ?? "")
      .split(",")
      .map((v) => integer(v))
      .filter((v): v is number => v !== null),
  );
  const minWeight = Number(params.get("minWeight") ?? "0");
  state.minWeight = Number.isFinite(minWeight) && minWeight > 0 ? minWeight : 0;
  state.dataset = params.get("dataset");
  state.sizeMetric = params.get("size");
  state.showLabels = params.get("labels") !== "0";
}
