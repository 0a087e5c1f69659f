import type { DecisionStatus, Effect, IntakeScreeningSnapshot, ScreeningInput } from "@clearwell/clinical";
import { decisionInEffect, decisionStatus, screeningInputFromIntake } from "@clearwell/clinical";
import { type CoSignState, coSignState } from "@clearwell/clinical/eligibility/co-sign";
import type { DbOrTx } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import { INTAKE_STEP_SCHEMAS } from "@clearwell/validators/intake";
import { and, desc, eq, isNotNull, sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";

import type { Actor } from "../../actor";
import { DomainError, denied } from "../../errors";

const d = schema.eligibilityDecision;
const DAY_MS = 24 * 60 * 60 * 1000;

export type DecisionRow = typeof d.$inferSelect;

export async function clinicSettings(tx: DbOrTx, clinicId: string) {
  const [c] = await tx
    .select({
      name: schema.clinic.name,
      phone: schema.clinic.phone,
      email: schema.clinic.email,
      timezone: schema.clinic.timezone,
      eligibilityExpiryDays: schema.clinic.eligibilityExpiryDays,
      overrideCoSignRequired: schema.clinic.overrideCoSignRequired,
    })
    .from(schema.clinic)
    .where(eq(schema.clinic.id, clinicId));
  if (!c) throw new DomainError("NOT_FOUND", "Clinic not found.");
  return c;
}

/** The patient's latest submitted intake version (DOMAIN.md §3: the LATEST intake is screened). */
export async function latestSubmittedIntake(tx: DbOrTx, patientId: string) {
  const [row] = await tx
    .select()
    .from(schema.intake)
    .where(and(eq(schema.intake.patientId, patientId), isNotNull(schema.intake.submittedAt)))
    .orderBy(desc(schema.intake.version))
    .limit(1);
  return row ?? null;
}

const SCREENED_STEPS = ["about", "contacts", "history", "medications", "home"] as const;

/** The intake's answers and baseline scores as screening input; refused in words if the stored answers cannot be read. */
export async function screeningInputOf(tx: DbOrTx, intake: typeof schema.intake.$inferSelect): Promise<ScreeningInput> {
  const answers: Record<string, unknown> = {};
  for (const step of SCREENED_STEPS) {
    const parsed = INTAKE_STEP_SCHEMAS[step].safeParse(intake.answers[step]);
    if (!parsed.success) throw new DomainError("RULE_FAILED", "The latest intake cannot be screened: ask the patient to submit it again.", [step]);
    answers[step] = parsed.data;
  }
  const scores = await tx
    .select({ instrument: schema.questionnaireResponse.instrument, total: schema.questionnaireResponse.total })
    .from(schema.questionnaireResponse)
    .where(and(eq(schema.questionnaireResponse.intakeId, intake.id), eq(schema.questionnaireResponse.patientId, intake.patientId)));
  const total = (i: "phq9" | "gad7") => scores.find((s) => s.instrument === i)?.total ?? null;
  return screeningInputFromIntake(answers as unknown as Parameters<typeof screeningInputFromIntake>[0], { phq9: total("phq9"), gad7: total("gad7") });
}

/**
 * The signed evaluation note of this patient a decision rests on (DOMAIN.md §2 "signed note").
 * Another patient's or clinic's note, or someone else's draft, is NOT_FOUND.
 */
export async function signedEvaluationNote(tx: DbOrTx, actor: Actor, clinicId: string, patientId: string, noteId: string, action: string) {
  const n = schema.clinicalNote;
  const note = await tx.query.clinicalNote.findFirst({ where: and(eq(n.id, noteId), eq(n.clinicId, clinicId), eq(n.patientId, patientId)) });
  if (!note || (note.status !== "signed" && note.authorUserId !== actor.userId)) {
    throw denied(actor, { action, resourceType: "clinical_note", resourceId: noteId, patientId }, "NOT_FOUND", "No such note of this patient.");
  }
  if (note.kind !== "evaluation") throw new DomainError("BAD_INPUT", "An eligibility decision rests on an evaluation note.");
  if (note.status !== "signed") throw new DomainError("INVALID_TRANSITION", "Sign the evaluation note before deciding eligibility.");
  return note;
}

/** The head of the patient's decision chain: the one no other decision supersedes. */
export async function currentDecisionRow(tx: DbOrTx, clinicId: string, patientId: string): Promise<DecisionRow | null> {
  const [row] = await tx
    .select()
    .from(d)
    .where(and(eq(d.clinicId, clinicId), eq(d.patientId, patientId), sql`not exists (select 1 from ${d} s where s.supersedes_id = ${d.id})`))
    .limit(1);
  return row ?? null;
}

const cs = schema.decisionCoSignature;
export type CoSignatureRow = typeof cs.$inferSelect;

/** The co-signatures and declines recorded on a decision (issue 11 §3), oldest first. */
export async function coSignaturesOf(tx: DbOrTx, decisionId: string): Promise<CoSignatureRow[]> {
  return tx.select().from(cs).where(eq(cs.decisionId, decisionId)).orderBy(cs.signedAt);
}

/** Who must co-sign the decision and where each stands. */
export const coSignStateOf = (row: DecisionRow, signatures: readonly CoSignatureRow[]): CoSignState =>
  coSignState(
    row.overrides,
    signatures.map((x) => ({ userId: x.coSignerUserId, verdict: x.verdict })),
  );

/** Whether a newer decision supersedes this one. */
export async function isSuperseded(tx: DbOrTx, decisionId: string): Promise<boolean> {
  const [next] = await tx.select({ id: d.id }).from(d).where(eq(d.supersedesId, decisionId)).limit(1);
  return !!next;
}

const flagsOf = (screening: Record<string, unknown> | null): IntakeScreeningSnapshot["flags"] => {
  const flags = (screening as { flags?: { ruleId?: unknown; effect?: unknown }[] } | null)?.flags ?? [];
  return flags.filter((f) => typeof f.ruleId === "string" && typeof f.effect === "string").map((f) => ({ ruleId: f.ruleId as string, effect: f.effect as Effect }));
};

/**
 * A decision's status, computed when read (DOMAIN.md §2): expiry from its stored expiry, and
 * invalidation by what was recorded since: a newer intake version adding a contraindication or a
 * pregnancy, an A4 alert; a BP-deferred decision is pending once a later signed note has BP readings.
 * Overrides naming a co-signer keep it `awaiting_co_sign` until they co-sign (issue 11 §3).
 */
export async function statusOf(tx: DbOrTx, row: DecisionRow, now: Date, signatures?: readonly CoSignatureRow[]): Promise<DecisionStatus> {
  const i = schema.intake;
  const n = schema.clinicalNote;
  const a = schema.safetyAlert;
  const mine = (t: { clinicId: AnyPgColumn; patientId: AnyPgColumn }) => and(eq(t.clinicId, row.clinicId), eq(t.patientId, row.patientId));
  // Independent reads, sent together (one round trip on the transaction's connection).
  const [sigs, [latest], [decided], alerts, [recheck]] = await Promise.all([
    signatures ?? coSignaturesOf(tx, row.id),
    tx
      .select({ id: i.id, version: i.version, screening: i.screening })
      .from(i)
      .where(and(mine(i), isNotNull(i.submittedAt)))
      .orderBy(desc(i.version))
      .limit(1),
    tx
      .select({ version: i.version, screening: i.screening })
      .from(i)
      .where(and(mine(i), eq(i.id, row.intakeId))),
    tx.select({ type: a.type, createdAt: a.createdAt }).from(a).where(mine(a)),
    tx
      .select({ at: sql<Date | null>`max(${n.signedAt})`.mapWith(n.signedAt) })
      .from(n)
      .where(and(mine(n), eq(n.status, "signed"), sql`jsonb_array_length(coalesce(${n.findings} -> 'vitals' -> 'bpReadings', '[]'::jsonb)) > 0`)),
  ]);
  if (!decided) throw new DomainError("NOT_FOUND", "The intake this decision rests on is missing.");
  const coSign = coSignStateOf(row, sigs);
  return decisionStatus(
    {
      outcome: row.outcome,
      decidedAt: row.decidedAt,
      intake: { version: decided.version, flags: flagsOf(decided.screening) },
      rules: row.rules.map((r) => ({ ruleId: r.ruleId, effect: r.effect })),
      overriddenRuleIds: row.overrides.map((o) => o.ruleId),
      coSign: { awaiting: coSign.awaiting, declined: coSign.declined },
    },
    {
      now,
      // The expiry fixed when deciding, whatever the clinic setting is now.
      expiryDays: (row.expiresAt.getTime() - row.decidedAt.getTime()) / DAY_MS,
      latestIntake: latest ? { version: latest.version, flags: flagsOf(latest.screening) } : null,
      alerts: alerts.map((a) => ({ ruleId: a.type, raisedAt: a.createdAt })),
      bloodPressureRecheckAt: recheck?.at ?? null,
    },
  );
}

const STATUS_REASON: Partial<Record<DecisionStatus["status"], string>> = {
  awaiting_co_sign: "Not in effect until the named prescriber co-signs the override.",
  co_sign_declined: "The named prescriber declined to co-sign the override: this decision never took effect. Record a new decision.",
};

/** The status as the output schema carries it. */
export function statusView(s: DecisionStatus) {
  return {
    status: s.status,
    expiresAt: s.expiresAt,
    reasons: s.status === "invalidated" ? s.reasons : [],
    reason: s.status === "pending" ? s.reason : (STATUS_REASON[s.status] ?? null),
  };
}

/**
 * The patient's decision in effect now, or null (issue 11 §3): the head of the chain when its status
 * is `current`. What gates (booking, prescribing) use: a decision awaiting or refused a
 * co-signature, expired, invalidated or pending is none.
 */
export async function effectiveDecision(tx: DbOrTx, clinicId: string, patientId: string, now: Date) {
  const row = await currentDecisionRow(tx, clinicId, patientId);
  if (!row) return null;
  const status = await statusOf(tx, row, now);
  return decisionInEffect(status) ? { row, status } : null;
}
