/**
 * Around a run of the integration tests (the `neo4j` project of vitest.config.ts):
 * - the test server (test-server.ts) starts as the run begins, in the background, so that it boots
 *   while the unit tests run; a test that connects first waits for it (the start lock in
 *   src/db/server.ts), and starts it itself should this start have failed;
 * - when the run ends, the server is stopped if this run started it; a server that was already
 *   running (`coordgraph db start`, `.ci/run`) is left running;
 * - one line says so when the browser tests skip for want of Chromium.
 */
import { runningPid, startLocalServer, stopLocalServer } from "../../src/db/server.ts";
import { browserTestsRun, chromiumPath } from "./browser.ts";
import { testServerConfig } from "./test-server.ts";

export default function setup(): () => Promise<void> {
  const config = testServerConfig();
  const alreadyRunning = runningPid(config) !== undefined;
  // A failed start is not reported here: the first test to connect meets the same error, in context.
  const starting = alreadyRunning ? Promise.resolve() : startLocalServer(config).then(() => undefined, () => undefined);
  if (!browserTestsRun) {
    console.log(`Browser tests skipped: no Chromium at ${chromiumPath} (apt-get install chromium, or set COORDGRAPH_CHROMIUM to one).`);
  }
  return async () => {
    await starting;
    if (!alreadyRunning) await stopLocalServer(config);
  };
}
