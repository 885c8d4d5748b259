/** `coordgraph load <files...>`: stream archives into the graph. */
import type { Command } from "commander";
import { serverConfigFromEnv } from "../../db/config.ts";
import { InputError } from "../../errors.ts";
import { connect } from "../../db/driver.ts";
import { bulkLoadArchive } from "../../load/bulk.ts";
import { decideLoadPath, loadPathDefaults } from "../../load/choose.ts";
import { loadArchive, loadDefaults, type LoadOptions } from "../../load/load.ts";
import { FORMAT_NAMES, SHARE_OBJECT_KINDS, type FormatName, type ShareObjectKind } from "../../load/read.ts";
import { createProgress } from "../../util/progress.ts";
import { counted, nounFor } from "../../run/words.ts";
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
    .option(
      "--bulk",
      `load with neo4j-admin import (an EMPTY local database only; stops and restarts the local server). Default: chosen by itself when the local database is empty and the input is over ${Math.round(loadPathDefaults.bulkThresholdBytes / 1024 / 1024)} MB`,
    )
    .option("--no-bulk", "always load through the driver (transactions)")
    .option("--json", "print the summary as JSON")
    .option("--quiet", "no progress bar")
    .action(async (files: string[], options: LoadCliOptions) => {
      const log = noteLogger(options);
      const config = serverConfigFromEnv();
      const choice = await decideLoadPath(config, files, options.bulk, log);
      // A forced path needs no explanation; a chosen one does when the input is large enough for the choice to matter.
      if (options.bulk === undefined && (choice.path === "bulk" || (choice.inputBytes ?? 0) >= loadPathDefaults.bulkThresholdBytes)) {
        log(`Loading through ${choice.path === "bulk" ? "neo4j-admin import (bulk)" : "the driver"}: ${choice.reason}.`);
      }
      const bulk = choice.path === "bulk";
      const progress = createProgress(bulk ? "reading" : "loading", 1, options);
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
        if (bulk) {
          summary = await bulkLoadArchive(config, files, {
            ...loadOptions,
            log: (line, phase) => {
              if (phase !== "read") progress.stop();
              log(line);
            },
          });
        } else {
          summary = await loadArchive(await connect({ config, log }), files, loadOptions);
        }
      } finally {
        progress.stop();
      }
      const result = { ...summary, loadPath: choice.path, loadPathReason: choice.reason };
      // A damaged file is an error the user must see even with --quiet or --json, as one line naming it; the load went on without the rest of it.
      for (const damaged of summary.damaged) {
        process.stderr.write(`${new InputError(damaged.code, damaged.message, { file: damaged.file, line: damaged.line, hint: damaged.hint }).toOneLine()}\n`);
      }
      emit(options, result, () =>
        [
          `Loaded ${counted(summary.files, "file")} into ${nounFor(summary.datasets.length, "dataset")} ${summary.datasets.join(", ")} in ${summary.seconds} s (${choice.path === "bulk" ? "bulk import" : "driver"})`,
          `  rows read ${summary.rowsRead} (${summary.rowsPerSecond} rows/s), tweets ${summary.tweets} (${summary.tweetsPerSecond}/s), accounts ${summary.accounts}`,
          `  nodes created ${summary.nodesCreated}, relationships written ${summary.relationshipsWritten} (${summary.relationshipsCreated} new)`,
          `  screen names resolved to archive accounts: ${summary.screenNames.accountsResolved} (${summary.screenNames.linksResolved} links)`,
          summary.rejected > 0 ? `  rejected ${counted(summary.rejected, "row")}: see ${summary.rejectsFile}` : "  rejected 0 rows",
          ...summary.damaged.map((d) => `  damaged, loaded in part: ${d.file}: ${d.message}`),
        ].join("\n"),
      );
    });
}
