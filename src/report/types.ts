/**
 * The community report as plain data: what `gather.ts` collects from a run and what every renderer
 * (`renderHtml`, `renderMarkdown`, `renderJson`, `renderCsv`) reads. No renderer queries anything:
 * the same report always renders to the same bytes.
 *
 * Every string here may come from the archive (names, tweet text, URLs, hashtags, even ids) and is
 * treated as untrusted by the renderers. Ids are kept exactly as released (numeric strings, 64-hex or
 * base64 hashes).
 */
import { UsageError } from "../errors.ts";
import type { EvidenceItem, GroupVerdict } from "../run/model.ts";

export interface CommunityReport {
  run: ReportRun;
  /** The archive as a whole, for a summary run (which has no groups). */
  archive?: ArchiveSummary;
  /** In the order to render: strongest first for tested analyses (community 0), else largest first. */
  communities: ReportCommunity[];
}

export interface ReportRun {
  id: string;
  /** Name of the analysis that produced the run (e.g. "co-retweet"). */
  analysis: string;
  /** The options the analysis ran with. */
  params: Record<string, string | number | boolean | null>;
  /** ISO 8601 time the run was made. */
  createdAt: string;
  /** Headline figures: accounts, edges, communities, tweets, ... */
  counts: Record<string, number>;
}

/** What a summary run found in the archive as a whole (its run directory's tables). */
export interface ArchiveSummary {
  /** Headline figures as the run stored them: tweets, accounts, first and last tweet, shares of retweets, ... */
  figures: Record<string, string | number>;
  /** Tweets per dataset (release). */
  datasets: CountedValue[];
  languages: CountedValue[];
  hashtags: CountedValue[];
  domains: CountedValue[];
  clients: CountedValue[];
  retweetedAccounts: RetweetedAccount[];
  /** Accounts created per day. */
  accountCreation: DayCount[];
  /** Days on which a batch of accounts was created (the run's `batchDays` or more). */
  creationBatches: DayCount[];
}

/** Why a member is singled out; "member" for everyone else. */
export type MemberRole = "most central" | "most active" | "most followed" | "earliest created" | "member";

export interface ReportMember {
  id: string;
  /** Short, unambiguous display form within the report (screen name, or a hash prefix with "…"). */
  shortName?: string;
  screenName?: string | null;
  displayName?: string | null;
  followers?: number | null;
  /** YYYY-MM-DD */
  createdAt?: string | null;
  language?: string | null;
  /** Datasets (releases) the account appears in. */
  datasets: string[];
  /** Ground-truth labels (e.g. FiveThirtyEight account_category). */
  labels: string[];
  role: MemberRole;
  /** Degree in the run's network. */
  degree: number;
  /** Posts by the account in the loaded data. */
  posts: number;
}

/** A counted value: a hashtag (without '#'), URL, domain, language code, client name. */
export interface CountedValue {
  value: string;
  count: number;
}

export interface RetweetedAccount {
  id: string;
  screenName?: string | null;
  /** Retweets of this account by the community's members. */
  count: number;
}

export interface RetweetedTweet {
  id: string;
  text: string;
  /** Retweets of this tweet by the community's members. */
  count: number;
}

export interface DayCount {
  /** YYYY-MM-DD (UTC). */
  day: string;
  count: number;
}

export interface EvidenceExample {
  /** What both accounts shared: a tweet id, URL, hashtag, ... */
  object: string;
  /** Seconds between the two accounts' shares of the object. */
  timeDeltaSeconds: number;
}

/** One edge of the run inside the community, with a few of the shares that make it. */
export interface EvidencePair {
  accountA: string;
  accountB: string;
  weight: number;
  examples: EvidenceExample[];
  /** The evidence the analysis wrote for this tie (evidence.csv): shared objects, matched texts or co-active moments, A first. */
  items?: EvidenceItem[];
  /** Co-actions counted by the significance test, what chance gives, and the corrected p-value (tested analyses only). */
  observed?: number;
  expected?: number;
  adjustedPValue?: number;
  significant?: boolean;
}

export interface LabelCount {
  label: string;
  count: number;
}

export interface ReportCommunity {
  id: number;
  /** How far beyond chance the group's ties are (tested analyses): verdict, score, the reason, and an opening line. */
  verdict?: GroupVerdict;
  score?: number;
  reason?: string;
  headline?: string;
  /** Short names of its strongest members, for titles ("Group 0: a1b2c3d4…, ten_gop, …"). */
  name?: string;
  /** All members, even when `members` lists only some. */
  size: number;
  /** In the order to show them (gather: singled-out roles first, then by degree). */
  members: ReportMember[];
  topHashtags: CountedValue[];
  topUrls: CountedValue[];
  topDomains: CountedValue[];
  mostRetweetedAccounts: RetweetedAccount[];
  mostRetweetedTweets: RetweetedTweet[];
  languages: CountedValue[];
  clients: CountedValue[];
  /** Posts by members per day. */
  activity: DayCount[];
  /** Members created per day. */
  accountCreation: DayCount[];
  evidence: EvidencePair[];
  /** Present when the data has ground-truth labels. */
  labelMix?: LabelCount[];
}

/** Options of the HTML and Markdown renderers (JSON and CSV always carry everything). */
export interface RenderOptions {
  /** Members listed per community; the rest are summarised as "and N more". Default 20. */
  top?: number;
  /** Rows of each counted list (hashtags, URLs, domains, ...) per community. Default 10. */
  topItems?: number;
  /** Evidence pairs per community. Default 10. */
  topEvidence?: number;
  /** Examples shown per evidence pair. Default 3. */
  examplesPerPair?: number;
  /** Most bars a time chart draws before it bins days into months, then years. Default 120. */
  maxBars?: number;
}

/** Defaults of `RenderOptions`, declared once. */
export const RENDER_DEFAULTS: Required<RenderOptions> = {
  top: 20,
  topItems: 10,
  topEvidence: 10,
  examplesPerPair: 3,
  maxBars: 120,
};

/** Resolves options against `RENDER_DEFAULTS`; throws UsageError `BAD_OPTION` for a count that is not a whole number. */
export function resolveRenderOptions(options: RenderOptions = {}): Required<RenderOptions> {
  const resolved = { ...RENDER_DEFAULTS };
  for (const key of Object.keys(RENDER_DEFAULTS) as Array<keyof RenderOptions>) {
    const value = options[key];
    if (value === undefined) continue;
    if (!Number.isInteger(value) || value < (key === "maxBars" ? 1 : 0)) {
      const minimum = key === "maxBars" ? 1 : 0;
      throw new UsageError("BAD_OPTION", `${key} must be a whole number ≥ ${minimum}, got ${value}`, { field: key });
    }
    resolved[key] = value;
  }
  return resolved;
}
