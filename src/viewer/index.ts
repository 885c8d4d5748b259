/** The viewer's public surface: serve a run, lay out a graph, build the page's payload. */
export { createViewerServer, resolveStaticFile, type ViewerServer, type ViewerServerOptions } from "./server.ts";
export { ensureViewerBundle, VIEWER_DIST } from "./bundle.ts";
export { communityLayout, layoutIterations, seedCommunityPositions, LAYOUT_DEFAULTS, type CommunityLayoutOptions, type LayoutMapping, type LayoutReport } from "./layout.ts";
export { buildViewerPayload, selectStrongestPart, type AccountSummary, type PayloadOptions, type RunPart } from "./payload.ts";
export { RunAccounts, fetchAccountSummaries, accountLabel, ACCOUNT_DETAIL_DEFAULTS } from "./accounts.ts";
export { VIEWER_DEFAULTS } from "./options.ts";
export type * from "./types.ts";
