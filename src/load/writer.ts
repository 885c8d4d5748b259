/**
 * Writes planned batches into Neo4j: one write transaction per batch (retried by the driver on
 * transient errors such as deadlocks or a leader switch), so an interrupted load can simply be run
 * again. Nodes are MERGEd on their constrained keys. A tweet's relationships are CREATEd when the
 * same transaction created the tweet (it cannot have any yet) and MERGEd otherwise: on a first load
 * nearly every relationship takes the cheaper path, and a rerun finds every tweet present and
 * MERGEs, which keeps it a no-op.
 *
 * A {@link LoadWriter} remembers, for one load, the nodes it has already written (account profiles,
 * stub accounts, hashtags, URLs) and skips them in later batches: an IO tweets file repeats the
 * author's profile on every row. What it remembers is bounded (see {@link writerDefaults}).
 */
import neo4j, { type ManagedTransaction } from "neo4j-driver";
import { cypher, cypherStatements } from "../db/cypher.ts";
import { readRows, writeTx, type Database } from "../db/driver.ts";
import { SCREEN_NAME_PREFIX } from "./formats/common.ts";
import { TWEET_RELATIONSHIPS, type BatchPlan, type Pair } from "./plan.ts";
import { TWEET_PROPERTY_KEYS, type PropertyValue } from "./properties.ts";

export interface WriteCounters {
  nodesCreated: number;
  relationshipsCreated: number;
  propertiesSet: number;
}

export const writerDefaults = {
  /**
   * Entries each memory of written nodes keeps (account profiles, accounts, hashtags, URLs) before
   * it starts over: about 100 bytes each, so at most ~100 MB in all, whatever the archive size.
   */
  rememberedNodes: 250_000,
  /**
   * Links moved from screen-name stubs onto their accounts per transaction after a load: 170,000 in
   * one transaction overran a 1 GiB server's transaction memory (716 MiB); 10,000 take a few MiB.
   */
  linksPerTransaction: 10_000,
  /**
   * Tweet ids a load into a graph without tweets remembers having written, to skip asking the graph
   * which ids are present (see {@link LoadWriterOptions.graphHeldNoTweets}); past it, the load asks
   * again. About 300 bytes each (1.2 million took the loader's peak from 562 to 937 MiB at 1M tweets
   * for 3% of its time): 250,000 covers a small archive, where skipping matters most, in ~75 MB.
   */
  rememberedTweetIds: 250_000,
};

export interface LoadWriterOptions {
  /** Default {@link writerDefaults}.rememberedNodes; 0 remembers nothing (every batch writes every node). */
  rememberedNodes?: number;
  /** Receives each statement's name, rows and milliseconds (client-side, round trip included). */
  onStatement?: (name: string, rows: number, ms: number) => void;
  /**
   * The graph held no tweet when the load began (`cypher/load-tweets-count.cypher`): a tweet id this
   * writer has not written is then absent, and a batch skips `load-tweets-present` (a tenth of a small
   * load's server time). Should another writer create one of those ids meanwhile (two loads at once),
   * the batch's CREATE fails on the uniqueness constraint and the batch is written again the ordinary
   * way, as is every later batch. Default false: ask the graph for every batch.
   */
  graphHeldNoTweets?: boolean;
}

/** Neo4j's code for a write that broke a uniqueness constraint. */
function isConstraintViolation(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === "Neo.ClientError.Schema.ConstraintValidationFailed";
}

/** A set that starts over when it reaches its limit: forgetting only costs a redundant MERGE. */
class BoundedMemory<V> {
  private readonly entries = new Map<string, V>();
  constructor(private readonly limit: number) {}
  get(key: string): V | undefined {
    return this.entries.get(key);
  }
  has(key: string): boolean {
    return this.entries.has(key);
  }
  set(key: string, value: V): void {
    if (this.limit <= 0) return;
    if (this.entries.size >= this.limit) this.entries.clear();
    this.entries.set(key, value);
  }
}

/** 53-bit hash of a string (cyrb53): a fingerprint of an account profile, not a security measure. */
function fingerprint(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

interface Statement {
  name: string;
  params: Record<string, unknown>;
  rows: number;
}

/** Writes the batches of one load; remembers what it wrote so later batches skip it. */
export class LoadWriter {
  private readonly profiles: BoundedMemory<number>;
  private readonly accounts: BoundedMemory<true>;
  private readonly hashtags: BoundedMemory<true>;
  private readonly urls: BoundedMemory<true>;
  /** Tweet ids written by this load while every other id is known absent (undefined: ask the graph). */
  private writtenTweetIds: Set<string> | undefined;

  constructor(
    private readonly db: Database,
    private readonly options: LoadWriterOptions = {},
  ) {
    const limit = options.rememberedNodes ?? writerDefaults.rememberedNodes;
    this.profiles = new BoundedMemory(limit);
    this.accounts = new BoundedMemory(limit);
    this.hashtags = new BoundedMemory(limit);
    this.urls = new BoundedMemory(limit);
    if (options.graphHeldNoTweets) this.writtenTweetIds = new Set();
  }

  /** Writes one batch in one transaction; returns what Neo4j reports it created. */
  write(plan: BatchPlan, dataset: string): Promise<WriteCounters> {
    return this.withPresenceFallback(async () => {
      const nodes = this.nodesToWrite(plan, dataset);
      const counters = await this.transaction(plan, async (tx, counters) => {
        const present = await this.runNodes(tx, plan, dataset, nodes, counters);
        await this.runRelationships(tx, plan, present, counters);
      });
      this.remember(nodes, plan);
      return counters;
    });
  }

  /** Runs `work` once; when it failed on a tweet this writer took for absent, forgets the assumption and runs it again. */
  private async withPresenceFallback<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (this.writtenTweetIds === undefined || !isConstraintViolation(error)) throw error;
      this.writtenTweetIds = undefined;
      return work();
    }
  }

  /**
   * First half of a batch in its own transaction: every node, with POSTED, IN_DATASET and ON_DOMAIN.
   * Returns the ids of the batch's tweets that were present before, for {@link writeRelationships}.
   * The two halves let one batch's relationships be written while the next batch's nodes are:
   * they touch disjoint relationship types, so they never write the same relationship twice.
   */
  writeNodes(plan: BatchPlan, dataset: string): Promise<{ present: ReadonlySet<string>; counters: WriteCounters }> {
    return this.withPresenceFallback(async () => {
      const nodes = this.nodesToWrite(plan, dataset);
      let present: ReadonlySet<string> = new Set();
      const counters = await this.transaction(plan, async (tx, counters) => {
        present = await this.runNodes(tx, plan, dataset, nodes, counters);
      });
      this.remember(nodes, plan);
      return { present, counters };
    });
  }

  /** Second half of a batch: the relationships going out of its tweets (after {@link writeNodes} committed). */
  writeRelationships(plan: BatchPlan, present: ReadonlySet<string>): Promise<WriteCounters> {
    return this.transaction(plan, (tx, counters) => this.runRelationships(tx, plan, present, counters));
  }

  private async transaction(plan: BatchPlan, work: (tx: ManagedTransaction, counters: WriteCounters) => Promise<void>): Promise<WriteCounters> {
    const started = performance.now();
    const counters = await writeTx(this.db, async (tx) => {
      // Fresh counters per attempt: a retried transaction must not count its failed attempt.
      const attempt: WriteCounters = { nodesCreated: 0, relationshipsCreated: 0, propertiesSet: 0 };
      await work(tx, attempt);
      return attempt;
    });
    this.options.onStatement?.("(transaction)", plan.tweets.length, performance.now() - started);
    return counters;
  }

  /**
   * The nodes of a batch not yet written by this load. Decided before the transaction and
   * remembered only after its commit: a retried or failed transaction never makes a later batch
   * skip a node that is not in the graph.
   */
  private nodesToWrite(plan: BatchPlan, dataset: string): NodesToWrite {
    const accounts: BatchPlan["accounts"] = [];
    const accountPrints: number[] = [];
    for (const account of plan.accounts) {
      const print = fingerprint(`${dataset}\u0000${JSON.stringify(account.props)}`);
      if (this.profiles.get(account.id) === print) continue;
      accounts.push(account);
      accountPrints.push(print);
    }
    return {
      accounts,
      accountPrints,
      accountStubs: plan.accountStubs.filter((id) => !this.accounts.has(id)),
      hashtagNames: plan.hashtagNames.filter((name) => !this.hashtags.has(name)),
      urlDomains: plan.urlDomains.filter(([url]) => !this.urls.has(url)),
    };
  }

  private remember(nodes: NodesToWrite, plan: BatchPlan): void {
    if (this.writtenTweetIds !== undefined) {
      for (const tweet of plan.tweets) this.writtenTweetIds.add(tweet.id);
      for (const [id] of plan.tweetStubs) this.writtenTweetIds.add(id);
      if (this.writtenTweetIds.size > writerDefaults.rememberedTweetIds) this.writtenTweetIds = undefined;
    }
    nodes.accounts.forEach((account, i) => {
      this.profiles.set(account.id, nodes.accountPrints[i]!);
      this.accounts.set(account.id, true);
    });
    for (const id of nodes.accountStubs) this.accounts.set(id, true);
    for (const name of nodes.hashtagNames) this.hashtags.set(name, true);
    for (const [url] of nodes.urlDomains) this.urls.set(url, true);
  }

  private async run(tx: ManagedTransaction, statement: Statement, counters: WriteCounters) {
    if (statement.rows === 0) return undefined;
    const started = performance.now();
    const result = await tx.run(cypher(statement.name), statement.params);
    this.options.onStatement?.(statement.name, statement.rows, performance.now() - started);
    const updates = result.summary.counters.updates();
    counters.nodesCreated += updates.nodesCreated;
    counters.relationshipsCreated += updates.relationshipsCreated;
    counters.propertiesSet += updates.propertiesSet;
    return result;
  }

  private async runNodes(tx: ManagedTransaction, plan: BatchPlan, dataset: string, nodes: NodesToWrite, counters: WriteCounters): Promise<Set<string>> {
    await this.run(tx, { name: "load-accounts", params: { accounts: nodes.accounts, dataset }, rows: nodes.accounts.length }, counters);
    await this.run(tx, { name: "load-account-stubs", params: { ids: nodes.accountStubs }, rows: nodes.accountStubs.length }, counters);
    await this.run(tx, { name: "load-hashtag-nodes", params: { names: nodes.hashtagNames }, rows: nodes.hashtagNames.length }, counters);
    await this.run(tx, { name: "load-url-nodes", params: { rows: nodes.urlDomains }, rows: nodes.urlDomains.length }, counters);

    const ids = plan.tweets.map((t) => t.id);
    for (const [id] of plan.tweetStubs) ids.push(id);
    const present = new Set<string>();
    const written = this.writtenTweetIds;
    if (written !== undefined) {
      for (const id of ids) if (written.has(id)) present.add(id);
    } else {
      const found = await this.run(tx, { name: "load-tweets-present", params: { ids }, rows: ids.length }, counters);
      for (const record of found?.records ?? []) present.add(record.get("id") as string);
    }

    const newTweets: Array<Array<PropertyValue | null>> = [];
    const presentTweets: BatchPlan["tweets"] = [];
    for (const tweet of plan.tweets) {
      if (present.has(tweet.id)) {
        presentTweets.push(tweet);
        continue;
      }
      const row: Array<PropertyValue | null> = [tweet.id, tweet.accountId];
      for (const key of TWEET_PROPERTY_KEYS) row.push(tweet.props[key] ?? null);
      newTweets.push(row);
    }
    const newStubs: BatchPlan["tweetStubs"] = [];
    const presentStubs: BatchPlan["tweetStubs"] = [];
    for (const stub of plan.tweetStubs) {
      if (!present.has(stub[0])) newStubs.push(stub);
      else if (stub[1] !== null) presentStubs.push(stub);
    }
    await this.run(tx, { name: "load-tweets-new", params: { rows: newTweets, dataset }, rows: newTweets.length }, counters);
    await this.run(tx, { name: "load-tweets", params: { tweets: presentTweets, dataset }, rows: presentTweets.length }, counters);
    const namePrefix = SCREEN_NAME_PREFIX;
    await this.run(tx, { name: "load-tweet-stubs-new", params: { rows: newStubs, namePrefix }, rows: newStubs.length }, counters);
    await this.run(tx, { name: "load-tweet-stubs", params: { rows: presentStubs, namePrefix }, rows: presentStubs.length }, counters);
    const authorUnknown = plan.authorUnknownStubs;
    await this.run(tx, { name: "load-tweet-stubs-author-unknown", params: { rows: authorUnknown }, rows: authorUnknown.length }, counters);
    return present;
  }

  private async runRelationships(tx: ManagedTransaction, plan: BatchPlan, present: ReadonlySet<string>, counters: WriteCounters): Promise<void> {
    // Another load's screen-name resolution may have merged a `name:` stub away since this batch's nodes committed
    // (two loads at once): make sure the stubs its mentions point at exist, or those mentions would find no account.
    const namedStubs = new Set<string>();
    for (const [, account] of plan.mentions) if (account.startsWith(SCREEN_NAME_PREFIX)) namedStubs.add(account);
    await this.run(tx, { name: "load-account-stubs", params: { ids: [...namedStubs] }, rows: namedStubs.size }, counters);
    for (const { list, statement } of TWEET_RELATIONSHIPS) {
      const fromNew: Pair[] = [];
      const fromPresent: Pair[] = [];
      for (const pair of plan[list]) (present.has(pair[0]) ? fromPresent : fromNew).push(pair);
      // Only the MENTIONS statements read `namePrefix` (to say how the account was resolved); Neo4j ignores it elsewhere.
      const namePrefix = SCREEN_NAME_PREFIX;
      await this.run(tx, { name: `${statement}-new`, params: { pairs: fromNew, namePrefix }, rows: fromNew.length }, counters);
      await this.run(tx, { name: statement, params: { pairs: fromPresent, namePrefix }, rows: fromPresent.length }, counters);
    }
  }
}

interface NodesToWrite extends Pick<BatchPlan, "accounts" | "accountStubs" | "hashtagNames" | "urlDomains"> {
  accountPrints: number[];
}

/** Writes one batch in one transaction, remembering nothing between calls. */
export function writeBatch(db: Database, plan: BatchPlan, dataset: string): Promise<WriteCounters> {
  return new LoadWriter(db, { rememberedNodes: 0 }).write(plan, dataset);
}

/** What {@link resolveScreenNames} did: stub accounts merged away, links moved, and the summary's net counts. */
export interface ScreenNameResolution {
  /** `name:<screen name>` stubs moved onto the archive's account of that name (and deleted). */
  accountsResolved: number;
  /** MENTIONS and POSTED links now marked `resolvedBy: 'screenName'`. */
  linksResolved: number;
  nodesDeleted: number;
  relationshipsCreated: number;
  relationshipsDeleted: number;
}

/**
 * Resolves accounts named only by screen name (`name:<lower-cased name>` stubs) to the archive's
 * accounts of that name, case-insensitively (cypher/load-resolve-screen-names.cypher). Run after
 * every load, on the whole graph: a mention may come before its account's first tweet, in another
 * batch, file or load, so only the end of a load knows every account. Idempotent.
 */
export async function resolveScreenNames(db: Database): Promise<ScreenNameResolution> {
  const outcome: ScreenNameResolution = { accountsResolved: 0, linksResolved: 0, nodesDeleted: 0, relationshipsCreated: 0, relationshipsDeleted: 0 };
  const [present] = await readRows<{ present: boolean }>(db, cypher("load-screen-names-present"), { namePrefix: SCREEN_NAME_PREFIX });
  if (!present?.present) return outcome;
  const [moveMentions, movePosted, deleteStubs, markNamed] = cypherStatements("load-resolve-screen-names");
  const limit = writerDefaults.linksPerTransaction;
  // LIMIT takes an integer: a JavaScript number reaches Neo4j as a float.
  const params = { namePrefix: SCREEN_NAME_PREFIX, linksPerTransaction: neo4j.int(limit) };
  const run = async (statement: string) => {
    // Counted once the transaction committed: a retried attempt must not count twice.
    const { updates, row } = await writeTx(db, async (tx) => {
      const result = await tx.run(statement, params);
      return { updates: result.summary.counters.updates(), row: (result.records[0]?.toObject() ?? {}) as Record<string, number | null> };
    });
    outcome.nodesDeleted += updates.nodesDeleted;
    outcome.relationshipsCreated += updates.relationshipsCreated;
    outcome.relationshipsDeleted += updates.relationshipsDeleted;
    return row;
  };
  // Each round moves up to `limit` links; a moved link is gone from the stub, so the rounds end.
  for (const statement of [moveMentions!, movePosted!, markNamed!]) {
    for (;;) {
      const links = (await run(statement)).links ?? 0;
      outcome.linksResolved += links;
      if (links < limit) break;
    }
  }
  outcome.accountsResolved = (await run(deleteStubs!)).accounts ?? 0;
  return outcome;
}

/** Creates or updates the Dataset node (before any batch links to it). */
export async function ensureDataset(db: Database, name: string, sources: string[]): Promise<void> {
  await writeTx(db, (tx) => tx.run(cypher("load-dataset"), { name, sources }));
}
