/** `coordgraph load <files...>`: stream archives into the graph. */
import type { Command } from "commander";
import { serverConfigFromEnv } from "../../db/config.ts";
import { connect } from "../../db/driver.ts";
import { bulkLoadArchive } from "../../load/bulk.ts";
import { loadArchive, loadDefaults, type LoadOptions } from "../../load/load.ts";
import { FORMAT_NAMES, SHARE_OBJECT_KINDS, type FormatName, type ShareObjectKind } from "../../load/read.ts";
import { createProgress } from "../../util/progress.ts";
import { emit, noteLogger, type OutputOptions } from "../output.ts";

interface LoadCliOptions extends OutputOptions {
  format?: FormatName;
  objectKind?: ShareObjectKind;
  dataset?: string;
  batch?: string;
  rejects?: string;
  strict?: boolean;
  bulk?: boolean;
}

export function registerLoadCommand(program: Command): void {
  program
    .command("load")
    .description("load archives (csv, jsonl, .gz, .zip or directories) into the graph; safe to rerun")
    .argument("<files...>", "input files or directories")
    .option("--format <format>", `input format: ${FORMAT_NAMES.join(", ")} (default: detected from the header)`)
    .option("--object-kind <kind>", `for the shares format, what object_id is: ${SHARE_OBJECT_KINDS.join(", ")} (default: retweet)`)
    .option("--dataset <name>", "dataset name tagging every node (default: derived from each file's name)")
    .option("--batch <rows>", `rows per write transaction (default: ${loadDefaults.batchRows})`)
    .option("--rejects <file>", "CSV file for rejected rows (default: <dataset>.rejects.csv, only written when rows are rejected)")
    .option("--strict", "stop at the first bad row")
    .option("--bulk", "first load into an EMPTY local database with neo4j-admin import: far faster for millions of tweets; stops and restarts the local server")
    .option("--json", "print the summary as JSON")
    .option("--quiet", "no progress bar")
    .action(async (files: string[], options: LoadCliOptions) => {
      const log = noteLogger(options);
      const progress = createProgress(options.bulk ? "reading" : "loading", 1, options);
      const loadOptions: LoadOptions = {
        format: options.format,
        objectKind: options.objectKind,
        dataset: options.dataset,
        batchRows: options.batch === undefined ? undefined : Number(options.batch),
        rejectsFile: options.rejects,
        strict: options.strict,
        onProgress: (p) => progress.update(p.bytesRead, { total: p.totalBytes, rows: p.rowsRead }),
      };
      let summary;
      try {
        if (options.bulk) {
          summary = await bulkLoadArchive(serverConfigFromEnv(), files, {
            ...loadOptions,
            log: (line, phase) => {
              if (phase !== "read") progress.stop();
              log(line);
            },
          });
        } else {
          summary = await loadArchive(await connect({ log }), files, loadOptions);
        }
      } finally {
        progress.stop();
      }
      emit(options, summary, () =>
        [
          `Loaded ${summary.files} file(s) into dataset(s) ${summary.datasets.join(", ")} in ${summary.seconds} s`,
          `  rows read ${summary.rowsRead} (${summary.rowsPerSecond} rows/s), tweets ${summary.tweets} (${summary.tweetsPerSecond}/s), accounts ${summary.accounts}`,
          `  nodes created ${summary.nodesCreated}, relationships written ${summary.relationshipsWritten} (${summary.relationshipsCreated} new)`,
          summary.rejected > 0 ? `  rejected ${summary.rejected} row(s): see ${summary.rejectsFile}` : "  rejected 0 rows",
        ].join("\n"),
      );
    });
}
