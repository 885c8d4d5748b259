import fs from "node:fs";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import { testServerEnv } from "./test/helpers/test-server.ts";

/**
 * Two projects: `unit` (no Neo4j: pure cores, formats, synth, rendering; `npm run test:unit`) and
 * `neo4j` (against a real server). A test file belongs to `neo4j` when it uses the test server's
 * helper, test/helpers/db.ts; every other file is a unit test.
 */
const testDir = fileURLToPath(new URL("./test/", import.meta.url));
const testFiles = fs.readdirSync(testDir).filter((name) => name.endsWith(".test.ts"));
const neo4jTests = testFiles.filter((name) => fs.readFileSync(testDir + name, "utf8").includes("./helpers/db.ts")).map((name) => `test/${name}`);
const unitTests = testFiles.map((name) => `test/${name}`).filter((file) => !neo4jTests.includes(file));

export default defineConfig({
  test: {
    // Integration tests share one real Neo4j server: run files one at a time so they never race on it.
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 300_000,
    projects: [
      // Unit tests first: they run while the test server boots (global-setup.ts).
      { extends: true, test: { name: "unit", include: unitTests, sequence: { groupOrder: 0 } } },
      {
        extends: true,
        test: {
          name: "neo4j",
          include: neo4jTests,
          sequence: { groupOrder: 1 },
          // Tests never touch the user's own database: they get a server of their own (separate home and
          // port, small memory), started for the run and stopped after it unless it was running before
          // (test/helpers/global-setup.ts).
          env: testServerEnv,
          globalSetup: ["test/helpers/global-setup.ts"],
        },
      },
    ],
  },
});
