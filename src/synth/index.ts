/**
 * `coordgraph synth`: a deterministic generator of synthetic information-operations archives
 * (October 2018 release format) with planted coordinated campaigns and their ground truth.
 */
export { generateArchive, synthFilePaths } from "./generate.ts";
export type {
  SynthOrganicSummary, SynthSummary, SynthTruth, SynthTruthCampaign, SynthTruthHeavyPosterZone, SynthTruthInterestCommunity,
} from "./generate.ts";
export { CAMPAIGN_STRENGTHS, CAMPAIGN_TYPES, STRENGTH_ROUNDS, SYNTH_DEFAULTS, SYNTH_MIXES, campaignKind, parseCountOption, resolveSynthOptions } from "./options.ts";
export type { CampaignStrength, CampaignType, ResolvedSynthOptions, SynthMix, SynthOptions, SynthProgress } from "./options.ts";
export {
  CAMPAIGN_ANALYSES, CAMPAIGN_SPREAD_MS, CAMPAIGN_WINDOW_SECONDS, HARD_MIXED_KINDS, MAX_EVENTS, MEDIUM_EVENTS, MEDIUM_MEMBER_EVENTS, MEDIUM_SPREAD_MS,
  MEDIUM_WINDOW_SECONDS, MIXED_KINDS, WEAK_EVENTS, WEAK_SPREAD_MS, WEAK_WINDOW_SECONDS,
} from "./campaigns.ts";
export { HEAVY_POSTER_LOCAL_DAY, HEAVY_POSTER_TWEET_SHARE, HEAVY_POSTER_ZONES } from "./heavy.ts";
export { INTEREST_DELAY, INTEREST_SHARE_KINDS, INTEREST_TWEET_SHARE } from "./interest.ts";
export { ORGANIC_EVENT_KINDS, ORGANIC_EVENT_SHARE, type OrganicEventKind } from "./organic.ts";
export { TWEET_COLUMNS_2018, USER_COLUMNS_2018 } from "./writer.ts";
export { TWITTER_EPOCH_MS, snowflakeId, snowflakeTimeMs } from "./timeline.ts";
