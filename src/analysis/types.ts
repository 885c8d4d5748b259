/** The run contract now lives on the ground floor (src/run/model.ts); this re-export keeps older imports working. */
export type { RunCommunity, RunEdge, RunNode, RunResult } from "../run/model.ts";
