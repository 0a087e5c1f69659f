import { addCalendarMonths, currentFlexibilityBasis, decisionInEffect, drugDescription, pdmpRequired } from "@clearwell/clinical";
import type { Database, DbOrTx } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import { EPCS_SIGNING_STATEMENT } from "@clearwell/validators/prescription";
import { and, asc, desc, eq, gt, inArray, isNotNull, lt } from "drizzle-orm";

import type { Actor } from "../../actor";
import { recordAudit } from "../audit/record-audit";
import { assignedPatient } from "../chart/chart";
import { careTeamPrescribers } from "../decision/co-signers";
import { prescriptionForRead } from "./access";
import { readyContentOf, readyContentSha256 } from "./content";
import { runCheck } from "./draft";
import { fieldsOfRow, formularyEntryOf, gatherFacts } from "./facts";
import { pdmpView } from "./pdmp";
import { checkView, detailOf, detailsOf, signedContentView } from "./view";

const rx = schema.prescription;
const LIST_LIMIT = 100;

/**
 * prescription.forPatient: the patient's prescriptions, newest first, for their clinicians (DOMAIN.md
 * §1 "Read clinical chart: A"). One audit row for the read (a stream: one per window).
 */
export async function prescriptionsForPatient(db: Database, actor: Actor, clinicId: string, patientId: string, audit: (key: string) => boolean = () => true) {
  return db.transaction(async (tx) => {
    await assignedPatient(tx, actor, clinicId, patientId, "prescription.read");
    const items = await summariesOf(tx, clinicId, patientId);
    // A live stream audits once per window (services/visit/feed.ts auditWindow), not once per push.
    if (audit(patientId)) await recordAudit(tx, actor, { action: "prescription.read", resourceType: "patient", resourceId: patientId, patientId, detail: { list: items.length } });
    return { items };
  });
}

/** The summaries (ZPrescriptionSummary) of one patient's prescriptions, bounded by clinic and count. */
export async function summariesOf(tx: DbOrTx, clinicId: string, patientId: string) {
  const rows = await tx
    .select()
    .from(rx)
    .where(and(eq(rx.clinicId, clinicId), eq(rx.patientId, patientId)))
    .orderBy(desc(rx.createdAt), desc(rx.id))
    .limit(LIST_LIMIT);
  const details = await detailsOf(tx, clinicId, rows);
  return details.map((d) => ({
    id: d.id,
    status: d.status,
    version: d.version,
    readyVersion: d.readyVersion,
    drugDescription: d.drugDescription,
    doseMgPerSession: d.signedContent?.doseMgPerSession ?? null,
    quantity: d.quantity,
    refills: d.refills,
    sig: d.sig,
    pharmacyName: d.pharmacyName,
    prescriber: d.prescriber,
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
    signedAt: d.signedAt,
    writtenDate: d.writtenDate,
    transmittedAt: d.transmittedAt,
    acknowledgedAt: d.acknowledgedAt,
    errorCode: d.errorCode,
  }));
}

/** prescription.get: one prescription with its history, and the checklist while it can still change. */
export async function getPrescription(db: Database, actor: Actor, clinicId: string, id: string, now = new Date()) {
  return db.transaction(async (tx) => {
    const row = await prescriptionForRead(tx, actor, clinicId, id, "prescription.read");
    const e = schema.prescriptionEvent;
    const [events, detail] = await Promise.all([
      tx
        .select({ fromStatus: e.fromStatus, toStatus: e.toStatus, event: e.event, actorKind: e.actorKind, actorName: schema.user.name, at: e.at })
        .from(e)
        .leftJoin(schema.user, eq(schema.user.id, e.actorUserId))
        .where(and(eq(e.clinicId, clinicId), eq(e.prescriptionId, row.id)))
        .orderBy(asc(e.at), asc(e.id)),
      detailOf(tx, clinicId, row),
    ]);
    let check = null;
    if (row.status === "draft" || row.status === "pending_signature") {
      const { patient, drafts } = await gatherFacts(tx, clinicId, row.patientId, [fieldsOfRow(row)], now, { excludePrescriptionIds: [row.id] });
      check = checkView(runCheck(patient, drafts[0]!, now), drafts[0]!);
    }
    await recordAudit(tx, actor, { action: "prescription.read", resourceType: "prescription", resourceId: row.id, patientId: row.patientId });
    return { prescription: detail, events, check };
  });
}

/**
 * prescription.context: what the builder needs for one patient (issue 12 router contract): the
 * decision in effect, the audio-video visits that can be a basis with the attested state, the
 * formulary and pharmacies offered, the prescribers who can be named, the clinic's settings, the
 * previous dose, the next follow-up and the latest PDMP checks.
 */
export async function prescriptionContext(db: Database, actor: Actor, clinicId: string, patientId: string, now = new Date()) {
  return db.transaction(async (tx) => {
    const patientRow = await assignedPatient(tx, actor, clinicId, patientId, "prescription.read");
    const ap = schema.appointment;
    const v = schema.visit;
    const [visits, entries, pharmacies, prescriberOptions] = await Promise.all([
      tx
        .select({ appointmentId: ap.id, visitId: v.id, startsAt: ap.startsAt, kind: ap.kind, attestedState: v.attestedState, modality: v.modality })
        .from(v)
        .innerJoin(ap, and(eq(ap.id, v.appointmentId), eq(ap.clinicId, v.clinicId)))
        .where(and(eq(v.clinicId, clinicId), eq(v.patientId, patientId), eq(v.modality, "audio_video"), gt(ap.startsAt, new Date(now.getTime() - 2 * 366 * 86_400_000)), lt(ap.startsAt, new Date(now.getTime() + 86_400_000))))
        .orderBy(desc(ap.startsAt))
        .limit(20),
      tx
        .select()
        .from(schema.formularyEntry)
        .where(and(eq(schema.formularyEntry.clinicId, clinicId), eq(schema.formularyEntry.enabled, true)))
        .orderBy(asc(schema.formularyEntry.drugName), asc(schema.formularyEntry.form), asc(schema.formularyEntry.strengthValue)),
      tx
        .select()
        .from(schema.pharmacy)
        .where(and(eq(schema.pharmacy.clinicId, clinicId), eq(schema.pharmacy.active, true)))
        .orderBy(asc(schema.pharmacy.name)),
      careTeamPrescribers(tx, clinicId, patientId),
    ]);
    // Credentials and permission of each prescriber who can be named, through the same fact gathering.
    const states = [...new Set(visits.map((x) => x.attestedState).filter((s): s is string => !!s))];
    const { patient, drafts } = await gatherFacts(
      tx,
      clinicId,
      patientId,
      prescriberOptions.map((o) => ({ ...emptyFields(), prescriberUserId: o.userId })),
      now,
    );
    const p = schema.pdmpCheck;
    const latestPdmp = states.length
      ? await tx
          .selectDistinctOn([p.state], { check: p, checkedByName: schema.user.name })
          .from(p)
          .innerJoin(schema.user, eq(schema.user.id, p.checkedByUserId))
          .where(and(eq(p.clinicId, clinicId), eq(p.patientId, patientId), inArray(p.state, states)))
          .orderBy(p.state, desc(p.checkedAt), desc(p.createdAt))
      : [];
    const s = patient.settings;
    const canDraft = actor.roles.includes("prescriber") || (actor.roles.includes("provider") && s.allowProviderDrafts);
    await recordAudit(tx, actor, { action: "prescription.read", resourceType: "patient", resourceId: patientId, patientId, detail: { context: true } });
    return {
      patient: {
        id: patientRow.id,
        fullName: `${patientRow.givenName} ${patientRow.familyName}`,
        dateOfBirth: patientRow.dateOfBirth,
        stateOfResidence: patientRow.stateOfResidence,
        addressComplete: !!(patientRow.addressLine1?.trim() && patientRow.city?.trim() && patientRow.postalCode?.trim()),
      },
      decision: patient.decision
        ? {
            id: patient.decision.row.id,
            outcome: patient.decision.row.outcome,
            status: patient.decision.status.status,
            expiresAt: patient.decision.status.expiresAt,
            inEffect: decisionInEffect(patient.decision.status),
            noteId: patient.decision.row.noteId,
          }
        : null,
      basisVisits: visits.map((x) => ({ ...x, modality: x.modality })),
      formulary: entries.map((r) => {
        const e = formularyEntryOf(r);
        return {
          id: r.id,
          drugName: r.drugName,
          form: r.form,
          route: r.route,
          strengthMg: r.strengthValue,
          drugDescription: drugDescription(e),
          dispenseUnit: r.form === "nasal_spray" ? ("mL" as const) : r.form === "rdt_odt" ? ("tablet" as const) : ("troche" as const),
          minDoseMg: r.minDoseMg,
          maxDoseMg: r.maxDoseMg,
          maxTitrationStepMg: r.maxTitrationStepMg,
          minDaysBetweenSessions: r.minDaysBetweenSessions,
          maxSessionsPerFill: r.maxSessionsPerFill,
          holdMinutes: r.holdMinutes,
          spraysPerMl: r.spraysPerMl,
          minutesBetweenSprays: r.minutesBetweenSprays,
          version: r.version,
        };
      }),
      pharmacies: pharmacies.map((r) => ({ id: r.id, name: r.name, ncpdpId: r.ncpdpId, city: r.city, state: r.state, shipsToStates: r.shipsToStates, epcsCapable: r.epcsCapable, compounding: r.compounding })),
      prescribers: drafts.map((f) => ({
        userId: f.fields.prescriberUserId,
        name: f.prescriber?.name ?? prescriberOptions.find((o) => o.userId === f.fields.prescriberUserId)?.name ?? "",
        epcsPermission: f.prescriber?.epcsPermission ?? "none",
        totpEnrolled: f.prescriber?.totpEnrolled ?? false,
        deaRegistrations: (f.prescriber?.deaRegistrations ?? []).map((r) => ({ id: r.id, number: r.number, state: r.state, schedules: r.schedules, expiresOn: r.expiresOn, verified: !!r.verifiedAt })),
        licences: (f.prescriber?.licences ?? []).map((l) => ({ state: l.state, expiresOn: l.expiresOn, verified: !!l.verifiedAt })),
      })),
      settings: {
        defaultRefills: s.config.defaultRefills,
        maxRefills: s.config.maxRefills,
        allowProviderDrafts: s.allowProviderDrafts,
        canDraft,
        legalBasisDefault: currentFlexibilityBasis(now, s.timeZone, s.config),
        flexibilityValidUntil: s.config.legalBasis.temporaryFlexibility?.validUntil ?? null,
        specialRegistrationEnabled: s.config.legalBasis.specialRegistrationEnabled,
        telemedicineExceptionEnabled: s.config.legalBasis.telemedicineExceptionEnabled,
        pdmpMaxAgeHours: s.config.pdmp.maxAgeHours,
        pdmpUnavailableMaxDaysSupply: s.config.pdmp.unavailableMaxDaysSupply,
        pdmpRequiredStates: [...new Set([...states, patientRow.stateOfResidence])].map((state) => ({ state, required: pdmpRequired(state, s.config) })),
      },
      previousDoseMgPerSession: patient.previousDoseMgPerSession,
      nextFollowUp: patient.nextFollowUp,
      latestPdmp: latestPdmp.map((x) => pdmpView({ ...x.check, checkedByName: x.checkedByName })),
      today: patient.today,
    };
  });
}

function emptyFields() {
  return {
    prescriberUserId: "",
    basisAppointmentId: null,
    noteId: null,
    formularyEntryId: null,
    pharmacyId: null,
    deaRegistrationId: null,
    pdmpCheckId: null,
    unitsPerSession: null,
    daysBetweenSessions: null,
    quantity: null,
    refills: null,
    firstSessionDate: null,
    substitutionsAllowed: false,
    noteToPharmacy: null,
    legalBasis: null,
  };
}

/**
 * prescription.readyForSigning: the ceremony's list (21 CFR 1311.140(a)(1)-(3)): the signed-in
 * prescriber's prescriptions of ONE patient waiting for signature, each with every 1306.05 element
 * as it would be signed today (content rebuilt from today's facts; `changedSinceReady` when it no
 * longer matches the hash frozen at mark-ready), and the statement to show verbatim.
 */
export async function readyForSigning(db: Database, actor: Actor, clinicId: string, patientId: string, now = new Date()) {
  return db.transaction(async (tx) => {
    const patientRow = await assignedPatient(tx, actor, clinicId, patientId, "prescription.read");
    const rows = await tx
      .select()
      .from(rx)
      .where(and(eq(rx.clinicId, clinicId), eq(rx.patientId, patientId), eq(rx.prescriberUserId, actor.userId!), eq(rx.status, "pending_signature")))
      .orderBy(asc(rx.readyAt), asc(rx.id))
      .limit(20);
    const { patient, drafts } = await gatherFacts(tx, clinicId, patientId, rows.map(fieldsOfRow), now, { excludePrescriptionIds: rows.map((r) => r.id) });
    const [me] = await tx.select({ name: schema.user.name }).from(schema.user).where(eq(schema.user.id, actor.userId!));
    const lastFillDate = addCalendarMonths(patient.today, Math.min(patient.settings.config.fillableMonths, 6));
    const prescriptions = [];
    for (const [i, row] of rows.entries()) {
      const f = drafts[i]!;
      const check = runCheck(patient, f, now, patient.today);
      // Something it is built from is missing now (a credential removed...): listed as changed, never shown half.
      // A hard block now (an expired registration, a stale PDMP check...) is listed with its reasons, and no content to sign.
      const content = check.ok ? readyContentOf(row.id, clinicId, patient, f, check.figures) : null;
      prescriptions.push({
        id: row.id,
        readyVersion: row.readyVersion!,
        readyAt: row.readyAt!,
        readyContentSha256: row.readyContentSha256!,
        changedSinceReady: content ? readyContentSha256(content) !== row.readyContentSha256 : false,
        blocking: check.blocking.map((b) => `${b.ruleId}: ${b.message}`),
        content: content ? { ...content, writtenDate: patient.today, lastFillDate } : null,
      });
    }
    await recordAudit(
      tx,
      actor,
      rows.map((r) => ({ action: "prescription.read", resourceType: "prescription", resourceId: r.id, patientId, detail: { ceremony: true } })),
    );
    return {
      patient: { id: patientRow.id, fullName: `${patientRow.givenName} ${patientRow.familyName}`, dateOfBirth: patientRow.dateOfBirth },
      prescriber: { userId: actor.userId!, name: me?.name ?? "" },
      prescriptions,
      statement: EPCS_SIGNING_STATEMENT,
    };
  });
}

/** Plain words for the patient (DOMAIN.md §2 Prescription states they can see). */
const PATIENT_STATUS: Record<string, string> = {
  signed: "Signed by your prescriber and being sent to the pharmacy",
  transmitted: "Sent to the pharmacy",
  acknowledged: "The pharmacy has received it",
  error: "It could not be sent to the pharmacy. Your clinic will contact you",
  cancel_requested: "Being cancelled",
  cancelled: "Cancelled",
  cancel_denied: "The pharmacy could not cancel it. Your clinic will contact you",
};
const VISIBLE = ["signed", "transmitted", "acknowledged", "error", "cancel_requested", "cancelled", "cancel_denied"] as const;

/**
 * prescription.mine (patient app): the patient's own signed prescriptions (DOMAIN.md §1 "O"):
 * pharmacy, status in plain words, directions, quantity, refills, written date. Drafts are the
 * clinic's work in progress and are not shown. Read from the signed content (what was sent).
 */
export async function myPrescriptions(db: Database, actor: Actor, clinicId: string, patientId: string) {
  return db.transaction(async (tx) => {
    const rows = await tx
      .select()
      .from(rx)
      .where(and(eq(rx.clinicId, clinicId), eq(rx.patientId, patientId), inArray(rx.status, [...VISIBLE]), isNotNull(rx.signedAt)))
      .orderBy(desc(rx.signedAt), desc(rx.id))
      .limit(LIST_LIMIT);
    const items = rows.flatMap((r) => {
      const c = signedContentView(r);
      if (!c) return [];
      const a = c.pharmacy.address;
      const unit = c.quantity.unit === "mL" ? "mL" : `${c.quantity.unit}${c.quantity.value === 1 ? "" : "s"}`;
      return [
        {
          id: r.id,
          status: r.status,
          statusText: PATIENT_STATUS[r.status] ?? "",
          medication: c.medication.drugDescription,
          directions: c.sig,
          quantity: `${c.quantity.value} ${unit}`,
          refills: c.refills,
          writtenDate: c.writtenDate,
          lastFillDate: c.lastFillDate,
          prescriberName: c.prescriber.fullName,
          pharmacy: { name: c.pharmacy.name, phone: c.pharmacy.phone, address: `${a.line1}${a.line2 ? `, ${a.line2}` : ""}, ${a.city}, ${a.state} ${a.postalCode}` },
        },
      ];
    });
    await recordAudit(tx, actor, { action: "prescription.read", resourceType: "patient", resourceId: patientId, patientId, detail: { own: true, count: items.length } });
    return { items };
  });
}
