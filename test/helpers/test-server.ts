/**
 * The Neo4j server the integration tests use: its own home and port, small memory, so the tests
 * never touch the user's database. vitest.config.ts hands this environment to every test file;
 * global-setup.ts reads it to stop the server after the run when the run started it.
 */
import os from "node:os";
import path from "node:path";
import { serverConfigFromEnv, type LocalServerConfig } from "../../src/db/config.ts";

/** COORDGRAPH_TEST_NEO4J_HOME and COORDGRAPH_TEST_NEO4J_PORT move it (several checkouts on one machine). */
export const testServerEnv = {
  COORDGRAPH_NEO4J_HOME: process.env.COORDGRAPH_TEST_NEO4J_HOME ?? path.join(os.homedir(), ".cache", "coordgraph", "neo4j-test"),
  COORDGRAPH_NEO4J_PORT: process.env.COORDGRAPH_TEST_NEO4J_PORT ?? "7688",
  COORDGRAPH_NEO4J_HEAP: "1g",
  COORDGRAPH_NEO4J_PAGECACHE: "1g",
  NEO4J_URI: "",
};

export function testServerConfig(): LocalServerConfig {
  const config = serverConfigFromEnv({ ...process.env, ...testServerEnv });
  if (config.mode !== "local") throw new Error("the test server is always a local one");
  return config;
}
