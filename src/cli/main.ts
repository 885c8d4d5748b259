/** The `coordgraph` executable: declares commands; each action is a thin call into library code. */
import { Command } from "commander";
import { disconnect } from "../db/driver.ts";
import { CoordgraphError, UsageError } from "../errors.ts";
import { registerDbCommand } from "./commands/db.ts";
import { registerDemoCommand } from "./commands/demo.ts";
import { registerExportCommand } from "./commands/export.ts";
import { registerReportCommand } from "./commands/report.ts";
import { registerLoadCommand } from "./commands/load.ts";
import { registerRunCommands } from "./commands/run.ts";
import { registerSynthCommand } from "./commands/synth.ts";
import { registerViewCommand } from "./commands/view.ts";
import { version } from "../version.ts";

export function buildProgram(): Command {
  const program = new Command("coordgraph")
    .description("Find coordinated behaviour in social-media archives: load into Neo4j, run named analyses, explore clusters, export reports.")
    .version(version)
    .option("--debug", "print stack traces of errors")
    .showHelpAfterError("(run with --help for usage)");
  registerDbCommand(program);
  registerLoadCommand(program);
  registerRunCommands(program);
  registerReportCommand(program);
  registerExportCommand(program);
  registerViewCommand(program);
  registerSynthCommand(program);
  registerDemoCommand(program);
  return program;
}

function wantsJson(argv: string[]): boolean {
  return argv.includes("--json");
}

async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  program.exitOverride();
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (error) {
    if ((error as { code?: string }).code?.startsWith("commander.")) {
      const exitCode = (error as { exitCode?: number }).exitCode ?? 2;
      return exitCode;
    }
    if (error instanceof CoordgraphError) {
      if (wantsJson(argv)) process.stdout.write(`${JSON.stringify({ error: error.toJSON() })}\n`);
      process.stderr.write(`${error.toOneLine()}\n`);
      if (argv.includes("--debug")) process.stderr.write(`${error.stack}\n`);
      return error instanceof UsageError ? 2 : 1;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`error[INTERNAL] ${message}${argv.includes("--debug") ? "" : " (run with --debug for details)"}\n`);
    if (argv.includes("--debug") && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    return 1;
  } finally {
    await disconnect().catch(() => {});
  }
}

process.exitCode = await main(process.argv);
