/**
 * Each planted campaign type of a synthetic archive is found by its matching analysis, run through
 * the real CLI against the real Neo4j: at least 95% of the campaign's accounts in a group of its own,
 * and at least 95% of the flagged accounts planted.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { readRunDirectory } from "../src/analysis/runs.ts";
import type { CommunityReport } from "../src/report/types.ts";
import type { Database } from "../src/db/driver.ts";
import { loadArchive } from "../src/load/load.ts";
import { generateArchive, synthFilePaths, type SynthTruth } from "../src/synth/index.ts";
import { analysisForCampaignType, campaignRecovery } from "../src/synth/recovery.ts";
import { emptyDatabase, runCli, testDatabase } from "./helpers/db.ts";

const work = fs.mkdtempSync(path.join(os.tmpdir(), "coordgraph-synth-"));
let truth: SynthTruth;
let db: Database;

beforeAll(async () => {
  db = await testDatabase();
  await emptyDatabase(db);
  await generateArchive({ tweets: 30_000, accounts: 400, campaigns: 5, seed: 11, outDir: work });
  truth = JSON.parse(fs.readFileSync(path.join(work, "truth.json"), "utf8")) as SynthTruth;
  const files = synthFilePaths(work, "synth");
  await loadArchive(db, [files.tweets, files.users], { rejectsFile: path.join(work, "rejects.csv") });
});

describe.each(["co-retweet", "co-hashtag", "co-url", "co-text", "sync"])("the %s campaign", (type) => {
  it(`is recovered by the ${type} analysis`, async () => {
    const campaign = truth.campaigns.find((c) => c.type === type)!;
    const outDir = path.join(work, `run-${type}`);
    const result = await runCli(["run", analysisForCampaignType[type]!, "--out", outDir, "--json", "--quiet"]);
    expect(result.code, result.stderr).toBe(0);
    const { result: run } = readRunDirectory(outDir);
    const recovery = campaignRecovery(campaign, truth, run.nodes);
    expect(recovery.recall, JSON.stringify(recovery)).toBeGreaterThanOrEqual(0.95);
    expect(recovery.precision, JSON.stringify(recovery)).toBeGreaterThanOrEqual(0.95);
  });
});

describe.each(["co-retweet", "co-hashtag", "co-url"])("the report of a %s run", (type) => {
  it("lists the planted campaign as a community with the objects it shared", async () => {
    const campaign = truth.campaigns.find((c) => c.type === type)!;
    const outDir = path.join(work, `run-${type}`);
    const file = path.join(work, `report-${type}.json`);
    const result = await runCli(["report", outDir, "--format", "json", "--out", file, "--quiet"]);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(fs.readFileSync(file, "utf8")) as CommunityReport;
    const members = new Set(campaign.accounts);
    const community = report.communities.find((c) => c.members.filter((m) => members.has(m.id)).length * 2 > c.members.length);
    expect(community, "a community made of the campaign").toBeDefined();
    expect(community!.size).toBeGreaterThanOrEqual(Math.floor(campaign.accounts.length * 0.95));
    const shared = community!.evidence.flatMap((e) => e.examples.map((x) => x.object));
    expect(shared.length).toBeGreaterThan(0);
    // Campaign posts may carry a popular hashtag beside the campaign's own: most evidence, not all, is planted.
    const objects = new Set(campaign.objects.map((o) => o.toLowerCase()));
    const planted = shared.filter((object) => objects.has(object.toLowerCase()));
    expect(planted.length / shared.length, shared.join(" ")).toBeGreaterThanOrEqual(0.5);
  });
});
