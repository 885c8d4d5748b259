/**
 * The run contract: what an analysis produces and what reports, the viewer and exports read back.
 * Ground floor: it imports nothing from the project, and every layer above imports it.
 *
 * Edge attributes are typed per analysis family; consumers read them through {@link KnownEdgeAttributes},
 * so reading a field that no analysis writes does not compile. Evidence (the shared objects, matched
 * texts, co-active moments, interactions or shared targets behind a tie) is typed per kind in {@link TieEvidence}.
 */

/** One account in a run's network, with its community and any per-analysis scores. */
export interface RunNode {
  id: string;
  /** Louvain community id within the run (0 = strongest group), or null when the account is isolated. */
  community: number | null;
  /** Numeric scores (degree, weightedDegree, pagerank, posts, ...). */
  scores: Record<string, number>;
}

/**
 * What every significance-tested tie carries: the count of co-actions tested, the count chance would
 * give under the analysis's null model, the one-sided p-value and the multiple-testing-corrected one.
 * `significant` is 1 when `adjustedPValue <= alpha`.
 */
export interface SignificanceAttributes {
  observed: number;
  expected: number;
  pValue: number;
  /** Natural log of pValue: exact where pValue underflows to 0. */
  logPValue: number;
  adjustedPValue: number;
  significant: 0 | 1;
}

/** co-retweet, co-hashtag, co-url, co-domain, co-mention, co-reply, co-quote: CooRTweet's edge columns + significance. */
export interface CoShareEdgeAttributes extends SignificanceAttributes {
  avgTimeDelta: number;
  nContentId: number;
  nContentIdY: number;
  edgeSymmetryScore: number;
  weightThreshold: number;
  weightFast?: number;
  avgTimeDeltaFast?: number;
  weightThresholdFast?: number;
}

/** co-text: matched posts of the pair + significance. */
export interface CoTextEdgeAttributes extends SignificanceAttributes {
  exactMatches: number;
  meanSimilarity: number;
  minTimeDeltaSeconds: number;
}

/** sync: shared active bins + significance. */
export interface SyncEdgeAttributes extends SignificanceAttributes {
  similarity: number;
  activeBinsA: number;
  activeBinsB: number;
}

/**
 * communities: direct interactions between archive accounts (retweets, replies, quotes, mentions) and,
 * on ties validated by the shared-target test (src/core/shared-targets.ts), what the two share.
 */
export interface InteractionEdgeAttributes {
  retweets: number;
  replies: number;
  quotes: number;
  mentions: number;
  /** Targets both amplified: outside accounts, tweets retweeted or quoted, links. */
  sharedTargets?: number;
  sharedAccounts?: number;
  sharedTweets?: number;
  sharedLinks?: number;
  /** Sum over shared targets of 1 / (accounts sharing it - 1): this tie's part of `weight`. */
  sharedTargetWeight?: number;
  /** Shared targets expected from the two accounts' degrees (bipartite configuration model), and the test's p-values. */
  expectedSharedTargets?: number;
  sharedTargetsPValue?: number;
  sharedTargetsAdjustedPValue?: number;
}

/** Every attribute some analysis writes; what a consumer may read (each may be absent). */
export type KnownEdgeAttributes = Partial<CoShareEdgeAttributes & CoTextEdgeAttributes & SyncEdgeAttributes & InteractionEdgeAttributes>;

/** One edge between accounts (undirected unless the run says directed). */
export interface RunEdge<A extends object = KnownEdgeAttributes> {
  source: string;
  target: string;
  weight: number;
  attributes: A;
}

/**
 * How strongly a group's ties stand out from chance, in plain words (see src/core/group-verdict.ts).
 * - strong: many ties each far beyond chance;
 * - moderate: significant ties, but few or close to the threshold;
 * - weak: no tie survives the multiple-testing correction: possibly chance.
 */
export type GroupVerdict = "strong" | "moderate" | "weak";

export interface RunCommunity {
  id: number;
  size: number;
  /** Sum of edge weights inside the community. */
  internalWeight: number;
  /** Higher is stronger: log10 of observed over expected co-actions on its ties, times their significance share (see group-verdict.ts). */
  score?: number;
  verdict?: GroupVerdict;
  /** Why the verdict, in one sentence a reader can check. */
  reason?: string;
  /** Co-actions on the group's internal ties, and what chance would give. */
  observed?: number;
  expected?: number;
  /** Internal ties, and how many of them are significant. */
  ties?: number;
  significantTies?: number;
  /** The smallest adjusted p-value among its internal ties. */
  bestAdjustedPValue?: number;
  /** A plain-language opening line for reports (e.g. "23 accounts retweeted the same 41 tweets, ..."). */
  headline?: string;
}

/** Edges outside the network: re-iterable, each pass making the edges afresh; with their count and the smallest adjusted p-value. */
export interface OtherEdges extends Iterable<RunEdge> {
  readonly count: number;
  readonly smallestAdjustedPValue: number;
  /** Every attribute name some of them carry. */
  readonly attributeKeys: readonly string[];
}

/** What an analysis returns: plain data, written by the runner to Neo4j and the run directory. */
export interface RunResult {
  directed: boolean;
  nodes: RunNode[];
  edges: RunEdge[];
  communities: RunCommunity[];
  /** Headline figures printed by the CLI and stored in run.json (modularity, pairs, ...). */
  summary: Record<string, number | string | null>;
  /**
   * Edges outside the chosen network that the analysis still reports (the rest of CooRTweet's
   * network), produced one at a time (millions at archive scale): edges.csv then holds both, with
   * `inNetwork` 1 or 0, and network.csv the network alone, which is what reports and the viewer read.
   */
  otherEdges?: OtherEdges;
  /** Extra tables written as `<name>.csv` in the run directory (e.g. CooRTweet's pairs), streamed row by row: columns from the first row. */
  tables?: Record<string, Iterable<Record<string, string | number | null>>>;
  /** Evidence behind the ties of the network, written as `evidence.csv` (see src/run/evidence.ts). */
  evidence?: TieEvidence[];
  /** Human-readable warnings (e.g. a window below the data's time resolution). */
  warnings?: string[];
}

// ---------------------------------------------------------------------------------------------
// Evidence

/** Two accounts shared the same object (a tweet, hashtag, URL, domain or account). Times are Unix ms. */
export interface CoShareEvidence {
  kind: "co-share";
  /** The object's id as the projection gives it (tweet id, hashtag, URL, domain, account id). */
  object: string;
  /** What a reader recognises it by: the tweet's text, the hashtag, URL or domain, the account's screen name. */
  label: string | null;
  /** The two shares (tweet ids) of `source` and `target`. */
  contentA: string;
  contentB: string;
  timeA: number;
  timeB: number;
  delaySeconds: number;
}

/** Two accounts posted the same or nearly the same text. */
export interface CoTextEvidence {
  kind: "co-text";
  contentA: string;
  contentB: string;
  textA: string | null;
  textB: string | null;
  timeA: number;
  timeB: number;
  delaySeconds: number;
  /** Jaccard similarity of the two texts' word shingles (1 = same text). */
  similarity: number;
}

/** Two accounts were both active in one time bin. */
export interface SyncEvidence {
  kind: "sync";
  /** Start of the bin, Unix ms. */
  binStart: number;
  binSeconds: number;
  /** The two accounts' posts in the bin that lie closest in time (tweet id and Unix ms). */
  contentA: string;
  contentB: string;
  /** What those two posts said, as stored on their Tweet nodes; null when the graph has no text for one (or the run predates texts in sync evidence). */
  textA: string | null;
  textB: string | null;
  timeA: number;
  timeB: number;
  delaySeconds: number;
}

/** communities: how one account amplified another's tweets or name (the direct ties). */
export type InteractionAction = "retweet" | "quote" | "reply" | "mention";

/** communities: how an account amplified a target: an interaction, or posting a link. */
export type AmplifyingAction = InteractionAction | "link";

/** communities: what a shared target is: an outside account, a tweet retweeted or quoted, a link. */
export type SharedTargetKind = "account" | "tweet" | "link";

/**
 * communities: one kind of direct interaction between the tie's two accounts, counted each way
 * (each interaction weighs 1 in the tie's weight).
 */
export interface InteractionEvidence {
  kind: "interaction";
  action: InteractionAction;
  /** Times `source` retweeted (quoted, replied to, mentioned) `target`, and times `target` did so to `source`. */
  countA: number;
  countB: number;
}

/**
 * communities: a target both accounts amplified: an outside account, a tweet, a link. The fewer
 * archive accounts share it, the more it weighs: 1 / (sharingAccounts - 1) of the tie's weight.
 * Times are Unix ms.
 */
export interface SharedTargetEvidence {
  kind: "shared-target";
  targetKind: SharedTargetKind;
  /** The outside account's id, the tweet's id, or the link. */
  object: string;
  /** What a reader recognises it by: the account's screen name, the tweet's text (null where the graph has none), the link. */
  label: string | null;
  /** Archive accounts that amplified it in the run's scope (both of the tie's included). */
  sharingAccounts: number;
  /** Each account's earliest post amplifying it: tweet id, time, text and how it amplified it. */
  contentA: string;
  contentB: string;
  timeA: number;
  timeB: number;
  delaySeconds: number;
  textA: string | null;
  textB: string | null;
  actionA: AmplifyingAction;
  actionB: AmplifyingAction;
  /** How many of each account's posts amplified it. */
  countA: number;
  countB: number;
}

export type EvidenceItem = CoShareEvidence | CoTextEvidence | SyncEvidence | InteractionEvidence | SharedTargetEvidence;

/** The evidence behind one tie (`source` and `target` as on the edge), strongest or closest first. */
export interface TieEvidence {
  source: string;
  target: string;
  items: EvidenceItem[];
}

/** An edge's attributes as name/value pairs, for consumers that pass every attribute through (CSV, GEXF). */
export function edgeAttributeEntries(attributes: object): Array<[string, number | string]> {
  return Object.entries(attributes).filter((entry): entry is [string, number | string] => typeof entry[1] === "number" || typeof entry[1] === "string");
}
