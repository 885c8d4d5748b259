/** `coordgraph export [RUN] --format gexf|graphml|csv`: a run's network with every attribute, for Gephi and friends. */
import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { Option, type Command } from "commander";
import { resolveRunDirectory } from "../../engine/runs.ts";
import { connect } from "../../db/driver.ts";
import { UsageError } from "../../errors.ts";
import { csvChunks, gexfChunks, graphmlChunks } from "../../report/export.ts";
import { gatherRunNetwork } from "../../report/gather.ts";
import { drawNetwork } from "../../viewer/drawing.ts";
import { emit, noteLogger, type OutputOptions } from "../output.ts";
import { missingDirectory } from "./report.ts";
import { counted } from "../../run/words.ts";

export const EXPORT_FORMATS = ["gexf", "graphml", "csv"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Where a format goes inside the run directory when `--out` is not given (csv: a directory with nodes.csv and edges.csv). */
const DEFAULT_OUT: Record<ExportFormat, string> = { gexf: "network.gexf", graphml: "network.graphml", csv: "network-csv" };

interface ExportOptions extends OutputOptions {
  format: ExportFormat;
  out?: string;
}

export function registerExportCommand(program: Command): void {
  program
    .command("export")
    .description("export a run's network (communities, scores, edge attributes, account profiles) as GEXF, GraphML or CSV")
    .argument("[run]", "run id or run directory (default: the latest complete run)")
    .addOption(
      new Option("--format <format>", "gexf (Gephi), graphml (Cytoscape, yEd, igraph, NetworkX) or csv (nodes.csv + edges.csv)")
        .choices(EXPORT_FORMATS)
        .makeOptionMandatory(),
    )
    .option("--out <path>", "file to write (csv: directory) (default: network.<format> or network-csv/ in the run directory)")
    .option("--json", "print what was written as JSON")
    .option("--quiet", "no progress notes")
    .action(async (ref: string | undefined, options: ExportOptions) => {
      const log = noteLogger(options);
      const db = await connect({ log });
      const runDir = await resolveRunDirectory(db, ref);
      log(`exporting the network of ${runDir}`);
      const graph = await gatherRunNetwork(db, runDir);
      // The viewer's layout and community colours, so the file opens in Gephi looking like `coordgraph view`.
      const drawn = drawNetwork(graph);
      log(`laid out ${counted(graph.order, "account")} in ${drawn.milliseconds} ms`);
      const out = path.resolve(options.out ?? path.join(runDir, DEFAULT_OUT[options.format]));
      const created = missingDirectory(options.format === "csv" ? out : path.dirname(out));
      const files =
        options.format === "csv"
          ? [await writeChunks(path.join(out, "nodes.csv"), csvChunks(graph, "nodes")), await writeChunks(path.join(out, "edges.csv"), csvChunks(graph, "edges"))]
          : [await writeChunks(out, options.format === "gexf" ? gexfChunks(graph) : graphmlChunks(graph))];
      emit(options, { format: options.format, run: graph.getAttribute("runId"), out, files, nodes: graph.order, edges: graph.size, createdDirectory: created }, () =>
        `wrote ${counted(graph.order, "account")} and ${counted(graph.size, "tie")} to ${out}${created ? ` (created the directory ${created})` : ""}`,
      );
    });
}

/** Streams chunks of text into a file (creating its directory); returns the file. */
async function writeChunks(file: string, chunks: Iterable<string>): Promise<string> {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    await pipeline(Readable.from(chunks), fs.createWriteStream(file));
    return file;
  } catch (error) {
    throw new UsageError("OUT_UNWRITABLE", `cannot write ${file}: ${(error as Error).message}`, { field: "out" });
  }
}
