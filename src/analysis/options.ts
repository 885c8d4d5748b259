/**
 * Typed analysis options: declared once per analysis (name, flag, default, range, help), shown by
 * `--help` and `coordgraph analyses`, validated at the edge before anything touches the database.
 */
import { UsageError } from "../errors.ts";

interface OptionBase {
  /** camelCase key in the options object, e.g. `timeWindowSeconds`. */
  key: string;
  /** CLI flag without dashes, e.g. `window`. */
  flag: string;
  description: string;
}

export interface NumberOption extends OptionBase {
  type: "number";
  default: number;
  min?: number;
  max?: number;
  integer?: boolean;
}

export interface ChoiceOption extends OptionBase {
  type: "choice";
  default: string;
  choices: readonly string[];
}

export interface BooleanOption extends OptionBase {
  type: "boolean";
  default: boolean;
}

export interface OptionalNumberOption extends OptionBase {
  type: "optional-number";
  default: null;
  min?: number;
  max?: number;
}

export interface OptionalStringOption extends OptionBase {
  type: "optional-string";
  default: null;
}

export type OptionSpec = NumberOption | ChoiceOption | BooleanOption | OptionalNumberOption | OptionalStringOption;

export type OptionValues = Record<string, number | string | boolean | null>;

/** Checks raw CLI/API values against the specs and fills in defaults. Throws UsageError naming the flag. */
export function resolveOptions(specs: readonly OptionSpec[], raw: Record<string, unknown>): OptionValues {
  const values: OptionValues = {};
  for (const spec of specs) {
    const given = raw[spec.key];
    if (given === undefined || given === null) {
      values[spec.key] = spec.default;
      continue;
    }
    const bad = (why: string) =>
      new UsageError("BAD_OPTION", `--${spec.flag} ${why}`, { field: spec.flag, hint: spec.description });
    switch (spec.type) {
      case "number":
      case "optional-number": {
        const value = typeof given === "number" ? given : Number(String(given).trim());
        if (String(given).trim() === "" || !Number.isFinite(value)) throw bad(`must be a number, got "${String(given)}"`);
        if (spec.type === "number" && spec.integer && !Number.isInteger(value)) throw bad(`must be a whole number, got ${value}`);
        if (spec.min !== undefined && value < spec.min) throw bad(`must be at least ${spec.min}, got ${value}`);
        if (spec.max !== undefined && value > spec.max) throw bad(`must be at most ${spec.max}, got ${value}`);
        values[spec.key] = value;
        break;
      }
      case "choice": {
        const value = String(given);
        if (!spec.choices.includes(value)) throw bad(`must be one of ${spec.choices.join(", ")}, got "${value}"`);
        values[spec.key] = value;
        break;
      }
      case "boolean":
        values[spec.key] = given === true || given === "true";
        break;
      case "optional-string": {
        const value = String(given).trim();
        if (value === "") throw bad("must not be empty");
        values[spec.key] = value;
        break;
      }
    }
  }
  return values;
}

/** "60", "0.5", "all": the default as shown in help. */
export function describeDefault(spec: OptionSpec): string {
  if (spec.type === "choice") return `${spec.default} (${spec.choices.join("|")})`;
  return String(spec.default);
}
