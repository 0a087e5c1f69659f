import { type DeaSchedule, type FormularyEntry, type LegalBasis, renderSig } from "@clearwell/clinical";
import type { schema } from "@clearwell/db/client";
import { ZLegalBasis } from "@clearwell/validators/prescription";

// What a prescription says (its fields and the rows they name), stored or typed in the builder.

export type PrescriptionRow = typeof schema.prescription.$inferSelect;
export type FormularyRow = typeof schema.formularyEntry.$inferSelect;
export type PharmacyRow = typeof schema.pharmacy.$inferSelect;
export type DeaRow = typeof schema.prescriberDeaRegistration.$inferSelect;
export type LicenceRow = typeof schema.prescriberLicence.$inferSelect;
export type PdmpRow = typeof schema.pdmpCheck.$inferSelect;
export type PatientRow = typeof schema.patient.$inferSelect;

/** What a prescription says, stored or typed in the builder (null where not filled in yet). */
export interface DraftFields {
  prescriberUserId: string;
  basisAppointmentId: string | null;
  noteId: string | null;
  formularyEntryId: string | null;
  pharmacyId: string | null;
  deaRegistrationId: string | null;
  /** Only a prescription marked ready pins its PDMP check; a draft uses the latest one. */
  pdmpCheckId: string | null;
  unitsPerSession: number | null;
  daysBetweenSessions: number | null;
  quantity: number | null;
  refills: number | null;
  firstSessionDate: string | null;
  substitutionsAllowed: boolean;
  noteToPharmacy: string | null;
  legalBasis: LegalBasis | null;
}

/** A stored legal basis read back through the input schema (anything else counts as none: RX16 fails closed). */
export function legalBasisOf(value: unknown): LegalBasis | null {
  const parsed = ZLegalBasis.safeParse(value);
  return parsed.success ? parsed.data : null;
}

export function fieldsOfRow(row: PrescriptionRow): DraftFields {
  return {
    prescriberUserId: row.prescriberUserId,
    basisAppointmentId: row.basisAppointmentId,
    noteId: row.noteId,
    formularyEntryId: row.formularyEntryId,
    pharmacyId: row.pharmacyId,
    deaRegistrationId: row.deaRegistrationId,
    pdmpCheckId: row.pdmpCheckId,
    unitsPerSession: row.unitsPerSession,
    daysBetweenSessions: row.daysBetweenSessions,
    quantity: row.quantity,
    refills: row.refills,
    firstSessionDate: row.firstSessionDate,
    substitutionsAllowed: row.substitutionsAllowed,
    noteToPharmacy: row.noteToPharmacy,
    legalBasis: legalBasisOf(row.legalBasis),
  };
}

/** The clinic formulary row as packages/clinical's FormularyEntry (the sig and the bounds come from it). */
export function formularyEntryOf(r: FormularyRow): FormularyEntry {
  const base = {
    id: r.id,
    drugName: r.drugName,
    strength: { value: r.strengthValue, unit: "mg" as const },
    deaSchedule: r.deaSchedule as DeaSchedule,
    enabled: r.enabled,
    bounds: {
      minDoseMgPerSession: r.minDoseMg,
      maxDoseMgPerSession: r.maxDoseMg,
      maxTitrationStepMg: r.maxTitrationStepMg,
      minDaysBetweenSessions: r.minDaysBetweenSessions,
      maxSessionsPerFill: r.maxSessionsPerFill,
    },
  };
  if (r.form === "nasal_spray") return { ...base, form: "nasal_spray", route: "intranasal", spraysPerMl: r.spraysPerMl ?? 0, minutesBetweenSprays: r.minutesBetweenSprays ?? 0 };
  if (r.form === "rdt_odt") return { ...base, form: "rdt_odt", route: "sublingual", holdMinutes: r.holdMinutes ?? 0 };
  return { ...base, form: "troche", route: r.route === "buccal" ? "buccal" : "sublingual", holdMinutes: r.holdMinutes ?? 0 };
}

/** The sig from the structured fields (DOMAIN.md §4.1: rendered, never typed), or null while incomplete. */
export function sigOf(entry: FormularyRow | null, units: number | null, days: number | null): string | null {
  if (!entry || !units || !days || !Number.isInteger(units) || !Number.isInteger(days) || units < 1 || days < 1) return null;
  return renderSig(formularyEntryOf(entry), { unitsPerSession: units, daysBetweenSessions: days });
}
