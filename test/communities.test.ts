/**
 * `run communities` against the real Neo4j on archives whose accounts amplify the same outside
 * accounts, tweets and links but seldom name one another (test/fixtures/communities: three teams, an
 * IO-release layout and a FiveThirtyEight layout with account_category labels).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import { readRunDirectory } from "../src/engine/runs.ts";
import { compareWithLabels } from "../src/core/validate.ts";
import type { Database } from "../src/db/driver.ts";
import { loadArchive } from "../src/load/load.ts";
import { EVIDENCE_FILE, mirrorEvidenceItem, readTieEvidence, tieKey } from "../src/run/evidence.ts";
import type { RunResult, SharedTargetEvidence } from "../src/run/model.ts";
import { emptyDatabase, runCli, testDatabase } from "./helpers/db.ts";
import { fixturesDir } from "./helpers/fixtures.ts";

const fixture = path.join(fixturesDir, "communities");
const work = fs.mkdtempSync(path.join(os.tmpdir(), "coordgraph-communities-"));
const teams = JSON.parse(fs.readFileSync(path.join(fixture, "teams.json"), "utf8")) as Array<{ team: string | null; ioId: string; fivethirtyeightId: string }>;
let db: Database;

beforeAll(async () => {
  db = await testDatabase();
  await emptyDatabase(db);
  await loadArchive(db, [path.join(fixture, "io-tweets.csv"), path.join(fixture, "io-users.csv")], { dataset: "io", rejectsFile: path.join(work, "io-rejects.csv") });
  await loadArchive(db, [path.join(fixture, "fivethirtyeight.csv")], { dataset: "fte", rejectsFile: path.join(work, "fte-rejects.csv") });
});

async function run(name: string, args: string[]): Promise<{ dir: string; result: RunResult; summary: Record<string, unknown> }> {
  const dir = path.join(work, name);
  const cli = await runCli(["run", "communities", ...args, "--out", dir, "--json", "--quiet"]);
  expect(cli.code, cli.stderr).toBe(0);
  return { dir, result: readRunDirectory(dir).result, summary: JSON.parse(cli.stdout).summary };
}

/** Team of each team account, by its id in the chosen layout. */
function teamOf(layout: "ioId" | "fivethirtyeightId"): Map<string, string> {
  return new Map(teams.filter((t) => t.team !== null).map((t) => [t[layout], t.team!]));
}

describe("run communities on an archive whose accounts amplify the same targets", () => {
  it.each([
    ["io", "ioId"],
    ["fte", "fivethirtyeightId"],
  ] as const)("places the team accounts of the %s layout in groups that match their teams", async (dataset, layout) => {
    const { result } = await run(`teams-${dataset}`, ["--dataset", dataset]);
    const team = teamOf(layout);
    const partition = new Map(result.nodes.filter((n) => team.has(n.id)).map((n) => [n.id, n.community]));
    expect(partition.size).toBeGreaterThanOrEqual(0.8 * team.size);
    const agreement = compareWithLabels(partition, team);
    expect(agreement.purity).toBeGreaterThanOrEqual(0.9);
    expect(agreement.nmi).toBeGreaterThanOrEqual(0.8);
  });

  it("does not tie two teams through the targets every account names", async () => {
    const { result } = await run("popular", ["--dataset", "io"]);
    const team = teamOf("ioId");
    const crossTeam = result.edges.filter((e) => team.get(e.source) !== team.get(e.target));
    // The one cross-team tie is the fixture's single mention between teams B and C.
    expect(crossTeam.map((e) => [e.attributes.mentions, e.attributes.sharedTargets ?? 0])).toEqual([[1, 0]]);
    expect(new Set(result.nodes.map((n) => n.community)).size).toBe(3);
  });

  it("reports only the archive's accounts by default, and outside accounts with --include-outside", async () => {
    const archive = new Set(teams.map((t) => t.ioId));
    const { result: inside } = await run("inside", ["--dataset", "io"]);
    expect(inside.nodes.every((n) => archive.has(n.id))).toBe(true);
    const { result: outside } = await run("outside", ["--dataset", "io", "--include-outside"]);
    expect(outside.nodes.filter((n) => !archive.has(n.id)).length).toBeGreaterThan(100);
  });

  it("with --ties interactions, keeps the direct interactions alone, as communities did before shared targets", async () => {
    const { result, summary } = await run("interactions", ["--dataset", "io", "--ties", "interactions"]);
    const byIndex = (i: number) => teams[i].ioId;
    // The fixture's three mentions between archive accounts: A0 → A1, A2 → A3, B0 → C0.
    const expected = [
      [byIndex(0), byIndex(1)],
      [byIndex(2), byIndex(3)],
      [byIndex(8), byIndex(16)],
    ].map(([a, b]) => [a < b ? a : b, a < b ? b : a].join(" "));
    expect(result.edges.map((e) => `${e.source} ${e.target}`).sort()).toEqual(expected.sort());
    expect(result.edges.every((e) => e.weight === 1 && e.attributes.mentions === 1 && e.attributes.sharedTargets === undefined)).toBe(true);
    expect(summary.sharedTargetTies).toBeUndefined();
  });

  it("validate prints NMI and purity of a communities run against the FiveThirtyEight labels", async () => {
    const { dir } = await run("labelled", ["--dataset", "fte"]);
    const cli = await runCli(["run", "validate", "--run", dir, "--out", path.join(work, "validate")]);
    expect(cli.code, cli.stderr).toBe(0);
    const nmi = Number(/nmi: ([\d.]+)/.exec(cli.stdout)?.[1]);
    const purity = Number(/purity: ([\d.]+)/.exec(cli.stdout)?.[1]);
    expect(nmi).toBeGreaterThanOrEqual(0.8);
    expect(purity).toBeGreaterThanOrEqual(0.9);
  });

  it("writes a report of the run that names its groups", async () => {
    const { dir } = await run("report", ["--dataset", "io"]);
    const out = path.join(work, "report.md");
    const cli = await runCli(["report", dir, "--format", "md", "--out", out, "--quiet"]);
    expect(cli.code, cli.stderr).toBe(0);
    const md = fs.readFileSync(out, "utf8");
    expect(md).toContain("## Communities");
    expect(md.match(/^### /gm)?.length ?? 0).toBeGreaterThanOrEqual(3);
  });
});

/**
 * What the IO layout's accounts amplify, read from the fixture file itself as
 * communities-shared-targets.cypher defines it: outside accounts mentioned (outside retweets) or
 * retweeted, tweets retweeted, links posted (outside retweets). Per target: the accounts, and each
 * one's earliest post (tweet ids are snowflakes: the smallest is the earliest).
 */
function ioTargets(): Map<string, { accounts: Map<string, { tweet: string; time: number }> }> {
  const rows = parse(fs.readFileSync(path.join(fixture, "io-tweets.csv"), "utf8"), { columns: true }) as Array<Record<string, string>>;
  const archive = new Set(rows.map((r) => r.userid!));
  const list = (cell: string) => cell.replace(/^\[|\]$/g, "").split(",").map((v) => v.trim()).filter((v) => v !== "");
  const targets = new Map<string, { accounts: Map<string, { tweet: string; time: number }> }>();
  const add = (key: string, account: string, tweet: string) => {
    let target = targets.get(key);
    if (!target) targets.set(key, (target = { accounts: new Map() }));
    const time = Number((BigInt(tweet) >> 22n) + 1_288_834_974_657n);
    const earliest = target.accounts.get(account);
    if (!earliest || BigInt(tweet) < BigInt(earliest.tweet)) target.accounts.set(account, { tweet, time });
  };
  for (const row of rows) {
    if (row.is_retweet === "true") {
      add(`account ${row.retweet_userid}`, row.userid!, row.tweetid!);
      add(`tweet ${row.retweet_tweetid}`, row.userid!, row.tweetid!);
      continue;
    }
    for (const id of list(row.user_mentions!)) if (!archive.has(id)) add(`account ${id}`, row.userid!, row.tweetid!);
    for (const url of list(row.urls!)) add(`link ${url}`, row.userid!, row.tweetid!);
  }
  return targets;
}

describe("the evidence of communities ties", () => {
  let dir: string;
  let result: RunResult;
  beforeAll(async () => {
    ({ dir, result } = await run("evidence", ["--dataset", "io"]));
  });

  it("names each tie's rarest shared targets, with how many accounts share each and both accounts' earliest posts", async () => {
    const targets = ioTargets();
    const evidence = await readTieEvidence(dir, { perTie: 1000 });
    const sharedTies = result.edges.filter((e) => (e.attributes.sharedTargets ?? 0) > 0);
    expect(sharedTies.length).toBeGreaterThan(20);
    for (const edge of sharedTies) {
      const all = evidence.get(tieKey(edge.source, edge.target))?.items ?? [];
      const items = all.filter((i): i is SharedTargetEvidence => i.kind === "shared-target");
      // The default of 5 items per tie: its kinds of interaction, then shared targets.
      const interactions = [edge.attributes.retweets, edge.attributes.replies, edge.attributes.quotes, edge.attributes.mentions].filter((n) => (n ?? 0) > 0).length;
      expect(all.length - items.length).toBe(interactions);
      expect(items.length).toBe(Math.min(5 - interactions, edge.attributes.sharedTargets!));
      // The pair's shared targets in the file, fewest accounts first: the items name the rarest.
      const pairShares = [...targets.values()].filter((t) => t.accounts.has(edge.source) && t.accounts.has(edge.target)).map((t) => t.accounts.size).sort((x, y) => x - y);
      expect(items.map((i) => i.sharingAccounts)).toEqual(pairShares.slice(0, items.length));
      for (const item of items) {
        const target = targets.get(`${item.targetKind} ${item.object}`)!;
        expect(target.accounts.size).toBe(item.sharingAccounts);
        const [a, b] = [target.accounts.get(edge.source)!, target.accounts.get(edge.target)!];
        expect([item.contentA, item.timeA, item.contentB, item.timeB]).toEqual([a.tweet, a.time, b.tweet, b.time]);
        if (item.targetKind === "link") expect(item.label).toBe(item.object);
      }
    }
  });

  it("lists a tie's direct interactions first, each way", async () => {
    const [a0, a1] = [teams[0]!.ioId, teams[1]!.ioId];
    const tie = (await readTieEvidence(dir, { perTie: 1000 })).get(tieKey(a0, a1))!;
    const asA0Sees = tie.source === a0 ? tie.items : tie.items.map(mirrorEvidenceItem);
    // The fixture's one mention between them: A0 mentions A1.
    expect(asA0Sees[0]).toEqual({ kind: "interaction", action: "mention", countA: 1, countB: 0 });
    expect(asA0Sees.slice(1).every((i) => i.kind === "shared-target")).toBe(true);
  });

  it("shows a tie kept for its interactions alone without the targets its accounts happen to share", async () => {
    // B0 mentions C0 once; both name the targets every account names, which the test does not keep as a tie.
    const [b0, c0] = [teams[8]!.ioId, teams[16]!.ioId];
    const tie = (await readTieEvidence(dir, { perTie: 1000 })).get(tieKey(b0, c0))!;
    const asB0Sees = tie.source === b0 ? tie.items : tie.items.map(mirrorEvidenceItem);
    expect(asB0Sees).toEqual([{ kind: "interaction", action: "mention", countA: 1, countB: 0 }]);
  });

  it("leaves out of the evidence the interactions --min-weight leaves out of the tie", async () => {
    const { dir: above } = await run("evidence-min-weight", ["--dataset", "io", "--min-weight", "2"]);
    const items = [...(await readTieEvidence(above, { perTie: 1000 })).values()].flatMap((tie) => tie.items);
    expect(items.length).toBeGreaterThan(0);
    expect(items.filter((i) => i.kind === "interaction")).toEqual([]);
  });

  it("names an outside account known only by the name posts mention (FiveThirtyEight layout) by that name", async () => {
    const { dir: fte } = await run("evidence-fte", ["--dataset", "fte"]);
    const accounts = [...(await readTieEvidence(fte, { perTie: 1000 })).values()].flatMap((tie) => tie.items).filter((i) => i.kind === "shared-target" && i.targetKind === "account");
    expect(accounts.length).toBeGreaterThan(0);
    for (const item of accounts as SharedTargetEvidence[]) expect(`name:${item.label}`).toBe(item.object);
  });

  it("keeps the columns other analyses write in evidence.csv, its own after them", () => {
    const header = fs.readFileSync(path.join(dir, EVIDENCE_FILE), "utf8").split("\n")[0];
    expect(header).toBe(
      "source,target,kind,object,label,content_a,content_b,text_a,text_b,time_a,time_b,delay_seconds,similarity,bin_start,bin_seconds,target_kind,sharing_accounts,action_a,action_b,count_a,count_b",
    );
  });

  it("shows the shared targets in the Markdown report's evidence, in words", async () => {
    const out = path.join(work, "evidence-report.md");
    const cli = await runCli(["report", dir, "--format", "md", "--out", out, "--quiet"]);
    expect(cli.code, cli.stderr).toBe(0);
    const md = fs.readFileSync(out, "utf8");
    expect(md).toContain("What they did together");
    expect(md).toMatch(/both posted the link https:\/\/team[abc]-news\.example\.org\/story\/\d+\.html \(shared by \d accounts\): A at 2016-10-\d\d \d\d:\d\d:\d\d UTC, B at 2016-10-/);
    expect(md).toMatch(/both (mentioned|retweeted) account \d+ \(shared by \d accounts\)/);
    expect(md).toMatch(/A mentioned B once|B mentioned A once/);
  });
});
