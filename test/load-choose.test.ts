/** How `coordgraph load` chooses between the driver and the bulk import (src/load/choose.ts): pure, no server. */
import { describe, expect, it } from "vitest";
import { chooseLoadPath, loadPathDefaults } from "../src/load/choose.ts";

const large = loadPathDefaults.bulkThresholdBytes;

describe("the load path", () => {
  it("is the bulk import for a large input into an empty local database, saying why and the threshold", () => {
    const choice = chooseLoadPath({ forced: undefined, mode: "local", inputBytes: large, databaseEmpty: true });
    expect(choice.path).toBe("bulk");
    expect(choice.reason).toMatch(/empty and the input is 200 MB, over the 200 MB/);
  });

  it("is the driver under the threshold, into a database that holds anything, and on a NEO4J_URI server whatever the size", () => {
    expect(chooseLoadPath({ forced: undefined, mode: "local", inputBytes: large - 1, databaseEmpty: true })).toMatchObject({ path: "driver", reason: expect.stringMatching(/under the 200 MB/) });
    expect(chooseLoadPath({ forced: undefined, mode: "local", inputBytes: large * 10, databaseEmpty: false })).toMatchObject({ path: "driver", reason: expect.stringMatching(/not empty/) });
    expect(chooseLoadPath({ forced: undefined, mode: "external", inputBytes: large * 10, databaseEmpty: true })).toMatchObject({ path: "driver", reason: expect.stringMatching(/NEO4J_URI/) });
  });

  it("is what --bulk or --no-bulk asks for", () => {
    expect(chooseLoadPath({ forced: true, mode: "local", inputBytes: 10, databaseEmpty: false }).path).toBe("bulk");
    expect(chooseLoadPath({ forced: false, mode: "local", inputBytes: large * 10, databaseEmpty: true }).path).toBe("driver");
  });
});
