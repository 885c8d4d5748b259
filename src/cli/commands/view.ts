/** `coordgraph view [RUN]`: serve the Sigma.js cluster viewer for a run on 127.0.0.1 until Ctrl-C. */
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { Command } from "commander";
import { resolveRunDirectory } from "../../engine/runs.ts";
import { connect, type Database } from "../../db/driver.ts";
import { ensureViewerBundle } from "../../viewer/bundle.ts";
import { VIEWER_DEFAULTS, portNumber, positiveInteger } from "../../viewer/options.ts";
import { createViewerServer } from "../../viewer/server.ts";
import { noteLogger, type OutputOptions } from "../output.ts";
import { counted } from "../../run/words.ts";

interface ViewOptions extends OutputOptions {
  port?: string;
  host: string;
  open?: boolean;
  maxNodes?: string;
  maxEdges?: string;
  seed?: string;
}

export function registerViewCommand(program: Command): void {
  program
    .command("view")
    .description("explore a run's communities in the browser: Sigma.js viewer served on 127.0.0.1 until Ctrl-C")
    .argument("[run]", "run id or run directory (default: the latest complete run)")
    .option("--port <port>", `port to serve on, 0 = any free port (default: ${VIEWER_DEFAULTS.port}, or the next free one)`)
    .option("--host <host>", "interface to bind; anything but loopback exposes account data to the network", VIEWER_DEFAULTS.host)
    .option("--open", "open the viewer in the default browser (xdg-open)")
    .option("--max-nodes <n>", `most accounts to show; above it the strongest of each community (default: ${VIEWER_DEFAULTS.maxNodes})`)
    .option("--max-edges <n>", `most ties to show; above it the strongest (default: ${VIEWER_DEFAULTS.maxEdges})`)
    .option("--seed <n>", `layout seed (default: ${VIEWER_DEFAULTS.seed})`)
    .option("--json", "print {url, run} as one JSON line once serving")
    .option("--quiet", "no progress notes")
    .action(async (ref: string | undefined, options: ViewOptions) => {
      const log = noteLogger(options);
      const port = portNumber(options.port);
      const maxNodes = positiveInteger("max-nodes", options.maxNodes, VIEWER_DEFAULTS.maxNodes);
      const maxEdges = positiveInteger("max-edges", options.maxEdges, VIEWER_DEFAULTS.maxEdges, 0);
      const seed = positiveInteger("seed", options.seed, VIEWER_DEFAULTS.seed, 0);

      // Warnings reach stderr even with --json: a viewer without profiles must never start silently.
      const warn = (line: string) => {
        if (!options.quiet) process.stderr.write(`warning: ${line}\n`);
      };
      const { db, problem } = await connectUnlessDirectory(ref, log);
      if (problem) warn(`${problem}; continuing without the database: account profiles, tweets and names are not shown`);
      const runDirectory = await resolveRunDirectory(db, ref);
      const staticDir = await ensureViewerBundle({ log });
      const viewer = await createViewerServer({
        runDirectory,
        db,
        databaseProblem: problem ? `Neo4j is unreachable (${problem}): account profiles, tweets and names are not shown; start it with \`coordgraph db start\` and reload` : undefined,
        host: options.host,
        port: port ?? VIEWER_DEFAULTS.port,
        strictPort: port !== undefined,
        staticDir,
        maxNodes,
        maxEdges,
        seed,
        log,
      });

      if (!viewer.database.connected && db) warn(viewer.database.message ?? "Neo4j did not answer");
      if (options.json) process.stdout.write(`${JSON.stringify({ url: viewer.url, run: viewer.run, database: viewer.database })}\n`);
      else process.stdout.write(`viewer for run ${viewer.run}: ${viewer.url} (Ctrl-C to stop)\n`);
      if (viewer.truncated) {
        const t = viewer.truncated;
        log(`showing the strongest ${t.shownNodes} of ${counted(t.totalNodes, "account")} and ${t.shownEdges} of ${counted(t.totalEdges, "tie")} (raise --max-nodes / --max-edges to see more)`);
      }
      if (!db && !problem) log("no database: the viewer shows account ids and run data only");
      if (options.open) openBrowser(viewer.url, log);

      await untilInterrupted();
      await viewer.close();
    });
}

/** A run directory can be shown without Neo4j (ids only); a run id needs it. */
async function connectUnlessDirectory(ref: string | undefined, log: (line: string) => void): Promise<{ db?: Database; problem?: string }> {
  try {
    return { db: await connect({ log }) };
  } catch (error) {
    if (ref && fs.existsSync(path.join(ref, "run.json"))) return { problem: (error as Error).message };
    throw error;
  }
}

function openBrowser(url: string, log: (line: string) => void): void {
  const child = spawn("xdg-open", [url], { detached: true, stdio: "ignore" });
  child.on("error", () => log(`could not run xdg-open; open ${url} yourself`));
  child.unref();
}

function untilInterrupted(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve();
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
}
