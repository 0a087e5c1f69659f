import { type PrescriptionCheck, drugDescription } from "@clearwell/clinical";
import type { DbOrTx } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import { type TSignedPrescriptionContent, ZSignedPrescriptionContent } from "@clearwell/validators/prescription";
import { and, eq, inArray } from "drizzle-orm";

import { type DraftFacts, type PrescriptionRow, formularyEntryOf, legalBasisOf } from "./facts";

/** The signed content as stored (validated: a row that does not parse shows none rather than a guess). */
export function signedContentView(row: PrescriptionRow): TSignedPrescriptionContent | null {
  if (!row.signedContent) return null;
  const parsed = ZSignedPrescriptionContent.safeParse(row.signedContent);
  return parsed.success ? parsed.data : null;
}

/**
 * Prescriptions as their clinicians see them (output ZPrescriptionDetail), with the names of the
 * prescriber and creator, the drug description and the pharmacy, in three queries for any number.
 */
export async function detailsOf(tx: DbOrTx, clinicId: string, rows: readonly PrescriptionRow[]) {
  if (!rows.length) return [];
  const userIds = [...new Set(rows.flatMap((r) => [r.prescriberUserId, r.createdByUserId]))];
  const entryIds = [...new Set(rows.map((r) => r.formularyEntryId).filter((x): x is string => !!x))];
  const pharmacyIds = [...new Set(rows.map((r) => r.pharmacyId).filter((x): x is string => !!x))];
  const [users, entries, pharmacies] = await Promise.all([
    tx.select({ id: schema.user.id, name: schema.user.name }).from(schema.user).where(inArray(schema.user.id, userIds)),
    entryIds.length
      ? tx
          .select()
          .from(schema.formularyEntry)
          .where(and(eq(schema.formularyEntry.clinicId, clinicId), inArray(schema.formularyEntry.id, entryIds)))
      : Promise.resolve([] as (typeof schema.formularyEntry.$inferSelect)[]),
    pharmacyIds.length
      ? tx
          .select({ id: schema.pharmacy.id, name: schema.pharmacy.name })
          .from(schema.pharmacy)
          .where(and(eq(schema.pharmacy.clinicId, clinicId), inArray(schema.pharmacy.id, pharmacyIds)))
      : Promise.resolve([] as { id: string; name: string }[]),
  ]);
  const nameOf = (id: string) => users.find((u) => u.id === id)?.name ?? "";
  return rows.map((row) => {
    const signed = signedContentView(row);
    const entry = entries.find((e) => e.id === row.formularyEntryId);
    return {
      id: row.id,
      patientId: row.patientId,
      status: row.status,
      version: row.version,
      prescriber: { userId: row.prescriberUserId, name: nameOf(row.prescriberUserId) },
      createdBy: { userId: row.createdByUserId, name: nameOf(row.createdByUserId) },
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
      decisionId: row.decisionId,
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
      nextFollowUpDate: row.nextFollowUpDate,
      substitutionsAllowed: row.substitutionsAllowed,
      noteToPharmacy: row.noteToPharmacy,
      legalBasis: legalBasisOf(row.legalBasis),
      sig: signed?.sig ?? row.sig,
      // Signed: what was signed (the entry may have changed since); else the entry as it stands.
      drugDescription: signed?.medication.drugDescription ?? (entry ? drugDescription(formularyEntryOf(entry)) : null),
      pharmacyName: signed?.pharmacy.name ?? pharmacies.find((p) => p.id === row.pharmacyId)?.name ?? null,
      readyAt: row.readyAt,
      readyVersion: row.readyVersion,
      readyContentSha256: row.readyContentSha256,
      signedAt: row.signedAt,
      writtenDate: row.writtenDate,
      signedSha256: row.signedSha256,
      signingKeyId: row.signingKeyId,
      signedContent: signed,
      transmittedAt: row.transmittedAt,
      acknowledgedAt: row.acknowledgedAt,
      errorCode: row.errorCode,
      errorDetail: row.errorDetail,
      cancelRequestedAt: row.cancelRequestedAt,
      cancelRequestedReason: row.cancelRequestedReason,
      cancelledAt: row.cancelledAt,
      cancelDeniedAt: row.cancelDeniedAt,
      voidedAt: row.voidedAt,
      voidedReason: row.voidedReason,
    };
  });
}

export async function detailOf(tx: DbOrTx, clinicId: string, row: PrescriptionRow) {
  return (await detailsOf(tx, clinicId, [row]))[0]!;
}

/** The checklist as the output schema carries it, with what the server would store. */
export function checkView(check: PrescriptionCheck, f: DraftFacts) {
  return {
    findings: check.findings.map((x) => ({ ruleId: x.ruleId, title: x.title, severity: x.severity, passed: x.passed, message: x.message, source: x.source, fields: [...x.fields] })),
    ok: check.ok,
    figures: check.figures,
    sig: f.effective.sig,
    deaRegistrationId: f.effective.deaRegistrationId,
    pdmpCheckId: f.effective.pdmpCheckId,
    legalBasis: f.effective.legalBasis,
    nextFollowUpDate: f.effective.nextFollowUpDate,
  };
}
