import { sql } from "drizzle-orm";
import { check, foreignKey, index, integer, jsonb, pgEnum, pgTable, text, timestamp, unique, uniqueIndex, uuid } from "drizzle-orm/pg-core";

import { user } from "./auth";
import { clinic } from "./clinic";
import { intake } from "./intake";
import { clinicalNote } from "./note";
import { patient } from "./patient";

// DOMAIN.md §2 "Eligibility decision": decided{eligible_at_home | in_office_only | not_eligible | deferred}.
export const eligibilityOutcome = pgEnum("eligibility_outcome", ["eligible_at_home", "in_office_only", "not_eligible", "deferred"]);

/** A rule that fired when the decision was made (DOMAIN.md §3): id, effect, source and where it came from. */
export interface DecisionRuleRecord {
  ruleId: string;
  effect: "not_eligible" | "in_office_only" | "override_required" | "deferred" | "warning";
  source: string;
  origin: string;
  finding: string;
}

/** An OV rule a prescriber overrode, with the structured justification (DOMAIN.md §1 "Override an OV rule"). */
export interface DecisionOverrideRecord {
  ruleId: string;
  justification: { reasonCode: "condition_controlled" | "specialist_clearance" | "history_remote_in_remission" | "risk_mitigation_plan" | "benefit_outweighs_risk"; text: string };
  coSigner: { userId: string; roles: string[] } | null;
}

/**
 * One eligibility decision. Immutable (refuse_mutation triggers, migration 0016): a new decision
 * supersedes the previous one, and its status (current, expired, invalidated) is computed when
 * read from the intake and alerts recorded since, never written back.
 */
export const eligibilityDecision = pgTable(
  "eligibility_decision",
  {
    id: uuid().primaryKey().defaultRandom(),
    clinicId: uuid()
      .notNull()
      .references(() => clinic.id),
    patientId: uuid().notNull(),
    // The signed evaluation note the decision rests on.
    noteId: uuid().notNull(),
    outcome: eligibilityOutcome().notNull(),
    proposedOutcome: eligibilityOutcome().notNull(),
    rules: jsonb().$type<DecisionRuleRecord[]>().notNull(),
    overrides: jsonb().$type<DecisionOverrideRecord[]>().notNull(),
    acknowledgedWarnings: text().array().notNull(),
    deciderUserId: text()
      .notNull()
      .references(() => user.id),
    deciderRoles: text().array().notNull(),
    decidedAt: timestamp({ withTimezone: true }).notNull(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    // The latest submitted intake version when deciding: invalidation compares newer versions with it.
    intakeId: uuid().notNull(),
    intakeVersion: integer().notNull(),
    // The canonical evidence text (packages/clinical decisionEvidence + canonicalJson) and its SHA-256.
    evidence: text().notNull(),
    evidenceSha256: text().notNull(),
    supersedesId: uuid(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("eligibility_decision_clinic_id_uq").on(t.clinicId, t.id),
    unique("eligibility_decision_clinic_patient_id_uq").on(t.clinicId, t.patientId, t.id),
    foreignKey({ name: "eligibility_decision_patient_fk", columns: [t.clinicId, t.patientId], foreignColumns: [patient.clinicId, patient.id] }),
    // The note is of the same clinic and the same patient.
    foreignKey({ name: "eligibility_decision_note_fk", columns: [t.clinicId, t.patientId, t.noteId], foreignColumns: [clinicalNote.clinicId, clinicalNote.patientId, clinicalNote.id] }),
    foreignKey({ name: "eligibility_decision_intake_fk", columns: [t.clinicId, t.intakeId], foreignColumns: [intake.clinicId, intake.id] }),
    foreignKey({ name: "eligibility_decision_supersedes_fk", columns: [t.clinicId, t.patientId, t.supersedesId], foreignColumns: [t.clinicId, t.patientId, t.id] }),
    // One linear chain per patient: a single first decision, and each decision superseded at most once,
    // so two concurrent decisions over the same current one cannot both commit.
    uniqueIndex("eligibility_decision_first_uq").on(t.patientId).where(sql`${t.supersedesId} is null`),
    uniqueIndex("eligibility_decision_supersedes_uq").on(t.supersedesId),
    index("eligibility_decision_patient_idx").on(t.patientId, t.decidedAt),
    check("eligibility_decision_expiry_ck", sql`${t.expiresAt} > ${t.decidedAt}`),
    check("eligibility_decision_sha_ck", sql`${t.evidenceSha256} ~ '^[0-9a-f]{64}$'`),
  ],
);

// Issue 11 §3 / DOMAIN.md §3 OV "co-sign C": what the named prescriber did with the decision.
export const coSignVerdict = pgEnum("co_sign_verdict", ["co_signed", "declined"]);

/**
 * A named prescriber's co-signature (or refusal to co-sign) of a decision's overrides. Append-only
 * (refuse_mutation triggers, migration 0018); one per co-signer and decision. It covers the
 * decision's evidence hash, and an insert trigger checks the hash, that the co-signer is named and
 * is not the decider, and that no newer decision supersedes it.
 */
export const decisionCoSignature = pgTable(
  "eligibility_decision_co_signature",
  {
    id: uuid().primaryKey().defaultRandom(),
    clinicId: uuid()
      .notNull()
      .references(() => clinic.id),
    patientId: uuid().notNull(),
    decisionId: uuid().notNull(),
    coSignerUserId: text()
      .notNull()
      .references(() => user.id),
    verdict: coSignVerdict().notNull(),
    // Why the co-signer declined, in their words (required for a decline, absent for a co-signature).
    reason: text(),
    signedAt: timestamp({ withTimezone: true }).notNull(),
    // DOMAIN.md §9 re-auth before signing: how the co-signer proved who they were.
    reauthMethod: text().notNull(),
    evidenceSha256: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    foreignKey({ name: "eligibility_decision_co_signature_decision_fk", columns: [t.clinicId, t.patientId, t.decisionId], foreignColumns: [eligibilityDecision.clinicId, eligibilityDecision.patientId, eligibilityDecision.id] }),
    uniqueIndex("eligibility_decision_co_signature_uq").on(t.decisionId, t.coSignerUserId),
    index("eligibility_decision_co_signature_signer_idx").on(t.coSignerUserId),
    check("eligibility_decision_co_signature_method_ck", sql`${t.reauthMethod} in ('password', 'totp')`),
    check("eligibility_decision_co_signature_sha_ck", sql`${t.evidenceSha256} ~ '^[0-9a-f]{64}$'`),
    check("eligibility_decision_co_signature_reason_ck", sql`(${t.verdict} = 'declined') = (${t.reason} is not null)`),
  ],
);
