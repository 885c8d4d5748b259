/**
 * coordgraph's public API, for scripts that use it as a library rather than through the CLI.
 * Everything not exported here is internal.
 */
export { CoordgraphError, UsageError, InputError, DatabaseError, AnalysisError } from "./errors.ts";
export type { AccountRecord, TweetRecord, LoadRecord, RejectedRow, TimePrecision } from "./model.ts";
export { seededRng, type Rng } from "./util/rng.ts";

// Database
export { connect, disconnect, readRows, readTx, writeTx, type Database } from "./db/driver.ts";
export { serverConfigFromEnv, localServerDefaults, type ServerConfig } from "./db/config.ts";
export { startLocalServer, stopLocalServer } from "./db/server.ts";
export { applySchema } from "./db/schema.ts";

// Loading
export { readArchive, listInputFiles, FORMAT_NAMES, SHARE_OBJECT_KINDS, type FormatName, type ShareObjectKind, type ReadOptions, type LoadBatch } from "./load/read.ts";
export { loadArchive, datasetNameFromFile, loadDefaults, type LoadOptions, type LoadSummary } from "./load/load.ts";

// Analyses
export { analyses, findAnalysis } from "../analyses/index.ts";
export { runAnalysis, type CompletedRun } from "./engine/runner.ts";
export type { AnalysisModule, AnalysisContext } from "./engine/module.ts";
export type { RunResult, RunNode, RunEdge, RunCommunity } from "./run/model.ts";
export { resolveRunDirectory, readRunDirectory, readRunTable } from "./engine/runs.ts";
export type { Scope } from "./engine/scope.ts";

// Pure cores
export * as coShare from "./core/coshare.ts";
export * as coText from "./core/cotext.ts";
export * as sync from "./core/sync.ts";
export { buildAccountGraph, partitionGraph, partitionAccounts, PARTITION_DEFAULTS, type AccountAttributes, type CoordinationEdgeAttributes } from "./core/partition.ts";
export { compareWithLabels, normalizedMutualInformation, adjustedRandIndex, purity } from "./core/validate.ts";

// Reports, export, viewer, synthetic data
export * from "./report/index.ts";
export { gatherCommunityReport } from "./report/gather.ts";
export { createViewerServer } from "./viewer/index.ts";
export { generateArchive, type SynthOptions, type SynthTruth } from "./synth/index.ts";
export { campaignRecovery, type CampaignRecovery } from "./synth/recovery.ts";
