/**
 * Short, stable display forms for accounts: a real screen name where the archive has one, otherwise
 * the shortest prefix of the (hashed) id that is unambiguous among the accounts shown together, with
 * an ellipsis. The full id always stays available (hover, exports, id columns): this only keeps
 * 64-character hashes from drowning tables, legends and labels. It never tries to re-identify anyone.
 */

/** Defaults of {@link shortAccountNames}, declared once. */
export const DISPLAY_NAME_DEFAULTS = Object.freeze({
  /** Shortest prefix of a hashed id shown (8 hex digits: clashes are rare below ~10,000 accounts). */
  minPrefix: 8,
  /** Ids up to this length are shown whole (numeric Twitter ids have at most 20 digits). */
  maxWhole: 20,
});

export interface DisplayNameOptions {
  /** Default {@link DISPLAY_NAME_DEFAULTS}.minPrefix (8). */
  minPrefix?: number;
  /** Default {@link DISPLAY_NAME_DEFAULTS}.maxWhole (20). */
  maxWhole?: number;
}

export interface NamedAccount {
  id: string;
  screenName?: string | null;
}

/** True for ids as the releases hash them: 32+ hex digits, or 24+ characters of base64. */
export function looksHashed(value: string): boolean {
  return /^[0-9a-f]{32,}$/i.test(value) || (/^[A-Za-z0-9+/=_-]{24,}$/.test(value) && /[0-9]/.test(value) && /[A-Za-z]/.test(value));
}

/**
 * Display names for a set of accounts shown together (a run, a report, a legend).
 *
 * @example
 * shortAccountNames([{ id: "9f86d081884c7d65...", screenName: "9f86d081884c7d65..." }, { id: "42", screenName: "ten_gop" }]);
 * // Map { "9f86d081884c7d65..." => "9f86d081…", "42" => "ten_gop" }
 */
export function shortAccountNames(accounts: Iterable<NamedAccount>, options: DisplayNameOptions = {}): Map<string, string> {
  const minPrefix = options.minPrefix ?? DISPLAY_NAME_DEFAULTS.minPrefix;
  const maxWhole = options.maxWhole ?? DISPLAY_NAME_DEFAULTS.maxWhole;
  const names = new Map<string, string>();
  const toShorten: string[] = [];
  for (const { id, screenName } of accounts) {
    if (names.has(id)) continue;
    if (typeof screenName === "string" && screenName !== "" && screenName !== id && !looksHashed(screenName)) {
      names.set(id, screenName);
    } else if (id.length <= maxWhole) {
      names.set(id, id);
    } else {
      names.set(id, id);
      toShorten.push(id);
    }
  }
  // Sorted ids: each id's shortest unambiguous prefix is one longer than its longest common prefix with a neighbour.
  toShorten.sort();
  for (let i = 0; i < toShorten.length; i++) {
    const id = toShorten[i]!;
    const shared = Math.max(commonPrefix(id, toShorten[i - 1]), commonPrefix(id, toShorten[i + 1]));
    const length = Math.max(minPrefix, shared + 1);
    names.set(id, length >= id.length ? id : `${id.slice(0, length)}…`);
  }
  return names;
}

function commonPrefix(a: string, b: string | undefined): number {
  if (b === undefined) return 0;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}
