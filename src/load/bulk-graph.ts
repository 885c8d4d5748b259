/**
 * Turns the planned batches of a load into `neo4j-admin import` CSV files that describe exactly the
 * graph the driver path would write from the same batches (writer.ts): the driver MERGEs each
 * batch's nodes and relationships in turn, so its graph is the union of the batches' plans, with
 * properties folded in batch order. Here that union is de-duplicated in memory:
 *
 * - accounts (thousands to a few million): a Map from id to index, profile fields merged as the
 *   driver's `SET a += props` merges them, written at the end with `stub` = no profile seen;
 * - tweets (archive and referenced, tens of millions): a {@link TweetIdMap} from id to its author
 *   (archive tweets) or the account a reference named (stubs); archive tweets are written as they
 *   come, stubs at the end, unless the id turned out to be an archive tweet; a stub known by its text
 *   alone (`authorUnknown`, FiveThirtyEight retweets without "RT @name:") is written at its first
 *   sighting with its text instead, and flagged so the end skips it (its text would not fit the map);
 * - hashtags, URLs, domains: Sets of their keys (vocabularies, far smaller than the tweets);
 * - POSTED from a reference whose account differs from the tweet's author (rare): a Set of pairs.
 *
 * An archive tweet seen again in a later batch (JSON originals embedded in many retweets, shares
 * files listing a tweet twice) cannot be folded into a row already written: its later sightings are
 * kept as {@link DeferredTweets} and written through the driver after the import, in order, with the
 * driver path's MERGE statements, which is exactly how the driver path would have applied them.
 */
import fs from "node:fs";
import path from "node:path";
import { TweetIdMap } from "./bulk-ids.ts";
import { SCREEN_NAME_PREFIX } from "./formats/common.ts";
import { field, ImportCsvFile, propertyHeader, quoted } from "./bulk-csv.ts";
import { TWEET_RELATIONSHIPS, type BatchPlan, type Pair, type PlannedTweet, type Props } from "./plan.ts";
import { ACCOUNT_PROPERTIES, ACCOUNT_PROPERTY_KEYS, TWEET_PROPERTIES, TWEET_PROPERTY_KEYS } from "./properties.ts";

/** Later sightings of archive tweets, with their relationships, to write through the driver after the import. */
export interface DeferredTweets {
  dataset: string;
  plan: BatchPlan;
}

/** The files and figures of a finished set of import files. */
export interface ImportFiles {
  /** `--nodes=<Label>=<file>` arguments. */
  nodes: Array<{ label: string; file: string; rows: number }>;
  /** `--relationships=<TYPE>=<file>` arguments. */
  relationships: Array<{ type: string; file: string; rows: number }>;
  /** Files whose fields may hold line breaks (`--multiline-fields`). */
  multiline: string[];
  nodeRows: number;
  relationshipRows: number;
}

const ARCHIVE = 0x80000000;
/**
 * A stub already written with `authorUnknown` and its text. Its id is a hash of that text
 * (`538rt:text:…`), which no format gives an archive tweet, so it never turns into one.
 */
const AUTHOR_UNKNOWN = 0x40000000;
const ACCOUNT_MASK = 0x3fffffff;

interface AccountEntry {
  id: string;
  props: Props | undefined;
  datasets: string[] | undefined;
}

export class BulkGraphWriter {
  private readonly accountIndex = new Map<string, number>();
  private readonly accounts: AccountEntry[] = [];
  private readonly tweetIds = new TweetIdMap(1 << 20);
  private readonly hashtags = new Set<string>();
  private readonly urls = new Set<string>();
  private readonly domains = new Set<string>();
  private readonly datasets = new Set<string>();
  /** `${accountIndex}\0${tweetId}` of POSTED pairs beyond each tweet's first author or reference. */
  private readonly extraPosted = new Set<string>();

  private readonly tweetFile: ImportCsvFile;
  private readonly authorUnknownStubFile: ImportCsvFile;
  private readonly hashtagFile: ImportCsvFile;
  private readonly urlFile: ImportCsvFile;
  private readonly domainFile: ImportCsvFile;
  private readonly postedFile: ImportCsvFile;
  private readonly onDomainFile: ImportCsvFile;
  private readonly relationshipFiles: Map<string, ImportCsvFile>;
  private readonly tweetHeaderKeys = TWEET_PROPERTY_KEYS;

  constructor(private readonly dir: string) {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const file = (name: string, header: string[]) => new ImportCsvFile(path.join(dir, name), header);
    this.tweetFile = file("tweets.csv", ["id:ID(Tweet)", "stub:boolean", "datasets:string[]", ...propertyHeader(TWEET_PROPERTIES)]);
    // The same properties as cypher/load-tweet-stubs-author-unknown.cypher sets.
    this.authorUnknownStubFile = file("tweet-stubs-author-unknown.csv", ["id:ID(Tweet)", "stub:boolean", "authorUnknown:boolean", "text:string"]);
    this.hashtagFile = file("hashtags.csv", ["name:ID(Hashtag)"]);
    this.urlFile = file("urls.csv", ["url:ID(Url)", "domain:string"]);
    this.domainFile = file("domains.csv", ["name:ID(Domain)"]);
    // `resolvedBy` only on a referenced tweet's POSTED from an account named by screen name (see writer.ts).
    this.postedFile = file("posted.csv", [":START_ID(Account)", ":END_ID(Tweet)", "resolvedBy:string"]);
    this.onDomainFile = file("on-domain.csv", [":START_ID(Url)", ":END_ID(Domain)"]);
    this.relationshipFiles = new Map(
      TWEET_RELATIONSHIPS.map(({ type, end }) => [
        type,
        file(`${type.toLowerCase().replace("_", "-")}.csv`, [":START_ID(Tweet)", `:END_ID(${end})`, ...(type === "MENTIONS" ? ["resolvedBy:string"] : [])]),
      ]),
    );
  }

  private account(id: string): number {
    let index = this.accountIndex.get(id);
    if (index === undefined) {
      index = this.accounts.length;
      this.accountIndex.set(id, index);
      this.accounts.push({ id, props: undefined, datasets: undefined });
    }
    return index;
  }

  /** Adds one planned batch; returns the later sightings of tweets already written, if any. */
  add(plan: BatchPlan, dataset: string): DeferredTweets | undefined {
    this.datasets.add(dataset);
    for (const { id, props } of plan.accounts) {
      const entry = this.accounts[this.account(id)]!;
      entry.props = entry.props ? Object.assign(entry.props, props) : { ...props };
      if (!entry.datasets) entry.datasets = [dataset];
      else if (!entry.datasets.includes(dataset)) entry.datasets.push(dataset);
    }
    for (const id of plan.accountStubs) this.account(id);
    for (const name of plan.hashtagNames) {
      if (this.hashtags.has(name)) continue;
      this.hashtags.add(name);
      this.hashtagFile.row(quoted(name));
    }
    for (const [url, domain] of plan.urlDomains) {
      if (this.urls.has(url)) continue;
      this.urls.add(url);
      this.urlFile.row(`${quoted(url)},${domain === null ? "" : quoted(domain)}`);
      if (domain === null) continue;
      this.onDomainFile.row(`${quoted(url)},${quoted(domain)}`);
      if (this.domains.has(domain)) continue;
      this.domains.add(domain);
      this.domainFile.row(quoted(domain));
    }

    let repeated: Set<string> | undefined;
    const datasets = quoted(dataset);
    for (const tweet of plan.tweets) {
      const author = this.account(tweet.accountId);
      const known = this.tweetIds.get(tweet.id);
      if (known !== undefined && (known & ARCHIVE) !== 0) {
        (repeated ??= new Set()).add(tweet.id);
        continue;
      }
      if (known !== undefined) {
        // A referenced tweet met earlier is in the archive after all: its reference's account keeps its POSTED.
        const referrer = known & ACCOUNT_MASK;
        if (referrer !== 0 && referrer - 1 !== author) this.extraPosted.add(`${referrer - 1}\u0000${tweet.id}`);
      }
      this.tweetIds.set(tweet.id, ARCHIVE | (author + 1));
      this.writeTweet(tweet, datasets);
      this.postedFile.row(`${quoted(tweet.accountId)},${quoted(tweet.id)},`);
    }
    for (const [id, accountId] of plan.tweetStubs) {
      const referrer = accountId === null ? 0 : this.account(accountId) + 1;
      const known = this.tweetIds.get(id);
      if (known === undefined) {
        this.tweetIds.set(id, referrer);
      } else if (referrer !== 0) {
        const first = known & ACCOUNT_MASK;
        if (first === 0 && (known & ARCHIVE) === 0) this.tweetIds.set(id, (known & AUTHOR_UNKNOWN) | referrer);
        else if (first !== referrer) this.extraPosted.add(`${referrer - 1}\u0000${id}`);
      }
    }
    for (const [id, text] of plan.authorUnknownStubs) {
      const known = this.tweetIds.get(id) ?? 0;
      if ((known & (ARCHIVE | AUTHOR_UNKNOWN)) !== 0) continue;
      this.tweetIds.set(id, known | AUTHOR_UNKNOWN);
      this.authorUnknownStubFile.row(`${quoted(id)},true,true,${quoted(text)}`);
    }
    for (const { list, type } of TWEET_RELATIONSHIPS) {
      const out = this.relationshipFiles.get(type)!;
      const mentions = type === "MENTIONS";
      for (const [from, to] of plan[list]) {
        if (repeated?.has(from)) continue;
        out.row(mentions ? `${quoted(from)},${quoted(to)},${mentionResolvedBy(to)}` : `${quoted(from)},${quoted(to)}`);
      }
    }
    return repeated === undefined ? undefined : { dataset, plan: deferredPlan(plan, repeated) };
  }

  private writeTweet(tweet: PlannedTweet, datasets: string): void {
    let row = `${quoted(tweet.id)},false,${datasets}`;
    for (const key of this.tweetHeaderKeys) row += `,${field(tweet.props[key], TWEET_PROPERTIES[key])}`;
    this.tweetFile.row(row);
  }

  /** Writes what only the end of the input decides (stub tweets, accounts, extra POSTED) and closes every file. */
  finish(): ImportFiles {
    const stubFile = new ImportCsvFile(path.join(this.dir, "tweet-stubs.csv"), ["id:ID(Tweet)", "stub:boolean"]);
    for (const [id, value] of this.tweetIds.entries()) {
      if ((value & ARCHIVE) !== 0) continue;
      // A stub known by its text alone was written at its first sighting.
      if ((value & AUTHOR_UNKNOWN) === 0) stubFile.row(`${quoted(id)},true`);
      const referrer = value & ACCOUNT_MASK;
      if (referrer !== 0) this.postedFile.row(stubPostedRow(this.accounts[referrer - 1]!.id, id));
    }
    for (const pair of this.extraPosted) {
      const [index, id] = pair.split("\u0000") as [string, string];
      this.postedFile.row(stubPostedRow(this.accounts[Number(index)]!.id, id));
    }

    const accountFile = new ImportCsvFile(path.join(this.dir, "accounts.csv"), ["id:ID(Account)", "stub:boolean", ...propertyHeader(ACCOUNT_PROPERTIES)]);
    const inDatasetFile = new ImportCsvFile(path.join(this.dir, "in-dataset.csv"), [":START_ID(Account)", ":END_ID(Dataset)"]);
    for (const { id, props, datasets } of this.accounts) {
      let row = `${quoted(id)},${props === undefined}`;
      for (const key of ACCOUNT_PROPERTY_KEYS) row += `,${field(props?.[key], ACCOUNT_PROPERTIES[key])}`;
      accountFile.row(row);
      for (const dataset of datasets ?? []) inDatasetFile.row(`${quoted(id)},${quoted(dataset)}`);
    }
    const datasetFile = new ImportCsvFile(path.join(this.dir, "datasets.csv"), ["name:ID(Dataset)"]);
    for (const name of this.datasets) datasetFile.row(quoted(name));

    const nodes = [
      { label: "Account", file: accountFile },
      { label: "Tweet", file: this.tweetFile },
      { label: "Tweet", file: stubFile },
      { label: "Tweet", file: this.authorUnknownStubFile },
      { label: "Hashtag", file: this.hashtagFile },
      { label: "Url", file: this.urlFile },
      { label: "Domain", file: this.domainFile },
      { label: "Dataset", file: datasetFile },
    ];
    const relationships = [
      { type: "POSTED", file: this.postedFile },
      ...[...this.relationshipFiles].map(([type, file]) => ({ type, file })),
      { type: "ON_DOMAIN", file: this.onDomainFile },
      { type: "IN_DATASET", file: inDatasetFile },
    ];
    for (const { file } of [...nodes, ...relationships]) file.close();
    return {
      nodes: nodes.map(({ label, file }) => ({ label, file: file.path, rows: file.rows })),
      relationships: relationships.map(({ type, file }) => ({ type, file: file.path, rows: file.rows })),
      multiline: [accountFile.path, this.tweetFile.path],
      nodeRows: nodes.reduce((sum, { file }) => sum + file.rows, 0),
      relationshipRows: relationships.reduce((sum, { file }) => sum + file.rows, 0),
    };
  }
}

/** A MENTIONS row's `resolvedBy`, as cypher/load-mentions-new.cypher sets it. */
function mentionResolvedBy(accountId: string): string {
  return accountId.startsWith(SCREEN_NAME_PREFIX) ? "unresolved" : "id";
}

/** A referenced tweet's POSTED row, `resolvedBy` as cypher/load-tweet-stubs-new.cypher sets it (empty: no property). */
function stubPostedRow(accountId: string, tweetId: string): string {
  return `${quoted(accountId)},${quoted(tweetId)},${accountId.startsWith(SCREEN_NAME_PREFIX) ? "unresolved" : ""}`;
}

/** The part of a batch plan about its repeated tweets: their rows and the relationships going out of them. */
function deferredPlan(plan: BatchPlan, repeated: ReadonlySet<string>): BatchPlan {
  const from = (pairs: Pair[]) => pairs.filter(([id]) => repeated.has(id));
  return {
    accounts: [],
    accountStubs: [],
    tweets: plan.tweets.filter((t) => repeated.has(t.id)),
    tweetStubs: [],
    authorUnknownStubs: [],
    retweetOf: from(plan.retweetOf),
    replyTo: from(plan.replyTo),
    quotes: from(plan.quotes),
    mentions: from(plan.mentions),
    hashtags: from(plan.hashtags),
    urls: from(plan.urls),
    urlDomains: [],
    hashtagNames: [],
  };
}
