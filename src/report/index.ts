/**
 * The report renderers and the `CommunityReport` data they read. `gather.ts` (which builds a report
 * from a run) is exported by its own module.
 */
export { renderHtml } from "./html.ts";
export { renderMarkdown } from "./markdown.ts";
export { renderJson } from "./json.ts";
export { renderCsv, type CsvFiles } from "./csv.ts";
export { barChartSvg, BAR_CHART_DEFAULTS, type BarChartOptions } from "./svg-charts.ts";
export { escapeHtml, escapeMarkdown, safeHttpUrl } from "./escape.ts";
export {
  RENDER_DEFAULTS,
  resolveRenderOptions,
  type CommunityReport,
  type ReportRun,
  type ReportCommunity,
  type ReportMember,
  type MemberRole,
  type CountedValue,
  type RetweetedAccount,
  type RetweetedTweet,
  type DayCount,
  type EvidencePair,
  type EvidenceExample,
  type LabelCount,
  type RenderOptions,
} from "./types.ts";
