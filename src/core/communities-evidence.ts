/**
 * The evidence behind a `communities` tie: which of its interactions and shared targets a reader is
 * shown, in what order, and each shared target's item once the two accounts' posts are known.
 *
 * Order: what weighs most in the tie first. A kind of direct interaction weighs its count (a retweets
 * b three times: 3); a shared target weighs 1 / (n - 1), n the archive accounts sharing it (Newman
 * 2001; see src/core/shared-targets.ts), at most 1. So interactions come first, most frequent first,
 * then shared targets rarest first: a link only these two accounts posted says more than an outside
 * account a hundred accounts mention. Equal weights are ordered by kind (outside accounts, tweets,
 * links) and id, so the items never depend on the order the database returned rows in.
 *
 * Pure: the analysis (analyses/communities.ts) reads the counts, targets and posts.
 */
import type { AmplifyingAction, InteractionAction, InteractionEvidence, SharedTargetEvidence, SharedTargetKind } from "../run/model.ts";
import type { SharedTargetSet } from "./shared-targets.ts";
import { compareAccountIds } from "./partition.ts";

/** A shared target chosen as evidence, before its posts are read. */
export interface SharedTargetPick {
  kind: "shared-target";
  targetKind: SharedTargetKind;
  /** The target's id: an outside account's id, a tweet's id, a link. */
  object: string;
  sharingAccounts: number;
}

export type TieEvidencePick = InteractionEvidence | SharedTargetPick;

/** Interactions in the order they are listed at equal counts (as the edge attributes list them). */
const ACTION_ORDER: readonly InteractionAction[] = ["retweet", "reply", "quote", "mention"];
const TARGET_KIND_ORDER: readonly SharedTargetKind[] = ["account", "tweet", "link"];

/**
 * The items to show for one tie, at most `perTie`, heaviest first (see the file header).
 * `interactions`: one per kind of interaction with its counts each way (kinds counted 0 both ways are
 * left out); `sharedTargets`: the sets of targets the two accounts share with their example ids.
 *
 * @example
 * pickTieEvidence(
 *   [{ kind: "interaction", action: "mention", countA: 1, countB: 0 }],
 *   [{ kind: "link", accounts: 2, targets: 1, examples: ["https://example.org/1"] }, { kind: "account", accounts: 9, targets: 1, examples: ["42"] }],
 *   2,
 * );
 * // [{ kind: "interaction", action: "mention", ... }, { kind: "shared-target", targetKind: "link", object: "https://example.org/1", sharingAccounts: 2 }]
 */
export function pickTieEvidence(interactions: readonly InteractionEvidence[], sharedTargets: readonly SharedTargetSet[], perTie: number): TieEvidencePick[] {
  if (perTie <= 0) return [];
  const direct = interactions
    .filter((i) => i.countA + i.countB > 0)
    .sort((x, y) => y.countA + y.countB - (x.countA + x.countB) || ACTION_ORDER.indexOf(x.action) - ACTION_ORDER.indexOf(y.action));
  const targets: SharedTargetPick[] = [];
  for (const set of sharedTargets) {
    for (const object of set.examples) targets.push({ kind: "shared-target", targetKind: set.kind, object, sharingAccounts: set.accounts });
  }
  targets.sort(
    (x, y) =>
      x.sharingAccounts - y.sharingAccounts ||
      TARGET_KIND_ORDER.indexOf(x.targetKind) - TARGET_KIND_ORDER.indexOf(y.targetKind) ||
      compareAccountIds(x.object, y.object),
  );
  return [...direct, ...targets].slice(0, perTie);
}

/** One account's earliest post amplifying a target, and how many of its posts did. */
export interface AmplifyingPost {
  tweet: string;
  /** Unix ms. */
  time: number;
  text: string | null;
  action: AmplifyingAction;
  posts: number;
}

/**
 * A shared target's evidence item from both accounts' posts (`postA` by the tie's source); null when
 * either account has no such post (the graph changed since the projection was read).
 */
export function sharedTargetItem(pick: SharedTargetPick, label: string | null, postA: AmplifyingPost | undefined, postB: AmplifyingPost | undefined): SharedTargetEvidence | null {
  if (postA === undefined || postB === undefined) return null;
  return {
    kind: "shared-target",
    targetKind: pick.targetKind,
    object: pick.object,
    label,
    sharingAccounts: pick.sharingAccounts,
    contentA: postA.tweet,
    contentB: postB.tweet,
    timeA: postA.time,
    timeB: postB.time,
    delaySeconds: Math.abs(postB.time - postA.time) / 1000,
    textA: postA.text,
    textB: postB.text,
    actionA: postA.action,
    actionB: postB.action,
    countA: postA.posts,
    countB: postB.posts,
  };
}
