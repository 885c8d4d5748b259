import { describe, expect, it } from "vitest";
import {
  PARTITION_DEFAULTS,
  buildAccountGraph,
  compareAccountIds,
  partitionAccounts,
  partitionGraph,
} from "../src/core/partition.ts";
import { AnalysisError, UsageError } from "../src/errors.ts";
import { seededRng } from "../src/util/rng.ts";

/** Two triangles joined by one weak edge: the textbook two-community graph. */
const twoTriangles = [
  { source: "a1", target: "a2", weight: 1 },
  { source: "a2", target: "a3", weight: 1 },
  { source: "a1", target: "a3", weight: 1 },
  { source: "b1", target: "b2", weight: 1 },
  { source: "b2", target: "b3", weight: 1 },
  { source: "b1", target: "b3", weight: 1 },
  { source: "a3", target: "b1", weight: 1 },
];

function communityOf(result: ReturnType<typeof partitionAccounts>, id: string) {
  return result.nodes.find((node) => node.id === id)?.community;
}

describe("buildAccountGraph", () => {
  it("merges parallel edges in either orientation by summing their weights", () => {
    const graph = buildAccountGraph([
      { source: "a", target: "b", weight: 2 },
      { source: "b", target: "a", weight: 1.5 },
    ]);
    expect(graph.size).toBe(1);
    expect(graph.getEdgeAttribute(graph.edge("a", "b")!, "weight")).toBe(3.5);
  });

  it("keeps opposite directions apart in a directed graph", () => {
    const graph = buildAccountGraph(
      [
        { source: "a", target: "b", weight: 2 },
        { source: "b", target: "a", weight: 1 },
        { source: "a", target: "b", weight: 1 },
      ],
      { directed: true },
    );
    expect(graph.type).toBe("directed");
    expect(graph.getEdgeAttribute(graph.edge("a", "b")!, "weight")).toBe(3);
    expect(graph.getEdgeAttribute(graph.edge("b", "a")!, "weight")).toBe(1);
  });

  it("drops self-loops but keeps their account", () => {
    const graph = buildAccountGraph([{ source: "a", target: "a", weight: 1 }]);
    expect(graph.order).toBe(1);
    expect(graph.size).toBe(0);
  });

  it("adds accounts given in `nodes` even without edges", () => {
    const graph = buildAccountGraph([], { nodes: ["lonely"] });
    expect(graph.nodes()).toEqual(["lonely"]);
  });

  it("does not depend on the order of the input edges", () => {
    const forward = buildAccountGraph(twoTriangles);
    const backward = buildAccountGraph([...twoTriangles].reverse().map((e) => ({ ...e, source: e.target, target: e.source })));
    expect(backward.export()).toEqual(forward.export());
  });

  it("rejects a weight that is not a finite positive number", () => {
    for (const weight of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      const build = () => buildAccountGraph([{ source: "a", target: "b", weight }]);
      expect(build).toThrow(AnalysisError);
      expect(build).toThrow(expect.objectContaining({ code: "INVALID_EDGE_WEIGHT" }));
    }
  });
});

describe("partitionAccounts", () => {
  it("finds the two triangles as two communities", () => {
    const result = partitionAccounts(twoTriangles);
    expect(result.communities.map((c) => c.size)).toEqual([3, 3]);
    expect(new Set(["a1", "a2", "a3"].map((id) => communityOf(result, id))).size).toBe(1);
    expect(communityOf(result, "a1")).not.toBe(communityOf(result, "b1"));
  });

  it("reports Newman's modularity of the partition (5/14 for two triangles joined by one edge)", () => {
    // Q = Σ_c [L_c/m − (d_c/2m)²] = 2 × [3/7 − (7/14)²] = 5/14.
    expect(partitionAccounts(twoTriangles).modularity).toBeCloseTo(5 / 14, 12);
  });

  it("numbers the largest community 0", () => {
    const result = partitionAccounts([
      { source: "x", target: "y", weight: 1 },
      ...twoTriangles.slice(0, 3),
    ]);
    expect(result.communities.map((c) => c.size)).toEqual([3, 2]);
    expect(communityOf(result, "a1")).toBe(0);
    expect(communityOf(result, "x")).toBe(1);
  });

  it("breaks size ties by the smallest member id", () => {
    const result = partitionAccounts([
      { source: "m", target: "n", weight: 1 },
      { source: "c", target: "d", weight: 1 },
    ]);
    expect(communityOf(result, "c")).toBe(0);
    expect(communityOf(result, "m")).toBe(1);
  });

  it("sums the weights inside each community as internalWeight", () => {
    const result = partitionAccounts(twoTriangles.map((e) => ({ ...e, weight: 2 })));
    expect(result.communities.map((c) => c.internalWeight)).toEqual([6, 6]);
  });

  it("gives accounts without edges community null and leaves them out of the communities", () => {
    const result = partitionAccounts([{ source: "a", target: "b", weight: 1 }], { nodes: ["lonely"] });
    expect(communityOf(result, "lonely")).toBeNull();
    expect(result.communities).toEqual([{ id: 0, size: 2, internalWeight: 1 }]);
  });

  it("reports modularity null for a graph without edges", () => {
    expect(partitionAccounts([], { nodes: ["a"] }).modularity).toBeNull();
  });

  it("scores degree, weighted degree and PageRank for every account", () => {
    const result = partitionAccounts([
      { source: "hub", target: "a", weight: 2 },
      { source: "hub", target: "b", weight: 3 },
    ]);
    const hub = result.nodes.find((n) => n.id === "hub")!;
    expect(hub.scores.degree).toBe(2);
    expect(hub.scores.weightedDegree).toBe(5);
    const total = result.nodes.reduce((sum, n) => sum + n.scores.pagerank, 0);
    expect(total).toBeCloseTo(1, 6);
    expect(hub.scores.pagerank).toBeGreaterThan(result.nodes.find((n) => n.id === "a")!.scores.pagerank);
  });

  it("adds in/out degrees and sends PageRank towards the target in a directed graph", () => {
    const result = partitionAccounts(
      [
        { source: "fan1", target: "star", weight: 1 },
        { source: "fan2", target: "star", weight: 1 },
      ],
      { directed: true },
    );
    expect(result.directed).toBe(true);
    const star = result.nodes.find((n) => n.id === "star")!;
    expect(star.scores).toMatchObject({ inDegree: 2, outDegree: 0, weightedInDegree: 2, weightedOutDegree: 0 });
    expect(star.scores.pagerank).toBeGreaterThan(result.nodes.find((n) => n.id === "fan1")!.scores.pagerank);
  });

  it("returns the nodes sorted by id, numeric ids in numeric order", () => {
    const result = partitionAccounts([
      { source: "10", target: "9", weight: 1 },
      { source: "9", target: "100", weight: 1 },
    ]);
    expect(result.nodes.map((n) => n.id)).toEqual(["9", "10", "100"]);
  });

  it("keeps 64-bit and hashed ids exactly as given", () => {
    const big = "1234567890123456789";
    const hash = "a".repeat(64);
    const result = partitionAccounts([{ source: big, target: hash, weight: 1 }]);
    expect(result.nodes.map((n) => n.id)).toEqual([big, hash]);
  });

  it("gives the same result for the same seed, whatever the input order", () => {
    const rng = seededRng(1);
    const edges = Array.from({ length: 300 }, () => ({
      source: `u${Math.floor(rng() * 60)}`,
      target: `u${Math.floor(rng() * 60)}`,
      weight: 1,
    }));
    const first = partitionAccounts(edges, { seed: 7 });
    const second = partitionAccounts([...edges].reverse(), { seed: 7 });
    expect(second).toEqual(first);
  });

  it("uses resolution 1 and seed 42 by default", () => {
    expect(PARTITION_DEFAULTS).toMatchObject({ resolution: 1, seed: 42, directed: false });
    expect(partitionAccounts(twoTriangles)).toEqual(partitionAccounts(twoTriangles, { seed: 42, resolution: 1 }));
  });

  it("splits into more communities at a higher resolution", () => {
    const low = partitionAccounts(twoTriangles, { resolution: 0.1 });
    const high = partitionAccounts(twoTriangles, { resolution: 3 });
    expect(low.communities.length).toBeLessThan(high.communities.length);
  });

  it("uses the rng it is given", () => {
    let calls = 0;
    const base = seededRng(3);
    partitionAccounts(twoTriangles, { rng: () => (calls++, base()) });
    expect(calls).toBeGreaterThan(0);
  });

  it("rejects a resolution that is not positive", () => {
    expect(() => partitionAccounts(twoTriangles, { resolution: 0 })).toThrow(UsageError);
  });
});

describe("partitionGraph.assign", () => {
  it("writes community and scores onto the graph and returns the same summary as partitionGraph", () => {
    const graph = buildAccountGraph(twoTriangles, { nodes: ["lonely"] });
    const pure = partitionGraph(graph);
    const summary = partitionGraph.assign(graph);
    expect(summary).toEqual({
      directed: pure.directed,
      modularity: pure.modularity,
      resolution: pure.resolution,
      communities: pure.communities,
    });
    for (const node of pure.nodes) {
      expect(graph.getNodeAttributes(node.id)).toEqual({ community: node.community, ...node.scores });
    }
  });

  it("leaves the graph untouched in the pure variant", () => {
    const graph = buildAccountGraph(twoTriangles);
    partitionGraph(graph);
    expect(graph.getNodeAttributes("a1")).toEqual({});
  });
});

describe("compareAccountIds", () => {
  it("orders all-digit ids numerically and before other ids", () => {
    expect(["b", "10", "a", "9", "0010"].sort(compareAccountIds)).toEqual(["9", "0010", "10", "a", "b"]);
  });
});
