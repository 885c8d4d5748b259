/**
 * Community-seeded ForceAtlas2 layout of an account network, computed once in Node before the viewer
 * serves it, so the page's first frame is already readable and no layout runs in the browser.
 *
 * Method: ForceAtlas2 (Jacomy, Venturini, Heymann & Bastian 2014, "ForceAtlas2, a continuous graph
 * layout algorithm for handy network visualization designed for the Gephi software", PLoS ONE 9(6):
 * e98679, doi:10.1371/journal.pone.0098679) as implemented by `graphology-layout-forceatlas2`, with
 * the settings its `inferSettings` picks for the graph's order (Barnes-Hut above 2,000 nodes) and ties
 * between communities damped in its attraction, then `packCommunities` to close the gaps that leaves
 * between groups (each keeps its direction from the middle), then `graphology-layout-noverlap` to pull
 * apart dots that would overlap on screen.
 *
 * Why damp and pack: interaction networks tie every group to every other, so plain FA2 draws one
 * hairball (7% of the pairs of the demo's 15 `communities` groups lay apart); with ties between groups
 * at 2% of their weight FA2 parts them, and packing keeps the parted groups from shrinking to blots
 * once the picture is scaled to the screen (100% apart, each group still a readable disc).
 *
 * Why seeding: FA2 from all-zero positions has no direction to push nodes apart, and from uniform
 * random positions it needs hundreds of iterations to untangle communities (11.6 s for 100 iterations
 * at 20k nodes / 100k edges on two cores). Placing each community as a disc on a sunflower spiral,
 * largest in the middle and members around their centre strongest first, gives FA2 a start close to
 * its end, so a few dozen iterations settle it.
 *
 * Determinism: the seeding's jitter comes from `rng`; FA2 has no randomness; noverlap jitters only
 * nodes on exactly the same point (with Math.random), which the seeded jitter rules out.
 */
import forceAtlas2Module from "graphology-layout-forceatlas2";
import noverlapModule from "graphology-layout-noverlap";
import type { AbstractGraph, Attributes } from "graphology-types";
import { seededRng, type Rng } from "../util/rng.ts";
import { sizeRange } from "./scale.ts";

// CommonJS packages: under NodeNext the default import types as the module object.
const forceAtlas2 = unwrapDefault(forceAtlas2Module);
const noverlap = unwrapDefault(noverlapModule);

/** Defaults of `CommunityLayoutOptions`, declared once. */
export const LAYOUT_DEFAULTS = {
  /** Seed of `seededRng` when no `rng` is given. */
  seed: 42,
  /**
   * FA2 work per layout, in node + edge visits per iteration times iterations: 100 iterations at
   * 5k nodes / 20k edges (about 2.3 s on two cores). Iterations = budget / (order + size).
   */
  iterationBudget: 2_500_000,
  /** Fewest FA2 iterations whatever the size (the seeded start needs a few to settle). */
  minIterations: 15,
  /** Most FA2 iterations (small graphs converge long before). */
  maxIterations: 400,
  /** Most noverlap passes; 0 turns it off. */
  noverlapIterations: 50,
  /**
   * Noverlap work, in node visits: passes = budget / order (at most `noverlapIterations`), about
   * 1.5 s at 20k nodes. Big graphs overlap at the first frame anyway and come apart when zoomed.
   */
  noverlapBudget: 150_000,
  /** Width in screen pixels the layout is made readable for (node radii are pixels in sigma). */
  viewportPixels: 1000,
  /** Space between community discs, as a share of their radii. */
  communityGap: 0.7,
  /**
   * Factor on the weight of ties between communities in FA2's attraction: below 1 the groups keep
   * apart instead of collapsing into one hairball (interaction graphs tie every group to every other).
   * The ties themselves are unchanged; only the layout's pull.
   */
  betweenCommunityWeight: 0.02,
  /**
   * FA2's LinLog mode (attraction grows with the log of distance; Noack 2007). Off: with ties between
   * groups damped and the groups packed afterwards, plain FA2 keeps every pair of the demo's 15
   * interaction communities apart (7% before any of this); LinLog scattered their members.
   */
  linLogMode: false,
  /** Close the gaps between communities after FA2, keeping their arrangement (see `packCommunities`). */
  packCommunities: true,
} as const;

export interface CommunityLayoutOptions {
  /** Random source for the seeded positions' jitter. Default `seededRng(seed)`. */
  rng?: Rng;
  /** Seed used when `rng` is absent. Default 42. */
  seed?: number;
  /** Node attribute holding the community (number or null). Default `"community"`. */
  communityAttribute?: string;
  /** Edge attribute holding the weight (missing = 1). Default `"weight"`. */
  weightAttribute?: string;
  /** Node attribute holding the on-screen radius in pixels, for noverlap. Default: sized by weighted degree. */
  sizeAttribute?: string;
  /** FA2 iterations. Default: `iterationBudget / (order + size)` within [minIterations, maxIterations]. */
  iterations?: number;
  /** See LAYOUT_DEFAULTS. */
  betweenCommunityWeight?: number;
  linLogMode?: boolean;
  packCommunities?: boolean;
  iterationBudget?: number;
  minIterations?: number;
  maxIterations?: number;
  noverlapIterations?: number;
  noverlapBudget?: number;
  viewportPixels?: number;
}

export type LayoutMapping = Record<string, { x: number; y: number }>;

/** What `communityLayout.assign` did. */
export interface LayoutReport {
  /** FA2 iterations run. */
  iterations: number;
  /** Wall time of the whole layout. */
  milliseconds: number;
  /** Wall time per step (seed, forceAtlas2, noverlap). */
  phases: { seed: number; forceAtlas2: number; noverlap: number };
}

/**
 * Lays out the graph: seeded community discs, ForceAtlas2, noverlap. Pure: returns positions and
 * leaves the graph untouched (see `communityLayout.assign`). Deterministic for a given seed.
 *
 * @example
 * const positions = communityLayout(graph, { seed: 1 });
 * positions["alice"]; // { x: 12.3, y: -4.5 }
 */
export function communityLayout(graph: AbstractGraph, options: CommunityLayoutOptions = {}): LayoutMapping {
  const copy = graph.copy() as AbstractGraph;
  communityLayout.assign(copy, options);
  const positions: LayoutMapping = {};
  copy.forEachNode((node, attributes) => {
    positions[node] = { x: attributes.x as number, y: attributes.y as number };
  });
  return positions;
}

/**
 * Like `communityLayout`, but writes `x` and `y` onto the graph's nodes and reports the work done.
 *
 * @example
 * const { iterations, milliseconds } = communityLayout.assign(graph, { seed: 1 });
 */
communityLayout.assign = function assignCommunityLayout(graph: AbstractGraph, options: CommunityLayoutOptions = {}): LayoutReport {
  const started = performance.now();
  const weightAttribute = options.weightAttribute ?? "weight";
  const seeds = seedCommunityPositions(graph, options);
  const seeded = performance.now();
  graph.updateEachNodeAttributes((node, attributes) => ({ ...attributes, x: seeds[node]!.x, y: seeds[node]!.y }), { attributes: ["x", "y"] });

  const iterations = options.iterations ?? layoutIterations(graph.order, graph.size, options);
  if (graph.size > 0 && iterations > 0) {
    const communityAttribute = options.communityAttribute ?? "community";
    const between = options.betweenCommunityWeight ?? LAYOUT_DEFAULTS.betweenCommunityWeight;
    const communityOf = (node: string) => {
      const value = graph.getNodeAttribute(node, communityAttribute);
      return typeof value === "number" ? value : null;
    };
    forceAtlas2.assign(graph, {
      iterations,
      getEdgeWeight: (_edge: string, attributes: Attributes, source: string, target: string) => {
        const weight = edgeWeight(attributes, weightAttribute);
        const a = communityOf(source);
        return a !== null && a === communityOf(target) ? weight : weight * between;
      },
      settings: { ...forceAtlas2.inferSettings(graph), linLogMode: options.linLogMode ?? LAYOUT_DEFAULTS.linLogMode },
    });
  }

  if (options.packCommunities ?? LAYOUT_DEFAULTS.packCommunities) packCommunities(graph, { communityAttribute: options.communityAttribute });
  const laidOut = performance.now();
  // Graph units become screen pixels of a `viewportPixels`-wide first frame: noverlap's push and
  // margin are absolute, and sigma's node radii are pixels, so both must share one scale.
  const viewportPixels = options.viewportPixels ?? LAYOUT_DEFAULTS.viewportPixels;
  normalisePositions(graph, viewportPixels);
  const noverlapIterations = Math.min(
    options.noverlapIterations ?? LAYOUT_DEFAULTS.noverlapIterations,
    Math.floor((options.noverlapBudget ?? LAYOUT_DEFAULTS.noverlapBudget) / Math.max(1, graph.order)),
  );
  if (noverlapIterations > 0 && graph.order > 1) {
    const radius = screenRadii(graph, options);
    // noverlap compares every pair inside a grid cell: cells a few dots wide keep that linear.
    const gridSize = Math.max(20, Math.min(400, Math.round(Math.sqrt(graph.order) * 1.5)));
    noverlap.assign(graph, {
      maxIterations: noverlapIterations,
      inputReducer: (node, attributes) => ({ x: attributes.x, y: attributes.y, size: radius.get(node)! }),
      outputReducer: (_node, attributes) => ({ x: attributes.x, y: attributes.y }),
      settings: { margin: 0.5, ratio: 1, expansion: 1.1, gridSize, speed: 3 },
    });
  }
  const ended = performance.now();
  return {
    iterations,
    milliseconds: Math.round(ended - started),
    phases: { seed: Math.round(seeded - started), forceAtlas2: Math.round(laidOut - seeded), noverlap: Math.round(ended - laidOut) },
  };
};

/**
 * FA2 iterations for a graph of `order` nodes and `size` edges under the work budget.
 *
 * @example
 * layoutIterations(5_000, 20_000); // 100
 */
export function layoutIterations(order: number, size: number, options: Pick<CommunityLayoutOptions, "iterationBudget" | "minIterations" | "maxIterations"> = {}): number {
  const budget = options.iterationBudget ?? LAYOUT_DEFAULTS.iterationBudget;
  const min = options.minIterations ?? LAYOUT_DEFAULTS.minIterations;
  const max = options.maxIterations ?? LAYOUT_DEFAULTS.maxIterations;
  return Math.max(min, Math.min(max, Math.round(budget / Math.max(1, order + size))));
}

/**
 * The starting positions: communities as discs (area proportional to their size) on a sunflower
 * spiral, largest in the middle; members on a sunflower inside their disc, strongest (weighted
 * degree) at the centre, with seeded jitter so no two nodes share a point. Accounts without a
 * community form the outermost disc.
 */
export function seedCommunityPositions(graph: AbstractGraph, options: CommunityLayoutOptions = {}): LayoutMapping {
  const rng = options.rng ?? seededRng(options.seed ?? LAYOUT_DEFAULTS.seed);
  const communityAttribute = options.communityAttribute ?? "community";
  const strength = weightedDegrees(graph, options.weightAttribute ?? "weight");

  const groups = new Map<number | null, string[]>();
  graph.forEachNode((node, attributes) => {
    const raw = attributes[communityAttribute];
    const community = typeof raw === "number" && Number.isFinite(raw) ? raw : null;
    const members = groups.get(community);
    if (members) members.push(node);
    else groups.set(community, [node]);
  });
  const ordered = [...groups.entries()].sort(([a, am], [b, bm]) => {
    if ((a === null) !== (b === null)) return a === null ? 1 : -1;
    return bm.length - am.length || (a ?? 0) - (b ?? 0);
  });

  const positions: LayoutMapping = {};
  const gap = 1 + LAYOUT_DEFAULTS.communityGap;
  let placedArea = 0;
  ordered.forEach(([, members], index) => {
    members.sort((a, b) => strength.get(b)! - strength.get(a)! || (a < b ? -1 : a > b ? 1 : 0));
    // Disc of radius sqrt(n): one unit of area per member. Centres follow the cumulative area so
    // discs rarely overlap, and the golden angle spreads consecutive communities around the spiral.
    const radius = Math.sqrt(members.length);
    const distance = index === 0 ? 0 : gap * Math.sqrt(placedArea + members.length / 2) + radius * LAYOUT_DEFAULTS.communityGap;
    placedArea += members.length * gap;
    const angle = index * GOLDEN_ANGLE;
    const cx = distance * Math.cos(angle);
    const cy = distance * Math.sin(angle);
    const phase = rng() * 2 * Math.PI;
    members.forEach((node, j) => {
      const r = radius * Math.sqrt((j + 0.5) / members.length);
      const a = phase + j * GOLDEN_ANGLE;
      positions[node] = {
        x: cx + r * Math.cos(a) + (rng() - 0.5) * 0.3,
        y: cy + r * Math.sin(a) + (rng() - 0.5) * 0.3,
      };
    });
  });
  return positions;
}

const GOLDEN_ANGLE = Math.PI * (3 - Math.sqrt(5));

function weightedDegrees(graph: AbstractGraph, weightAttribute: string): Map<string, number> {
  const strength = new Map<string, number>();
  graph.forEachNode((node) => strength.set(node, 0));
  graph.forEachEdge((_edge, attributes, source, target) => {
    const w = edgeWeight(attributes, weightAttribute);
    strength.set(source, strength.get(source)! + w);
    strength.set(target, strength.get(target)! + w);
  });
  return strength;
}

/** On-screen radii, from the size attribute when given, else by weighted degree as the page does by default. */
function screenRadii(graph: AbstractGraph, options: CommunityLayoutOptions): Map<string, number> {
  const radii = new Map<string, number>();
  const range = sizeRange(graph.order);
  if (options.sizeAttribute) {
    const key = options.sizeAttribute;
    graph.forEachNode((node, attributes) => radii.set(node, typeof attributes[key] === "number" ? (attributes[key] as number) : range.min));
    return radii;
  }
  const strength = weightedDegrees(graph, options.weightAttribute ?? "weight");
  let max = 0;
  for (const value of strength.values()) max = Math.max(max, value);
  for (const [node, value] of strength) radii.set(node, range.min + (range.max - range.min) * (max > 0 ? Math.sqrt(value / max) : 0));
  return radii;
}

/** Centres the layout on 0 and scales its larger side to `span`. */
function normalisePositions(graph: AbstractGraph, span: number): void {
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  graph.forEachNode((_node, { x, y }) => {
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  });
  const extent = Math.max(maxX - minX, maxY - minY);
  const scale = Number.isFinite(extent) && extent > 0 ? span / extent : 1;
  const cx = Number.isFinite(minX) ? (minX + maxX) / 2 : 0;
  const cy = Number.isFinite(minY) ? (minY + maxY) / 2 : 0;
  graph.updateEachNodeAttributes((_node, attributes) => ({ ...attributes, x: (attributes.x - cx) * scale, y: (attributes.y - cy) * scale }), { attributes: ["x", "y"] });
}

/** graphology's rule: a missing or non-numeric weight counts as 1. */
function edgeWeight(attributes: Attributes, key: string): number {
  const weight = attributes[key];
  return typeof weight === "number" && !Number.isNaN(weight) ? weight : 1;
}

function unwrapDefault<T>(module: T): T extends { default: infer D } ? D : T {
  const m = module as { default?: unknown };
  return (m.default ?? m) as T extends { default: infer D } ? D : T;
}

/**
 * How far apart a layout keeps its communities: for every two communities of at least `minSize`
 * members, whether their centres lie further apart than the sum of their radii (the median distance
 * of members from their centre). 1 = every pair apart; a hairball scores near 0.
 *
 * @example
 * communitySeparation(graph, communityLayout(graph)).apart; // 0.93
 */
export function communitySeparation(graph: AbstractGraph, positions: LayoutMapping, options: { communityAttribute?: string; minSize?: number } = {}): { apart: number; pairs: number } {
  const key = options.communityAttribute ?? "community";
  const members = new Map<number, Array<{ x: number; y: number }>>();
  graph.forEachNode((node, attributes) => {
    const community = attributes[key];
    if (typeof community !== "number" || !positions[node]) return;
    const list = members.get(community);
    if (list) list.push(positions[node]!);
    else members.set(community, [positions[node]!]);
  });
  const discs = [...members.values()]
    .filter((points) => points.length >= (options.minSize ?? 10))
    .map((points) => {
      const cx = points.reduce((s, p) => s + p.x, 0) / points.length;
      const cy = points.reduce((s, p) => s + p.y, 0) / points.length;
      const distances = points.map((p) => Math.hypot(p.x - cx, p.y - cy)).sort((a, b) => a - b);
      return { cx, cy, r: distances[Math.floor(distances.length / 2)]! };
    });
  let apart = 0;
  let pairs = 0;
  for (let i = 0; i < discs.length; i++) {
    for (let j = i + 1; j < discs.length; j++) {
      pairs++;
      if (Math.hypot(discs[i]!.cx - discs[j]!.cx, discs[i]!.cy - discs[j]!.cy) > discs[i]!.r + discs[j]!.r) apart++;
    }
  }
  return { apart: pairs === 0 ? 1 : apart / pairs, pairs };
}

/**
 * Moves whole communities towards the middle until they nearly touch, keeping the direction FA2 gave
 * each and every member's place within its group. With ties between groups damped, FA2 sets groups
 * apart by arbitrary distances; once the picture is scaled to the screen, wide gaps would squeeze
 * every group into a blot. Largest group first; each then takes the nearest free place along its own
 * direction (a disc of its members' extent plus a margin). Accounts without a community move as one.
 */
export function packCommunities(graph: AbstractGraph, options: { communityAttribute?: string; margin?: number } = {}): void {
  const key = options.communityAttribute ?? "community";
  const margin = options.margin ?? 0.12;
  const groups = new Map<string, string[]>();
  graph.forEachNode((node, attributes) => {
    const community = attributes[key];
    const id = typeof community === "number" && Number.isFinite(community) ? `c${community}` : "none";
    const members = groups.get(id);
    if (members) members.push(node);
    else groups.set(id, [node]);
  });
  if (groups.size < 2) return;
  let smallest = Infinity;
  const discs = [...groups.values()].map((members) => {
    let cx = 0;
    let cy = 0;
    for (const m of members) {
      cx += graph.getNodeAttribute(m, "x") as number;
      cy += graph.getNodeAttribute(m, "y") as number;
    }
    cx /= members.length;
    cy /= members.length;
    // The extent of the bulk of the group: a few far-flung members may reach into a neighbour's disc.
    const distances = members.map((m) => Math.hypot((graph.getNodeAttribute(m, "x") as number) - cx, (graph.getNodeAttribute(m, "y") as number) - cy)).sort((a, b) => a - b);
    const r = distances[Math.floor((distances.length - 1) * 0.9)]!;
    if (r > 0) smallest = Math.min(smallest, r);
    return { members, cx, cy, r };
  });
  // Lone accounts and single points still need room: the smallest real group's radius, halved.
  const floor = Number.isFinite(smallest) ? smallest / 2 : 1;
  for (const disc of discs) disc.r = Math.max(disc.r, floor) * (1 + margin);
  const total = discs.reduce((s, d) => s + d.members.length, 0);
  const mx = discs.reduce((s, d) => s + d.cx * d.members.length, 0) / total;
  const my = discs.reduce((s, d) => s + d.cy * d.members.length, 0) / total;
  discs.sort((a, b) => b.members.length - a.members.length || b.r - a.r);

  const placed: Array<{ x: number; y: number; r: number }> = [];
  discs.forEach((disc, index) => {
    const dx = disc.cx - mx;
    const dy = disc.cy - my;
    const length = Math.hypot(dx, dy);
    const angle = length > 0 ? Math.atan2(dy, dx) : index * GOLDEN_ANGLE;
    const [ux, uy] = [Math.cos(angle), Math.sin(angle)];
    const step = Math.max(disc.r / 4, floor / 4);
    let t = 0;
    for (;;) {
      const x = mx + ux * t;
      const y = my + uy * t;
      if (placed.every((p) => Math.hypot(p.x - x, p.y - y) >= p.r + disc.r)) {
        placed.push({ x, y, r: disc.r });
        const shiftX = x - disc.cx;
        const shiftY = y - disc.cy;
        for (const m of disc.members) {
          graph.setNodeAttribute(m, "x", (graph.getNodeAttribute(m, "x") as number) + shiftX);
          graph.setNodeAttribute(m, "y", (graph.getNodeAttribute(m, "y") as number) + shiftY);
        }
        return;
      }
      t += step;
    }
  });
}
