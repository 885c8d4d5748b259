/**
 * The side panel of one account: what the payload knows at once (name, community, scores), then the
 * details of `GET /api/account/:id` (profile, ties with their evidence and significance, hashtags,
 * URLs, tweets). Everything from data goes in as text (dom.ts).
 */
import type { AccountDetails, AccountTweet, ViewerPayload } from "../../src/viewer/types.ts";
import { counted, metricLabel, readableTweetText } from "../../src/run/words.ts";
import { el, formatNumber, formatTime } from "./dom.ts";
import { evidenceList, exampleList, tieFacts } from "./evidence.ts";

export interface PanelContext {
  payload: ViewerPayload;
  /** Payload index of each shown account. */
  indexOf: Map<string, number>;
  /** Selects another account (a tie); only called for accounts on the page. */
  select(id: string): void;
}

let request = 0;

/** Fills the panel for `id`; a newer call wins over a slower earlier fetch. */
export async function showAccount(body: HTMLElement, context: PanelContext, id: string): Promise<void> {
  const ticket = ++request;
  const { payload } = context;
  const index = context.indexOf.get(id);
  const community = index === undefined ? null : (payload.nodes.community[index] ?? null);
  const legend = payload.communities.find((c) => c.id === community);

  const heading = el("h2", { text: index === undefined ? id : payload.nodes.label[index]!, title: id });
  const scores = el("dl", {}, [
    ...pair("id", id),
    ...pair(payload.run.groupNounSingular, community === null ? "none" : `#${community}${legend ? ` (${counted(legend.size, "account")})` : ""}`, legend ? swatch(legend.colour) : null),
    ...(index === undefined ? [] : payload.sizeMetrics.flatMap((metric) => pair(metricLabel(metric), formatNumber(payload.nodes.metrics[metric]![index]!)))),
  ]);
  const loading = el("p", { className: "muted", text: "loading account details…" });
  body.replaceChildren(heading, scores, loading);

  let details: AccountDetails | null = null;
  let failure: string | null = null;
  try {
    const response = await fetch(`api/account/${encodeURIComponent(id)}`, { headers: { Accept: "application/json" } });
    if (response.ok) details = (await response.json()) as AccountDetails;
    else failure = response.status === 404 ? "not in the database" : `details unavailable (HTTP ${response.status})`;
  } catch (error) {
    failure = `details unavailable (${(error as Error).message})`;
  }
  if (ticket !== request) return;
  loading.remove();
  if (!details) {
    body.append(el("p", { className: "muted", text: failure ?? "no details" }));
    return;
  }
  body.dataset.account = id;
  body.append(...detailSections(details, context));
}

function detailSections(details: AccountDetails, context: PanelContext): HTMLElement[] {
  const sections: HTMLElement[] = [];
  const p = details.profile;
  if (p) {
    // Hashed accounts carry the hash as screen and display name too: the id above already shows it.
    const own = (name: string | null) => (name !== null && name !== details.id ? name : null);
    sections.push(
      el("h3", { text: "Profile" }),
      el("dl", {}, [
        ...pair("screen name", own(p.screenName)),
        ...pair("display name", own(p.displayName) === p.screenName ? null : own(p.displayName)),
        ...pair("followers", p.followers === null ? null : formatNumber(p.followers)),
        ...pair("following", p.following === null ? null : formatNumber(p.following)),
        ...pair("created", p.createdAt),
        ...pair("language", p.language),
        ...pair("location", p.location),
        ...pair("description", p.description),
        ...pair("category", p.accountCategory),
        ...pair("type", p.accountType),
        ...pair("hashed id", p.hashed === null ? null : p.hashed ? "yes" : "no"),
        ...pair("in archive", p.stub === null ? null : p.stub ? "no (referenced only)" : "yes"),
        ...pair("datasets", details.datasets.join(", ") || null),
        ...pair("tweets", details.posts === null ? null : formatNumber(details.posts)),
      ]),
    );
  } else if (!details.databaseConnected) {
    sections.push(el("p", { className: "warning", text: context.payload.database.message ?? "Neo4j is unreachable: the profile is unknown" }));
  } else {
    sections.push(el("p", { className: "muted", text: "no profile in the database (the account is only in the run)" }));
  }

  const run = details.run;
  sections.push(el("h3", { text: `Strongest ties (${formatNumber(run.ties.length)} of ${formatNumber(run.tieCount)})` }));
  if (run.ties.length === 0) sections.push(el("p", { className: "muted", text: "none in this run" }));
  else {
    sections.push(
      el(
        "ul",
        { className: "ties" },
        run.ties.map((tie) => {
          const onPage = context.indexOf.has(tie.id);
          const name = el("span", { className: onPage ? "tie" : "", text: tie.label, title: tie.id });
          if (onPage) name.addEventListener("click", () => context.select(tie.id));
          const colour = tie.community === null ? null : context.payload.communities.find((c) => c.id === tie.community)?.colour;
          const evidence = tie.evidence.length > 0 ? evidenceList(tie.evidence, details.label, tie.label) : tie.examples.length > 0 ? exampleList(tie.examples) : null;
          return el("li", { className: "tie-entry", attributes: { "data-tie": tie.id } }, [
            colour ? swatch(colour) : null,
            name,
            el("div", { className: "muted facts", text: tieFacts(tie.weight, tie.attributes) }),
            evidence,
          ]);
        }),
      ),
    );
  }

  if (details.evidenceTweets.length > 0) {
    sections.push(el("h3", { text: "Coordinated shares" }), el("ul", {}, details.evidenceTweets.map(tweetItem)));
  }
  if (details.hashtags.length > 0) {
    sections.push(el("h3", { text: "Top hashtags" }), el("ul", {}, details.hashtags.map((h) => el("li", { text: `#${h.name} (${formatNumber(h.uses)})` }))));
  }
  if (details.urls.length > 0) {
    sections.push(el("h3", { text: "Top URLs" }), el("ul", {}, details.urls.map((u) => el("li", { text: `${u.url} (${formatNumber(u.uses)})` }))));
  }
  if (details.tweets.length > 0) {
    sections.push(el("h3", { text: "Latest tweets" }), el("ul", {}, details.tweets.map(tweetItem)));
  }
  return sections;
}

function tweetItem(tweet: AccountTweet): HTMLElement {
  return el("li", { className: "tweet" }, [
    el("time", { text: formatTime(tweet.time), attributes: tweet.time === null ? {} : { datetime: new Date(tweet.time).toISOString() } }),
    el("span", { text: tweetText(tweet) }),
  ]);
}

/** The tweet's text, marked as a retweet once: archives already store most retweets as "RT @name: ...". */
export function tweetText(tweet: Pick<AccountTweet, "id" | "text" | "isRetweet">): string {
  if (tweet.text === null) return `(${tweet.isRetweet ? "retweet" : "tweet"} ${tweet.id}, no text)`;
  const text = readableTweetText(tweet.text);
  return tweet.isRetweet && !/^RT\b/.test(text) ? `RT ${text}` : text;
}

function pair(term: string, value: string | null | undefined, prefix: Node | null = null): HTMLElement[] {
  if (value === null || value === undefined || value === "") return [];
  return [el("dt", { text: term }), el("dd", {}, [prefix, document.createTextNode(value)])];
}

function swatch(colour: string): HTMLElement {
  const dot = el("span", { className: "swatch" });
  dot.style.background = colour;
  return dot;
}
