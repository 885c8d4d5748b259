/**
 * Words for a run: its title per analysis, its parameters and headline figures as a reader would say
 * them ("time window: 60 s", not `timeWindowSeconds 60`), why a run without a network shows no graph,
 * how to read a report's ties and verdicts, counts with their nouns ("1 group", "15 accounts"), and
 * tweet texts as Twitter shows them. Pure and free of
 * Node and DOM code: the viewer's server, its page, its PNG export and the reports share it.
 */

/** What each analysis's network is, as a title. */
const TITLES: Record<string, string> = {
  "co-retweet": "Accounts retweeting the same tweets within seconds",
  "co-hashtag": "Accounts using the same hashtags within seconds",
  "co-url": "Accounts sharing the same links within seconds",
  "co-domain": "Accounts linking to the same sites within seconds",
  "co-mention": "Accounts mentioning the same accounts within seconds",
  "co-reply": "Accounts replying to the same tweets within seconds",
  "co-quote": "Accounts quoting the same tweets within seconds",
  "co-text": "Accounts posting the same or nearly the same text",
  sync: "Accounts active in the same moments far more often than chance",
  communities: "Communities: accounts that interact with each other or amplify the same accounts, tweets and links",
  summary: "The archive at a glance",
  validate: "Communities checked against account labels",
};

/**
 * The title of a run's view.
 *
 * @example
 * analysisTitle("communities"); // "Communities: accounts that interact with each other or amplify the same accounts, tweets and links"
 */
export function analysisTitle(analysis: string): string {
  return TITLES[analysis] ?? `${analysis} run`;
}

/** What two accounts did together, per analysis, in a reader's words. */
const CO_ACTIONS: Record<string, string> = {
  "co-retweet": "retweeted the same tweet",
  "co-hashtag": "used the same hashtag",
  "co-url": "shared the same link",
  "co-domain": "linked to the same site",
  "co-mention": "mentioned the same account",
  "co-reply": "replied to the same tweet",
  "co-quote": "quoted the same tweet",
  "co-text": "posted the same or nearly the same text",
};

/**
 * How to read a run's report, for someone who has never run the tool: what a tie is, what the figure
 * in brackets and the adjusted p-value mean, what the verdicts say, and what chance does not cover.
 * Empty for analyses that neither test nor grade their groups.
 *
 * @example
 * readingGuide("sync")[0]; // "Two accounts are tied when they posted in the same time bins ..."
 */
export function readingGuide(analysis: string): string[] {
  const sync = analysis === "sync";
  const counted = sync ? "shared bins" : "co-actions";
  const verdicts = `A group is strong when its ties beyond chance hold every member and its ${counted} far exceed what chance gives, moderate when some of its ties are beyond chance, and weak (possibly chance) when none is.`;
  const evidence = sync ? "the two posts in each shared bin, with what each said and when" : analysis === "co-text" ? "the matched texts, with both accounts' times" : "the shared posts, with both accounts' times";
  const limits = `Chance here is a model, not a certainty: accounts that follow the same sources, or that were all active in the same weeks, co-act more than it expects. A verdict is a lead to check, and the evidence under each tie is there to check it: ${evidence}.`;
  const adjusted = `The adjusted p-value is the chance of at least that many ${counted} between two such accounts, corrected for testing every pair of accounts in the archive (Benjamini-Hochberg): below the significance level, the tie is beyond chance.`;
  if (sync) {
    return [
      "Two accounts are tied when they posted in the same time bins (minutes, by default) again and again. Bins where both acted on the same tweet, hashtag or link are left out: that is co-sharing, which the co-share analyses test.",
      "Each tie is tested against chance: how many shared bins two accounts with the same activity would have if they posted independently, busy moments (when many accounts post) counting as more likely to be shared. That figure is in brackets beside the count.",
      adjusted,
      verdicts,
      limits,
    ];
  }
  const action = CO_ACTIONS[analysis];
  if (action === undefined) return [];
  return [
    `Two accounts are tied when they ${action} within the run's time window of each other; a co-action is one such match.`,
    "Each tie is tested against chance: how many co-actions two accounts with the same habits (how much they post, how early they join, how popular the things they share are) would have if they acted independently. That figure is in brackets beside the count.",
    adjusted,
    verdicts,
    limits,
  ];
}

/** What the groups of a run are called: only coordination analyses find "coordinated" groups. */
export function groupNoun(analysis: string): { plural: string; singular: string } {
  if (analysis === "communities") return { plural: "Communities", singular: "community" };
  if (analysis.startsWith("co-") || analysis === "sync") return { plural: "Coordinated groups", singular: "group" };
  return { plural: "Communities", singular: "community" };
}

/** Plain words for the node metrics a run stores (and the viewer sizes nodes by). */
const METRIC_WORDS: Record<string, string> = {
  weightedDegree: "co-actions (weighted degree)",
  degree: "ties (degree)",
  pagerank: "PageRank",
  posts: "posts",
  betweenness: "betweenness",
};

/**
 * A node metric in words.
 *
 * @example
 * metricLabel("weightedDegree"); // "co-actions (weighted degree)"
 */
export function metricLabel(key: string): string {
  return METRIC_WORDS[key] ?? splitCamel(key);
}

/** Plain words for option keys of every analysis; unknown keys fall back to their split camelCase. */
const PARAMETER_WORDS: Record<string, string> = {
  timeWindowSeconds: "time window",
  windowSeconds: "time window",
  minParticipation: "fewest shares per account",
  edgeWeightQuantile: "strong-tie threshold (quantile of tie weights)",
  fastWindowSeconds: "fast window",
  network: "ties partitioned",
  pairTable: "CooRTweet's pair table (pairs.csv)",
  includeRetweets: "counts objects inside retweets",
  binSeconds: "time bin",
  actions: "posts counted",
  minSharedBins: "fewest shared time bins",
  alpha: "significance level",
  correction: "multiple-testing correction",
  nullModel: "chance model",
  maxAccountsPerBin: "busiest time bin used",
  interactions: "interactions counted",
  includeOutside: "includes accounts outside the archive",
  minWeight: "smallest tie weight kept",
  ties: "ties from",
  maxTargetAccounts: "most accounts a shared target may have",
  similarity: "least text similarity",
  minTokens: "fewest words per text",
  shingleSize: "words per shingle",
  top: "entries per list",
  batchDays: "accounts per day that make a creation batch",
  seed: "random seed",
  resolution: "Louvain resolution",
  evidencePerTie: "evidence items kept per tie",
  "scope.datasets": "datasets",
  "scope.since": "from",
  "scope.until": "until",
};

const CHOICE_WORDS: Record<string, string> = {
  bh: "Benjamini-Hochberg",
  bonferroni: "Bonferroni",
  "above-threshold": "above the strong-tie threshold",
  all: "all",
  fast: "fast ties only",
  significant: "significant ties only",
  popularity: "busy moments expected to be shared",
  uniform: "uniform",
  interactions: "direct interactions",
  "shared-targets": "shared targets",
  "interactions+shared-targets": "direct interactions and shared targets",
};

export interface ParameterInWords {
  key: string;
  /** "time window" */
  label: string;
  /** "60 s" */
  value: string;
  /** The option's help text, when the analysis declares it. */
  description?: string;
}

/**
 * A run's parameters in words, in the order given.
 *
 * @example
 * describeParameters({ timeWindowSeconds: 60, fastWindowSeconds: null });
 * // [{ key: "timeWindowSeconds", label: "time window", value: "60 s" }, { key: "fastWindowSeconds", label: "fast window", value: "off" }]
 */
export function describeParameters(params: Record<string, unknown>, descriptions: Record<string, string> = {}): ParameterInWords[] {
  return Object.entries(params).map(([key, raw]) => {
    const label = PARAMETER_WORDS[key] ?? splitCamel(key);
    let value: string;
    if (raw === null || raw === undefined) value = "off";
    else if (typeof raw === "boolean") value = raw ? "yes" : "no";
    else if (typeof raw === "number" && /Seconds$/.test(key)) value = formatDuration(raw);
    else if (typeof raw === "string" && ISO_TIME.test(raw)) value = formatTimestamp(raw);
    else if (typeof raw === "number") value = formatFigure(raw);
    else if (typeof raw === "string") value = CHOICE_WORDS[raw] ?? raw;
    else value = JSON.stringify(raw);
    return descriptions[key] ? { key, label, value, description: descriptions[key] } : { key, label, value };
  });
}

/** Plain words for headline figures of run.json's summary. */
const FIGURE_WORDS: Record<string, string> = {
  modularity: "modularity",
  tweets: "tweets",
  accounts: "accounts",
  datasets: "datasets",
  first: "first tweet",
  last: "last tweet",
  retweetShare: "share of retweets",
  replyShare: "share of replies",
  quoteShare: "share of quotes",
  minutePrecisionShare: "share of times known only to the minute",
  retweetsOfUnknownAuthors: "retweets whose original's author the source does not name (not in the most retweeted accounts)",
  topLanguage: "most common language",
  topHashtag: "most used hashtag",
  topDomain: "most linked site",
  creationBatchDays: "days on which a batch of accounts was created",
  accountsCreatedInBatches: "accounts created in batches",
  pairs: "pairs of co-actions",
  edges: "ties",
  communities: "groups",
  largestCommunity: "largest group",
  strongGroups: "strong groups",
  // The co-share analyses (CooRTweet's counts, then the significance test's).
  shares: "shares",
  networkEdges: "ties in CooRTweet's network",
  edgesAboveThreshold: "ties above the strong-tie threshold",
  fastEdges: "fast ties",
  significantEdges: "ties beyond chance",
  tests: "ties tested",
  network: "ties partitioned",
  // sync
  posts: "posts",
  activeAccounts: "accounts that posted",
  binSeconds: "time bin",
  spanBins: "time bins spanned",
  effectiveBins: "time bins the chance model counts",
  activeBins: "time bins with posts",
  crowdedBins: "crowded time bins left out",
  candidatePairs: "pairs of accounts sharing a time bin",
  testedPairs: "pairs tested in full",
  multipleTests: "tests corrected for",
  flaggedPairs: "pairs beyond chance",
  sameObjectBins: "shared time bins on one object (co-shares, not counted)",
  // co-text
  shortTweets: "texts too short to compare",
  distinctTexts: "distinct texts",
  bands: "LSH bands",
  rows: "rows per LSH band",
  lshThreshold: "LSH similarity threshold",
  exactTweetPairs: "pairs of identical texts",
  candidateTweetPairs: "candidate pairs of texts",
  nearTweetPairs: "pairs of near-identical texts",
  // reports
  communitiesReported: "groups in this report",
  communitiesLeftOut: "groups left out of this report",
};

/** Figures an analysis counts in its own way: sync's pairs are the pairs of accounts it tied, not pairs of co-actions. */
const ANALYSIS_FIGURE_WORDS: Record<string, Record<string, string>> = {
  sync: { pairs: "pairs of accounts tied" },
};

/**
 * A run's headline figures in words (`analysis` picks the words of figures it counts its own way).
 *
 * @example
 * describeSummary({ modularity: 0.000491, retweetShare: 0.62 }); // [{ label: "modularity", value: "0.00049" }, { label: "share of retweets", value: "62%" }]
 */
export function describeSummary(summary: Record<string, unknown>, analysis?: string): Array<{ key: string; label: string; value: string }> {
  const own = (analysis && ANALYSIS_FIGURE_WORDS[analysis]) || {};
  return Object.entries(summary)
    .filter(([, v]) => v !== null && v !== undefined && v !== "")
    .map(([key, raw]) => {
      const label = own[key] ?? FIGURE_WORDS[key] ?? splitCamel(key);
      let value: string;
      if (typeof raw === "number" && /Share$/.test(key)) value = `${formatFigure(raw * 100)}%`;
      else if (typeof raw === "number" && /Seconds$/.test(key)) value = formatDuration(raw);
      else if (typeof raw === "number") value = formatFigure(raw);
      else if (typeof raw === "string" && ISO_TIME.test(raw)) value = formatTimestamp(raw);
      else if (typeof raw === "string") value = CHOICE_WORDS[raw] ?? raw;
      else value = String(raw);
      return { key, label, value };
    });
}

/**
 * Why a run shows no graph, or null when it has one to show.
 *
 * @example
 * emptyRunExplanation("summary", 0); // "A summary run describes the archive as a whole ..."
 */
export function emptyRunExplanation(analysis: string, accounts: number): string | null {
  if (accounts > 0) return null;
  if (analysis === "summary") {
    return (
      "A summary run describes the archive as a whole (its size, time range, languages, hashtags, sites and account-creation batches) " +
      "and has no network of accounts to draw. Its figures are below; `coordgraph report` writes them out in full. " +
      "To see groups of accounts, run a network analysis (co-retweet, co-hashtag, co-url, co-text, sync or communities) and view that run."
    );
  }
  if (analysis === "validate") return "A validate run compares another run's communities with account labels; it has no network of its own to draw.";
  return (
    "This run found no ties between accounts with these parameters, so there is nothing to draw. " +
    "A wider time window, a lower threshold or more data may find some; the parameters are below."
  );
}

/**
 * Numbers for people: whole numbers with separators; others with two significant digits below 1 and
 * never rounded to a bare 0 (0.000491 is "0.00049", not "0").
 *
 * @example
 * formatFigure(0.000491); // "0.00049"
 * formatFigure(16173); // "16,173"
 */
export function formatFigure(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "–";
  if (Number.isInteger(value)) return value.toLocaleString("en");
  const abs = Math.abs(value);
  if (abs >= 100) return Math.round(value).toLocaleString("en");
  if (abs >= 1) return String(Number(value.toFixed(2)));
  if (abs < 1e-4) return value.toExponential(1);
  return String(Number(value.toPrecision(2)));
}

/**
 * The noun for a count: the singular for exactly one, else the plural (the singular plus "s" unless
 * given). Every line that prints a count with its noun goes through this or {@link counted}.
 *
 * @example
 * nounFor(1, "tie"); // "tie"
 * nounFor(3, "community", "communities"); // "communities"
 */
export function nounFor(count: number, singular: string, plural = `${singular}s`): string {
  return count === 1 ? singular : plural;
}

/**
 * A count and its noun, the count as {@link formatFigure} writes it.
 *
 * @example
 * counted(1, "group"); // "1 group"
 * counted(16173, "account"); // "16,173 accounts"
 * counted(0, "community", "communities"); // "0 communities"
 */
export function counted(count: number, singular: string, plural = `${singular}s`): string {
  return `${formatFigure(count)} ${nounFor(count, singular, plural)}`;
}

/**
 * A count of things seen, observed co-actions among them: a whole number, without decimals, however
 * it was summed ("7", never "7.00"); a fraction, which only a sum of weights gives, keeps two.
 * Expectations under chance are not counts: {@link formatExpectation} writes them.
 *
 * @example
 * formatCount(7); // "7"
 * formatCount(4872); // "4,872"
 */
export function formatCount(value: number): string {
  if (!Number.isFinite(value)) return "–";
  if (Number.isInteger(value)) return value.toLocaleString("en");
  return formatFigure(value);
}

/**
 * What chance gives, as a reader compares it with a count: whole from 100 up, one decimal from 10,
 * two from 0.1, one significant digit below ("0.003").
 *
 * @example
 * formatExpectation(0.392); // "0.39"
 * formatExpectation(1068.4); // "1,068"
 */
export function formatExpectation(value: number): string {
  if (!Number.isFinite(value)) return "–";
  if (value >= 100) return Math.round(value).toLocaleString("en");
  if (value >= 10) return value.toFixed(1);
  if (value >= 0.1) return value.toFixed(2);
  return value === 0 ? "0" : value.toPrecision(1);
}

/** A p-value: "< 1e-12" style below a thousandth, else two significant digits. */
export function formatPValue(p: number | null | undefined): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return "–";
  if (p === 0) return "< 1e-300";
  if (p < 1e-3) return p.toExponential(1);
  return String(Number(p.toPrecision(2)));
}

/**
 * A tweet's text as Twitter clients show it: the archives keep the API's text, in which "&", "<" and
 * ">" arrive as "&amp;", "&lt;" and "&gt;". Only those three are decoded ("&amp;" last, so "&amp;lt;"
 * stays "&lt;"); the stored text is never changed, and callers still insert the result as text.
 *
 * @example
 * readableTweetText("Woodward &amp; Bernstein"); // "Woodward & Bernstein"
 */
export function readableTweetText(text: string): string {
  return text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

const ISO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d/;

/**
 * An ISO 8601 time as a reader writes it, to the second and in UTC.
 *
 * @example
 * formatTimestamp("2026-12-01T07:59:38.257Z"); // "2026-12-01 07:59:38 UTC"
 */
export function formatTimestamp(iso: string): string {
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return iso;
  return `${new Date(ms).toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

/** Seconds as "45 s", "2.5 min", "1 h". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return "–";
  if (seconds < 120) return `${formatFigure(seconds)} s`;
  if (seconds < 7200) return `${formatFigure(seconds / 60)} min`;
  if (seconds < 172_800) return `${formatFigure(seconds / 3600)} h`;
  return `${formatFigure(seconds / 86_400)} days`;
}

function splitCamel(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase();
}
