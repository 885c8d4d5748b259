/** The `coordgraph` executable: declares commands; each action is a thin call into library code. */
import { Command } from "commander";
import { disconnect } from "../db/driver.ts";
import { CoordgraphError, UsageError } from "../errors.ts";
import { version } from "../version.ts";

type Registrar = (program: Command) => void;

/**
 * Each command's module, imported only when that command runs: every module pulls in its own part of
 * the library (the viewer, the reports, the analyses), and a command that needs none of the others
 * starts faster without them. `--help`, `--version` or an unknown name get every command.
 */
const commandModules: Record<string, () => Promise<Registrar>> = {
  db: async () => (await import("./commands/db.ts")).registerDbCommand,
  load: async () => (await import("./commands/load.ts")).registerLoadCommand,
  run: async () => (await import("./commands/run.ts")).registerRunCommands,
  report: async () => (await import("./commands/report.ts")).registerReportCommand,
  export: async () => (await import("./commands/export.ts")).registerExportCommand,
  view: async () => (await import("./commands/view.ts")).registerViewCommand,
  synth: async () => (await import("./commands/synth.ts")).registerSynthCommand,
  demo: async () => (await import("./commands/demo.ts")).registerDemoCommand,
};
/** Commands declared by another command's module. */
const commandModuleOf: Record<string, string> = { analyses: "run" };

/** The program with the commands `argv` may run (all of them when `argv` names none). */
export async function buildProgram(argv: string[] = []): Promise<Command> {
  const program = new Command("coordgraph")
    .description("Find coordinated behaviour in social-media archives: load into Neo4j, run named analyses, explore clusters, export reports.")
    .version(version)
    .option("--debug", "print stack traces of errors")
    .showHelpAfterError("(run with --help for usage)");
  const named = argv.slice(2).find((arg) => !arg.startsWith("-"));
  const module = named === undefined ? undefined : (commandModuleOf[named] ?? named);
  const modules = module !== undefined && module in commandModules ? [module] : Object.keys(commandModules);
  const registrars = await Promise.all(modules.map((name) => commandModules[name]!()));
  for (const register of registrars) register(program);
  return program;
}

function wantsJson(argv: string[]): boolean {
  return argv.includes("--json");
}

async function main(argv: string[]): Promise<number> {
  const program = await buildProgram(argv);
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
