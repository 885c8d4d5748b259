/**
 * communities takes its cheaper way (direct interactions only, with a warning) when Neo4j refuses the
 * shared-target projection for want of transaction memory, as it did at 9M tweets; only those refusals
 * count, never another error.
 */
import { describe, expect, it } from "vitest";
import { isServerMemoryLimit } from "../src/db/driver.ts";

describe("isServerMemoryLimit", () => {
  it("knows the server's transaction memory pool running out and one transaction's limit", () => {
    expect(isServerMemoryLimit({ code: "Neo.TransientError.General.MemoryPoolOutOfMemoryError" })).toBe(true);
    expect(isServerMemoryLimit({ code: "Neo.TransientError.General.TransactionMemoryLimit" })).toBe(true);
  });

  it("leaves every other error alone", () => {
    expect(isServerMemoryLimit({ code: "Neo.ClientError.Statement.SyntaxError" })).toBe(false);
    expect(isServerMemoryLimit(new Error("The allocation of an extra 2.0 MiB would use more than the limit 2.0 GiB"))).toBe(false);
    expect(isServerMemoryLimit(null)).toBe(false);
  });
});
