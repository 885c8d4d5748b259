/**
 * Gathers a `CommunityReport` from a stored run. The run directory gives the communities, their
 * members with scores, and the ties between them (for co-share runs, `pairs.csv` also gives the shared
 * objects behind each tie); Neo4j gives what the members are and what they posted.
 *
 * Cost: one parameterised statement per facet per community (`cypher/report-*.cypher`), with member ids
 * sent in batches, so a report of 50 communities is a few hundred short reads; `pairs.csv` is streamed
 * once, keeping a few examples for the pairs shown. Communities are reported largest first and capped
 * (default 50); how many were left out is in `run.counts.communitiesLeftOut`.
 *
 * Scope: every facet counts the members' archive tweets (stubs excluded) in the run's own scope
 * (datasets, since, until), so a report describes the slice of data the analysis looked at.
 */
import fs from "node:fs";
import path from "node:path";
import { parse } from "csv-parse";
import neo4j from "neo4j-driver";
import { readRunDirectory, readRunTable, type StoredRun } from "../engine/runs.ts";
import { everything, scopeParams, type Scope } from "../engine/scope.ts";
import { shortAccountNames } from "../run/display-names.ts";
import { mirrorEvidenceItem, readTieEvidence, tieKey } from "../run/evidence.ts";
import type { RunCommunity, RunEdge, RunNode, TieEvidence } from "../run/model.ts";
import { cypher } from "../db/cypher.ts";
import { readRows, type Database } from "../db/driver.ts";
import { UsageError } from "../errors.ts";
import { PROFILE_FIELDS, runNetwork, type AccountProfileAttributes, type ExportGraph } from "./export.ts";
import type {
  ArchiveSummary,
  CommunityReport,
  CountedValue,
  DayCount,
  EvidenceExample,
  EvidencePair,
  LabelCount,
  MemberRole,
  ReportCommunity,
  ReportMember,
  ReportRun,
  RetweetedAccount,
  RetweetedTweet,
} from "./types.ts";

export interface GatherOptions {
  /**
   * Entries kept in each ranked list of a community (hashtags, URLs, domains, languages, clients, most
   * retweeted accounts and tweets) and evidence pairs per community. Members are always all listed.
   * Default 20.
   */
  top?: number;
  /** Most communities reported, largest first; communities of a single account are never reported. Default 50. */
  communities?: number;
  /** Shared objects kept per evidence pair (those shared closest in time). Default 5. */
  examplesPerPair?: number;
  /** Member ids sent per Neo4j statement. Default 5000. */
  batchSize?: number;
}

/** Defaults of `GatherOptions`, declared once. */
export const GATHER_DEFAULTS: Required<GatherOptions> = {
  top: 20,
  communities: 50,
  examplesPerPair: 5,
  batchSize: 5000,
};

/** Label-mix entry for members without a ground-truth label (kept last). */
export const NO_LABEL = "(no label)";

/** Roles in order of precedence: a member singled out by two keeps the first. */
const ROLE_ORDER: ReadonlyArray<Exclude<MemberRole, "member">> = ["most central", "most active", "most followed", "earliest created"];

/** LIMIT for a batch whose counts are merged with other batches' (every row is needed). */
const ALL_ROWS = 2 ** 53 - 1;

/**
 * Reads a run directory and the graph behind it into a `CommunityReport`, largest community first.
 *
 * @throws UsageError `BAD_OPTION` for an option that is not a whole number in range.
 * @example
 * const report = await gatherCommunityReport(db, "runs/co-retweet-20240101-120000", { top: 10 });
 * await writeFile("report.html", renderHtml(report));
 */
export async function gatherCommunityReport(db: Database, outDir: string, options: GatherOptions = {}): Promise<CommunityReport> {
  const settings = resolveGatherOptions(options);
  const stored = readRunDirectory(outDir);
  const { record, result } = stored;
  const scope: Scope = record.scope ?? everything;

  // Graded runs number their groups strongest first; older runs are reported largest first.
  const graded = result.communities.some((c) => c.verdict !== undefined);
  const eligible = result.communities.filter((c) => c.size >= 2).sort((a, b) => (graded ? a.id - b.id : b.size - a.size || a.id - b.id));
  const chosen = eligible.slice(0, settings.communities);

  const membersOf = new Map<number, RunNode[]>(chosen.map((c) => [c.id, []]));
  for (const node of result.nodes) if (node.community !== null) membersOf.get(node.community)?.push(node);

  const communityOf = new Map<string, number>();
  for (const [id, nodes] of membersOf) for (const node of nodes) communityOf.set(node.id, id);
  const edgeDegree = new Map<string, number>();
  const tiesOf = new Map<number, RunEdge[]>(chosen.map((c) => [c.id, []]));
  for (const edge of result.edges) {
    edgeDegree.set(edge.source, (edgeDegree.get(edge.source) ?? 0) + 1);
    edgeDegree.set(edge.target, (edgeDegree.get(edge.target) ?? 0) + 1);
    const community = communityOf.get(edge.source);
    if (community !== undefined && community === communityOf.get(edge.target)) tiesOf.get(community)!.push(edge);
  }
  const strongest = new Map<number, RunEdge[]>();
  for (const [id, ties] of tiesOf) strongest.set(id, ties.sort(byStrength).slice(0, settings.top));

  const shownTies = [...strongest.values()].flat();
  const items = await readTieEvidence(outDir, { ties: new Set(shownTies.map((e) => tieKey(e.source, e.target))), perTie: settings.examplesPerPair });
  const examples = items.size > 0 ? examplesFromItems(items) : await evidenceExamples(outDir, shownTies, settings.examplesPerPair);

  const communities: ReportCommunity[] = [];
  for (const community of chosen) {
    const nodes = membersOf.get(community.id)!;
    communities.push(
      await gatherCommunity(db, community, nodes, strongest.get(community.id)!, {
        settings,
        scope,
        edgeDegree,
        examples,
        items,
      }),
    );
  }

  // The label mix shows only when the data has labels at all: an empty mix would claim "no labelled members".
  // Short names unambiguous across the whole report, so the same account reads the same everywhere.
  const short = shortAccountNames(communities.flatMap((c) => c.members));
  for (const c of communities) {
    for (const m of c.members) m.shortName = short.get(m.id) ?? m.id;
    const strongestMembers = c.members.slice(0, 3).map((m) => m.shortName);
    c.name = `${strongestMembers.join(", ")}${c.size > strongestMembers.length ? ", …" : ""}`;
  }

  const labelled = communities.some((c) => c.labelMix!.some((l) => l.label !== NO_LABEL));
  if (!labelled) for (const c of communities) delete c.labelMix;

  return {
    run: reportRun(stored, scope, { communitiesReported: chosen.length, communitiesLeftOut: eligible.length - chosen.length }),
    ...(record.analysis === "summary" ? { archive: archiveSummary(stored, outDir) } : {}),
    communities,
  };
}

/** A summary run's figures and tables, read back from its run directory (it has no groups to report). */
function archiveSummary(stored: StoredRun, outDir: string): ArchiveSummary {
  const figures: ArchiveSummary["figures"] = {};
  for (const [key, value] of Object.entries(stored.record.summary ?? {})) {
    if (typeof value === "string" || (typeof value === "number" && Number.isFinite(value))) figures[key] = value;
  }
  const counted = (name: string): CountedValue[] => readRunTable(outDir, name).map((row) => ({ value: row.value ?? "", count: Number(row.count) }));
  const days = (name: string): DayCount[] => readRunTable(outDir, name).map((row) => ({ day: row.day ?? "", count: Number(row.count) }));
  return {
    figures,
    datasets: counted("datasets"),
    languages: counted("languages"),
    hashtags: counted("hashtags"),
    domains: counted("domains"),
    clients: counted("clients"),
    retweetedAccounts: readRunTable(outDir, "retweeted_accounts").map((row) => ({ id: row.value ?? "", screenName: row.screenName || null, count: Number(row.count) })),
    accountCreation: days("creation_days"),
    creationBatches: days("creation_batches"),
  };
}

/**
 * Reads a run directory and the profiles of its accounts into the network that `toGexf`,
 * `graphmlChunks` and `csvChunks` (export.ts) write: the run's communities, scores and edge attributes
 * with each account's profile and post count (in the run's scope) from Neo4j.
 *
 * @example
 * const graph = await gatherRunNetwork(db, "runs/co-retweet-20240101-120000");
 * await writeFile("network.gexf", toGexf(graph));
 */
export async function gatherRunNetwork(db: Database, outDir: string, options: Pick<GatherOptions, "batchSize"> = {}): Promise<ExportGraph> {
  const { batchSize } = resolveGatherOptions(options);
  const { record, result } = readRunDirectory(outDir);
  const ids = [...new Set([...result.nodes.map((n) => n.id), ...result.edges.flatMap((e) => [e.source, e.target])])];
  const rows = await perBatch<Record<string, unknown>>(db, "export-accounts", chunk(ids, batchSize), scopeParams(record.scope ?? everything));
  const profiles = new Map<string, AccountProfileAttributes>();
  for (const row of rows) {
    const profile: Record<string, unknown> = {};
    for (const field of PROFILE_FIELDS) {
      const value = field === "datasets" ? [...((row.datasets as string[] | null) ?? [])].sort(compareStrings).join(";") : row[field];
      if (value !== null && value !== undefined && value !== "") profile[field] = value;
    }
    profiles.set(row.id as string, profile as AccountProfileAttributes);
  }
  return runNetwork(result, { runId: record.id, analysis: record.analysis, createdAt: record.createdAt }, profiles);
}

/** Resolves options against `GATHER_DEFAULTS`; throws UsageError `BAD_OPTION` for a count that is not a whole number in range. */
export function resolveGatherOptions(options: GatherOptions = {}): Required<GatherOptions> {
  const resolved = { ...GATHER_DEFAULTS };
  for (const key of Object.keys(GATHER_DEFAULTS) as Array<keyof GatherOptions>) {
    const value = options[key];
    if (value === undefined) continue;
    const minimum = key === "batchSize" ? 1 : 0;
    if (!Number.isInteger(value) || value < minimum) {
      throw new UsageError("BAD_OPTION", `${key} must be a whole number ≥ ${minimum}, got ${value}`, { field: key });
    }
    resolved[key] = value;
  }
  return resolved;
}

interface GatherContext {
  settings: Required<GatherOptions>;
  scope: Scope;
  edgeDegree: Map<string, number>;
  examples: Map<string, EvidenceExample[]>;
  items: Map<string, TieEvidence>;
}

interface MemberRow {
  id: string;
  screenName: string | null;
  displayName: string | null;
  followers: number | null;
  createdAt: string | null;
  language: string | null;
  accountCategory: string | null;
  accountType: string | null;
  datasets: string[];
  posts: number;
}

interface CountRow {
  value: string;
  n: number;
}

async function gatherCommunity(
  db: Database,
  community: RunCommunity,
  nodes: RunNode[],
  ties: RunEdge[],
  context: GatherContext,
): Promise<ReportCommunity> {
  const { settings, scope } = context;
  const { id, size } = community;
  const batches = chunk(nodes.map((n) => n.id), settings.batchSize);
  const params = scopeParams(scope);
  const top = settings.top;
  const counted = (name: string) =>
    topRows<CountRow>(db, name, batches, params, top, (r) => r.value).then((rows) => rows.map((r): CountedValue => ({ value: r.value, count: r.n })));

  const [profiles, topHashtags, topUrls, topDomains, languages, clients, retweetedAccounts, retweetedTweets, activity] = await Promise.all([
    perBatch<MemberRow>(db, "report-members", batches, params),
    counted("report-hashtags"),
    counted("report-urls"),
    counted("report-domains"),
    counted("report-languages"),
    counted("report-clients"),
    topRows<{ id: string; screenName: string | null; n: number }>(db, "report-retweeted-accounts", batches, params, top, (r) => r.id),
    topRows<{ id: string; text: string; n: number }>(db, "report-retweeted-tweets", batches, params, top, (r) => r.id),
    perBatch<{ day: string; n: number }>(db, "report-activity", batches, params),
  ]);

  const profileOf = new Map(profiles.map((p) => [p.id, p]));
  const members = orderMembers(
    nodes.map((node): ReportMember & { node: RunNode } => {
      const p = profileOf.get(node.id);
      return {
        node,
        id: node.id,
        shortName: node.id,
        screenName: p?.screenName ?? null,
        displayName: p?.displayName ?? null,
        followers: p?.followers ?? null,
        createdAt: p?.createdAt ?? null,
        language: p?.language ?? null,
        datasets: [...(p?.datasets ?? [])].sort(compareStrings),
        labels: [...new Set([p?.accountCategory, p?.accountType].filter((l): l is string => typeof l === "string" && l !== ""))],
        role: "member",
        degree: node.scores.degree ?? context.edgeDegree.get(node.id) ?? 0,
        posts: p?.posts ?? 0,
      };
    }),
  );

  return {
    id,
    size,
    name: "",
    ...(community.verdict !== undefined ? { verdict: community.verdict, score: community.score, reason: community.reason, headline: community.headline } : {}),
    members,
    topHashtags,
    topUrls,
    topDomains,
    mostRetweetedAccounts: retweetedAccounts.map((r): RetweetedAccount => ({ id: r.id, screenName: r.screenName, count: r.n })),
    mostRetweetedTweets: retweetedTweets.map((r): RetweetedTweet => ({ id: r.id, text: r.text, count: r.n })),
    languages,
    clients,
    activity: sumByDay(activity.map((r) => ({ day: r.day, count: r.n }))),
    accountCreation: sumByDay(members.filter((m) => m.createdAt).map((m) => ({ day: calendarDay(m.createdAt!), count: 1 }))),
    evidence: ties.map((edge): EvidencePair => {
      const tie = context.items.get(tieKey(edge.source, edge.target));
      // Stored evidence is oriented lower id first; mirror it when the edge lists the other account first.
      const items = tie === undefined ? [] : tie.source === edge.source ? tie.items : tie.items.map(mirrorEvidenceItem);
      const a = edge.attributes;
      return {
        accountA: edge.source,
        accountB: edge.target,
        weight: edge.weight,
        examples: context.examples.get(tieKey(edge.source, edge.target)) ?? [],
        items,
        ...(a.observed !== undefined ? { observed: a.observed, expected: a.expected, adjustedPValue: a.adjustedPValue, significant: a.significant === 1 } : {}),
      };
    }),
    labelMix: labelMix(nodes.map((n) => profileOf.get(n.id)?.accountCategory ?? null)),
  };
}

/**
 * Singles out members: per role, the best `slots` accounts by the role's measure (one slot per ten
 * members, at most three); an account already holding an earlier role keeps it. Roled members come
 * first (by role, then rank), the rest by degree, weighted degree and id.
 */
function orderMembers(members: Array<ReportMember & { node: RunNode }>): ReportMember[] {
  const slots = Math.min(3, Math.ceil(members.length / 10));
  const score = (m: { node: RunNode }, key: string) => m.node.scores[key] ?? 0;
  const rankings: Record<(typeof ROLE_ORDER)[number], Array<ReportMember & { node: RunNode }>> = {
    "most central": [...members].sort(
      (a, b) => score(b, "pagerank") - score(a, "pagerank") || score(b, "weightedDegree") - score(a, "weightedDegree") || compareStrings(a.id, b.id),
    ),
    "most active": members.filter((m) => m.posts > 0).sort((a, b) => b.posts - a.posts || compareStrings(a.id, b.id)),
    "most followed": members.filter((m) => typeof m.followers === "number").sort((a, b) => b.followers! - a.followers! || compareStrings(a.id, b.id)),
    "earliest created": members.filter((m) => m.createdAt).sort((a, b) => compareStrings(a.createdAt!, b.createdAt!) || compareStrings(a.id, b.id)),
  };
  const roled: Array<ReportMember & { node: RunNode }> = [];
  for (const role of ROLE_ORDER) {
    for (const m of rankings[role].slice(0, slots)) {
      if (m.role !== "member") continue;
      m.role = role;
      roled.push(m);
    }
  }
  const rest = members
    .filter((m) => m.role === "member")
    .sort((a, b) => b.degree - a.degree || score(b, "weightedDegree") - score(a, "weightedDegree") || compareStrings(a.id, b.id));
  return [...roled, ...rest].map(({ node: _node, ...member }) => member);
}

/**
 * Members per ground-truth category (FiveThirtyEight's account_category), most common first; members
 * without one are counted last as `NO_LABEL` so shares are of the whole community.
 */
function labelMix(categories: Array<string | null>): LabelCount[] {
  const counts = new Map<string, number>();
  let unlabelled = 0;
  for (const category of categories) {
    if (category === null || category === "") unlabelled++;
    else counts.set(category, (counts.get(category) ?? 0) + 1);
  }
  const mix = [...counts].map(([label, count]) => ({ label, count })).sort((a, b) => b.count - a.count || compareStrings(a.label, b.label));
  return unlabelled > 0 ? [...mix, { label: NO_LABEL, count: unlabelled }] : mix;
}

function reportRun(stored: StoredRun, scope: Scope, extra: Record<string, number>): ReportRun {
  const { record } = stored;
  const params: ReportRun["params"] = {};
  for (const [key, value] of Object.entries(record.params ?? {})) params[key] = scalar(value);
  if (scope.datasets !== null) params["scope.datasets"] = scope.datasets.join(", ");
  if (scope.since !== null) params["scope.since"] = new Date(scope.since).toISOString();
  if (scope.until !== null) params["scope.until"] = new Date(scope.until).toISOString();
  const counts: Record<string, number> = { ...record.counts };
  for (const [key, value] of Object.entries(record.summary ?? {})) {
    if (typeof value === "number" && Number.isFinite(value) && !(key in counts)) counts[key] = value;
  }
  return { id: record.id, analysis: record.analysis, params, createdAt: record.createdAt, counts: { ...counts, ...extra } };
}

function scalar(value: unknown): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  return JSON.stringify(value);
}

/** Strongest first (most significant where tested, else heaviest); ties by account ids so the order never depends on the file's. */
function byStrength(a: RunEdge, b: RunEdge): number {
  const pa = a.attributes.logPValue;
  const pb = b.attributes.logPValue;
  const byP = pa !== undefined && pb !== undefined ? pa - pb : 0;
  return byP || b.weight - a.weight || compareStrings(a.source, b.source) || compareStrings(a.target, b.target);
}

/** The examples (object, seconds apart) of older renderers and exports, from stored evidence (interactions have no such pair of posts). */
function examplesFromItems(items: Map<string, TieEvidence>): Map<string, EvidenceExample[]> {
  const examples = new Map<string, EvidenceExample[]>();
  for (const [key, tie] of items) {
    examples.set(
      key,
      tie.items.flatMap((item) => {
        if (item.kind === "interaction") return [];
        const object =
          item.kind === "co-share" || item.kind === "shared-target" ? item.object : item.kind === "co-text" ? `${item.contentA}~${item.contentB}` : new Date(item.binStart).toISOString();
        return [{ object, timeDeltaSeconds: item.delaySeconds }];
      }),
    );
  }
  return examples;
}

/**
 * Examples for each tie, keyed by `tieKey`: from `pairs.csv` (co-share runs: the distinct objects the
 * pair shared closest in time), else from the edge itself (a `;`-separated `sharedObjects` attribute with
 * `avgTimeDelta`, or failing that `minTimeDelta`, as the gap).
 */
async function evidenceExamples(outDir: string, ties: RunEdge[], perPair: number): Promise<Map<string, EvidenceExample[]>> {
  const examples = new Map<string, EvidenceExample[]>();
  if (perPair === 0 || ties.length === 0) return examples;
  const file = path.join(outDir, "pairs.csv");
  if (fs.existsSync(file)) {
    const found = await examplesFromPairs(file, new Set(ties.map((e) => tieKey(e.source, e.target))), perPair);
    if (found !== null) return found;
  }
  return examples;
}

const PAIR_COLUMNS = ["object_id", "time_delta", "account_id", "account_id_y"] as const;

/**
 * Streams CooRTweet's pair table once, keeping per wanted pair the `perPair` distinct objects with the
 * smallest time gap (an object evicted earlier can only come back with a smaller gap, so this is exact).
 * Null when the file lacks the pair columns.
 */
async function examplesFromPairs(file: string, wanted: Set<string>, perPair: number): Promise<Map<string, EvidenceExample[]> | null> {
  const kept = new Map<string, EvidenceExample[]>();
  const input = fs.createReadStream(file);
  const rows = input.pipe(parse({ columns: true, skip_empty_lines: true })) as AsyncIterable<Record<string, string>>;
  let checked = false;
  try {
    for await (const row of rows) {
      if (!checked) {
        if (!PAIR_COLUMNS.every((c) => c in row)) return null;
        checked = true;
      }
      const key = tieKey(row.account_id!, row.account_id_y!);
      const gap = Number(row.time_delta);
      if (wanted.has(key) && Number.isFinite(gap)) keepExample(kept, key, { object: row.object_id!, timeDeltaSeconds: gap }, perPair);
    }
  } finally {
    input.destroy();
  }
  for (const list of kept.values()) list.sort(compareExamples);
  return kept;
}

function keepExample(kept: Map<string, EvidenceExample[]>, key: string, example: EvidenceExample, perPair: number): void {
  let list = kept.get(key);
  if (list === undefined) kept.set(key, (list = []));
  const same = list.find((e) => e.object === example.object);
  if (same !== undefined) {
    same.timeDeltaSeconds = Math.min(same.timeDeltaSeconds, example.timeDeltaSeconds);
  } else if (list.length < perPair) {
    list.push(example);
  } else {
    let worst = 0;
    for (let i = 1; i < list.length; i++) if (compareExamples(list[i], list[worst]) > 0) worst = i;
    if (compareExamples(example, list[worst]) < 0) list[worst] = example;
  }
}

function compareExamples(a: EvidenceExample, b: EvidenceExample): number {
  return a.timeDeltaSeconds - b.timeDeltaSeconds || compareStrings(a.object, b.object);
}


/** Every row of a statement run once per batch of ids. */
async function perBatch<T>(db: Database, name: string, batches: string[][], params: Record<string, unknown>): Promise<T[]> {
  const rows: T[] = [];
  for (const ids of batches) rows.push(...(await readRows<T>(db, cypher(name), { ...params, ids })));
  return rows;
}

/**
 * The `top` rows of a counting statement (column `n`), highest count first, ties by key. With one batch
 * the statement's own LIMIT cuts; with several, every batch's full counts are summed first so the
 * result is exact.
 */
async function topRows<T extends { n: number }>(
  db: Database,
  name: string,
  batches: string[][],
  params: Record<string, unknown>,
  top: number,
  keyOf: (row: T) => string,
): Promise<T[]> {
  if (top === 0 || batches.length === 0) return [];
  // LIMIT needs an integer parameter; the driver sends plain JS numbers as floats.
  const limit = neo4j.int(batches.length === 1 ? top : ALL_ROWS);
  const merged = new Map<string, T>();
  for (const ids of batches) {
    for (const row of await readRows<T>(db, cypher(name), { ...params, ids, limit })) {
      const key = keyOf(row);
      const seen = merged.get(key);
      if (seen) seen.n += row.n;
      else merged.set(key, { ...row });
    }
  }
  return [...merged.values()].sort((a, b) => b.n - a.n || compareStrings(keyOf(a), keyOf(b))).slice(0, top);
}

/** The YYYY-MM-DD part of a date that carries a time; anything else as it is (the charts count it as undated). */
function calendarDay(date: string): string {
  return /^\d{4}-\d{2}-\d{2}/.test(date) ? date.slice(0, 10) : date;
}

function sumByDay(points: DayCount[]): DayCount[] {
  const days = new Map<string, number>();
  for (const { day, count } of points) days.set(day, (days.get(day) ?? 0) + count);
  return [...days].map(([day, count]) => ({ day, count })).sort((a, b) => compareStrings(a.day, b.day));
}

function chunk<T>(items: T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
