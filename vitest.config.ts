import os from "node:os";
import path from "node:path";
import { defineConfig } from "vitest/config";

// Tests never touch the user's own database: they get a server of their own (separate home and port,
// small memory), started on demand by test/helpers/db.ts and shared by every test file.
const testServerEnv = {
  COORDGRAPH_NEO4J_HOME: process.env.COORDGRAPH_TEST_NEO4J_HOME ?? path.join(os.homedir(), ".cache", "coordgraph", "neo4j-test"),
  COORDGRAPH_NEO4J_PORT: process.env.COORDGRAPH_TEST_NEO4J_PORT ?? "7688",
  COORDGRAPH_NEO4J_HEAP: "1g",
  COORDGRAPH_NEO4J_PAGECACHE: "1g",
  NEO4J_URI: "",
};

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Integration tests share one real Neo4j server: run files one at a time so they never race on it.
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 300_000,
    env: testServerEnv,
  },
});
