/**
 * The report renderers and the `CommunityReport` data they read. `gather.ts` (which builds a report
 * from a run) is exported by its own module.
 */
export { renderHtml } from "./html.js";
export { renderMarkdown } from "./markdown.js";
export { renderJson } from "./json.js";
export { renderCsv, type CsvFiles } from "./csv.js";
export { barChartSvg, BAR_CHART_DEFAULTS, type BarChartOptions } from "./svg-charts.js";
export { escapeHtml, escapeMarkdown, safeHttpUrl } from "./escape.js";
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
} from "./types.js";
