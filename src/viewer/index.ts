/** The viewer's public surface: serve a run, lay out a graph, build the page's payload, draw a network for export. */
export { allowedHostHeaders, createViewerServer, resolveStaticFile, type ViewerServer, type ViewerServerOptions } from "./server.ts";
export { ensureViewerBundle, VIEWER_DIST } from "./bundle.ts";
export { communityLayout, communitySeparation, layoutIterations, seedCommunityPositions, LAYOUT_DEFAULTS, type CommunityLayoutOptions, type LayoutMapping, type LayoutReport } from "./layout.ts";
export { buildViewerPayload, runDisplayNames, selectStrongestPart, type AccountSummary, type PayloadOptions, type RunPart } from "./payload.ts";
export { RunAccounts, fetchAccountSummaries, accountLabel, ACCOUNT_DETAIL_DEFAULTS } from "./accounts.ts";
export { analysisTitle, describeParameters, describeSummary, emptyRunExplanation, formatFigure, formatPValue, formatTimestamp, groupNoun, metricLabel, type ParameterInWords } from "../run/words.ts";
export { drawNetwork, DRAWING_DEFAULTS } from "./drawing.ts";
export { VIEWER_DEFAULTS } from "./options.ts";
export type * from "./types.ts";
