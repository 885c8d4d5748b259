/**
 * `coordgraph synth`: a deterministic generator of synthetic information-operations archives
 * (October 2018 release format) with planted coordinated campaigns and their ground truth.
 */
export { generateArchive, synthFilePaths } from "./generate.ts";
export type { SynthSummary, SynthTruth, SynthTruthCampaign } from "./generate.ts";
export { CAMPAIGN_TYPES, SYNTH_DEFAULTS, parseCountOption, resolveSynthOptions } from "./options.ts";
export type { CampaignType, ResolvedSynthOptions, SynthOptions, SynthProgress } from "./options.ts";
export { CAMPAIGN_SPREAD_MS, CAMPAIGN_WINDOW_SECONDS, MAX_EVENTS } from "./campaigns.ts";
export { TWEET_COLUMNS_2018, USER_COLUMNS_2018 } from "./writer.ts";
export { TWITTER_EPOCH_MS, snowflakeId, snowflakeTimeMs } from "./timeline.ts";
