/**
 * Account data for the viewer: labels of the shown accounts (one batched read) and the side panel's
 * details of one account (`GET /api/account/:id`): its profile from Neo4j, its community and
 * strongest ties in the run with their evidence (evidence.csv; pairs.csv for older co-share runs),
 * hashtags, URLs and tweets; and one tie with its evidence (`GET /api/tie`).
 * Every read is a named statement with parameters; nothing here takes Cypher from the page.
 */
import fs from "node:fs";
import path from "node:path";
import { parse } from "csv-parse";
import neo4j from "neo4j-driver";
import type { StoredRun } from "../engine/runs.ts";
import { EVIDENCE_FILE, mirrorEvidenceItem, readTieEvidence, tieKey } from "../run/evidence.ts";
import type { EvidenceItem, TieEvidence } from "../run/model.ts";
import type { RunEdge, RunNode } from "../run/model.ts";
import { compareAccountIds } from "../core/partition.ts";
import { cypher } from "../db/cypher.ts";
import { readRows, type Database } from "../db/driver.ts";
import type { AccountSummary } from "./payload.ts";
import type { AccountDetails, AccountProfile, AccountTie, AccountTweet, SharedObjectExample, TieDetails } from "./types.ts";

/** Defaults of `AccountDetailOptions`, declared once. */
export const ACCOUNT_DETAIL_DEFAULTS = {
  /** Ties listed in the panel, strongest first. */
  tieLimit: 10,
  /** Evidence items kept per tie (evidence.csv, as the analysis ordered them) or co-shares from pairs.csv (the fastest). */
  examplesPerTie: 3,
  /** Evidence items of the one tie of `GET /api/tie`. */
  itemsPerTie: 10,
  /** Hashtags and URLs listed. */
  topLimit: 8,
  /** Latest tweets listed. */
  tweetLimit: 5,
} as const;

export type AccountDetailOptions = Partial<typeof ACCOUNT_DETAIL_DEFAULTS>;

/**
 * Labels, datasets and post counts of accounts, read in batches.
 *
 * @example
 * const summaries = await fetchAccountSummaries(db, ["2572896396"]);
 * summaries.get("2572896396"); // { label: "ten_gop", datasets: ["ira"], posts: 1023 }
 */
export async function fetchAccountSummaries(db: Database, ids: readonly string[], batchSize = 5000): Promise<Map<string, AccountSummary>> {
  const summaries = new Map<string, AccountSummary>();
  for (let start = 0; start < ids.length; start += batchSize) {
    const rows = await readRows<{ id: string; screenName: string | null; displayName: string | null; datasets: string[]; posts: number }>(
      db,
      cypher("viewer-labels"),
      { ids: ids.slice(start, start + batchSize) },
    );
    for (const row of rows) {
      summaries.set(row.id, {
        label: accountLabel(row.id, row.screenName, row.displayName),
        screenName: typeof row.screenName === "string" && row.screenName !== "" ? row.screenName : null,
        displayName: typeof row.displayName === "string" && row.displayName !== "" ? row.displayName : null,
        datasets: row.datasets,
        posts: row.posts,
      });
    }
  }
  return summaries;
}

/** Screen name (a hashed account's is its hash, shown as released), else display name, else id. */
export function accountLabel(id: string, screenName: unknown, displayName: unknown): string {
  if (typeof screenName === "string" && screenName !== "") return screenName;
  if (typeof displayName === "string" && displayName !== "") return displayName;
  return id;
}

/** A co-share of two accounts from pairs.csv, as `account` (the lower id) saw it. */
interface PairExample {
  objectId: string;
  account: string;
  accountContent: string;
  otherContent: string;
  timeDelta: number;
}

/**
 * Answers the side panel's questions about accounts and ties of one run. Holds the run's adjacency;
 * reads evidence.csv per request for the ties asked about (streaming, keeping a few items per tie),
 * or for older runs pairs.csv once, on the first request.
 */
export class RunAccounts {
  private readonly nodes = new Map<string, RunNode>();
  private readonly adjacency = new Map<string, number[]>();
  private pairExamples?: Promise<Map<string, PairExample[]>>;
  private readonly hasEvidence: boolean;
  /** False once Neo4j failed to answer; the panel then says profiles are unavailable. */
  databaseConnected: boolean;

  constructor(
    private readonly stored: StoredRun,
    private readonly runDirectory: string,
    private readonly db?: Database,
    /** Short display names of the run's accounts (see `runDisplayNames`). */
    private readonly labels: Map<string, string> = new Map(),
    databaseConnected = db !== undefined,
  ) {
    this.databaseConnected = databaseConnected;
    this.hasEvidence = fs.existsSync(path.join(runDirectory, EVIDENCE_FILE));
    for (const node of stored.result.nodes) this.nodes.set(node.id, node);
    stored.result.edges.forEach((edge, i) => {
      for (const end of [edge.source, edge.target]) {
        const list = this.adjacency.get(end);
        if (list) list.push(i);
        else this.adjacency.set(end, [i]);
      }
    });
  }

  /** The panel's details of `id`, or null when the account is neither in the run nor in Neo4j. */
  async details(id: string, options: AccountDetailOptions = {}): Promise<AccountDetails | null> {
    const settings = { ...ACCOUNT_DETAIL_DEFAULTS, ...options };
    const member = this.nodes.get(id);
    const { ties, tieCount } = await this.ties(id, settings);

    const evidenceIds = [...new Set(ties.flatMap((t) => [...t.examples.map((e) => e.contentId), ...t.evidence.flatMap((e) => ("contentA" in e ? [e.contentA] : []))]))];
    let rows: AccountRow[] = [];
    let connected = this.db !== undefined && this.databaseConnected;
    if (this.db && this.databaseConnected) {
      try {
        rows = await readRows<AccountRow>(this.db, cypher("viewer-account"), {
          id,
          // LIMIT wants a Cypher integer; a JS number arrives as a float.
          topLimit: neo4j.int(settings.topLimit),
          tweetLimit: neo4j.int(settings.tweetLimit),
          evidenceIds,
        });
      } catch {
        // Unreachable database: the run's own data still answers; the page says profiles are unavailable.
        connected = false;
      }
    }
    const row = rows[0];
    if (!member && !row) return null;

    const profile = row ? toProfile(row.profile) : null;
    return {
      id,
      label: this.labels.get(id) ?? (profile ? accountLabel(id, profile.screenName, profile.displayName) : id),
      profile,
      databaseConnected: connected,
      datasets: row?.datasets ?? [],
      posts: row?.posts ?? null,
      run: {
        id: this.stored.record.id,
        member: member !== undefined,
        community: member?.community ?? null,
        scores: member?.scores ?? {},
        tieCount,
        ties,
      },
      hashtags: row?.hashtags ?? [],
      urls: row?.urls ?? [],
      tweets: (row?.tweets ?? []).map(toTweet),
      evidenceTweets: (row?.evidenceTweets ?? []).map(toTweet).sort((a, b) => (a.time ?? 0) - (b.time ?? 0)),
    };
  }

  /**
   * One tie of the run (parallel edges summed) with its evidence as `a` saw it, or null when the two
   * accounts are not tied in this run.
   */
  async tie(a: string, b: string, options: AccountDetailOptions = {}): Promise<TieDetails | null> {
    const settings = { ...ACCOUNT_DETAIL_DEFAULTS, ...options };
    let weight = 0;
    let edge: RunEdge | undefined;
    for (const i of this.adjacency.get(a) ?? []) {
      const candidate = this.stored.result.edges[i]!;
      if ((candidate.source === a && candidate.target === b) || (candidate.source === b && candidate.target === a)) {
        weight += candidate.weight;
        edge ??= candidate;
      }
    }
    if (!edge) return null;
    const key = tieKey(a, b);
    const evidence = this.hasEvidence ? await readTieEvidence(this.runDirectory, { ties: new Set([key]), perTie: settings.itemsPerTie }) : new Map<string, TieEvidence>();
    const examples = this.hasEvidence ? new Map<string, PairExample[]>() : await this.examples(settings.itemsPerTie);
    const end = (id: string) => ({ id, label: this.labels.get(id) ?? id, community: this.nodes.get(id)?.community ?? null });
    return {
      a: end(a),
      b: end(b),
      weight,
      attributes: attributesOf(edge),
      evidence: asSeenBy(a, evidence.get(key)),
      examples: (examples.get(tieKey(a, b)) ?? []).map((e) => exampleAsSeenBy(a, e)),
      evidenceSource: this.hasEvidence ? "evidence.csv" : fs.existsSync(path.join(this.runDirectory, "pairs.csv")) ? "pairs.csv" : null,
    };
  }

  /** The account's ties, parallel edges summed, strongest first, with their evidence. */
  private async ties(id: string, settings: typeof ACCOUNT_DETAIL_DEFAULTS): Promise<{ ties: AccountTie[]; tieCount: number }> {
    const byNeighbour = new Map<string, { weight: number; edge: RunEdge }>();
    for (const i of this.adjacency.get(id) ?? []) {
      const edge = this.stored.result.edges[i]!;
      const other = edge.source === id ? edge.target : edge.source;
      if (other === id) continue;
      const entry = byNeighbour.get(other);
      if (entry) entry.weight += edge.weight;
      else byNeighbour.set(other, { weight: edge.weight, edge });
    }
    const strongest = [...byNeighbour.entries()]
      .sort(([a, x], [b, y]) => y.weight - x.weight || compareAccountIds(a, b))
      .slice(0, settings.tieLimit);
    const keys = new Set(strongest.map(([other]) => tieKey(id, other)));
    const evidence =
      strongest.length > 0 && this.hasEvidence ? await readTieEvidence(this.runDirectory, { ties: keys, perTie: settings.examplesPerTie }) : new Map<string, TieEvidence>();
    const examples = strongest.length > 0 && !this.hasEvidence ? await this.examples(settings.examplesPerTie) : new Map<string, PairExample[]>();
    const ties = strongest.map(([other, { weight, edge }]): AccountTie => {
      const avg = edge.attributes.avgTimeDelta;
      return {
        id: other,
        label: this.labels.get(other) ?? other,
        community: this.nodes.get(other)?.community ?? null,
        weight,
        avgTimeDelta: typeof avg === "number" ? avg : null,
        attributes: attributesOf(edge),
        evidence: asSeenBy(id, evidence.get(tieKey(id, other))),
        examples: (examples.get(tieKey(id, other)) ?? []).map((e) => exampleAsSeenBy(id, e)),
      };
    });
    return { ties, tieCount: byNeighbour.size };
  }

  private examples(perPair: number): Promise<Map<string, PairExample[]>> {
    this.pairExamples ??= readPairExamples(
      path.join(this.runDirectory, "pairs.csv"),
      new Set(this.stored.result.edges.map((e) => tieKey(e.source, e.target))),
      Math.max(perPair, ACCOUNT_DETAIL_DEFAULTS.itemsPerTie),
    );
    return this.pairExamples.then((all) => {
      if (perPair >= ACCOUNT_DETAIL_DEFAULTS.itemsPerTie) return all;
      return new Map([...all].map(([key, list]) => [key, list.slice(0, perPair)]));
    });
  }
}

/** An edge's attributes as plain name/value pairs (numbers and strings only). */
function attributesOf(edge: RunEdge): Record<string, number | string> {
  return Object.fromEntries(Object.entries(edge.attributes).filter(([, v]) => typeof v === "number" || typeof v === "string")) as Record<string, number | string>;
}

/** Evidence items with `id` as account A (readTieEvidence gives them with the lower id as A). */
function asSeenBy(id: string, tie: TieEvidence | undefined): EvidenceItem[] {
  if (!tie) return [];
  if (tie.source === id) return tie.items;
  return tie.items.map(mirrorEvidenceItem);
}

function exampleAsSeenBy(id: string, e: PairExample): SharedObjectExample {
  return {
    objectId: e.objectId,
    contentId: e.account === id ? e.accountContent : e.otherContent,
    otherContentId: e.account === id ? e.otherContent : e.accountContent,
    timeDelta: e.timeDelta,
  };
}


/**
 * Streams a CooRTweet pairs table (object_id, content_id, content_id_y, time_delta, account_id,
 * account_id_y) and keeps, for each pair of accounts tied in the run, its `perPair` fastest co-shares.
 * Memory grows with the run's ties, not with the table.
 */
async function readPairExamples(file: string, tiedPairs: Set<string>, perPair: number): Promise<Map<string, PairExample[]>> {
  const examples = new Map<string, PairExample[]>();
  if (!fs.existsSync(file)) return examples;
  const parser = fs.createReadStream(file).pipe(parse({ columns: true, skip_empty_lines: true }));
  for await (const row of parser as AsyncIterable<Record<string, string>>) {
    const a = row.account_id;
    const b = row.account_id_y;
    if (!a || !b || a === b) continue;
    const key = tieKey(a, b);
    if (!tiedPairs.has(key)) continue;
    const lowFirst = a < b;
    const example: PairExample = {
      objectId: row.object_id ?? "",
      account: lowFirst ? a : b,
      accountContent: (lowFirst ? row.content_id : row.content_id_y) ?? "",
      otherContent: (lowFirst ? row.content_id_y : row.content_id) ?? "",
      timeDelta: Number(row.time_delta),
    };
    const list = examples.get(key);
    if (!list) examples.set(key, [example]);
    else if (list.length < perPair) list.push(example);
    else {
      const slowest = list.reduce((worst, e, i) => (e.timeDelta > list[worst]!.timeDelta ? i : worst), 0);
      if (example.timeDelta < list[slowest]!.timeDelta) list[slowest] = example;
    }
  }
  for (const list of examples.values()) list.sort((x, y) => x.timeDelta - y.timeDelta);
  return examples;
}

interface AccountRow {
  profile: Record<string, unknown>;
  datasets: string[];
  posts: number;
  hashtags: Array<{ name: string; uses: number }>;
  urls: Array<{ url: string; uses: number }>;
  tweets: Array<Record<string, unknown>>;
  evidenceTweets: Array<Record<string, unknown>>;
}

const text = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));
const num = (value: unknown): number | null => (typeof value === "number" && Number.isFinite(value) ? value : null);
const bool = (value: unknown): boolean | null => (typeof value === "boolean" ? value : null);

function toProfile(p: Record<string, unknown>): AccountProfile {
  return {
    screenName: text(p.screenName),
    displayName: text(p.displayName),
    location: text(p.location),
    description: text(p.description),
    followers: num(p.followers),
    following: num(p.following),
    // Loaders store YYYY-MM-DD strings; a Neo4j date prints the same way.
    createdAt: text(p.createdAt),
    language: text(p.language),
    hashed: bool(p.hashed),
    accountCategory: text(p.accountCategory),
    accountType: text(p.accountType),
    stub: bool(p.stub),
  };
}

function toTweet(t: Record<string, unknown>): AccountTweet {
  return {
    id: String(t.id),
    text: text(t.text),
    time: num(t.time),
    timePrecision: text(t.timePrecision),
    isRetweet: bool(t.isRetweet),
    language: text(t.language),
  };
}
