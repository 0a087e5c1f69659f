import type { Reauth } from "@clearwell/auth/reauth";
import type { ClinicRole } from "@clearwell/clinical";
import { type CoSignRefusalCode, type CoSignVerdict, checkCoSign } from "@clearwell/clinical/eligibility/co-sign";
import type { Database } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import { and, asc, eq, gt, sql } from "drizzle-orm";

import type { Actor } from "../../actor";
import type { DomainErrorCode } from "../../errors";
import { denied } from "../../errors";
import { recordAudit } from "../audit/record-audit";
import { assignedPatient } from "../chart/chart";
import { type ReauthVerifier, requireReauth } from "../reauth";
import { careTeamPrescribers } from "./co-signers";
import { detailOf } from "./decision";
import { coSignStateOf, coSignaturesOf, isSuperseded, statusOf } from "./evidence";

const d = schema.eligibilityDecision;
const cs = schema.decisionCoSignature;

const ACTION: Record<CoSignVerdict, string> = { co_signed: "decision.co_sign", declined: "decision.co_sign_decline" };

const REFUSAL_CODE: Record<CoSignRefusalCode, DomainErrorCode> = {
  not_a_prescriber: "FORBIDDEN",
  own_decision: "FORBIDDEN",
  not_named: "FORBIDDEN",
  already_co_signed: "CONFLICT",
  already_declined: "CONFLICT",
  superseded: "INVALID_TRANSITION",
  declined_by_another: "INVALID_TRANSITION",
  expired: "INVALID_TRANSITION",
  invalidated: "INVALID_TRANSITION",
  not_awaiting: "INVALID_TRANSITION",
};

/**
 * The named prescriber co-signs a decision's overrides, or declines to (issue 11 §3; DOMAIN.md §1
 * "Override an OV rule: A + justification (co-sign C)"). Re-authentication first; then in one
 * transaction: the decision of this clinic, the co-signer one of the patient's clinicians (§1 "A":
 * co-signing is reviewing the chart, so an unassigned prescriber sees NOT_FOUND like any chart),
 * the patient locked as decision.record locks it (a new decision and a co-signature never cross),
 * `checkCoSign` (prescriber, not the decider, named; awaiting, not superseded, expired, invalidated
 * or declined), the row covering the decision's evidence hash, and the audit row last. The same
 * verdict again returns the decision as it stands (a retry); every refusal is audited.
 */
async function giveVerdict(db: Database, verify: ReauthVerifier, actor: Actor, clinicId: string, input: { decisionId: string; reauth?: Reauth | undefined; reason?: string }, verdict: CoSignVerdict, now = new Date()) {
  const action = ACTION[verdict];
  const method = await requireReauth(verify, actor, input.reauth, { action, resourceType: "eligibility_decision", resourceId: input.decisionId }, action === ACTION.co_signed ? "co-sign" : "decline");
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(d)
      .where(and(eq(d.id, input.decisionId), eq(d.clinicId, clinicId)));
    if (!row) throw denied(actor, { action, resourceType: "eligibility_decision", resourceId: input.decisionId }, "NOT_FOUND", "No such decision in this clinic.");
    await assignedPatient(tx, actor, clinicId, row.patientId, action);
    await tx.select({ id: schema.patient.id }).from(schema.patient).where(eq(schema.patient.id, row.patientId)).for("no key update");

    const signatures = await coSignaturesOf(tx, row.id);
    const check = checkCoSign({
      actor: { userId: actor.userId!, roles: actor.roles as ClinicRole[] },
      verdict,
      deciderUserId: row.deciderUserId,
      state: coSignStateOf(row, signatures),
      superseded: await isSuperseded(tx, row.id),
      status: (await statusOf(tx, row, now, signatures)).status,
    });
    if (!check.ok) {
      throw denied(actor, { action, resourceType: "eligibility_decision", resourceId: row.id, patientId: row.patientId, detail: { reason: check.code } }, REFUSAL_CODE[check.code], check.message);
    }
    if (!check.replay) {
      await tx.insert(cs).values({
        clinicId,
        patientId: row.patientId,
        decisionId: row.id,
        coSignerUserId: actor.userId!,
        verdict,
        reason: verdict === "declined" ? input.reason! : null,
        signedAt: now,
        reauthMethod: method,
        evidenceSha256: row.evidenceSha256,
      });
    }
    const detail = await detailOf(tx, row, now);
    // A retry reads what was signed (as decision.record's replay does); the timeline shows one co-signature.
    // No outcome nor the decline's words in the audit detail (admins read the audit log; §1 minimum necessary).
    await recordAudit(tx, actor, {
      action: check.replay ? "decision.read" : action,
      resourceType: "eligibility_decision",
      resourceId: row.id,
      patientId: row.patientId,
      detail: check.replay ? { replay: action, reauth: method } : { sha256: row.evidenceSha256, reauth: method, status: detail.status.status },
    });
    return detail;
  });
}

/** decision.coSign: the named prescriber co-signs; the decision is in effect once every named co-signer has. */
export function coSignDecision(db: Database, verify: ReauthVerifier, actor: Actor, clinicId: string, input: { decisionId: string; reauth?: Reauth | undefined }, now = new Date()) {
  return giveVerdict(db, verify, actor, clinicId, input, "co_signed", now);
}

/** decision.declineCoSign: the named prescriber refuses, saying why; the decision never takes effect. */
export function declineCoSign(db: Database, verify: ReauthVerifier, actor: Actor, clinicId: string, input: { decisionId: string; reason: string; reauth?: Reauth | undefined }, now = new Date()) {
  return giveVerdict(db, verify, actor, clinicId, input, "declined", now);
}

const QUEUE_LIMIT = 50;

/**
 * decision.awaitingMyCoSign: the decisions of this clinic whose overrides name the signed-in
 * prescriber and still wait for them: the head of the patient's chain, not expired, not yet
 * co-signed or declined by them nor declined by anyone, of patients they are assigned to, oldest
 * first. One audit row per patient shown (as the dashboard does); names and dates only.
 */
export async function awaitingMyCoSign(db: Database, actor: Actor, clinicId: string, now = new Date()) {
  return db.transaction(async (tx) => {
    const me = actor.userId!;
    const p = schema.patient;
    const rows = await tx
      .select({ decision: d, givenName: p.givenName, familyName: p.familyName, preferredName: p.preferredName, deciderName: schema.user.name })
      .from(d)
      .innerJoin(p, and(eq(p.id, d.patientId), eq(p.clinicId, d.clinicId)))
      .innerJoin(schema.user, eq(schema.user.id, d.deciderUserId))
      .where(
        and(
          eq(d.clinicId, clinicId),
          gt(d.expiresAt, now),
          sql`${d.overrides} @> jsonb_build_array(jsonb_build_object('coSigner', jsonb_build_object('userId', ${me}::text)))`,
          sql`not exists (select 1 from ${d} s where s.supersedes_id = ${d.id})`,
          sql`not exists (select 1 from ${cs} c where c.decision_id = ${d.id} and (c.co_signer_user_id = ${me} or c.verdict = 'declined'))`,
          sql`(exists (select 1 from ${schema.careTeamMember} ct where ct.patient_id = ${d.patientId} and ct.user_id = ${me})
            or exists (select 1 from ${schema.appointment} ap where ap.patient_id = ${d.patientId} and ap.provider_user_id = ${me} and ap.status <> 'cancelled'))`,
        ),
      )
      .orderBy(asc(d.decidedAt))
      .limit(QUEUE_LIMIT);
    const items = [];
    for (const r of rows) {
      // Invalidated since (a new intake, an A4 alert): nothing left to co-sign; the decider decides again.
      const status = await statusOf(tx, r.decision, now);
      if (status.status !== "awaiting_co_sign") continue;
      items.push({
        decisionId: r.decision.id,
        patientId: r.decision.patientId,
        patientName: `${r.preferredName || r.givenName} ${r.familyName}`,
        deciderName: r.deciderName,
        decidedAt: r.decision.decidedAt,
        expiresAt: r.decision.expiresAt,
        overriddenRuleIds: r.decision.overrides.filter((o) => o.coSigner?.userId === me).map((o) => o.ruleId),
      });
    }
    await recordAudit(
      tx,
      actor,
      items.map((i) => ({ action: "decision.co_sign_queue", resourceType: "eligibility_decision", resourceId: i.decisionId, patientId: i.patientId })),
    );
    return { items };
  });
}

/**
 * decision.coSigners: who the deciding prescriber can name as co-signer for this patient: the
 * clinic's other prescribers among the patient's clinicians (a co-signer reviews the chart,
 * DOMAIN.md §1 "A"). Id and name only. The caller must be one of the patient's clinicians.
 */
export async function coSignerOptions(db: Database, actor: Actor, clinicId: string, patientId: string) {
  return db.transaction(async (tx) => {
    await assignedPatient(tx, actor, clinicId, patientId, "decision.co_signers");
    const coSigners = (await careTeamPrescribers(tx, clinicId, patientId)).filter((c) => c.userId !== actor.userId);
    await recordAudit(tx, actor, { action: "decision.co_signers", resourceType: "patient", resourceId: patientId, patientId });
    return { coSigners };
  });
}
