import { randomUUID } from "node:crypto";

import type { z } from "zod";

/**
 * Reads a zod 4 input schema to build a plausible input and list its leaves, so a fuzz test
 * can put one bad value into one field while the rest of the input is valid-ish.
 */
type Schema = z.ZodType;
type Def = { type: string; [k: string]: unknown };
const defOf = (s: Schema): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

export type Path = (string | number)[];
export interface Leaf {
  path: Path;
  /** "string" leaves get the bad strings; every leaf gets the wrong types. */
  kind: "string" | "other";
}

const STRING_SAMPLES = ["Sample", "(555) 010-0100", "12345", "09:00", "America/Denver", "sample-code-0123456789abcdef", "A sample reason"];
const NUMBER_SAMPLES = [1, 0, 10, 15, 20, 30, 50, 60, 100];
const pick = <T>(s: Schema, candidates: T[]): T | undefined => candidates.find((c) => s.safeParse(c).success);

/** Each top-level variant of a schema (the options of a discriminated union, or the schema itself). */
export function variants(s: Schema): Schema[] {
  const d = defOf(s);
  if (d.type === "union" && d.discriminator) return d.options as Schema[];
  return [s];
}

export function sample(s: Schema): unknown {
  const d = defOf(s);
  switch (d.type) {
    case "string":
      switch (d.format) {
        case "email":
          return "fuzz@example.test";
        case "uuid":
        case "guid":
          return randomUUID();
        case "date":
          return "1990-01-01";
        case "datetime":
          return new Date().toISOString();
        default:
          return pick(s, STRING_SAMPLES) ?? "Sample";
      }
    case "number":
      return pick(s, NUMBER_SAMPLES) ?? 1;
    case "boolean":
      return true;
    case "date":
      return new Date();
    case "literal":
      return (d.values as unknown[])[0];
    case "enum":
      return Object.values(d.entries as Record<string, unknown>)[0];
    case "optional":
    case "nullable":
    case "default":
    case "prefault":
    case "readonly":
    case "catch":
    case "nonoptional":
      return sample(d.innerType as Schema);
    case "pipe":
      return sample(d.in as Schema);
    case "union":
      return sample((d.options as Schema[])[0]!);
    case "object": {
      const shape = d.shape as Record<string, Schema>;
      return Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, sample(v)]));
    }
    case "array": {
      const el = d.element as Schema;
      for (const n of [0, 1, 2, 7, 9]) {
        const arr = Array.from({ length: n }, () => sample(el));
        if (s.safeParse(arr).success) return arr;
      }
      return [sample(el)];
    }
    case "tuple":
      return (d.items as Schema[]).map(sample);
    case "record":
      return {};
    default:
      return undefined;
  }
}

/** Every field an input can carry, with its path. Optional and defaulted fields included. */
export function leaves(s: Schema, path: Path = []): Leaf[] {
  const d = defOf(s);
  switch (d.type) {
    case "optional":
    case "nullable":
    case "default":
    case "prefault":
    case "readonly":
    case "catch":
    case "nonoptional":
      return leaves(d.innerType as Schema, path);
    case "pipe":
      return leaves(d.in as Schema, path);
    case "union":
      // Only the first option's fields; discriminated unions are split by `variants`.
      return leaves((d.options as Schema[])[0]!, path);
    case "object":
      return Object.entries(d.shape as Record<string, Schema>).flatMap(([k, v]) => leaves(v, [...path, k]));
    case "array":
      return [{ path, kind: "other" }, ...leaves(d.element as Schema, [...path, 0])];
    case "string":
      return [{ path, kind: "string" }];
    default:
      return [{ path, kind: "other" }];
  }
}

/** A copy of `base` with the value at `path` replaced (arrays get one element when empty). */
export function withValue(base: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  if (typeof head === "number") {
    const arr = Array.isArray(base) ? [...(base as unknown[])] : [];
    arr[head] = withValue(arr[head], rest, value);
    return arr;
  }
  const obj = base && typeof base === "object" && !Array.isArray(base) ? { ...(base as Record<string, unknown>) } : {};
  obj[head!] = withValue(obj[head!], rest, value);
  return obj;
}
