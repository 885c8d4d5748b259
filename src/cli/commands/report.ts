/** `coordgraph report [RUN]`: the community report of a run as HTML, Markdown, JSON or CSV tables. */
import fs from "node:fs";
import path from "node:path";
import { Option, type Command } from "commander";
import { resolveRunDirectory } from "../../engine/runs.ts";
import { connect } from "../../db/driver.ts";
import { UsageError } from "../../errors.ts";
import { GATHER_DEFAULTS, gatherCommunityReport } from "../../report/gather.ts";
import { RENDER_DEFAULTS, renderCsv, renderHtml, renderJson, renderMarkdown, type RenderOptions } from "../../report/index.ts";
import { emit, noteLogger, type OutputOptions } from "../output.ts";
import { counted } from "../../run/words.ts";

export const REPORT_FORMATS = ["html", "md", "json", "csv"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** Where a format goes inside the run directory when `--out` is not given (csv: a directory of tables). */
const DEFAULT_OUT: Record<ReportFormat, string> = { html: "report.html", md: "report.md", json: "report.json", csv: "report-csv" };

interface ReportOptions extends OutputOptions {
  format: ReportFormat;
  out?: string;
  top?: string;
  communities?: string;
}

export function registerReportCommand(program: Command): void {
  program
    .command("report")
    .description("write the community report of a run: members, hashtags, links, retweets, activity, evidence")
    .argument("[run]", "run id or run directory (default: the latest complete run)")
    .addOption(new Option("--format <format>", "html (self-contained page), md, json, or csv (a directory of tables)").choices(REPORT_FORMATS).default("html"))
    .option("--out <path>", "file to write (csv: directory) (default: report.<format> or report-csv/ in the run directory)")
    .option(
      "--top <n>",
      `entries per list, members shown and evidence pairs per community (default: ${GATHER_DEFAULTS.top} gathered; ${RENDER_DEFAULTS.top} members, ${RENDER_DEFAULTS.topItems} list entries and ${RENDER_DEFAULTS.topEvidence} pairs shown)`,
    )
    .option("--communities <n>", `most communities reported, largest first (default: ${GATHER_DEFAULTS.communities})`)
    .option("--json", "print what was written as JSON")
    .option("--quiet", "no progress notes")
    .action(async (ref: string | undefined, options: ReportOptions) => {
      const top = wholeNumber(options.top, "top");
      const communities = wholeNumber(options.communities, "communities");
      const log = noteLogger(options);
      const db = await connect({ log });
      const runDir = await resolveRunDirectory(db, ref);
      log(`gathering the report of ${runDir}`);
      const report = await gatherCommunityReport(db, runDir, { top, communities });
      const rendering: RenderOptions = top === undefined ? {} : { top, topItems: top, topEvidence: top };
      const out = path.resolve(options.out ?? path.join(runDir, DEFAULT_OUT[options.format]));
      const created = missingDirectory(options.format === "csv" ? out : path.dirname(out));
      const files = writeReport(out, options.format, () => {
        switch (options.format) {
          case "html":
            return renderHtml(report, rendering);
          case "md":
            return renderMarkdown(report, rendering);
          case "json":
            return renderJson(report);
          case "csv":
            return renderCsv(report);
        }
      });
      const { communitiesLeftOut = 0 } = report.run.counts;
      if (communitiesLeftOut > 0) log(`${counted(communitiesLeftOut, "smaller community", "smaller communities")} left out (raise --communities to include them)`);
      const createdNote = created ? ` (created the directory ${created})` : "";
      emit(
        options,
        { format: options.format, run: report.run.id, out, files, communities: report.communities.length, communitiesLeftOut, createdDirectory: created },
        () => (options.format === "csv" ? `wrote ${counted(files.length, "table")} to ${out}${createdNote}` : `wrote ${out}${createdNote}`),
      );
    });
}

/** Writes one file, or for CSV one file per table into the directory `out`; returns the files written. */
function writeReport(out: string, format: ReportFormat, render: () => string | Record<string, string>): string[] {
  const rendered = render();
  try {
    if (typeof rendered === "string") {
      fs.mkdirSync(path.dirname(out), { recursive: true });
      fs.writeFileSync(out, rendered);
      return [out];
    }
    fs.mkdirSync(out, { recursive: true });
    return Object.entries(rendered).map(([name, text]) => {
      const file = path.join(out, name);
      fs.writeFileSync(file, text);
      return file;
    });
  } catch (error) {
    throw new UsageError("OUT_UNWRITABLE", `cannot write the ${format} report to ${out}: ${(error as Error).message}`, { field: "out" });
  }
}

/** The outermost directory of `dir` that does not exist yet (what writing will create), or null. */
export function missingDirectory(dir: string): string | null {
  let missing: string | null = null;
  for (let current = path.resolve(dir); !fs.existsSync(current); current = path.dirname(current)) {
    missing = current;
    if (path.dirname(current) === current) break;
  }
  return missing;
}

/** A whole-number flag value ≥ 0, or undefined when the flag is absent. */
export function wholeNumber(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value.trim())) throw new UsageError("BAD_OPTION", `--${flag} must be a whole number ≥ 0, got "${value}"`, { field: flag });
  return Number(value);
}
