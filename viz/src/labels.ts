/**
 * Node labels that never overlap: sigma picks candidates per grid cell, which still lets long names
 * run over each other. This drawer places a label only where it fits beside the ones already placed
 * in the frame (first come first served, in sigma's order: the biggest node of each cell first);
 * forced labels (the selected account) are always drawn.
 */
import type { NodeLabelDrawingFunction } from "sigma/rendering";
import type { Settings } from "sigma/settings";
import type { VizEdgeAttributes, VizNodeAttributes } from "./graph.ts";

/** A placed label, in viewport pixels. */
export interface LabelBox {
  node: string;
  label: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Pixels kept free around each label. */
const MARGIN = 2;

/**
 * A `defaultDrawNodeLabel` for sigma that records what it draws into `boxes` (emptied by the caller
 * at each `beforeRender`).
 */
export function labelDrawer(boxes: LabelBox[]): NodeLabelDrawingFunction<VizNodeAttributes, VizEdgeAttributes> {
  return (context, data, settings) => {
    if (!data.label) return;
    const size = settings.labelSize;
    context.font = `${settings.labelWeight} ${size}px ${settings.labelFont}`;
    const width = context.measureText(data.label).width;
    const box: LabelBox = { node: (data as { key?: string }).key ?? "", label: data.label, x: data.x + data.size + 3, y: data.y - size * 0.8, width, height: size * 1.15 };
    if (data.forceLabel) {
      // Reserved before the frame (see reserveLabel): drawn where it belongs, whatever else is there.
      if (!boxes.some((other) => other.node === box.node && box.node !== "")) boxes.push(box);
    } else {
      if (boxes.some((other) => overlaps(box, other))) return;
      boxes.push(box);
    }
    const colour = settings.labelColor.attribute ? ((data as Record<string, unknown>)[settings.labelColor.attribute] ?? settings.labelColor.color) : settings.labelColor.color;
    context.fillStyle = String(colour ?? "#000");
    context.fillText(data.label, box.x, data.y + size / 3);
  };
}

/**
 * Claims the place of a label that must show (the selected account) before the frame's other labels
 * are placed, so none of them runs over it.
 */
export function reserveLabel(boxes: LabelBox[], node: string, label: string, at: { x: number; y: number }, radius: number, settings: Pick<Settings<VizNodeAttributes, VizEdgeAttributes>, "labelSize" | "labelWeight" | "labelFont">): void {
  const context = scratch();
  const size = settings.labelSize;
  context.font = `${settings.labelWeight} ${size}px ${settings.labelFont}`;
  boxes.push({ node, label, x: at.x + radius + 3, y: at.y - size * 0.8, width: context.measureText(label).width, height: size * 1.15 });
}

let scratchContext: CanvasRenderingContext2D | null = null;
function scratch(): CanvasRenderingContext2D {
  scratchContext ??= document.createElement("canvas").getContext("2d")!;
  return scratchContext;
}

/** Whether two boxes (with the margin) overlap. */
export function overlaps(a: LabelBox, b: LabelBox): boolean {
  return a.x < b.x + b.width + MARGIN && b.x < a.x + a.width + MARGIN && a.y < b.y + b.height + MARGIN && b.y < a.y + a.height + MARGIN;
}
