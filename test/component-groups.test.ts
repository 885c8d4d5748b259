/** mergeWeakSplits (src/core/component-groups.ts): Louvain's cuts are kept only where they are community structure. */
import { describe, expect, it } from "vitest";
import { mergeWeakSplits } from "../src/core/component-groups.ts";
import type { RunEdge, RunNode } from "../src/run/model.ts";

const clique = (ids: string[]): RunEdge[] => ids.flatMap((a, i) => ids.slice(i + 1).map((b) => ({ source: a, target: b, weight: 1, attributes: {} })));
const nodes = (communityOf: Record<string, number>): RunNode[] => Object.entries(communityOf).map(([id, community]) => ({ id, community, scores: {} }));

describe("mergeWeakSplits", () => {
  it("makes one group of a clique that Louvain cut in two", () => {
    const ids = ["a", "b", "c", "d", "e", "f"];
    const result = mergeWeakSplits(nodes({ a: 0, b: 0, c: 0, d: 1, e: 1, f: 1 }), clique(ids));
    expect(new Set(result.nodes.map((n) => n.community))).toEqual(new Set([0]));
    expect(result.communities).toEqual([{ id: 0, size: 6, internalWeight: 15 }]);
  });

  it("keeps two dense groups joined by one tie apart", () => {
    const edges = [...clique(["a", "b", "c", "d"]), ...clique(["e", "f", "g", "h"]), { source: "d", target: "e", weight: 1, attributes: {} }];
    const result = mergeWeakSplits(nodes({ a: 0, b: 0, c: 0, d: 0, e: 1, f: 1, g: 1, h: 1 }), edges);
    expect(result.communities.map((c) => c.size)).toEqual([4, 4]);
  });
});
