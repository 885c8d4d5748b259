/**
 * How well a run recovered the campaigns planted by `coordgraph synth` (truth.json). For a campaign:
 * - recall: share of its accounts that sit in a community whose majority are members of that campaign
 *   ("in a group of its own");
 * - precision: share of the run's flagged accounts (accounts with at least one edge) that belong to
 *   any planted campaign.
 */
import type { RunNode } from "../analysis/types.ts";
import type { SynthTruth, SynthTruthCampaign } from "./generate.ts";

export interface CampaignRecovery {
  campaign: string;
  type: string;
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

/** The analysis that is meant to find each campaign type. */
export const analysisForCampaignType: Record<string, string> = {
  "co-retweet": "co-retweet",
  "co-hashtag": "co-hashtag",
  "co-url": "co-url",
  "co-text": "co-text",
  sync: "sync",
};

export function campaignRecovery(campaign: SynthTruthCampaign, truth: SynthTruth, nodes: readonly RunNode[]): CampaignRecovery {
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
    planted: members.size,
    flagged,
    inOwnGroup,
    recall: members.size ? inOwnGroup / members.size : 0,
    precision: nodes.length ? flaggedPlanted / nodes.length : 0,
    community,
  };
}
