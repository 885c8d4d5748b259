/**
 * The contract between the viewer's server (`src/viewer/*`) and its page (`viz/src/*`): the JSON of
 * `GET /api/run` and `GET /api/account/:id`. Type-only, so the page imports it without Node code.
 *
 * The run payload is columnar (one array per field, edges pointing at nodes by index) because it has
 * to carry 50,000 nodes and 200,000 edges: arrays of objects would repeat every key and id per row.
 */

import type { EvidenceItem, GroupVerdict } from "../run/model.ts";
import type { ParameterInWords } from "../run/words.ts";

/** One entry of the legend: a community of the run, as shown. Listed strongest first (by `score` when the run has one). */
export interface LegendCommunity {
  /** Louvain community id of the run (0 = largest). */
  id: number;
  /** Members in the run. */
  size: number;
  /** Members sent to the page (below `size` when the payload is truncated). */
  shown: number;
  /** Sum of edge weights inside the community (from communities.csv). */
  internalWeight: number;
  /** `#rrggbb`. */
  colour: string;
  /** Named by its strongest members' short names (e.g. "alice, 9f86d081… +18"). */
  label: string;
  /** The same members' full ids, for hover. */
  memberIds: string[];
  /** Significance verdict of the group's ties, when the analysis tests them. */
  verdict: GroupVerdict | null;
  /** Higher is stronger (see RunCommunity.score); null when the run has none. */
  score: number | null;
  /** Why the verdict, in one sentence. */
  reason: string | null;
  /** Plain-language opening line (e.g. "23 accounts retweeted the same 41 tweets, ..."). */
  headline: string | null;
}

/** Present when the run is above the viewer's limits and only its strongest part is sent. */
export interface Truncation {
  shownNodes: number;
  totalNodes: number;
  shownEdges: number;
  totalEdges: number;
}

export interface ViewerRunInfo {
  id: string;
  analysis: string;
  /** What the run's network is, in words (see src/run/words.ts). */
  title: string;
  /** What its groups are called ("Coordinated groups", "Communities"). */
  groupNoun: string;
  /** One of them ("group", "community"). */
  groupNounSingular: string;
  createdAt: string;
  directed: boolean;
  params: Record<string, unknown>;
  /** The same parameters in words. */
  parameters: ParameterInWords[];
  summary: Record<string, number | string | null>;
  /** Headline figures in words (modularity "0.00049", shares as percentages). */
  figures: Array<{ key: string; label: string; value: string }>;
  /** Why there is no graph to draw (summary runs, empty networks), else null. */
  explanation: string | null;
  /** Accounts and ties in the whole run (the page may get fewer, see `truncated`). */
  accounts: number;
  ties: number;
}

/** Whether account profiles could be read from Neo4j. */
export interface DatabaseStatus {
  connected: boolean;
  /** Why not, for the page to say (null when connected). */
  message: string | null;
}

export interface ViewerNodes {
  /** Account ids (strings end to end). */
  id: string[];
  /** Short display name: the screen name where real, else the shortest unambiguous id prefix with "…" (full id in `id`). */
  label: string[];
  /** Community per node, `null` for accounts without one. */
  community: Array<number | null>;
  /** Precomputed layout, graph units. */
  x: number[];
  y: number[];
  /** Indexes into `ViewerPayload.datasets` per node (empty when unknown). */
  datasets: number[][];
  /** One column per size metric (`degree`, `weightedDegree`, `pagerank`, `posts`, ...), aligned with `id`. */
  metrics: Record<string, number[]>;
}

export interface ViewerEdges {
  /** Index into `ViewerNodes.id`. */
  source: number[];
  target: number[];
  weight: number[];
  /** One column per edge attribute of the run (avgTimeDelta, nContentId, ...), `null` where absent. */
  attributes: Record<string, Array<number | string | null>>;
}

/** `GET /api/run`. */
export interface ViewerPayload {
  run: ViewerRunInfo;
  nodes: ViewerNodes;
  edges: ViewerEdges;
  /** Every community of the run, by id; colours match the nodes. */
  communities: LegendCommunity[];
  /** Colour of accounts without a community. */
  noCommunityColour: string;
  /** Dataset names, sorted; nodes refer to them by index. */
  datasets: string[];
  /** Metrics a node can be sized by, the default first. */
  sizeMetrics: string[];
  truncated: Truncation | null;
  layout: { seed: number; iterations: number; milliseconds: number };
  database: DatabaseStatus;
}

/** A coordination tie of an account in the run, strongest first. */
export interface AccountTie {
  id: string;
  label: string;
  community: number | null;
  weight: number;
  /** Mean seconds between the two accounts' shares (co-share runs), else null. */
  avgTimeDelta: number | null;
  attributes: Record<string, number | string>;
  /** The evidence behind the tie from evidence.csv, as this account saw it (A = this account), most telling first. */
  evidence: EvidenceItem[];
  /** Older runs without evidence.csv: a few shared objects from pairs.csv (co-share runs). */
  examples: SharedObjectExample[];
}

/** `GET /api/tie?a=...&b=...`: one tie of the run with its evidence (A = account `a`). */
export interface TieDetails {
  a: { id: string; label: string; community: number | null };
  b: { id: string; label: string; community: number | null };
  weight: number;
  attributes: Record<string, number | string>;
  evidence: EvidenceItem[];
  examples: SharedObjectExample[];
  /** Where the evidence comes from: evidence.csv, pairs.csv (older co-share runs) or none. */
  evidenceSource: "evidence.csv" | "pairs.csv" | null;
}

/** One co-share of the pair: both accounts shared `objectId` within `timeDelta` seconds. */
export interface SharedObjectExample {
  objectId: string;
  /** The account's own tweet and the other account's tweet. */
  contentId: string;
  otherContentId: string;
  timeDelta: number;
}

export interface AccountTweet {
  id: string;
  text: string | null;
  /** Unix ms. */
  time: number | null;
  timePrecision: string | null;
  isRetweet: boolean | null;
  language: string | null;
}

export interface AccountProfile {
  screenName: string | null;
  displayName: string | null;
  location: string | null;
  description: string | null;
  followers: number | null;
  following: number | null;
  createdAt: string | null;
  language: string | null;
  hashed: boolean | null;
  /** Ground-truth labels where the source has them. */
  accountCategory: string | null;
  accountType: string | null;
  /** Referenced by the archive but not in it. */
  stub: boolean | null;
}

/** `GET /api/account/:id`. */
export interface AccountDetails {
  id: string;
  label: string;
  /** Null when the account is not in Neo4j (or the viewer runs without it). */
  profile: AccountProfile | null;
  /** False when Neo4j could not be asked (the profile is unknown, not absent). */
  databaseConnected: boolean;
  datasets: string[];
  posts: number | null;
  run: {
    id: string;
    /** False when the account is in Neo4j but not in this run. */
    member: boolean;
    community: number | null;
    scores: Record<string, number>;
    /** Total number of ties in the run (the list below is cut). */
    tieCount: number;
    ties: AccountTie[];
  };
  hashtags: Array<{ name: string; uses: number }>;
  urls: Array<{ url: string; uses: number }>;
  /** Most recent tweets, newest first. */
  tweets: AccountTweet[];
  /** The account's tweets named in the pair examples above (the coordinated shares themselves). */
  evidenceTweets: AccountTweet[];
}
