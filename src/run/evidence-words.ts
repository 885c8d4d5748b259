/**
 * communities' evidence in words a reader can repeat: "A mentioned B twice", "both mentioned
 * @teamc_source_67 (shared by 3 accounts): A at 2016-10-01 00:53:00 UTC, B at 2016-10-04 14:30:00 UTC".
 * One wording for the HTML and Markdown reports, the viewer's panel and its tie popup. Pure and free of
 * Node and DOM code (the viewer's page imports it); callers escape the result for their medium.
 */
import { shortAccountNames } from "./display-names.ts";
import type { AmplifyingAction, InteractionAction, InteractionEvidence, SharedTargetEvidence } from "./model.ts";
import { counted, formatTimestamp, readableTweetText } from "./words.ts";

export interface EvidenceWordsOptions {
  /** Put before an account's screen name. Default "@"; Markdown passes "account " so GitHub does not link a user of that name. */
  at?: string;
  /** A post's time (Unix ms) in words. Default: to the second, in UTC. */
  clock?: (ms: number) => string;
  /** Longest tweet text quoted, in characters. Default 100. */
  maxText?: number;
}

const DEFAULT_CLOCK = (ms: number) => (Number.isFinite(ms) ? formatTimestamp(new Date(ms).toISOString()) : "an unknown time");

const INTERACTION_VERBS: Record<InteractionAction, string> = { retweet: "retweeted", quote: "quoted", reply: "replied to", mention: "mentioned" };
const AMPLIFYING_VERBS: Record<AmplifyingAction, string> = { ...INTERACTION_VERBS, link: "posted" };

/** "once", "twice", "3 times". */
export function timesWords(count: number): string {
  return count === 1 ? "once" : count === 2 ? "twice" : `${count.toLocaleString("en")} times`;
}

/**
 * A kind of direct interaction, each way it happened.
 *
 * @example
 * interactionWords({ kind: "interaction", action: "retweet", countA: 3, countB: 1 }, "A", "B"); // "A retweeted B 3 times, B retweeted A once"
 */
export function interactionWords(item: InteractionEvidence, a: string, b: string): string {
  const verb = INTERACTION_VERBS[item.action];
  const ways = [
    ...(item.countA > 0 ? [`${a} ${verb} ${b} ${timesWords(item.countA)}`] : []),
    ...(item.countB > 0 ? [`${b} ${verb} ${a} ${timesWords(item.countB)}`] : []),
  ];
  return ways.join(", ");
}

/**
 * What the shared target is: an outside account by its screen name ("@teamc_source_67") or, hashed or
 * unnamed, by its short id as the project shows ids ("account 9f86d081…"); a tweet by its text ("the
 * tweet “…”"); a link as it is.
 */
export function sharedTargetName(item: SharedTargetEvidence, options: EvidenceWordsOptions = {}): string {
  if (item.targetKind === "account") {
    const name = shortAccountNames([{ id: item.object, screenName: item.label }]).get(item.object) ?? item.object;
    return name === item.label ? `${options.at ?? "@"}${name}` : `account ${name}`;
  }
  if (item.targetKind === "tweet") {
    // A retweeted tweet the archive holds only as a stub has no text of its own; a retweet's text ("RT @author: ...") is its text.
    const label = item.label ?? (item.actionA === "retweet" ? item.textA : item.actionB === "retweet" ? item.textB : null);
    if (label === null) return `the tweet ${item.object}`;
    const text = readableTweetText(label).replace(/\s+/g, " ").trim();
    const max = options.maxText ?? 100;
    return `the tweet “${text.length > max ? `${text.slice(0, max - 1)}…` : text}”`;
  }
  return `the link ${item.object}`;
}

/**
 * What both did and how rare the target is: "both mentioned @x (shared by 3 accounts)"; "both
 * amplified" when they did it differently (one retweeted the account, the other mentioned it).
 */
export function sharedTargetHeadline(item: SharedTargetEvidence, options: EvidenceWordsOptions = {}): string {
  const verb = item.actionA === item.actionB ? AMPLIFYING_VERBS[item.actionA] : "amplified";
  const rarity = item.sharingAccounts === 2 ? "no other account shares it" : `shared by ${counted(item.sharingAccounts, "account")}`;
  return `both ${verb} ${sharedTargetName(item, options)} (${rarity})`;
}

/**
 * Each account's earliest post amplifying the target: "A at 2016-10-01 00:53:00 UTC, B at … (first of
 * 3)"; with the verb when the two did it differently ("A retweeted it at …, B mentioned it at …").
 */
export function sharedTargetPosts(item: SharedTargetEvidence, a: string, b: string, options: EvidenceWordsOptions = {}): string {
  const clock = options.clock ?? DEFAULT_CLOCK;
  const same = item.actionA === item.actionB;
  const post = (name: string, action: AmplifyingAction, time: number, count: number) =>
    `${name}${same ? "" : ` ${AMPLIFYING_VERBS[action]} it`} at ${clock(time)}${count > 1 ? ` (first of ${count.toLocaleString("en")})` : ""}`;
  return `${post(a, item.actionA, item.timeA, item.countA)}, ${post(b, item.actionB, item.timeB, item.countB)}`;
}

/** The whole line: headline, then both posts. */
export function sharedTargetWords(item: SharedTargetEvidence, a: string, b: string, options: EvidenceWordsOptions = {}): string {
  return `${sharedTargetHeadline(item, options)}: ${sharedTargetPosts(item, a, b, options)}`;
}
