/**
 * Tweet text normalisation for near-duplicate detection (co-text): two tweets that differ only in
 * links, mentions, retweet prefixes, hashtag signs, case, punctuation, spacing or HTML escaping
 * normalise to the same tokens.
 *
 * Unicode-aware: tokens are runs of letters, digits and combining marks (`\p{L}\p{N}\p{M}`), so
 * Cyrillic, Arabic, Persian, Devanagari and CJK text keep their words. NFKC folds compatibility
 * forms (full-width letters, ligatures, Arabic presentation forms). Arabic-script folding follows
 * common Persian/Arabic preprocessing (e.g. the hazm normaliser): tatweel and short-vowel marks
 * (harakat) removed, Arabic yeh/alef maksura and kaf unified with the Persian yeh and keheh, alef
 * with hamza or madda unified with bare alef, so the same words typed on Arabic and Persian
 * keyboards match. Persian zero-width non-joiners split words like a space does, as writers use
 * either.
 */

const NAMED_ENTITIES: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: " ",
  hellip: "…",
  mdash: "—",
  ndash: "–",
  laquo: "«",
  raquo: "»",
  rsquo: "’",
  lsquo: "‘",
  rdquo: "”",
  ldquo: "“",
};

const ENTITY = /&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});/g;

/**
 * Decodes the HTML entities Twitter's archives keep in tweet text (`&amp;`, `&lt;`, `&gt;`,
 * numeric `&#39;` / `&#x27;`, and a few named ones). Unknown entities are left as they are.
 *
 * @example
 * decodeHtmlEntities("Fish &amp; chips &#x1F41F;"); // "Fish & chips 🐟"
 */
export function decodeHtmlEntities(text: string): string {
  // Archives are sometimes escaped twice (&amp;amp;): decode until nothing changes (at most 3 rounds).
  for (let round = 0; round < 3 && text.includes("&"); round++) {
    const decoded = text.replace(ENTITY, (whole, body: string) => {
      if (body[0] === "#") {
        const code = body[1] === "x" || body[1] === "X" ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
        return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : whole;
      }
      return NAMED_ENTITIES[body.toLowerCase()] ?? whole;
    });
    if (decoded === text) break;
    text = decoded;
  }
  return text;
}

const URL = /(?:\bhttps?:\/\/|\bwww\.|\bt\.co\/)\S*/gu;
// "RT @user:" and bare "RT" at the start, possibly nested ("RT @a: RT @b: ...").
const RT_PREFIX = /^(?:\s*rt\b[\s:]*(?:@[\p{L}\p{N}_]+[\s:]*)?)+/u;
const MENTION = /@[\p{L}\p{N}_]+/gu;
// Apostrophes inside a word join it ("don't" -> "dont") instead of splitting it.
const APOSTROPHE = /['’‘`ʼ]/u;
const INNER_APOSTROPHE = /([\p{L}\p{N}])['’‘`ʼ](?=[\p{L}\p{N}])/gu;
const ARABIC_SCRIPT = /[\u0600-\u06FF]/u;
const ARABIC_DROP = /[\u0640\u064B-\u065F\u0670]/gu;
const ARABIC_YEH = /[\u064A\u0649]/gu;
const ARABIC_KAF = /\u0643/gu;
const ARABIC_ALEF = /[\u0622\u0623\u0625]/gu;
const TOKEN = /[\p{L}\p{N}\p{M}]+/gu;

/**
 * The normalised tokens of a tweet: HTML entities decoded, NFKC, lower-cased, URLs, @mentions and
 * leading `RT` prefixes removed, '#' dropped (the word kept), punctuation and symbols (emoji
 * included) treated as spaces.
 *
 * @example
 * tweetTokens("RT @bob: Vote &amp; WIN #Election2016 https://t.co/x"); // ["vote", "win", "election2016"]
 */
export function tweetTokens(text: string): string[] {
  // The optional steps are guarded by cheap tests: tokenising is most of co-text's time.
  let t = text.includes("&") ? decodeHtmlEntities(text) : text;
  t = t.normalize("NFKC").toLowerCase();
  t = t.replace(URL, " ").replace(RT_PREFIX, " ").replace(MENTION, " ");
  if (APOSTROPHE.test(t)) t = t.replace(INNER_APOSTROPHE, "$1");
  if (ARABIC_SCRIPT.test(t)) {
    t = t.replace(ARABIC_DROP, "").replace(ARABIC_YEH, "\u06CC").replace(ARABIC_KAF, "\u06A9").replace(ARABIC_ALEF, "\u0627");
  }
  return t.match(TOKEN) ?? [];
}

/**
 * The normalised text of a tweet: {@link tweetTokens} joined by single spaces. Two tweets are exact
 * duplicates for co-text when these strings are equal.
 *
 * @example
 * normalizeTweetText("  Привет,   МИР!! @ivan "); // "привет мир"
 */
export function normalizeTweetText(text: string): string {
  return tweetTokens(text).join(" ");
}
