/**
 * How well a run recovered the campaigns planted by `coordgraph synth` (truth.json). For a campaign
 * and one of the analyses meant to find it (its `analyses` list; a mixed campaign has several):
 * - recall: share of its accounts that sit in a community whose majority are members of that campaign
 *   ("in a group of its own");
 * - precision: share of the run's flagged accounts (accounts with at least one edge) that belong to
 *   any planted campaign.
 * And for the organic accounts truth.json lists (superspreaders, and with `--mix hard` heavy posters
 * and interest-community members): how many a run flagged, ideally none: superspreaders share
 * everything popular within seconds (activity), heavy posters share a time zone's clock, interest
 * communities share niche sources at their own pace; none of that is coordination.
 */
import type { RunNode } from "../run/model.ts";
import type { SynthTruth, SynthTruthCampaign } from "./generate.ts";

export interface CampaignRecovery {
  campaign: string;
  type: string;
  /** The analysis whose run was scored. */
  analysis: string;
  /** "strong", "medium" or "weak" (truth files written before strengths existed: "strong"). */
  strength: string;
  planted: number;
  /** Campaign accounts present in the run's network at all. */
  flagged: number;
  /** Campaign accounts in a community where the campaign is the majority. */
  inOwnGroup: number;
  recall: number;
  /** Share of all flagged accounts of the run that are planted (any campaign). */
  precision: number;
  /** The community holding most of the campaign, or null. */
  community: number | null;
}

export interface SuperspreaderFlags {
  analysis: string;
  /** Superspreaders truth.json lists. */
  superspreaders: number;
  /** How many of them the run flagged (present in its network). */
  flagged: number;
  /** Their ids, sorted. */
  flaggedIds: string[];
}

/** How many of one kind of organic account truth.json lists a run flagged. */
export interface OrganicKindFlags {
  /** Accounts of that kind truth.json lists. */
  listed: number;
  /** How many the run flagged (present in its network). */
  flagged: number;
  /** Their ids, sorted. */
  flaggedIds: string[];
}

/** The organic accounts one run flagged, by kind (empty kinds when the truth file lists none). */
export interface OrganicFlags {
  analysis: string;
  superspreaders: OrganicKindFlags;
  heavyPosters: OrganicKindFlags;
  interestCommunityMembers: OrganicKindFlags;
}

/** Recall of one analysis over every campaign of one strength meant for it. */
export interface StrengthRecall {
  analysis: string;
  strength: string;
  /** Campaigns scored (a mixed campaign counts once per analysis meant to find it). */
  campaigns: number;
  /** Their accounts, summed over campaigns. */
  planted: number;
  inOwnGroup: number;
  /** inOwnGroup / planted. */
  recall: number;
}

/** The analysis meant to find each single-type campaign (truth files without `analyses`). */
export const analysisForCampaignType: Record<string, string> = {
  "co-retweet": "co-retweet",
  "co-hashtag": "co-hashtag",
  "co-url": "co-url",
  "co-text": "co-text",
  sync: "sync",
};

/** The analyses meant to find `campaign`: its `analyses` list, or the one its type names in older truth files. */
export function campaignAnalyses(campaign: SynthTruthCampaign): string[] {
  if (Array.isArray(campaign.analyses) && campaign.analyses.length > 0) return campaign.analyses;
  const analysis = analysisForCampaignType[campaign.type];
  return analysis === undefined ? [] : [analysis];
}

/**
 * Scores one campaign against the nodes of one run. `analysis` names the run's analysis (default:
 * the campaign's first analysis); it is only recorded, the nodes decide.
 *
 * @example
 * const rows = truth.campaigns.flatMap((c) => campaignAnalyses(c).map((a) => campaignRecovery(c, truth, runs[a].nodes, a)));
 */
export function campaignRecovery(
  campaign: SynthTruthCampaign,
  truth: SynthTruth,
  nodes: readonly RunNode[],
  analysis: string = campaignAnalyses(campaign)[0] ?? campaign.type,
): CampaignRecovery {
  const members = new Set(campaign.accounts);
  const planted = new Set(truth.campaigns.flatMap((c) => c.accounts));
  const byCommunity = new Map<number, { size: number; fromCampaign: number }>();
  for (const node of nodes) {
    if (node.community === null) continue;
    const entry = byCommunity.get(node.community) ?? { size: 0, fromCampaign: 0 };
    entry.size++;
    if (members.has(node.id)) entry.fromCampaign++;
    byCommunity.set(node.community, entry);
  }
  let flagged = 0;
  let inOwnGroup = 0;
  for (const node of nodes) {
    if (!members.has(node.id)) continue;
    flagged++;
    const group = node.community === null ? undefined : byCommunity.get(node.community);
    if (group && group.fromCampaign * 2 > group.size) inOwnGroup++;
  }
  let community: number | null = null;
  let best = 0;
  for (const [id, entry] of byCommunity) {
    if (entry.fromCampaign > best || (entry.fromCampaign === best && community !== null && id < community)) {
      best = entry.fromCampaign;
      community = best > 0 ? id : null;
    }
  }
  const flaggedPlanted = nodes.filter((n) => planted.has(n.id)).length;
  return {
    campaign: campaign.id,
    type: campaign.type,
    analysis,
    strength: campaign.strength ?? "strong",
    planted: members.size,
    flagged,
    inOwnGroup,
    recall: members.size ? inOwnGroup / members.size : 0,
    precision: nodes.length ? flaggedPlanted / nodes.length : 0,
    community,
  };
}

/**
 * Every campaign scored against the run of each analysis meant to find it, in truth.json order
 * (a mixed campaign gives one row per analysis). Analyses without a run in `nodesByAnalysis` are skipped.
 */
export function campaignRecoveries(truth: SynthTruth, nodesByAnalysis: ReadonlyMap<string, readonly RunNode[]>): CampaignRecovery[] {
  return truth.campaigns.flatMap((campaign) =>
    campaignAnalyses(campaign)
      .filter((analysis) => nodesByAnalysis.has(analysis))
      .map((analysis) => campaignRecovery(campaign, truth, nodesByAnalysis.get(analysis)!, analysis)),
  );
}

/** How many of truth.json's superspreaders a run flagged (0 when the truth file lists none). */
export function superspreadersFlagged(truth: SynthTruth, nodes: readonly RunNode[], analysis: string): SuperspreaderFlags {
  const superspreaders = new Set(truth.superspreaders ?? []);
  const flaggedIds = [...new Set(nodes.filter((node) => superspreaders.has(node.id)).map((node) => node.id))].sort();
  return { analysis, superspreaders: superspreaders.size, flagged: flaggedIds.length, flaggedIds };
}

function kindFlags(listed: readonly string[], nodes: readonly RunNode[]): OrganicKindFlags {
  const accounts = new Set(listed);
  const flaggedIds = [...new Set(nodes.filter((node) => accounts.has(node.id)).map((node) => node.id))].sort();
  return { listed: accounts.size, flagged: flaggedIds.length, flaggedIds };
}

/**
 * How many of truth.json's organic superspreaders, heavy posters and interest-community members a
 * run flagged (present in its network); a kind the truth file lacks counts 0 of 0.
 *
 * @example
 * organicFlagged(truth, run.nodes, "sync").heavyPosters.flagged; // 0 when sync sees no shared clock
 */
export function organicFlagged(truth: SynthTruth, nodes: readonly RunNode[], analysis: string): OrganicFlags {
  return {
    analysis,
    superspreaders: kindFlags(truth.superspreaders ?? [], nodes),
    heavyPosters: kindFlags(truth.heavyPosters ?? [], nodes),
    interestCommunityMembers: kindFlags((truth.interestCommunities ?? []).flatMap((community) => community.accounts), nodes),
  };
}

/**
 * Recall per analysis and strength: the members of every campaign of that strength found in a group
 * of their own, over all their members (rows of {@link campaignRecoveries}). Sorted by analysis,
 * then strong, medium, weak.
 */
export function recallByStrength(recoveries: readonly CampaignRecovery[]): StrengthRecall[] {
  const rank: Record<string, number> = { strong: 0, medium: 1, weak: 2 };
  const byKey = new Map<string, StrengthRecall>();
  for (const row of recoveries) {
    const key = `${row.analysis}\u0000${row.strength}`;
    const entry = byKey.get(key) ?? { analysis: row.analysis, strength: row.strength, campaigns: 0, planted: 0, inOwnGroup: 0, recall: 0 };
    entry.campaigns++;
    entry.planted += row.planted;
    entry.inOwnGroup += row.inOwnGroup;
    entry.recall = entry.planted ? entry.inOwnGroup / entry.planted : 0;
    byKey.set(key, entry);
  }
  return [...byKey.values()].sort((a, b) => (a.analysis < b.analysis ? -1 : a.analysis > b.analysis ? 1 : (rank[a.strength] ?? 3) - (rank[b.strength] ?? 3)));
}
