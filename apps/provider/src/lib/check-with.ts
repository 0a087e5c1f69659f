import type { z } from "zod";

export type CheckResult<T> = { success: true; data: T } | { success: false; fieldErrors: Record<string, string[]> };

/**
 * schema.safeParse(value) with the schema (and zod, ~30 kB gzipped) loaded on the first check
 * instead of with the page; failures keyed by field as z.flattenError(...).fieldErrors gives them.
 */
export async function checkWith<S extends z.ZodType>(load: () => Promise<S>, value: unknown): Promise<CheckResult<z.output<S>>> {
  const parsed = (await load()).safeParse(value);
  if (parsed.success) return { success: true, data: parsed.data };
  // z.flattenError's fieldErrors, without importing zod's namespace here (that would pull in every locale).
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of parsed.error.issues) if (issue.path.length > 0) (fieldErrors[String(issue.path[0])] ??= []).push(issue.message);
  return { success: false, fieldErrors };
}
