/**
 * The evidence behind a tie, as the side panel and the tie popup both show it (the same words as the
 * reports): for co-shares the shared object with both accounts' times and the delay; for co-text the
 * two texts, times and similarity; for sync the co-active time bin, both posts' texts and times; for
 * communities each kind of interaction each way, and each shared target with how many accounts share it
 * and both accounts' first posts amplifying it (words: src/run/evidence-words.ts). Then the tie's
 * significance: co-actions observed against those chance would give, and the adjusted p-value.
 */
import type { CoTextEvidence, EvidenceItem, SyncEvidence } from "../../src/run/model.ts";
import { interactionWords, sharedTargetHeadline, sharedTargetPosts } from "../../src/run/evidence-words.ts";
import { counted, formatDuration, formatExpectation, formatFigure, formatPValue, readableTweetText } from "../../src/run/words.ts";
import type { SharedObjectExample } from "../../src/viewer/types.ts";
import { el, formatTime } from "./dom.ts";

/**
 * One line on the tie's strength and significance, e.g. "weight 12 · 12 co-actions, chance 0.31 · adjusted p 2.1e-6 (significant)".
 */
export function tieFacts(weight: number, attributes: Record<string, number | string>): string {
  const facts = [`weight ${formatFigure(weight)}`];
  const number = (name: string) => (typeof attributes[name] === "number" ? (attributes[name] as number) : null);
  const observed = number("observed");
  const expected = number("expected");
  if (observed !== null && expected !== null) facts.push(`${counted(observed, "co-action")} where chance gives ${formatExpectation(expected)}`);
  const adjusted = number("adjustedPValue");
  if (adjusted !== null) {
    const significant = number("significant");
    facts.push(`adjusted p ${formatPValue(adjusted)}${significant === null ? "" : significant === 1 ? " (significant)" : " (not significant)"}`);
  }
  // communities: its shared targets against what the two accounts' degrees explain, and that test's p-value.
  const sharedTargets = number("sharedTargets");
  const expectedShared = number("expectedSharedTargets");
  if (sharedTargets !== null && expectedShared !== null) facts.push(`${counted(sharedTargets, "shared target")} where chance gives ${formatExpectation(expectedShared)}`);
  const sharedAdjusted = number("sharedTargetsAdjustedPValue");
  if (sharedAdjusted !== null) facts.push(`adjusted p ${formatPValue(sharedAdjusted)}`);
  const delay = number("avgTimeDelta") ?? number("minTimeDeltaSeconds");
  if (delay !== null) facts.push(`${number("avgTimeDelta") !== null ? "mean gap" : "closest"} ${formatDuration(delay)}`);
  const similarity = number("meanSimilarity");
  if (similarity !== null) facts.push(`mean similarity ${formatFigure(similarity)}`);
  return facts.join(" · ");
}

/**
 * The evidence items as list entries; `a` and `b` name the two accounts (A is the account whose
 * panel is open, or the first of the tie).
 */
export function evidenceList(items: EvidenceItem[], a: string, b: string): HTMLElement {
  return el(
    "ul",
    { className: "evidence" },
    items.map((item) => {
      if (item.kind === "interaction") return el("li", { className: "evidence-item interaction", text: interactionWords(item, a, b) });
      if (item.kind === "shared-target") {
        return el("li", { className: "evidence-item shared-target" }, [
          el("div", { text: sharedTargetHeadline(item), title: `${item.targetKind} ${item.object}` }),
          el("div", { className: "muted", text: sharedTargetPosts(item, a, b, { clock: formatTime }), title: `tweets ${item.contentA} / ${item.contentB}` }),
        ]);
      }
      const times = `${a} ${formatTime(item.timeA)}, ${b} ${delayText(item.delaySeconds, item.timeB - item.timeA)}`;
      switch (item.kind) {
        case "co-share":
          return el("li", { className: "evidence-item co-share" }, [
            el("q", { text: readableTweetText(item.label ?? item.object), title: `object ${item.object}` }),
            el("div", { className: "muted", text: times }),
          ]);
        case "co-text":
          return el("li", { className: "evidence-item co-text" }, [
            ...postTexts(item, a, b),
            el("div", { className: "muted", text: `${times} · similarity ${formatFigure(item.similarity)}` }),
          ]);
        case "sync":
          return el("li", { className: "evidence-item sync" }, [
            el("div", { text: `both active in the ${formatDuration(item.binSeconds)} window starting ${formatTime(item.binStart)}` }),
            ...postTexts(item, a, b),
            el("div", { className: "muted", text: times }),
          ]);
      }
    }),
  );
}

/** Older co-share runs (pairs.csv): the shared object and the delay, without times. */
export function exampleList(examples: SharedObjectExample[]): HTMLElement {
  return el(
    "ul",
    { className: "evidence" },
    examples.map((e) => el("li", { className: "evidence-item example", text: `object ${e.objectId}: ${formatDuration(e.timeDelta)} apart (tweets ${e.contentId} / ${e.otherContentId})` })),
  );
}

/** Each account's post, quoted after its name, its tweet id on hover; always set as text, since a post's text is never markup. */
function postTexts(item: CoTextEvidence | SyncEvidence, a: string, b: string): HTMLElement[] {
  return [
    el("div", {}, [el("strong", { text: `${a}: ` }), el("q", { text: item.textA === null ? `(tweet ${item.contentA}, no text)` : readableTweetText(item.textA), title: `tweet ${item.contentA}` })]),
    el("div", {}, [el("strong", { text: `${b}: ` }), el("q", { text: item.textB === null ? `(tweet ${item.contentB}, no text)` : readableTweetText(item.textB), title: `tweet ${item.contentB}` })]),
  ];
}

function delayText(delaySeconds: number, signedMs: number): string {
  if (delaySeconds === 0 || signedMs === 0) return "at the same moment";
  return `${formatDuration(Math.abs(delaySeconds))} ${signedMs < 0 ? "earlier" : "later"}`;
}
