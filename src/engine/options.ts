/**
 * Typed analysis options: declared once per analysis (name, flag, default, range, help), shown by
 * `--help` and `coordgraph analyses`, validated at the edge before anything touches the database.
 * The options object an analysis receives is typed from its specs (`OptionValuesOf`), as sigma.js
 * derives its settings type from `DEFAULT_SETTINGS`, so no use site casts an option value.
 */
import { UsageError } from "../errors.ts";

interface OptionBase<K extends string> {
  /** camelCase key in the options object, e.g. `timeWindowSeconds`. */
  key: K;
  /** CLI flag without dashes, e.g. `window`. */
  flag: string;
  description: string;
}

/** A number; `min`/`max` are inclusive bounds, `above`/`below` exclusive ones (alpha in (0, 1)). */
export interface NumberOption<K extends string = string> extends OptionBase<K> {
  type: "number";
  default: number;
  min?: number;
  max?: number;
  above?: number;
  below?: number;
  integer?: boolean;
}

export interface ChoiceOption<K extends string = string, C extends string = string> extends OptionBase<K> {
  type: "choice";
  default: C;
  choices: readonly C[];
}

export interface BooleanOption<K extends string = string> extends OptionBase<K> {
  type: "boolean";
  default: boolean;
}

export interface OptionalNumberOption<K extends string = string> extends OptionBase<K> {
  type: "optional-number";
  default: null;
  min?: number;
  max?: number;
}

export interface OptionalStringOption<K extends string = string> extends OptionBase<K> {
  type: "optional-string";
  default: null;
}

export type OptionSpec = NumberOption | ChoiceOption | BooleanOption | OptionalNumberOption | OptionalStringOption;

/** Any analysis's options object, before its own specs narrow it. */
export type OptionValues = Record<string, number | string | boolean | null>;

/** The value one spec resolves to: a choice's own words, `null` for an optional value not given. */
export type OptionValue<S extends OptionSpec> = S extends { type: "number" }
  ? number
  : S extends { type: "choice"; choices: readonly (infer C)[] }
    ? C
    : S extends { type: "boolean" }
      ? boolean
      : S extends { type: "optional-number" }
        ? number | null
        : S extends { type: "optional-string" }
          ? string | null
          : never;

/** The options object a list of specs resolves to, key by key: `{ timeWindowSeconds: number; network: "significant" | "all" }`. */
export type OptionValuesOf<S extends readonly OptionSpec[]> = { [P in S[number] as P["key"]]: OptionValue<P> };

/**
 * Declares a list of option specs keeping each key, type and choice literal, so `OptionValuesOf`
 * can type the resolved object.
 *
 * @example
 * const specs = defineOptions([{ key: "top", flag: "top", type: "number", integer: true, default: 20, min: 1, description: "list length" }]);
 * type Top = OptionValuesOf<typeof specs>; // { top: number }
 */
export function defineOptions<const S extends readonly OptionSpec[]>(specs: S): S {
  return specs;
}

/** Checks raw CLI/API values against the specs and fills in defaults. Throws UsageError (`BAD_OPTION`) naming the flag. */
export function resolveOptions<const S extends readonly OptionSpec[]>(specs: S, raw: Record<string, unknown>): OptionValuesOf<S> {
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
        if (spec.type === "number" && spec.above !== undefined && !(value > spec.above)) throw bad(`must be greater than ${spec.above}, got ${value}`);
        if (spec.type === "number" && spec.below !== undefined && !(value < spec.below)) throw bad(`must be less than ${spec.below}, got ${value}`);
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
  // Each value was checked against its own spec above: this is the one place the typed object is asserted.
  return values as OptionValuesOf<S>;
}

/** "60", "0.5", "all": the default as shown in help. */
export function describeDefault(spec: OptionSpec): string {
  if (spec.type === "choice") return `${spec.default} (${spec.choices.join("|")})`;
  return String(spec.default);
}
