import { evaluationBookingGate, followUpBookingGate } from "@clearwell/clinical";
import type { DbOrTx } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import { and, desc, eq, isNotNull } from "drizzle-orm";

import { type VisitKind, clinicSettings } from "./find-slots";

type PatientRow = typeof schema.patient.$inferSelect;

/** Why a visit cannot be booked yet, as a code, so staff and the patient each get their own words. */
export type BlockCode = "care_ended" | "intake_incomplete" | "awaiting_review" | "no_evaluation";
export interface BookingBlock {
  code: BlockCode;
  /** The clinical gate's sentence, addressed to the patient. */
  patientReason: string;
}

/** Why this patient may not book this kind of visit yet (DOMAIN.md §2 book guard), or null. */
export async function bookingBlock(tx: DbOrTx, patient: PatientRow, kind: VisitKind): Promise<BookingBlock | null> {
  if (kind === "follow_up") {
    const [done] = await tx
      .select({ id: schema.appointment.id })
      .from(schema.appointment)
      .where(and(eq(schema.appointment.patientId, patient.id), eq(schema.appointment.kind, "evaluation"), eq(schema.appointment.status, "completed")))
      .limit(1);
    const gate = followUpBookingGate(patient.status, !!done);
    if (gate.ok) return null;
    return { code: patient.status === "withdrawn" ? "care_ended" : "no_evaluation", patientReason: gate.reason };
  }
  const clinic = await clinicSettings(tx, patient.clinicId);
  const [latest] = await tx
    .select({ mostRestrictive: schema.intake.mostRestrictiveEffect, crisisPathway: schema.intake.crisisPathway })
    .from(schema.intake)
    .where(and(eq(schema.intake.patientId, patient.id), isNotNull(schema.intake.submittedAt)))
    .orderBy(desc(schema.intake.version))
    .limit(1);
  const gate = evaluationBookingGate({ status: patient.status, clinicAllowsBookingBeforeReview: clinic.bookingBeforeIntakeReview, latestIntake: latest ?? null });
  if (gate.ok) return null;
  const code: BlockCode =
    patient.status === "withdrawn" ? "care_ended" : patient.status === "intake_submitted" || patient.status === "intake_reviewed" ? "awaiting_review" : "intake_incomplete";
  return { code, patientReason: gate.reason };
}

/**
 * The same refusal in words for the front desk. It says what is missing, never why a review is
 * needed: staff see no clinical content (DOMAIN.md §1).
 */
export function staffBlockReason(block: BookingBlock, name: string): string {
  switch (block.code) {
    case "care_ended":
      return `${name}'s care with this clinic has ended, so no visit can be booked.`;
    case "intake_incomplete":
      return `${name} has not finished their intake yet. An evaluation can be booked once it is submitted.`;
    case "awaiting_review":
      return `${name}'s intake needs a clinician's review before an evaluation can be booked.`;
    case "no_evaluation":
      return `A follow-up can be booked once ${name} has had their evaluation visit.`;
  }
}
