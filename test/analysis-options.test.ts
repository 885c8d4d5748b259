/** Analysis options: typed from their specs, checked once at the edge with one error code. */
import { describe, expect, expectTypeOf, it } from "vitest";
import sync from "../analyses/sync.ts";
import { defineOptions, resolveOptions, type OptionValuesOf } from "../src/engine/options.ts";

const specs = defineOptions([
  { key: "windowSeconds", flag: "window", type: "number", default: 60, min: 0, description: "window" },
  { key: "alpha", flag: "alpha", type: "number", default: 0.05, above: 0, below: 1, description: "level" },
  { key: "network", flag: "network", type: "choice", default: "significant", choices: ["significant", "all"], description: "network" },
  { key: "fastWindowSeconds", flag: "fast-window", type: "optional-number", default: null, description: "fast window" },
  { key: "includeRetweets", flag: "include-retweets", type: "boolean", default: false, description: "retweets" },
]);

describe("analysis options", () => {
  it("types the resolved object from the specs, a choice as its own words", () => {
    expectTypeOf<OptionValuesOf<typeof specs>>().toEqualTypeOf<{
      windowSeconds: number;
      alpha: number;
      network: "significant" | "all";
      fastWindowSeconds: number | null;
      includeRetweets: boolean;
    }>();
  });

  it("fills every default", () => {
    expect(resolveOptions(specs, {})).toEqual({ windowSeconds: 60, alpha: 0.05, network: "significant", fastWindowSeconds: null, includeRetweets: false });
  });

  it.each([
    [{ alpha: 0 }, "alpha", /--alpha must be greater than 0/],
    [{ alpha: 1 }, "alpha", /--alpha must be less than 1/],
    [{ windowSeconds: -1 }, "window", /--window must be at least 0/],
    [{ network: "fast" }, "network", /--network must be one of significant, all/],
  ])("rejects %j with BAD_OPTION naming the flag", (raw, field, message) => {
    expect(() => resolveOptions(specs, raw)).toThrow(expect.objectContaining({ code: "BAD_OPTION", location: expect.objectContaining({ field }) }));
    expect(() => resolveOptions(specs, raw)).toThrow(message);
  });

  it("holds sync's alpha to the core's own range, (0, 1), at the edge", () => {
    expect(() => resolveOptions(sync.options, { alpha: 1 })).toThrow(expect.objectContaining({ code: "BAD_OPTION" }));
    expect(resolveOptions(sync.options, { alpha: 0.5 }).alpha).toBe(0.5);
  });
});
