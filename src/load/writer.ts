/**
 * Writes planned batches into Neo4j: one write transaction per batch (retried by the driver on
 * transient errors such as deadlocks or a leader switch), MERGE on constrained keys throughout,
 * so an interrupted load can simply be run again.
 */
import type { ManagedTransaction } from "neo4j-driver";
import { cypher } from "../db/cypher.ts";
import { writeTx, type Database } from "../db/driver.ts";
import type { BatchPlan } from "./plan.ts";

export interface WriteCounters {
  nodesCreated: number;
  relationshipsCreated: number;
  propertiesSet: number;
}

const steps: Array<[statement: string, param: string, pick: (plan: BatchPlan) => unknown[]]> = [
  ["load-accounts", "accounts", (p) => p.accounts],
  ["load-account-stubs", "ids", (p) => p.accountStubs],
  ["load-tweets", "tweets", (p) => p.tweets],
  ["load-tweet-stubs", "stubs", (p) => p.tweetStubs],
  ["load-retweet-of", "pairs", (p) => p.retweetOf],
  ["load-reply-to", "pairs", (p) => p.replyTo],
  ["load-quotes", "pairs", (p) => p.quotes],
  ["load-mentions", "pairs", (p) => p.mentions],
  ["load-hashtags", "pairs", (p) => p.hashtags],
  ["load-urls", "pairs", (p) => p.urls],
];

async function runSteps(tx: ManagedTransaction, plan: BatchPlan, dataset: string): Promise<WriteCounters> {
  const counters: WriteCounters = { nodesCreated: 0, relationshipsCreated: 0, propertiesSet: 0 };
  for (const [name, param, pick] of steps) {
    const rows = pick(plan);
    if (rows.length === 0) continue;
    const result = await tx.run(cypher(name), { [param]: rows, dataset });
    const updates = result.summary.counters.updates();
    counters.nodesCreated += updates.nodesCreated;
    counters.relationshipsCreated += updates.relationshipsCreated;
    counters.propertiesSet += updates.propertiesSet;
  }
  return counters;
}

/** Writes one batch in one transaction; returns what Neo4j reports it created. */
export function writeBatch(db: Database, plan: BatchPlan, dataset: string): Promise<WriteCounters> {
  return writeTx(db, (tx) => runSteps(tx, plan, dataset));
}

/** Creates or updates the Dataset node (before any batch links to it). */
export async function ensureDataset(db: Database, name: string, sources: string[]): Promise<void> {
  await writeTx(db, (tx) => tx.run(cypher("load-dataset"), { name, sources }));
}
