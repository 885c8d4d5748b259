/**
 * The top of a report in words, shared by the HTML and Markdown renderers: the analysis's title, the
 * parameters as a reader says them ("time window: 60 s", not `timeWindowSeconds 60`) and the run's
 * figures ("ties beyond chance: 196"). JSON and CSV keep the raw keys, for scripts.
 */
import { analysisTitle, describeParameters, describeSummary, formatTimestamp, readingGuide, type ParameterInWords } from "../run/words.ts";
import type { CommunityReport } from "./types.ts";

export interface ReportHeader {
  /** "Accounts retweeting the same tweets within seconds" */
  title: string;
  /** "2026-12-01 07:59:38 UTC" */
  created: string;
  parameters: ParameterInWords[];
  /** Headline figures first (for a summary run, the archive's), then the run's counts. */
  figures: Array<{ key: string; label: string; value: string }>;
  /** How to read the groups, verdicts and evidence (empty for analyses that do not test their ties). */
  guide: string[];
}

/** Counts every run has; a run without a network (summary, validate) leaves them out when they are all 0. */
const NETWORK_COUNTS = ["accounts", "edges", "communities", "communitiesReported", "communitiesLeftOut"];

/**
 * The words at the top of a report.
 *
 * @example
 * reportHeader(report).parameters[0]; // { key: "timeWindowSeconds", label: "time window", value: "60 s", ... }
 */
export function reportHeader(report: CommunityReport): ReportHeader {
  const { run } = report;
  const counts: Record<string, number> = {};
  const noNetwork = NETWORK_COUNTS.every((key) => !run.counts[key]);
  for (const [key, value] of Object.entries(run.counts)) {
    // A count that repeats a parameter (sync's bin length) is said once, among the parameters.
    if (key in run.params) continue;
    if (noNetwork && NETWORK_COUNTS.includes(key)) continue;
    // The archive's own figures come from its summary, in words and in order.
    if (report.archive && key in report.archive.figures) continue;
    counts[key] = value;
  }
  return {
    title: analysisTitle(run.analysis),
    created: formatTimestamp(run.createdAt),
    parameters: describeParameters(run.params),
    figures: [...(report.archive ? describeSummary(report.archive.figures) : []), ...describeSummary(counts, run.analysis)],
    guide: readingGuide(run.analysis),
  };
}
