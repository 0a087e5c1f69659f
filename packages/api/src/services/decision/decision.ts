import { createHash } from "node:crypto";

import type { ClinicRole, DecisionChoice, EligibilityOutcome, OverrideReasonCode } from "@clearwell/clinical";
import { DEFAULT_DECISION_POLICY, DEFAULT_SCREENING_CONFIG, calendarDateIn, canonicalJson, decisionEvidence, decisionInEffect, proposeEligibility, validateDecision } from "@clearwell/clinical";
import { patientDecisionSummary } from "@clearwell/clinical/eligibility/patient-summary";
import type { Database, DbOrTx } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import type { DecisionOverrideRecord, DecisionRuleRecord } from "@clearwell/db/schema";
import type { OVERRIDE_REASON_CODES as INPUT_REASON_CODES } from "@clearwell/validators/decision";
import { and, eq, inArray } from "drizzle-orm";

import type { Actor } from "../../actor";
import { DomainError, denied } from "../../errors";
import { recordAudit } from "../audit/record-audit";
import { deaRegisteredOn, licensedOn } from "../credentials/in-force";
import { assignedPatient } from "../chart/chart";
import { isUniqueViolation } from "../db-errors";
import { ownPatient } from "../patient/own-patient";
import { careTeamPrescribers, coSignersView } from "./co-signers";
import { type DecisionRow, clinicSettings, coSignaturesOf, currentDecisionRow, latestSubmittedIntake, screeningInputOf, signedEvaluationNote, statusOf, statusView } from "./evidence";
import { type DecisionAttestations, attestedState, evaluationFindings } from "./findings";

// The input schema's reason codes are the clinical package's, in either direction.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const reasonCodesMatch: Same<(typeof INPUT_REASON_CODES)[number], OverrideReasonCode> = true;
void reasonCodesMatch;

const d = schema.eligibilityDecision;
const DAY_MS = 24 * 60 * 60 * 1000;
const CLINIC_ROLES: readonly ClinicRole[] = ["admin", "provider", "prescriber", "staff"];
const clinicRoles = (roles: readonly string[]) => roles.filter((r): r is ClinicRole => (CLINIC_ROLES as readonly string[]).includes(r));

/**
 * E20 for the signing-block notice: the decider, if a prescriber, holds a licence and a DEA
 * registration in this clinic's credential record (the Prescribers page), not removed and valid on the
 * decision date, in the state the patient attested at the visit (credentials/in-force.ts). Verification
 * is left to the signing check (RX11/RX12), which names it. Unknown (null) when the decider is not a
 * prescriber or no state was attested.
 */
async function licensedIn(tx: DbOrTx, actor: Actor, clinicId: string, state: string | null, onDate: string): Promise<boolean | null> {
  if (!state || !actor.roles.includes("prescriber")) return null;
  const [licence, dea] = await Promise.all([licensedOn(tx, clinicId, actor.userId!, state, onDate), deaRegisteredOn(tx, clinicId, actor.userId!, state, onDate)]);
  return licence && dea;
}

/**
 * Runs the proposal server-side from what is stored: the latest submitted intake, the signed
 * evaluation note's findings and the current decision (DOMAIN.md §3). Never from the client's copy.
 */
async function buildProposal(tx: DbOrTx, actor: Actor, clinicId: string, input: { patientId: string; noteId: string; attestations?: DecisionAttestations | undefined }, now: Date, action: string) {
  await assignedPatient(tx, actor, clinicId, input.patientId, action);
  const note = await signedEvaluationNote(tx, actor, clinicId, input.patientId, input.noteId, action);
  const intake = await latestSubmittedIntake(tx, input.patientId);
  if (!intake) throw new DomainError("RULE_FAILED", "The patient has not submitted an intake yet.");
  const settings = await clinicSettings(tx, clinicId);
  const decisionDate = calendarDateIn(settings.timezone, now);
  const current = await currentDecisionRow(tx, clinicId, input.patientId);
  const mapped = evaluationFindings(note.findings, await screeningInputOf(tx, intake), {
    attestations: input.attestations,
    prescriberLicensedInPatientState: await licensedIn(tx, actor, clinicId, attestedState(note.findings), decisionDate),
    // DOMAIN.md §3 E06 "deferred -> OV once controlled".
    previouslyDeferredForBloodPressure: current?.outcome === "deferred" && current.rules.some((r) => r.ruleId === "E06" && r.effect === "deferred"),
  });
  const proposal = proposeEligibility({ intake: mapped.intake, findings: mapped.findings, decisionDate, config: DEFAULT_SCREENING_CONFIG });
  if (mapped.planReportedAtVisit) {
    // The plan was found at the visit, not reported at intake: say so on the rule.
    proposal.rules = proposal.rules.map((r) =>
      r.ruleId === "E11" && r.finding === "Active suicidal intent or plan" && r.origin === "intake" && r.resolution === null
        ? { ...r, origin: "evaluation", reason: r.reason.replace("(reported at intake)", "(found at the evaluation)") }
        : r,
    );
  }
  return { proposal, intake, note, settings, current };
}

/** decision.propose: the proposal with every fired rule, its effect, source and reason, for the patient's clinician. */
export async function proposeDecision(db: Database, actor: Actor, clinicId: string, input: { patientId: string; noteId: string; attestations?: DecisionAttestations | undefined }, now = new Date()) {
  return db.transaction(async (tx) => {
    const { proposal, intake, settings } = await buildProposal(tx, actor, clinicId, input, now, "decision.propose");
    await recordAudit(tx, actor, { action: "decision.propose", resourceType: "clinical_note", resourceId: input.noteId, patientId: input.patientId });
    return { proposal, intake: { id: intake.id, version: intake.version }, noteId: input.noteId, overrideCoSignRequired: settings.overrideCoSignRequired };
  });
}

/** A decision row as the clinician sees it, with its status and co-signers computed now. */
export async function detailOf(tx: DbOrTx, row: DecisionRow, now: Date) {
  const [[decider], signatures] = await Promise.all([tx.select({ name: schema.user.name }).from(schema.user).where(eq(schema.user.id, row.deciderUserId)), coSignaturesOf(tx, row.id)]);
  const [status, coSigners] = await Promise.all([statusOf(tx, row, now, signatures), coSignersView(tx, row, signatures)]);
  return {
    id: row.id,
    patientId: row.patientId,
    noteId: row.noteId,
    outcome: row.outcome,
    proposedOutcome: row.proposedOutcome,
    rules: row.rules,
    overrides: row.overrides,
    acknowledgedWarnings: row.acknowledgedWarnings,
    decider: { userId: row.deciderUserId, name: decider?.name ?? "" },
    decidedAt: row.decidedAt,
    expiresAt: row.expiresAt,
    intake: { id: row.intakeId, version: row.intakeVersion },
    evidenceSha256: row.evidenceSha256,
    supersedesId: row.supersedesId,
    status: statusView(status),
    coSigners,
  };
}

export interface RecordDecisionInput {
  patientId: string;
  noteId: string;
  outcome: EligibilityOutcome;
  overrides: { ruleId: string; reasonCode: OverrideReasonCode; text: string; coSignerUserId?: string | undefined }[];
  acknowledgedWarnings: string[];
  attestations?: DecisionAttestations | undefined;
  idempotencyKey: string;
}

const requestHash = (v: unknown) => createHash("sha256").update(canonicalJson(v)).digest("hex");
const sha256Hex = (s: string) => createHash("sha256").update(s, "utf8").digest("hex");

/**
 * Records the clinician's eligibility decision (DOMAIN.md §2 "Eligibility decision", §1 "Decide
 * eligibility: A", "Override an OV rule: prescriber + justification"). In one transaction: the
 * proposal re-run from stored data, `validateDecision` (a more permissive outcome without valid
 * overrides is refused with every reason, and the refusal audited), the evidence hash, the row
 * superseding the current decision, and the audit row last. A retry with the same key returns the
 * decision it recorded; the same key with another request is refused.
 */
export async function recordDecision(db: Database, actor: Actor, clinicId: string, input: RecordDecisionInput, now = new Date()) {
  const scope = "decision.record";
  const hash = requestHash({ ...input, idempotencyKey: undefined });
  const keyWhere = and(eq(schema.idempotencyKey.userId, actor.userId!), eq(schema.idempotencyKey.scope, scope), eq(schema.idempotencyKey.key, input.idempotencyKey));
  try {
    return await db.transaction(async (tx) => {
      await assignedPatient(tx, actor, clinicId, input.patientId, "decision.record");
      const [claimed] = await tx.insert(schema.idempotencyKey).values({ userId: actor.userId!, scope, key: input.idempotencyKey, requestHash: hash }).onConflictDoNothing().returning();
      if (!claimed) {
        const [prior] = await tx.select().from(schema.idempotencyKey).where(keyWhere);
        if (prior?.requestHash !== hash) throw new DomainError("IDEMPOTENCY_KEY_REUSED", "This request key was already used for a different decision.");
        const decisionId = (prior.response as { decisionId: string }).decisionId;
        const [row] = await tx.select().from(d).where(and(eq(d.id, decisionId), eq(d.clinicId, clinicId)));
        const detail = await detailOf(tx, row!, now);
        await recordAudit(tx, actor, { action: "decision.read", resourceType: "eligibility_decision", resourceId: row!.id, patientId: row!.patientId, detail: { replay: true } });
        return detail;
      }
      // One decision at a time per patient: concurrent decisions queue here (the unique chain index is the backstop).
      await tx.select({ id: schema.patient.id }).from(schema.patient).where(eq(schema.patient.id, input.patientId)).for("no key update");

      const { proposal, intake, note, settings, current } = await buildProposal(tx, actor, clinicId, input, now, "decision.record");
      const coSignerIds = [...new Set(input.overrides.map((o) => o.coSignerUserId).filter((x): x is string => !!x))];
      const coSignerRoles = coSignerIds.length
        ? await tx
            .select({ userId: schema.clinicMembership.userId, role: schema.clinicMembership.role })
            .from(schema.clinicMembership)
            .where(and(eq(schema.clinicMembership.clinicId, clinicId), inArray(schema.clinicMembership.userId, coSignerIds)))
        : [];
      // A co-signer reviews the chart, so must be one of the patient's clinicians (DOMAIN.md §1 "A").
      const onCareTeam = new Set(coSignerIds.length ? (await careTeamPrescribers(tx, clinicId, input.patientId)).map((p) => p.userId) : []);
      const choice: DecisionChoice = {
        outcome: input.outcome,
        overrides: input.overrides.map((o) => ({
          ruleId: o.ruleId,
          justification: { reasonCode: o.reasonCode, text: o.text },
          coSigner: o.coSignerUserId
            ? { userId: o.coSignerUserId, roles: coSignerRoles.filter((m) => m.userId === o.coSignerUserId).map((m) => m.role), onCareTeam: onCareTeam.has(o.coSignerUserId) }
            : null,
        })),
        acknowledgedWarnings: input.acknowledgedWarnings,
        decider: { userId: actor.userId!, roles: clinicRoles(actor.roles) },
      };
      const validation = validateDecision(proposal, choice, { ...DEFAULT_DECISION_POLICY, overrideCoSignRequired: settings.overrideCoSignRequired });
      if (!validation.ok) {
        const error = new DomainError(
          "RULE_FAILED",
          "This decision is not allowed as it stands.",
          validation.refusals.map((r) => r.message),
        );
        // Audited once the transaction has rolled back: who tried which outcome, and why it was refused.
        error.denial = {
          actor,
          events: [
            {
              action: "decision.record",
              resourceType: "clinical_note",
              resourceId: note.id,
              patientId: input.patientId,
              outcome: "denied",
              detail: { refusals: validation.refusals.map((r) => ({ code: r.code, ruleId: r.ruleId ?? null })) },
            },
          ],
        };
        throw error;
      }
      // The evidence names each co-signer (id and roles) that the co-signature will cover; not the care-team lookup.
      const recorded: DecisionChoice = { ...choice, overrides: choice.overrides.map((o) => ({ ...o, coSigner: o.coSigner ? { userId: o.coSigner.userId, roles: o.coSigner.roles } : null })) };
      const evidence = canonicalJson(decisionEvidence(proposal, recorded, { intakeId: intake.id, intakeVersion: intake.version, noteId: note.id }));
      const rules: DecisionRuleRecord[] = proposal.rules.map((r) => ({ ruleId: r.ruleId, effect: r.effect, source: r.source, origin: r.origin, finding: r.finding }));
      const overrides: DecisionOverrideRecord[] = recorded.overrides.map((o) => ({
        ruleId: o.ruleId,
        justification: { reasonCode: o.justification.reasonCode, text: o.justification.text },
        coSigner: o.coSigner ? { userId: o.coSigner.userId, roles: [...o.coSigner.roles] } : null,
      }));
      const [row] = await tx
        .insert(d)
        .values({
          clinicId,
          patientId: input.patientId,
          noteId: note.id,
          outcome: input.outcome,
          proposedOutcome: proposal.outcome,
          rules,
          overrides,
          acknowledgedWarnings: [...input.acknowledgedWarnings].sort(),
          deciderUserId: actor.userId!,
          deciderRoles: [...choice.decider.roles],
          decidedAt: now,
          expiresAt: new Date(now.getTime() + settings.eligibilityExpiryDays * DAY_MS),
          intakeId: intake.id,
          intakeVersion: intake.version,
          evidence,
          evidenceSha256: sha256Hex(evidence),
          supersedesId: current?.id ?? null,
        })
        .returning();
      await tx.update(schema.idempotencyKey).set({ response: { decisionId: row!.id } }).where(keyWhere);
      const detail = await detailOf(tx, row!, now);
      // No outcome in the audit detail: admins read the audit log (DOMAIN.md §1 minimum necessary).
      await recordAudit(tx, actor, {
        action: "decision.record",
        resourceType: "eligibility_decision",
        resourceId: row!.id,
        patientId: input.patientId,
        detail: {
          noteId: note.id,
          supersedesId: row!.supersedesId,
          sha256: row!.evidenceSha256,
          overrides: overrides.map((o) => o.ruleId),
          coSigners: [...new Set(overrides.flatMap((o) => (o.coSigner ? [o.coSigner.userId] : [])))],
        },
      });
      return detail;
    });
  } catch (error) {
    if (isUniqueViolation(error, "eligibility_decision_supersedes_uq") || isUniqueViolation(error, "eligibility_decision_first_uq")) {
      throw new DomainError("CONFLICT", "Another decision for this patient was just recorded. Review it before deciding again.");
    }
    throw error;
  }
}

/** decision.current: the patient's current decision with its status, for their clinicians (DOMAIN.md §1 "A"). */
export async function currentDecision(db: Database, actor: Actor, clinicId: string, patientId: string, now = new Date()) {
  return db.transaction(async (tx) => {
    await assignedPatient(tx, actor, clinicId, patientId, "decision.read");
    const row = await currentDecisionRow(tx, clinicId, patientId);
    const decision = row ? await detailOf(tx, row, now) : null;
    await recordAudit(tx, actor, { action: "decision.read", resourceType: row ? "eligibility_decision" : "patient", resourceId: row?.id ?? patientId, patientId });
    return { decision };
  });
}

/**
 * decision.existence for admin and staff (DOMAIN.md §1 "Read clinical chart: N (demographics
 * only)", §9 minimum necessary): whether a decision exists, when, until when, and whether a
 * clinician must decide again (to book that visit). Never the outcome, rules or why.
 */
export async function decisionExistence(db: Database, actor: Actor, clinicId: string, patientId: string, now = new Date()) {
  return db.transaction(async (tx) => {
    const [p] = await tx.select({ id: schema.patient.id }).from(schema.patient).where(and(eq(schema.patient.id, patientId), eq(schema.patient.clinicId, clinicId)));
    if (!p) throw denied(actor, { action: "decision.existence", resourceType: "patient", resourceId: patientId }, "NOT_FOUND", "No such patient in this clinic.");
    const row = await currentDecisionRow(tx, clinicId, patientId);
    const status = row ? await statusOf(tx, row, now) : null;
    await recordAudit(tx, actor, { action: "decision.existence", resourceType: "patient", resourceId: patientId, patientId });
    return {
      exists: !!row,
      decidedAt: row?.decidedAt ?? null,
      expiresAt: row?.expiresAt ?? null,
      // Waiting for a co-signature: not in effect, yet nothing for the decider to redo.
      reDecisionDue: status ? status.status !== "current" && status.status !== "awaiting_co_sign" : null,
      inEffect: status ? decisionInEffect(status) : null,
    };
  });
}

/** decision.mine: the patient's own decision in plain words and what happens next (issue 11 §7). */
export async function myDecision(db: Database, actor: Actor, clinicId: string, patientId: string, now = new Date()) {
  return db.transaction(async (tx) => {
    await ownPatient(tx, actor, patientId);
    const row = await currentDecisionRow(tx, clinicId, patientId);
    await recordAudit(tx, actor, { action: "decision.read_own", resourceType: row ? "eligibility_decision" : "patient", resourceId: row?.id ?? patientId, patientId });
    if (!row) return { summary: null };
    const status = await statusOf(tx, row, now);
    // Issue 11 §3: a decision waiting for (or refused) its co-signature is not in effect: the patient
    // hears it is still being decided, never its outcome.
    const state =
      status.status === "awaiting_co_sign" || status.status === "co_sign_declined"
        ? ("being_decided" as const)
        : status.status === "expired" || status.status === "invalidated"
          ? ("needs_review" as const)
          : ("current" as const);
    const settings = await clinicSettings(tx, clinicId);
    const words = patientDecisionSummary({
      outcome: row.outcome,
      state,
      rules: row.rules.map((r) => ({ ruleId: r.ruleId, effect: r.effect })),
      overriddenRuleIds: row.overrides.map((o) => o.ruleId),
    });
    const outcome = state === "being_decided" ? null : row.outcome;
    return { summary: { outcome, decidedAt: row.decidedAt, state, ...words, clinic: { name: settings.name, phone: settings.phone, email: settings.email } } };
  });
}
