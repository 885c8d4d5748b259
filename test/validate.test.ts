import { describe, expect, it } from "vitest";
import { adjustedRandIndex, compareWithLabels, normalizedMutualInformation, purity } from "../src/core/validate.ts";
import { AnalysisError } from "../src/errors.ts";

describe("adjustedRandIndex", () => {
  it("is 1 for identical partitions", () => {
    expect(adjustedRandIndex([0, 0, 1, 1], [0, 0, 1, 1])).toBe(1);
  });

  it("ignores how clusters are named", () => {
    expect(adjustedRandIndex([0, 0, 1, 1], ["b", "b", "a", "a"])).toBe(1);
  });

  it("matches scikit-learn's documented example: [0,0,1,1] vs [0,0,1,2] is 4/7 ≈ 0.5714", () => {
    expect(adjustedRandIndex([0, 0, 1, 1], [0, 0, 1, 2])).toBeCloseTo(4 / 7, 12);
  });

  it("is symmetric", () => {
    expect(adjustedRandIndex([0, 0, 1, 2], [0, 0, 1, 1])).toBeCloseTo(4 / 7, 12);
  });

  it("matches a hand-computed contingency table (8/33)", () => {
    // Rows {x:2, y:1}, {y:1, z:2}: Σ C(n_ij,2) = 2; Σ C(a_i,2) = 6; Σ C(b_j,2) = 3; C(6,2) = 15.
    // Expected = 6·3/15 = 1.2; max = (6+3)/2 = 4.5; ARI = (2 − 1.2) / (4.5 − 1.2) = 8/33.
    expect(adjustedRandIndex(["a", "a", "a", "b", "b", "b"], ["x", "x", "y", "y", "z", "z"])).toBeCloseTo(8 / 33, 12);
  });

  it("is 0 when one side puts every item alone and the other puts them together (scikit-learn)", () => {
    expect(adjustedRandIndex([0, 0, 0, 0], [0, 1, 2, 3])).toBe(0);
  });

  it("can be negative for especially discordant labelings: [0,0,1,1] vs [0,1,0,1] is −0.5 (scikit-learn)", () => {
    expect(adjustedRandIndex([0, 0, 1, 1], [0, 1, 0, 1])).toBeCloseTo(-0.5, 12);
  });

  it("is 1 when both sides put every item in one cluster", () => {
    expect(adjustedRandIndex([0, 0, 0], ["a", "a", "a"])).toBe(1);
  });

  it("rejects labelings of different lengths", () => {
    expect(() => adjustedRandIndex([0], [0, 1])).toThrow(RangeError);
  });
});

/** Introduction to Information Retrieval (Manning, Raghavan & Schütze 2008), fig. 16.4: 17 items, three clusters. */
const irBook = {
  clusters: [...Array(6).fill(1), ...Array(6).fill(2), ...Array(5).fill(3)],
  classes: [...["x", "x", "x", "x", "x", "o"], ...["x", "o", "o", "o", "o", "d"], ...["x", "x", "d", "d", "d"]],
};

describe("normalizedMutualInformation", () => {
  it("is 1 for identical partitions", () => {
    expect(normalizedMutualInformation([0, 0, 1, 1, 2], [5, 5, 7, 7, 9])).toBeCloseTo(1, 12);
  });

  it("matches scikit-learn for [0,0,1,1] vs [0,0,1,2]: 0.8 with arithmetic-mean normalisation", () => {
    // I = H(U) = ln 2; H(V) = 1.5 ln 2; NMI = ln 2 / ((ln 2 + 1.5 ln 2) / 2) = 0.8.
    expect(normalizedMutualInformation([0, 0, 1, 1], [0, 0, 1, 2])).toBeCloseTo(0.8, 12);
  });

  it("is 0 for independent partitions", () => {
    expect(normalizedMutualInformation([0, 0, 1, 1], [0, 1, 0, 1])).toBe(0);
  });

  it("is 0 when one side is a single cluster and the other is not", () => {
    expect(normalizedMutualInformation([0, 0, 0, 0], [0, 1, 2, 3])).toBe(0);
  });

  it("is 1 when both sides put every item in one cluster (scikit-learn)", () => {
    expect(normalizedMutualInformation([1, 1], [2, 2])).toBe(1);
  });

  it("matches the IR book's worked example: NMI ≈ 0.36", () => {
    expect(normalizedMutualInformation(irBook.clusters, irBook.classes)).toBeCloseTo(0.36, 2);
  });
});

describe("purity", () => {
  it("credits each cluster with its most frequent class", () => {
    expect(purity([0, 0, 1, 1], ["x", "y", "y", "y"])).toBe(0.75);
  });

  it("matches the IR book's worked example: (5 + 4 + 3) / 17 ≈ 0.71", () => {
    expect(purity(irBook.clusters, irBook.classes)).toBeCloseTo(12 / 17, 12);
  });
});

describe("compareWithLabels", () => {
  const partition = new Map<string, number | null>([
    ["a", 0],
    ["b", 0],
    ["c", 1],
    ["d", 1],
    ["isolated", null],
    ["unlabelled", 1],
  ]);
  const labels = { a: "RightTroll", b: "RightTroll", c: "LeftTroll", d: "RightTroll", isolated: "LeftTroll", missing: "HashtagGamer" };

  it("compares only accounts that have both a community and a label", () => {
    const agreement = compareWithLabels(partition, labels);
    expect(agreement).toMatchObject({ accounts: 4, unlabelled: 1, unpartitioned: 2, communities: 2, labels: 2 });
  });

  it("computes NMI and ARI over those accounts", () => {
    const agreement = compareWithLabels(partition, labels);
    expect(agreement.nmi).toBeCloseTo(normalizedMutualInformation([0, 0, 1, 1], ["R", "R", "L", "R"]), 12);
    expect(agreement.ari).toBeCloseTo(adjustedRandIndex([0, 0, 1, 1], ["R", "R", "L", "R"]), 12);
  });

  it("gives overall purity and each community's top label and share", () => {
    const agreement = compareWithLabels(partition, labels);
    expect(agreement.purity).toBe(0.75);
    expect(agreement.perCommunity).toEqual([
      { community: 0, size: 2, topLabel: "RightTroll", topLabelCount: 2, share: 1, labels: [{ label: "RightTroll", count: 2 }] },
      {
        community: 1,
        size: 2,
        topLabel: "LeftTroll",
        topLabelCount: 1,
        share: 0.5,
        labels: [
          { label: "LeftTroll", count: 1 },
          { label: "RightTroll", count: 1 },
        ],
      },
    ]);
  });

  it("is perfect when the communities are the labels", () => {
    const agreement = compareWithLabels({ a: 0, b: 0, c: 1 }, { a: "x", b: "x", c: "y" });
    expect([agreement.nmi, agreement.ari, agreement.purity]).toEqual([1, 1, 1]);
  });

  it("raises NO_LABELLED_ACCOUNTS when no account has both", () => {
    const compare = () => compareWithLabels({ a: 0 }, { b: "x" });
    expect(compare).toThrow(AnalysisError);
    expect(compare).toThrow(expect.objectContaining({ code: "NO_LABELLED_ACCOUNTS" }));
  });
});
