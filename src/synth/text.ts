/**
 * Text of synthetic tweets, composed from the word banks in `lexicon.ts`: one sentence is an opener,
 * subject, verb, object and tail, so the space of texts is large enough that organic accounts rarely
 * post identical text by chance (co-text must come from campaigns), yet composing costs a few picks.
 */
import type { Rng } from "../util/rng.ts";
import { DOMAIN_TLDS, DOMAIN_WORDS, EMOJI, NEWS_DOMAINS, SLUG_WORDS, type LanguageLexicon } from "./lexicon.ts";

export function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)];
}

/** Index in [0, n) skewed to small values (popular first): a cheap Zipf-like choice. */
export function skewedIndex(rng: Rng, n: number, power = 2.5): number {
  return Math.floor(n * rng() ** power);
}

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

export function randomToken(rng: Rng, length: number): string {
  let token = "";
  for (let i = 0; i < length; i++) token += BASE62[Math.floor(rng() * 62)];
  return token;
}

/** A t.co short link as tweet texts carry them (the urls column holds the expanded link). */
export function tcoLink(rng: Rng): string {
  return `https://t.co/${randomToken(rng, 10)}`;
}

function capitalise(text: string): string {
  return text.length === 0 ? text : text[0].toUpperCase() + text.slice(1);
}

const ENDINGS = [".", ".", ".", "!", "!", "...", "?", "!!!"] as const;

/** One sentence: `[opener] subject verb object<ending> [tail] [emoji]`. */
export function composeSentence(rng: Rng, lexicon: LanguageLexicon): string {
  const opener = pick(rng, lexicon.openers);
  let core = `${pick(rng, lexicon.subjects)} ${pick(rng, lexicon.verbs)} ${pick(rng, lexicon.objects)}`;
  if (opener === "" || /[.!:?]$/.test(opener)) core = capitalise(core);
  let sentence = opener === "" ? core : `${opener} ${core}`;
  sentence += pick(rng, ENDINGS);
  const tail = pick(rng, lexicon.tails);
  if (tail !== "") sentence += ` ${tail}`;
  if (rng() < 0.08) sentence += ` ${pick(rng, EMOJI)}`;
  return sentence;
}

/** The body of an original tweet: one sentence, sometimes two (on a new line now and then). */
export function composeBody(rng: Rng, lexicon: LanguageLexicon): string {
  const first = composeSentence(rng, lexicon);
  const roll = rng();
  if (roll < 0.2) return `${first} ${composeSentence(rng, lexicon)}`;
  if (roll < 0.24) return `${first}\n${composeSentence(rng, lexicon)}`;
  return first;
}

/**
 * A news headline: subject, verb and object, capitalised, without the tweet's chatter. Share buttons
 * post it word for word, so everyone sharing the article from its page writes the same text.
 */
export function composeHeadline(rng: Rng, lexicon: LanguageLexicon): string {
  return capitalise(`${pick(rng, lexicon.subjects)} ${pick(rng, lexicon.verbs)} ${pick(rng, lexicon.objects)}`);
}

/**
 * A near-identical copy of `text`, as copy-paste campaigns post them: one or two small edits
 * (an emoji, different final punctuation, a filler word, a lower-case start) that keep almost every word.
 */
export function nearCopy(rng: Rng, text: string, lexicon: LanguageLexicon): string {
  let copy = text;
  const edits = 1 + Math.floor(rng() * 2);
  for (let e = 0; e < edits; e++) {
    const kind = Math.floor(rng() * 5);
    if (kind === 0) copy = `${copy} ${pick(rng, EMOJI)}`;
    else if (kind === 1) copy = /[.!?]$/.test(copy) ? `${copy.slice(0, -1)}${pick(rng, ["!!", "...", "!", "."])}` : `${copy}!`;
    else if (kind === 2) {
      const words = copy.split(" ");
      const at = 1 + Math.floor(rng() * Math.max(1, words.length - 1));
      words.splice(at, 0, pick(rng, lexicon.fillers));
      copy = words.join(" ");
    } else if (kind === 3) copy = copy[0].toLowerCase() + copy.slice(1);
    else copy = copy.replace(", ", " ");
  }
  return copy;
}

/** An article link on a news or platform domain (expanded, as the urls column mostly has them). */
export function newsUrl(rng: Rng, timeMs: number): string {
  const domain = pick(rng, NEWS_DOMAINS);
  if (domain === "www.youtube.com") return `https://www.youtube.com/watch?v=${randomToken(rng, 11)}`;
  if (domain === "bit.ly" || domain === "ow.ly" || domain === "goo.gl" || domain === "dlvr.it") return `http://${domain}/${randomToken(rng, 7)}`;
  if (domain.endsWith("livejournal.com")) return `http://${domain}/${100000 + Math.floor(rng() * 900000)}.html`;
  if (domain === "www.facebook.com" || domain === "vk.com" || domain === "www.instagram.com") {
    return `https://${domain}/${pick(rng, ["photo.php?fbid=", "wall-", "p/"])}${randomToken(rng, 9)}`;
  }
  return `https://${domain}/${articlePath(rng, timeMs)}`;
}

function articlePath(rng: Rng, timeMs: number): string {
  const date = new Date(timeMs).toISOString();
  const slug = `${pick(rng, SLUG_WORDS)}-${pick(rng, SLUG_WORDS)}-${pick(rng, SLUG_WORDS)}`;
  return `${date.slice(0, 4)}/${date.slice(5, 7)}/${date.slice(8, 10)}/${slug}-${100000 + Math.floor(rng() * 900000)}`;
}

/** An invented domain for a campaign's own links (never a real site). */
export function campaignDomain(rng: Rng): string {
  const a = pick(rng, DOMAIN_WORDS);
  let b: string = pick(rng, DOMAIN_WORDS);
  if (b === a) b = "online";
  return `${a}${rng() < 0.5 ? "-" : ""}${b}${pick(rng, DOMAIN_TLDS)}`;
}

/** An article link on a campaign domain, sometimes through a shortener as the campaign posted it. */
export function campaignUrl(rng: Rng, domain: string, timeMs: number): string {
  if (rng() < 0.15) return `http://bit.ly/${randomToken(rng, 7)}`;
  return `http://${domain}/${articlePath(rng, timeMs)}`;
}

/**
 * A rare hashtag for a campaign: two capitalised words and sometimes a number (`TruthRiver17`),
 * not in `avoid` (popular organic hashtags and other campaigns' tags).
 */
export function rareHashtag(rng: Rng, lexicon: LanguageLexicon, avoid: Set<string>): string {
  for (let attempt = 0; ; attempt++) {
    const a = pick(rng, lexicon.tagWords);
    const b = pick(rng, lexicon.tagWords);
    if (a === b) continue;
    // Many campaigns can exhaust the word pairs: a longer number then keeps the tag unique.
    const number = attempt > 20 ? String(100 + avoid.size) : rng() < 0.4 ? String(10 + Math.floor(rng() * 90)) : "";
    const tag = `${a}${b}${number}`;
    if (!avoid.has(tag.toLowerCase())) {
      avoid.add(tag.toLowerCase());
      return tag;
    }
  }
}

/** Twitter's truncation of retweet text: at most 140 characters, cut with '…' (never inside a surrogate pair). */
export function truncateTweet(text: string, limit = 140): string {
  if (text.length <= limit) return text;
  let cut = limit - 1;
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  return `${text.slice(0, cut)}…`;
}
