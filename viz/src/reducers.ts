/**
 * Node and edge reducers: how the view state (state.ts) changes what sigma draws, computed per frame
 * from the untouched graph. Filters are folded into one `hidden` array when they change, so the
 * reducers stay O(1) per element even at 50,000 nodes / 200,000 edges.
 */
import type { EdgeDisplayData, NodeDisplayData } from "sigma/types";
import type { ViewerPayload } from "../../src/viewer/types.ts";
import { blendOnWhite, type VizEdgeAttributes, type VizGraph, type VizNodeAttributes } from "./graph.ts";
import type { ViewState } from "./state.ts";

/** Dimmed nodes and ties: outside the focused community or the hovered neighbourhood (opaque: see graph.ts). */
export const DIM_NODE_COLOUR = "#e6e6e6";
export const DIM_EDGE_COLOUR = blendOnWhite("#d2d2d2", 0.15);

export interface ReducerContext {
  state: ViewState;
  /** 1 where a filter hides the node, or leaves it without any visible tie (by payload index). */
  hidden: Uint8Array;
  /** 1 where a filter hides the tie (by payload edge index). */
  hiddenEdges: Uint8Array;
  /** Radius per node for the chosen metric (by payload index). */
  sizes: Float64Array;
  /** Payload index of the hovered node, or -1. */
  hoveredIndex: number;
  /**
   * Big graphs: hover only emphasises the neighbourhood (no dimming of the rest), so it can repaint
   * just those nodes and ties instead of every element (a full refresh is ~0.6 s at 50k / 200k on
   * software WebGL).
   */
  lightHover: boolean;
}

/** Colour of ties at the hovered account in light-hover mode. */
export const HOVER_EDGE_COLOUR = blendOnWhite("#282828", 0.7);

/** What the filters leave on screen, by payload index, and how much of it there is. */
export interface Visibility {
  hidden: Uint8Array;
  hiddenEdges: Uint8Array;
  visibleNodes: number;
  visibleEdges: number;
}

/**
 * Folds the community, dataset and tie-weight filters into arrays by index: a tie is hidden below the
 * minimum weight or when an end is filtered out; an account is hidden when filtered out, or when it
 * has ties but none of them is left visible (so what stays on screen is what the counts say).
 */
export function visibility(payload: ViewerPayload, state: ViewState): Visibility {
  const { community, datasets } = payload.nodes;
  const { source, target, weight } = payload.edges;
  const hidden = new Uint8Array(community.length);
  const datasetIndex = state.dataset === null ? -1 : payload.datasets.indexOf(state.dataset);
  for (let i = 0; i < community.length; i++) {
    const c = community[i];
    if (c !== null && c !== undefined && state.hiddenCommunities.has(c)) hidden[i] = 1;
    else if (state.dataset !== null && (datasetIndex === -1 || !datasets[i]!.includes(datasetIndex))) hidden[i] = 1;
  }
  const hiddenEdges = new Uint8Array(source.length);
  const degree = new Uint32Array(community.length);
  const visibleDegree = new Uint32Array(community.length);
  let visibleEdges = 0;
  for (let e = 0; e < source.length; e++) {
    const s = source[e]!;
    const t = target[e]!;
    degree[s]!++;
    degree[t]!++;
    if (weight[e]! < state.minWeight || hidden[s] || hidden[t]) hiddenEdges[e] = 1;
    else {
      visibleDegree[s]!++;
      visibleDegree[t]!++;
      visibleEdges++;
    }
  }
  let visibleNodes = 0;
  for (let i = 0; i < community.length; i++) {
    if (!hidden[i] && degree[i]! > 0 && visibleDegree[i] === 0) hidden[i] = 1;
    if (!hidden[i]) visibleNodes++;
  }
  return { hidden, hiddenEdges, visibleNodes, visibleEdges };
}

/** The ids of the accounts a filter leaves visible, for exports. */
export function visibleNodeIds(graph: VizGraph, context: ReducerContext): string[] {
  return graph.filterNodes((_node, attributes) => !context.hidden[attributes.index]);
}

export function nodeReducer(context: ReducerContext) {
  return (node: string, data: VizNodeAttributes): Partial<NodeDisplayData> => {
    const { state } = context;
    const display: Partial<NodeDisplayData> = { ...data, size: context.sizes[data.index] ?? data.size };
    if (context.hidden[data.index]) {
      display.hidden = true;
      return display;
    }
    if (!state.showLabels) display.label = null;
    if (state.focusCommunity !== null && data.community !== state.focusCommunity) {
      display.color = DIM_NODE_COLOUR;
      display.label = null;
      display.zIndex = 0;
    } else {
      display.zIndex = 1;
    }
    if (state.hoveredNode !== null && context.lightHover) {
      if (node === state.hoveredNode || state.hoveredNeighbours.has(node)) {
        display.highlighted = node === state.hoveredNode;
        display.forceLabel = node === state.hoveredNode;
        display.zIndex = 2;
        if (display.label === null) display.label = data.label;
      }
    } else if (state.hoveredNode !== null) {
      if (node === state.hoveredNode || state.hoveredNeighbours.has(node)) {
        display.zIndex = 2;
        display.forceLabel = node === state.hoveredNode;
        if (display.color === DIM_NODE_COLOUR) display.color = data.color;
        if (display.label === null) display.label = data.label;
      } else {
        display.color = DIM_NODE_COLOUR;
        display.label = null;
        display.zIndex = 0;
      }
    }
    if (node === state.selectedNode) {
      display.highlighted = true;
      display.forceLabel = true;
      display.label = data.label;
      display.zIndex = 3;
    }
    return display;
  };
}

export function edgeReducer(context: ReducerContext, payload: ViewerPayload) {
  const community = payload.nodes.community;
  return (_edge: string, data: VizEdgeAttributes): Partial<EdgeDisplayData> => {
    const { state } = context;
    const display: Partial<EdgeDisplayData> = { ...data };
    if (context.hiddenEdges[data.index]) {
      display.hidden = true;
      return display;
    }
    if (context.hoveredIndex !== -1) {
      const incident = data.sourceIndex === context.hoveredIndex || data.targetIndex === context.hoveredIndex;
      if (!context.lightHover) {
        if (!incident) display.hidden = true;
        return display;
      }
      if (incident) {
        display.color = HOVER_EDGE_COLOUR;
        display.zIndex = 2;
        return display;
      }
    }
    if (state.focusCommunity !== null && (community[data.sourceIndex] !== state.focusCommunity || community[data.targetIndex] !== state.focusCommunity)) {
      display.color = DIM_EDGE_COLOUR;
      display.zIndex = 0;
    }
    return display;
  };
}
