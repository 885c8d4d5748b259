/**
 * A small co-share run for the viewer's tests: `communities` groups of accounts tied densely inside
 * and weakly between, partitioned by the real Louvain, written as a run directory with pairs.csv, and
 * (optionally) the same accounts with tweets in Neo4j. One account's screen name is hostile markup.
 * With `evidence: true` it is a run of the significance-tested kind: every tie carries observed,
 * expected and (adjusted) p-values, evidence.csv holds two co-shares per tie, and communities.csv a
 * score, verdict, reason and headline per group (the weakest group first in id order, so the legend's
 * strongest-first order shows).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { RunRecord } from "../src/engine/store.ts";
import { writeRunDirectory } from "../src/engine/store.ts";
import type { RunEdge, RunResult } from "../src/run/model.ts";
import { partitionAccounts } from "../src/core/partition.ts";
import { cypher } from "../src/db/cypher.ts";
import { writeTx, type Database } from "../src/db/driver.ts";
import type { GroupVerdict, TieEvidence } from "../src/run/model.ts";
import { seededRng } from "../src/util/rng.ts";

/** Screen names that would run script if they ever reached innerHTML. */
export const HOSTILE_NAME = "<script>alert(1)</script>";
export const HOSTILE_IMG = `<img src=x onerror="window.__xss=1">`;

export interface ViewerFixture {
  runDirectory: string;
  record: RunRecord;
  result: RunResult;
  /** Account ids by fixture community (0, 1, 2, ...), before Louvain renumbers them. */
  groups: string[][];
  /** Screen name per account id. */
  screenNames: Map<string, string>;
  cleanup(): void;
}

/** 64-bit-looking numeric ids, kept as strings. */
function accountId(group: number, member: number): string {
  return `90071992547409${String(group).padStart(2, "0")}${String(member).padStart(3, "0")}`;
}

/** Text of the object two fixture accounts co-shared (markup included: it must stay text). */
export function sharedObjectLabel(group: number, k: number): string {
  return `RT @news_${group}: story ${group}-${k} <b>now</b>`;
}

export function writeViewerFixture(options: { communities?: number; perCommunity?: number; seed?: number; evidence?: boolean } = {}): ViewerFixture {
  const communities = options.communities ?? 3;
  const perCommunity = options.perCommunity ?? 20;
  const rng = seededRng(options.seed ?? 7);
  const groups = Array.from({ length: communities }, (_, g) => Array.from({ length: perCommunity }, (_, m) => accountId(g, m)));

  const edges: RunEdge[] = [];
  const pairs: Array<Record<string, string | number>> = [];
  groups.forEach((members, g) => {
    for (let i = 0; i < members.length; i++) {
      for (let j = i + 1; j < members.length; j++) {
        if (rng() > 0.35) continue;
        const weight = 1 + Math.floor(rng() * 6);
        edges.push({ source: members[i]!, target: members[j]!, weight, attributes: { avgTimeDelta: Math.round(rng() * 30), nContentId: weight } });
        for (let k = 0; k < Math.min(weight, 2); k++) {
          pairs.push({
            object_id: `obj-${g}-${k}`,
            content_id: `${members[i]}${k}1`,
            content_id_y: `${members[j]}${k}2`,
            time_delta: 3 + k,
            account_id: members[i]!,
            account_id_y: members[j]!,
          });
        }
      }
    }
  });
  // Each group's hub (member 0) is tied weakly to the next group's: one connected graph, still clustered.
  for (let g = 0; g + 1 < communities; g++) {
    edges.push({ source: groups[g]![0]!, target: groups[g + 1]![0]!, weight: 1, attributes: { avgTimeDelta: 50, nContentId: 1 } });
  }
  // Every account has at least one tie inside its group.
  groups.forEach((members) => {
    for (let m = 1; m < members.length; m++) edges.push({ source: members[0]!, target: members[m]!, weight: 2, attributes: { avgTimeDelta: 5, nContentId: 2 } });
  });

  const evidence: TieEvidence[] = [];
  if (options.evidence) {
    const groupOf = new Map(groups.flatMap((members, g) => members.map((id) => [id, g] as const)));
    edges.forEach((edge, i) => {
      const g = groupOf.get(edge.source)!;
      const expected = Number((0.05 + (i % 7) * 0.02).toFixed(3));
      const pValue = Math.min(1, Math.exp(-edge.weight * 2));
      edge.attributes = { ...edge.attributes, observed: edge.weight, expected, pValue, logPValue: Math.log(pValue), adjustedPValue: Math.min(1, pValue * 3), significant: pValue * 3 <= 0.05 ? 1 : 0 };
      const base = 1_500_000_000_000 + i * 60_000;
      evidence.push({
        source: edge.source,
        target: edge.target,
        items: [0, 1].map((k) => ({
          kind: "co-share" as const,
          object: `obj-${g}-${k}`,
          label: sharedObjectLabel(g, k),
          contentA: `${edge.source}${k}1`,
          contentB: `${edge.target}${k}2`,
          timeA: base + k * 1000,
          timeB: base + k * 1000 + (3 + k) * 1000,
          delaySeconds: 3 + k,
        })),
      });
    });
  }
  const partition = partitionAccounts(edges, { seed: 1 });
  const runDirectory = fs.mkdtempSync(path.join(os.tmpdir(), "coordgraph-viewer-run-"));
  const record: RunRecord = {
    id: "co-retweet-20240101-000000",
    analysis: "co-retweet",
    createdAt: "2024-01-01T00:00:00.000Z",
    params: { timeWindowSeconds: 60 },
    scope: { datasets: null, since: null, until: null },
    outDir: runDirectory,
    version: "test",
    counts: { accounts: partition.nodes.length, edges: edges.length, communities: partition.communities.length },
    summary: { modularity: partition.modularity },
    timings: {},
    warnings: [],
  };
  const result: RunResult = {
    directed: false,
    nodes: partition.nodes,
    edges,
    communities: partition.communities,
    summary: record.summary,
    tables: { pairs },
    ...(options.evidence ? { evidence } : {}),
  };
  if (options.evidence) {
    // Community 0 (the largest) is the weakest: the legend must not simply follow ids.
    const verdicts: GroupVerdict[] = ["weak", "strong", "moderate"];
    result.communities = result.communities.map((c) => {
      const verdict = verdicts[c.id % verdicts.length]!;
      const score = verdict === "strong" ? 4.2 : verdict === "moderate" ? 1.7 : 0.2;
      return { ...c, score, verdict, reason: `${verdict} on purpose: fixture group ${c.id}`, headline: `${c.size} accounts retweeted the same stories, median 3 s apart` };
    });
  }
  writeRunDirectory(record, result);

  const screenNames = new Map<string, string>();
  groups.forEach((members, g) =>
    members.forEach((id, m) =>
      screenNames.set(id, g === 0 && m === 1 ? HOSTILE_NAME : g === 1 && m === 1 ? HOSTILE_IMG : id === HASHED_ACCOUNT(groups) ? id : `user_${g}_${m}`),
    ),
  );
  return { runDirectory, record, result, groups, screenNames, cleanup: () => fs.rmSync(runDirectory, { recursive: true, force: true }) };
}

/** The account whose archive hashed it: its screen and display names are its id, as in Twitter's releases. */
export const HASHED_ACCOUNT = (groups: string[][]): string => groups[2]![5]!;

/** Writes the fixture's accounts (profile, dataset, two tweets each with a hashtag and a URL) into Neo4j. */
export async function loadViewerFixture(db: Database, fixture: ViewerFixture): Promise<void> {
  const accounts = fixture.groups.flatMap((members, g) =>
    members.map((id, m) => ({
      id,
      dataset: g === 2 ? "dataset-b" : "dataset-a",
      props: {
        screenName: fixture.screenNames.get(id)!,
        displayName: id === HASHED_ACCOUNT(fixture.groups) ? id : `Display ${g}.${m} <b>bold</b>`,
        description: `profile of ${id} <iframe src="javascript:window.__xss=1"></iframe>`,
        followers: 100 * (m + 1),
        following: 10,
        createdAt: "2015-03-0" + ((m % 9) + 1),
        language: "en",
        hashed: id === HASHED_ACCOUNT(fixture.groups),
        accountCategory: g === 0 ? "RightTroll" : "LeftTroll",
        accountType: "Russian",
        stub: false,
      },
      tweets: [0, 1].map((k) => ({
        id: `${id}${k}1`,
        props: { text: `tweet ${k} of ${id} <script>window.__xss=1</script>`, time: 1_500_000_000_000 + g * 1000 + m * 10 + k, timePrecision: "s", isRetweet: k === 1, language: "en", datasets: ["dataset-a"], stub: false },
        hashtags: [`tag${g}`, k === 0 ? "common" : `rare${m}`],
        urls: [`https://example.org/${g}/${k}`],
      })),
    })),
  );
  await writeTx(db, (tx) => tx.run(cypher("viewer-test-fixture"), { accounts }));
}

/**
 * A `communities`-sized run for the viewer's frame-time measurement: `accounts` accounts with 64-hex
 * hashed ids in `groups` groups and `ties` interaction ties, a share of them between groups (the
 * hairball a real interaction graph gives), partitioned by the real Louvain. No Neo4j needed.
 */
export function writeScaleFixture(options: { accounts?: number; ties?: number; groups?: number; between?: number; seed?: number } = {}): ViewerFixture {
  const accounts = options.accounts ?? 2000;
  const tieCount = options.ties ?? 16_000;
  const groupCount = options.groups ?? 25;
  const between = options.between ?? 0.75;
  const rng = seededRng(options.seed ?? 11);
  const hex = () => Array.from({ length: 64 }, () => "0123456789abcdef"[Math.floor(rng() * 16)]).join("");
  const ids = Array.from({ length: accounts }, hex);
  const groups = Array.from({ length: groupCount }, (_, g) => ids.filter((_, i) => i % groupCount === g));
  const seen = new Set<string>();
  const edges: RunEdge[] = [];
  const add = (a: string, b: string) => {
    if (a === b) return;
    const key = a < b ? `${a}-${b}` : `${b}-${a}`;
    if (seen.has(key)) return;
    seen.add(key);
    const retweets = 1 + Math.floor(rng() * rng() * 8);
    edges.push({ source: a, target: b, weight: retweets, attributes: { retweets, replies: 0, quotes: 0, mentions: 0 } });
  };
  // A chain inside each group first, so no account is left without a tie.
  for (const members of groups) for (let i = 1; i < members.length; i++) add(members[i - 1]!, members[i]!);
  while (edges.length < tieCount) {
    const g = Math.floor(rng() * groupCount);
    const a = groups[g]![Math.floor(rng() * groups[g]!.length)]!;
    const other = rng() < between ? groups[Math.floor(rng() * groupCount)]! : groups[g]!;
    add(a, other[Math.floor(rng() * other.length)]!);
  }
  const partition = partitionAccounts(edges, { seed: 1 });
  const runDirectory = fs.mkdtempSync(path.join(os.tmpdir(), "coordgraph-viewer-scale-"));
  const record: RunRecord = {
    id: "communities-20240101-000000",
    analysis: "communities",
    createdAt: "2024-01-01T00:00:00.000Z",
    params: { interactions: "all", includeOutside: false, minWeight: 1 },
    scope: { datasets: null, since: null, until: null },
    outDir: runDirectory,
    version: "test",
    counts: { accounts: partition.nodes.length, edges: edges.length, communities: partition.communities.length },
    summary: { modularity: partition.modularity },
    timings: {},
    warnings: [],
  };
  const result: RunResult = { directed: false, nodes: partition.nodes, edges, communities: partition.communities, summary: record.summary };
  writeRunDirectory(record, result);
  return { runDirectory, record, result, groups, screenNames: new Map(), cleanup: () => fs.rmSync(runDirectory, { recursive: true, force: true }) };
}
