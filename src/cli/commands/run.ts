/** `coordgraph analyses` and `coordgraph run <analysis>`. */
import { Command, Option } from "commander";
import { describeDefault, type OptionSpec } from "../../engine/options.ts";
import { analyses, findAnalysis } from "../../../analyses/index.ts";
import { runAnalysis } from "../../engine/runner.ts";
import { scopeFromCli } from "../../engine/scope.ts";
import { connect } from "../../db/driver.ts";
import { emit, noteLogger, type OutputOptions } from "../output.ts";
import { counted, formatFigure } from "../../run/words.ts";

function describeOption(spec: OptionSpec) {
  return { flag: `--${spec.flag}`, key: spec.key, type: spec.type, default: spec.default, description: spec.description, ...("choices" in spec ? { choices: spec.choices } : {}), ...("min" in spec && spec.min !== undefined ? { min: spec.min } : {}), ...("max" in spec && spec.max !== undefined ? { max: spec.max } : {}), ...("above" in spec && spec.above !== undefined ? { above: spec.above } : {}), ...("below" in spec && spec.below !== undefined ? { below: spec.below } : {}) };
}

function addAnalysisOptions(command: Command, specs: readonly OptionSpec[]): void {
  for (const spec of specs) {
    const flags = spec.type === "boolean" ? `--${spec.flag}` : `--${spec.flag} <value>`;
    const option = new Option(flags, `${spec.description} (default: ${describeDefault(spec)})`);
    command.addOption(option);
  }
}

/** Wraps text at `width` columns, each line indented. */
function wrap(text: string, width: number, indent: string): string {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/)) {
    if (line && (indent + line + " " + word).length > width) {
      lines.push(indent + line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(indent + line);
  return lines.join("\n");
}

export function registerRunCommands(program: Command): void {
  program
    .command("analyses")
    .description("list every analysis with its options and defaults")
    .option("--json", "print the list as JSON")
    .action((options: OutputOptions) => {
      emit(
        options,
        analyses.map((a) => ({ name: a.name, description: a.description, ...(a.method ? { method: a.method } : {}), options: a.options.map(describeOption) })),
        () =>
          analyses
            .map((a) =>
              [
                `${a.name}: ${a.description}`,
                ...(a.method ? [wrap(a.method, 96, "    ")] : []),
                ...a.options.map((o) => `    --${o.flag.padEnd(20)} ${o.description} (default: ${describeDefault(o)})`),
              ].join("\n"),
            )
            .join("\n\n"),
      );
    });

  const run = program
    .command("run")
    .description("run a named analysis (see `coordgraph analyses`), store it in Neo4j and in a run directory");
  // Each analysis gets its own subcommand so its options, defaults and help live with it.
  for (const module of analyses) {
    const sub = run.command(module.name).description(module.description);
    addAnalysisOptions(sub, module.options);
    sub
      .option("--dataset <name...>", "limit to these datasets (default: all)")
      .option("--since <time>", "only tweets at or after this time (YYYY-MM-DD, ISO time or Unix seconds)")
      .option("--until <time>", "only tweets before this time")
      .option("--out <dir>", "run directory (default: runs/<analysis>-<time>/)")
      .option("--json", "print the run summary as JSON")
      .option("--quiet", "no progress notes")
      .action(async (options: Record<string, unknown> & OutputOptions & { dataset?: string[]; since?: string; until?: string; out?: string }) => {
        const scope = scopeFromCli(options);
        const raw: Record<string, unknown> = {};
        for (const spec of module.options) {
          const cliKey = spec.flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
          if (options[cliKey] !== undefined) raw[spec.key] = options[cliKey];
        }
        const log = noteLogger(options);
        const db = await connect({ log });
        const { record, result, files } = await runAnalysis(db, findAnalysis(module.name), raw, { scope, outDir: options.out, log, quiet: options.quiet });
        for (const warning of record.warnings) log(`warning: ${warning}`);
        emit(options, { ...record, files }, () => {
          const top = result.communities
            .slice(0, 5)
            .map((c) => (c.verdict ? `  group ${c.id} [${c.verdict}]: ${c.headline ?? counted(c.size, "account")}` : `  community ${c.id}: ${counted(c.size, "account")}, internal weight ${formatFigure(c.internalWeight)}`));
          // A tested network with no tie beyond chance: say so, and where CooRTweet's groups are.
          const untested = result.otherEdges !== undefined && result.edges.length === 0 && result.otherEdges.count > 0;
          const strongest = result.otherEdges?.smallestAdjustedPValue ?? 1;
          // summary and similar analyses describe the archive rather than a network of accounts.
          const network = record.counts.accounts > 0 || result.edges.length > 0;
          return [
            `${record.analysis} run ${record.id}`,
            ...(network ? [`  accounts ${record.counts.accounts.toLocaleString("en-US")}, ties ${record.counts.edges.toLocaleString("en-US")}, groups ${record.counts.communities.toLocaleString("en-US")}`] : []),
            ...Object.entries(record.summary).map(([k, v]) => `  ${k}: ${typeof v === "number" && !Number.isInteger(v) ? v.toFixed(4) : v}`),
            ...(network ? [top.length ? "groups, strongest first:" : "no groups found", ...top] : []),
            ...(untested
              ? [
                  `no tie is beyond chance at alpha ${String(record.params.alpha)} (${counted(result.otherEdges!.count, "co-action tie")} tested; smallest adjusted p = ${strongest.toPrecision(2)});`,
                  "  rerun with --network all for CooRTweet's groups, graded by the same test",
                ]
              : []),
            `seconds: ${record.timings.total}`,
            `written to ${record.outDir} (${files.join(", ")}) and to Neo4j`,
          ].join("\n");
        });
      });
  }
}
