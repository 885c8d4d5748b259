/** `coordgraph db start | stop | status | migrate | reset`. */
import type { Command } from "commander";
import { requireLocalServer, serverConfigFromEnv } from "../../db/config.ts";
import { connect, disconnect } from "../../db/driver.ts";
import { applySchema } from "../../db/schema.ts";
import { runningPid, startLocalServer, stopLocalServer, wipeLocalData } from "../../db/server.ts";
import { databaseStatus } from "../../db/status.ts";
import { UsageError } from "../../errors.ts";
import { emit, formatBytes, noteLogger, type OutputOptions } from "../output.ts";

interface DbOptions extends OutputOptions {}

export function registerDbCommand(program: Command): void {
  const db = program.command("db").description("manage the Neo4j database (local server by default, or NEO4J_URI)");

  db.command("start")
    .description("provision (once) and start the local Neo4j server on 127.0.0.1; returns once Bolt answers")
    .option("--json", "print the result as JSON")
    .option("--quiet", "no progress notes")
    .action(async (options: DbOptions) => {
      const config = serverConfigFromEnv();
      if (config.mode === "external") {
        await connect({ config });
        emit(options, { mode: "external", address: config.uri, reachable: true }, () => `Using external Neo4j at ${config.uri}: reachable.`);
        return;
      }
      const outcome = await startLocalServer(config, noteLogger(options));
      // A new database gets its constraints and indexes now, while nothing waits for them, not in the first load.
      if (outcome.createdDatabase) await applySchema(await connect({ config }));
      emit(options, { mode: "local", address: config.uri, ...outcome }, () =>
        outcome.alreadyRunning
          ? `Neo4j is already running on ${config.uri} (pid ${outcome.pid}).`
          : `Neo4j started on ${config.uri} (pid ${outcome.pid}) in ${outcome.seconds.toFixed(1)} s.`,
      );
    });

  db.command("stop")
    .description("stop the local Neo4j server cleanly (no-op when it is not running)")
    .option("--json", "print the result as JSON")
    .action(async (options: DbOptions) => {
      const config = serverConfigFromEnv();
      if (config.mode === "external") {
        emit(options, { mode: "external", stopped: false }, () => "NEO4J_URI is set: coordgraph does not manage that server.");
        return;
      }
      const outcome = await stopLocalServer(config);
      emit(options, { mode: "local", ...outcome }, () => (outcome.wasRunning ? `Neo4j stopped (pid ${outcome.pid}).` : "Neo4j is not running."));
    });

  db.command("status")
    .description("print the server version, address, data size, memory and node/relationship counts")
    .option("--json", "print the result as JSON")
    .action(async (options: DbOptions) => {
      const config = serverConfigFromEnv();
      if (config.mode === "local" && runningPid(config) === undefined) {
        emit(options, { running: false, mode: "local", address: config.uri, home: config.home }, () => `Neo4j is not running (would listen on ${config.uri}; home ${config.home}).`);
        return;
      }
      const status = await databaseStatus(await connect({ config }));
      emit(options, status, () =>
        [
          `Neo4j ${status.version} ${status.edition ?? ""} at ${status.address} (${status.mode})`,
          status.home ? `home: ${status.home}  pid: ${status.pid}  data: ${formatBytes(status.dataSizeBytes ?? 0)}` : undefined,
          status.heap ? `memory: heap ${status.heap}, page cache ${status.pageCache} (sized at start; COORDGRAPH_NEO4J_HEAP and COORDGRAPH_NEO4J_PAGECACHE override)` : undefined,
          `nodes: ${status.nodes}  relationships: ${status.relationships}`,
        ]
          .filter(Boolean)
          .join("\n"),
      );
    });

  db.command("migrate")
    .description("apply cypher/schema.cypher (constraints and indexes); safe to repeat")
    .option("--json", "print the result as JSON")
    .option("--quiet", "no progress notes")
    .action(async (options: DbOptions) => {
      const outcome = await applySchema(await connect({ log: noteLogger(options) }));
      emit(options, outcome, () => (outcome.applied === 0 ? `Schema already in place (${outcome.statements} constraints and indexes online).` : `Schema applied (${outcome.applied} of ${outcome.statements} statements).`));
    });

  db.command("reset")
    .description("delete every node and relationship of the local server (asks for --yes; refuses a NEO4J_URI server)")
    .option("--yes", "confirm the wipe")
    .option("--json", "print the result as JSON")
    .option("--quiet", "no progress notes")
    .action(async (options: DbOptions & { yes?: boolean }) => {
      const config = serverConfigFromEnv();
      // A shared server holds other people's data, and one transaction cannot delete a large graph anyway.
      requireLocalServer(config, "db reset", "delete the data with the server's own tools (or unset NEO4J_URI to reset the local server)");
      if (!options.yes) throw new UsageError("CONFIRMATION_REQUIRED", "db reset deletes the whole graph", { hint: "run `coordgraph db reset --yes`" });
      // Deleting the data folder is instant whatever the graph size; the server comes back empty.
      const wasRunning = runningPid(config) !== undefined;
      await stopLocalServer(config);
      wipeLocalData(config);
      if (wasRunning) {
        await startLocalServer(config, noteLogger(options));
        await applySchema(await connect({ config }));
      }
      await disconnect();
      emit(options, { reset: true, mode: config.mode }, () => "Database wiped.");
    });
}
