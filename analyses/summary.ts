/**
 * `summary`: the archive at a glance — size, time range, kinds of posts, languages, clients, top
 * hashtags and domains, most retweeted accounts, and account creation dates (accounts created in
 * batches on the same days are a known sign of a troll farm; Linvill & Warren 2020).
 */
import { defineAnalysis, timed } from "../src/engine/module.ts";
import { scopeParams } from "../src/engine/scope.ts";
import { cypher } from "../src/db/cypher.ts";
import { readRows } from "../src/db/driver.ts";
import neo4j from "neo4j-driver";

type Counted = { value: string; count: number };

const summary = defineAnalysis({
  name: "summary",
  description: "the archive at a glance: size, time range, post kinds, languages, clients, hashtags, domains, retweeted accounts, account creation batches",
  options: [
    { key: "top", flag: "top", type: "number", integer: true, default: 20, min: 1, max: 1000, description: "how many values each top list keeps" },
    { key: "batchDays", flag: "batch-days", type: "number", integer: true, default: 5, min: 2, description: "a creation day with at least this many new accounts counts as a batch" },
  ],
  async run(context, options) {
    // LIMIT needs a Cypher integer; a JS number is sent as a float.
    const params = { ...scopeParams(context.scope), top: neo4j.int(options.top) };
    const read = <T>(name: string) => readRows<T>(context.db, cypher(name), params);
    const [counts] = await timed(context, "counts", () =>
      read<{ tweets: number; accounts: number; first: number | null; last: number | null; retweets: number; replies: number; quotes: number; minutePrecision: number; retweetsOfUnknownAuthors: number }>("summary-counts"),
    );
    const tables = await timed(context, "facets", async () => ({
      datasets: await read<Counted>("summary-datasets"),
      languages: await read<Counted>("summary-languages"),
      clients: await read<Counted>("summary-clients"),
      hashtags: await read<Counted>("summary-hashtags"),
      domains: await read<Counted>("summary-domains"),
      retweeted_accounts: await read<Counted & { screenName: string | null }>("summary-retweeted-accounts"),
      creation_days: await read<{ day: string; count: number }>("summary-creation-days"),
    }));
    const c = counts!;
    const share = (n: number) => (c.tweets > 0 ? Number((n / c.tweets).toFixed(4)) : 0);
    const batches = tables.creation_days.filter((d) => d.count >= options.batchDays);
    const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
    return {
      directed: false,
      nodes: [],
      edges: [],
      communities: [],
      summary: {
        tweets: c.tweets,
        accounts: c.accounts,
        datasets: tables.datasets.map((d) => d.value).join(", "),
        first: iso(c.first),
        last: iso(c.last),
        retweetShare: share(c.retweets),
        replyShare: share(c.replies),
        quoteShare: share(c.quotes),
        minutePrecisionShare: share(c.minutePrecision),
        // Said only where it happens (FiveThirtyEight files): the most retweeted accounts leave these retweets out.
        retweetsOfUnknownAuthors: c.retweetsOfUnknownAuthors > 0 ? c.retweetsOfUnknownAuthors : null,
        topLanguage: tables.languages[0]?.value ?? null,
        topHashtag: tables.hashtags[0]?.value ?? null,
        topDomain: tables.domains[0]?.value ?? null,
        creationBatchDays: batches.length,
        accountsCreatedInBatches: batches.reduce((sum, d) => sum + d.count, 0),
      },
      tables: {
        ...tables,
        creation_batches: [...batches].sort((a, b) => b.count - a.count || a.day.localeCompare(b.day)),
      } as Record<string, Array<Record<string, string | number | null>>>,
    };
  },
});

export default summary;
