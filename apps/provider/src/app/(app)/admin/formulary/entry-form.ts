import type { FormularyEntry } from "@clearwell/clinical/prescribing/formulary";
import { FORM_ROUTES, drugDescription, renderSig } from "@clearwell/clinical/prescribing/formulary";

import type { EntryFormInput } from "./entry-schema";

// The form's schema is in entry-schema.ts, so zod loads with the form's first check, not with the page.

type Fields = Pick<EntryFormInput, "drugName" | "form" | "route" | "strength" | "holdMinutes" | "spraysPerMl" | "minutesBetweenSprays" | "bounds">;

/** The entry as packages/clinical sees it; a missing number stays NaN so the check names it. */
export function entryOf(v: Fields): FormularyEntry {
  const base = {
    id: "preview",
    drugName: v.drugName,
    strength: { value: v.strength.value, unit: "mg" as const },
    bounds: v.bounds,
    deaSchedule: "3N" as const,
    enabled: true,
  };
  if (v.form === "nasal_spray") {
    return { ...base, form: "nasal_spray", route: "intranasal", spraysPerMl: v.spraysPerMl ?? Number.NaN, minutesBetweenSprays: v.minutesBetweenSprays ?? Number.NaN };
  }
  return { ...base, form: v.form, route: v.route as "sublingual", holdMinutes: v.holdMinutes ?? Number.NaN } as FormularyEntry;
}

/** Only the chosen form's own fields are sent (the database stores the other form's as empty). */
export function withoutOtherFormFields<T extends Fields>(v: T): T {
  return v.form === "nasal_spray" ? { ...v, holdMinutes: null } : { ...v, spraysPerMl: null, minutesBetweenSprays: null };
}

export interface SigPreview {
  description: string;
  smallest: { units: number; sig: string };
  largest: { units: number; sig: string } | null;
}

const ok = (n: unknown): n is number => typeof n === "number" && Number.isFinite(n) && n > 0;

/**
 * The directions the bounds allow at their two ends (the smallest and the largest session), rendered
 * by packages/clinical renderSig exactly as a prescription will be. Null until the fields it needs
 * are filled in and consistent.
 */
export function sigPreviewOf(v: Fields): SigPreview | null {
  if (!v.drugName?.trim() || !v.form || !FORM_ROUTES[v.form]?.includes(v.route)) return null;
  const b = v.bounds;
  if (!ok(v.strength?.value) || !ok(b?.minDoseMgPerSession) || !ok(b?.maxDoseMgPerSession) || !ok(b?.minDaysBetweenSessions)) return null;
  if (b.minDoseMgPerSession > b.maxDoseMgPerSession) return null;
  if (v.form === "nasal_spray" ? !ok(v.spraysPerMl) || !ok(v.minutesBetweenSprays) : !ok(v.holdMinutes)) return null;
  const entry = entryOf({ ...v, drugName: v.drugName.trim() });
  const days = Math.round(b.minDaysBetweenSessions);
  const min = Math.max(1, Math.ceil(b.minDoseMgPerSession / v.strength.value));
  const max = Math.floor(b.maxDoseMgPerSession / v.strength.value);
  return {
    description: drugDescription(entry),
    smallest: { units: min, sig: renderSig(entry, { unitsPerSession: min, daysBetweenSessions: days }) },
    largest: max > min ? { units: max, sig: renderSig(entry, { unitsPerSession: max, daysBetweenSessions: days }) } : null,
  };
}
