/** The analysis commands through the CLI against the real Neo4j: listing, storing runs, summary, validate, warnings. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { readRunDirectory } from "../src/engine/runs.ts";
import { readTieEvidence } from "../src/run/evidence.ts";
import { cypher } from "../src/db/cypher.ts";
import { readRows, writeTx, type Database } from "../src/db/driver.ts";
import { loadArchive } from "../src/load/load.ts";
import { generateArchive, synthFilePaths, type SynthTruth } from "../src/synth/index.ts";
import { emptyDatabase, runCli, testDatabase } from "./helpers/db.ts";
import { fixturesDir } from "./helpers/fixtures.ts";

const work = fs.mkdtempSync(path.join(os.tmpdir(), "coordgraph-analyses-"));
let db: Database;
let truth: SynthTruth;

beforeAll(async () => {
  db = await testDatabase();
  await emptyDatabase(db);
  await generateArchive({ tweets: 20_000, accounts: 300, seed: 3, outDir: work });
  truth = JSON.parse(fs.readFileSync(path.join(work, "truth.json"), "utf8"));
  const files = synthFilePaths(work, "synth");
  await loadArchive(db, [files.tweets, files.users], { dataset: "synth", rejectsFile: path.join(work, "rejects.csv") });
});

describe("coordgraph analyses", () => {
  it("lists every analysis with its options and defaults", async () => {
    const result = await runCli(["analyses", "--json"]);
    const list = JSON.parse(result.stdout) as Array<{ name: string; options: Array<{ flag: string; default: unknown }> }>;
    expect(list.map((a) => a.name)).toEqual(expect.arrayContaining(["summary", "communities", "co-retweet", "co-hashtag", "co-url", "co-domain", "co-mention", "co-reply", "co-quote", "co-text", "sync", "validate"]));
    const coRetweet = list.find((a) => a.name === "co-retweet")!;
    expect(coRetweet.options).toEqual(expect.arrayContaining([expect.objectContaining({ flag: "--window", default: 60 }), expect.objectContaining({ flag: "--min-participation", default: 2 })]));
  });
});

describe("coordgraph run", () => {
  it("stores a complete run in Neo4j with one membership per account, and the run directory", async () => {
    const out = path.join(work, "communities");
    const result = await runCli(["run", "communities", "--out", out, "--json", "--quiet"]);
    expect(result.code, result.stderr).toBe(0);
    const record = JSON.parse(result.stdout);
    expect(record.files).toEqual(expect.arrayContaining(["run.json", "nodes.csv", "edges.csv", "communities.csv"]));
    const [stored] = await readRows<{ complete: boolean; members: number }>(db, cypher("run-membership-count"), { runId: record.id });
    expect(stored).toEqual({ complete: true, members: record.counts.accounts });
    expect(record.summary.modularity).toBeGreaterThan(0);
    const again = JSON.parse((await runCli(["run", "communities", "--out", path.join(work, "communities-2"), "--json", "--quiet"])).stdout);
    expect(readRunDirectory(path.join(work, "communities-2")).result.nodes).toEqual(readRunDirectory(out).result.nodes);
    expect(again.summary.modularity).toBe(record.summary.modularity);
  });

  it("gives runs started at the same moment ids of their own (bug: the second one failed)", async () => {
    const runs = await Promise.all([1, 2, 3].map((n) => runCli(["run", "summary", "--out", path.join(work, `same-moment-${n}`), "--json", "--quiet"])));
    for (const run of runs) expect(run.code, run.stderr).toBe(0);
    expect(new Set(runs.map((r) => JSON.parse(r.stdout).id)).size).toBe(3);
  });

  it("summarises the archive", async () => {
    const result = await runCli(["run", "summary", "--dataset", "synth", "--out", path.join(work, "summary"), "--json", "--quiet"]);
    expect(result.code, result.stderr).toBe(0);
    const { summary } = JSON.parse(result.stdout);
    expect(summary.tweets).toBe(20_000);
    expect(summary.accounts).toBe(300);
    expect(summary.retweetShare).toBeGreaterThan(0.2);
    expect(fs.existsSync(path.join(work, "summary", "creation_days.csv"))).toBe(true);

    // Its report describes the archive from those tables (it has no groups to list).
    const report = await runCli(["report", path.join(work, "summary"), "--format", "md", "--out", path.join(work, "summary.md"), "--quiet"]);
    expect(report.code, report.stderr).toBe(0);
    const md = fs.readFileSync(path.join(work, "summary.md"), "utf8");
    expect(md).toContain("# The archive at a glance");
    expect(md).toContain("| tweets | 20,000 |");
    expect(md).toContain("## What the archive holds");
    expect(md).toMatch(/### Hashtags\n\n\| Hashtag \| Count \|\n\| --- \| ---: \|\n\| #\S+ \| [\d,]+ \|/);
    expect(md).not.toContain("No groups");
  });

  it("limits a run to a time range", async () => {
    const all = JSON.parse((await runCli(["run", "summary", "--out", path.join(work, "s-all"), "--json", "--quiet"])).stdout).summary;
    const first = new Date(all.first).getTime();
    const last = new Date(all.last).getTime();
    const middle = new Date((first + last) / 2).toISOString();
    const earlyRun = await runCli(["run", "summary", "--until", middle, "--out", path.join(work, "s-early"), "--json", "--quiet"]);
    expect(earlyRun.code, earlyRun.stderr).toBe(0);
    const lateRun = await runCli(["run", "summary", "--since", middle, "--out", path.join(work, "s-late"), "--json", "--quiet"]);
    expect(lateRun.code, lateRun.stderr).toBe(0);
    const early = JSON.parse(earlyRun.stdout).summary;
    const late = JSON.parse(lateRun.stdout).summary;
    expect(early.tweets + late.tweets).toBe(all.tweets);
    expect(early.tweets).toBeGreaterThan(0);
  });

  it("validates a run's communities against account labels", async () => {
    const campaign = truth.campaigns.find((c) => c.type === "co-retweet")!;
    await writeTx(db, (tx) => tx.run(cypher("test-set-labels"), { labels: campaign.accounts.map((id) => ({ id, label: "planted" })) }));
    // CooRTweet's whole network, so every campaign account is in it (the default network keeps only ties beyond chance).
    const run = path.join(work, "co-retweet");
    expect((await runCli(["run", "co-retweet", "--network", "all", "--out", run, "--quiet"])).code).toBe(0);
    const result = await runCli(["run", "validate", "--run", run, "--out", path.join(work, "validate"), "--json", "--quiet"]);
    expect(result.code, result.stderr).toBe(0);
    const { summary } = JSON.parse(result.stdout);
    expect(summary.validatedAnalysis).toBe("co-retweet");
    expect(summary.accounts).toBe(campaign.accounts.length);
    expect(summary.purity).toBe(1);
  });

  it("gives each sync evidence item the texts of the two posts it names", async () => {
    const out = path.join(work, "sync");
    const result = await runCli(["run", "sync", "--dataset", "synth", "--out", out, "--json", "--quiet"]);
    expect(result.code, result.stderr).toBe(0);
    const items = [...(await readTieEvidence(out, { perTie: 1000 })).values()].flatMap((tie) => tie.items);
    expect(items.length).toBeGreaterThan(0);
    const ids = [...new Set(items.flatMap((item) => ("contentA" in item ? [item.contentA, item.contentB] : [])))];
    const textOf = new Map((await readRows<{ id: string; text: string | null }>(db, cypher("evidence-tweets"), { ids })).map((row) => [row.id, row.text]));
    const texts = items.map((item) => (item.kind === "sync" ? [item.textA, item.textB] : `not a sync item: ${item.kind}`));
    expect(texts).toEqual(items.map((item) => ("contentA" in item ? [textOf.get(item.contentA) ?? null, textOf.get(item.contentB) ?? null] : null)));
    expect(texts.flat().filter((text) => text !== null).length).toBeGreaterThan(0);
  });

  it("warns when the bin is finer than the data's time resolution", async () => {
    // A few CooRTweet shares: Unix seconds, so second precision.
    await runCli(["load", path.join(fixturesDir, "formats", "shares.csv"), "--dataset", "ru", "--quiet"]);
    const result = await runCli(["run", "sync", "--dataset", "ru", "--bin", "0.5", "--out", path.join(work, "sync-fine"), "--json", "--quiet"]);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).warnings.join(" ")).toMatch(/finer than|resolution/);
  });
});

describe("bad requests", () => {
  it.each([
    [["run", "co-retweet", "--window", "-5"], /BAD_OPTION.*--window must be at least 0/],
    [["run", "co-retweet", "--edge-weight", "2"], /BAD_OPTION.*--edge-weight must be at most 1/],
    [["run", "sync", "--bin", "abc"], /BAD_OPTION.*--bin must be a number/],
    [["run", "co-retweet", "--dataset", "no-such-dataset"], /UNKNOWN_DATASET.*no-such-dataset/],
  ])("%j fails with one clear line and stores nothing", async (args, message) => {
    const [before] = await readRows<{ n: number }>(db, "MATCH (r:AnalysisRun) RETURN count(r) AS n");
    const result = await runCli([...args, "--out", path.join(work, "never")]);
    expect(result.code).not.toBe(0);
    expect(result.stderr.trim()).toMatch(message);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    const [after] = await readRows<{ n: number }>(db, "MATCH (r:AnalysisRun) RETURN count(r) AS n");
    expect(after!.n).toBe(before!.n);
    expect(fs.existsSync(path.join(work, "never"))).toBe(false);
  });
});

