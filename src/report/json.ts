/**
 * The community report as JSON: the `CommunityReport` data exactly as gathered (no capping, no
 * formatting), two-space indented with a final newline, so `JSON.parse(renderJson(r))` equals `r`
 * and the file can be rendered again later in any other format.
 */
import type { CommunityReport } from "./types.ts";

/**
 * Serialises the report. Non-finite numbers (which JSON cannot hold) become `null`.
 *
 * @example
 * await writeFile("report.json", renderJson(report));
 */
export function renderJson(report: CommunityReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
