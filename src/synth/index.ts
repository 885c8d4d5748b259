/**
 * `coordgraph synth`: a deterministic generator of synthetic information-operations archives
 * (October 2018 release format) with planted coordinated campaigns and their ground truth.
 */
export { generateArchive, synthFilePaths } from "./generate.ts";
export type { SynthOrganicSummary, SynthSummary, SynthTruth, SynthTruthCampaign } from "./generate.ts";
export { CAMPAIGN_STRENGTHS, CAMPAIGN_TYPES, SYNTH_DEFAULTS, campaignKind, parseCountOption, resolveSynthOptions } from "./options.ts";
export type { CampaignStrength, CampaignType, ResolvedSynthOptions, SynthOptions, SynthProgress } from "./options.ts";
export {
  CAMPAIGN_ANALYSES, CAMPAIGN_SPREAD_MS, CAMPAIGN_WINDOW_SECONDS, MAX_EVENTS, MIXED_KINDS, WEAK_EVENTS, WEAK_SPREAD_MS, WEAK_WINDOW_SECONDS,
} from "./campaigns.ts";
export { ORGANIC_EVENT_KINDS, ORGANIC_EVENT_SHARE, type OrganicEventKind } from "./organic.ts";
export { TWEET_COLUMNS_2018, USER_COLUMNS_2018 } from "./writer.ts";
export { TWITTER_EPOCH_MS, snowflakeId, snowflakeTimeMs } from "./timeline.ts";
