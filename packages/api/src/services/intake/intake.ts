import { createHash } from "node:crypto";

import {
  CONSENT_TEXTS,
  calendarDateIn,
  canBookBeforeReview,
  consentCanonicalText,
  scoreGad7,
  scorePhq9,
  screenForAtHomeKetamine,
  screeningInputFromIntake,
  transitionOnboarding,
} from "@clearwell/clinical";
import type { Database, DbOrTx } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import { INTAKE_STEPS, INTAKE_STEP_SCHEMAS, type IntakeAnswers, type IntakeStep } from "@clearwell/validators/intake";
import { and, desc, eq, isNull, sql } from "drizzle-orm";

import type { Actor } from "../../actor";
import { DomainError } from "../../errors";
import { recordAudit } from "../audit/record-audit";
import { ownPatient } from "../patient/own-patient";
import { raiseItem9Alert } from "../safety/alerts";

type SaveStep = { intakeId: string; step: IntakeStep; data: unknown };

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

function view(row: typeof schema.intake.$inferSelect) {
  return {
    id: row.id,
    version: row.version,
    answers: row.answers as Partial<IntakeAnswers>,
    completedSteps: row.completedSteps as IntakeStep[],
    submittedAt: row.submittedAt,
    updatedAt: row.updatedAt,
  };
}

/** The patient's open draft (if any), the latest submitted version, and what intake needs to render. */
export async function getOwnIntake(db: Database, actor: Actor, patientId: string) {
  return db.transaction(async (tx) => {
    const patient = await ownPatient(tx, actor, patientId);
    const rows = await tx.select().from(schema.intake).where(eq(schema.intake.patientId, patientId)).orderBy(desc(schema.intake.version)).limit(2);
    const draft = rows.find((r) => !r.submittedAt) ?? null;
    const submitted = rows.find((r) => r.submittedAt) ?? null;
    await recordAudit(tx, actor, { action: "intake.read", resourceType: "intake", resourceId: draft?.id ?? submitted?.id ?? null, patientId });
    return {
      patientStatus: patient.status,
      draft: draft && view(draft),
      lastSubmitted: submitted && { id: submitted.id, version: submitted.version, submittedAt: submitted.submittedAt, crisisPathway: submitted.crisisPathway },
      // Starting values for the first version come from the enrolment record.
      prefill: {
        about: {
          givenName: patient.givenName,
          familyName: patient.familyName,
          preferredName: patient.preferredName ?? undefined,
          dateOfBirth: patient.dateOfBirth,
          sex: patient.sex,
          phone: patient.phone ?? undefined,
          addressLine1: patient.addressLine1 ?? undefined,
          addressLine2: patient.addressLine2 ?? undefined,
          city: patient.city ?? undefined,
          stateOfResidence: patient.stateOfResidence,
          postalCode: patient.postalCode ?? undefined,
          timezone: patient.timezone,
        },
      },
      steps: INTAKE_STEPS,
      consents: CONSENT_TEXTS,
    };
  });
}

/**
 * Opens a draft. The first version starts empty; a correction starts from the last
 * submitted answers and supersedes that version on submission. An open draft is returned as is.
 */
export async function startOwnIntake(db: Database, actor: Actor, patientId: string, clinicId: string) {
  return db.transaction(async (tx) => {
    const patient = await ownPatient(tx, actor, patientId);
    if (patient.status === "withdrawn") throw new DomainError("FORBIDDEN", "Your care with this clinic has ended. Please contact the clinic.");
    // Serialise starts per patient so a double tap opens one draft.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`intake:${patientId}`}, 0))`);
    const [latest] = await tx.select().from(schema.intake).where(eq(schema.intake.patientId, patientId)).orderBy(desc(schema.intake.version)).limit(1);
    if (latest && !latest.submittedAt) return view(latest);
    const [row] = await tx
      .insert(schema.intake)
      .values({
        clinicId,
        patientId,
        version: (latest?.version ?? 0) + 1,
        supersedesId: latest?.id ?? null,
        answers: latest?.answers ?? {},
        // Consents are given again for every version.
        completedSteps: (latest?.completedSteps ?? []).filter((s) => s !== "consents"),
      })
      .returning();
    if (["registered", "identity_verified"].includes(patient.status)) {
      await tx.update(schema.patient).set({ status: "intake_in_progress" }).where(eq(schema.patient.id, patientId));
    }
    await recordAudit(tx, actor, { action: "intake.start", resourceType: "intake", resourceId: row!.id, patientId, detail: { version: row!.version } });
    return view(row!);
  });
}

async function lockDraft(tx: DbOrTx, patientId: string, intakeId: string) {
  const [row] = await tx
    .select()
    .from(schema.intake)
    .where(and(eq(schema.intake.id, intakeId), eq(schema.intake.patientId, patientId)))
    .for("update");
  if (!row) throw new DomainError("NOT_FOUND", "This intake could not be found.");
  if (row.submittedAt) throw new DomainError("CONFLICT", "This intake was already submitted. Start a new version to correct it.");
  return row;
}

/** Saves one step of the draft. A PHQ-9 item 9 answer above zero raises alert A1 at once (DOMAIN.md §6, §7). */
export async function saveOwnIntakeStep(db: Database, actor: Actor, patientId: string, clinicId: string, input: SaveStep) {
  return db.transaction(async (tx) => {
    await ownPatient(tx, actor, patientId);
    const row = await lockDraft(tx, patientId, input.intakeId);
    const data = { ...(input.data as Record<string, unknown>) };
    // The acceptance time is the server's, not the browser's.
    if (input.step === "consents") data.acceptedAt = new Date().toISOString();
    const answers = { ...row.answers, [input.step]: data };
    const completedSteps = INTAKE_STEPS.filter((s) => s === input.step || row.completedSteps.includes(s));
    const [saved] = await tx
      .update(schema.intake)
      .set({ answers, completedSteps, updatedAt: new Date() })
      .where(eq(schema.intake.id, row.id))
      .returning();
    let crisis = false;
    if (input.step === "phq9") {
      const score = scorePhq9((data as IntakeAnswers["phq9"]).items);
      crisis = score.item9Positive;
      if (crisis) await raiseItem9Alert(tx, actor, { clinicId, patientId, item9: score.item9, sourceType: "intake", sourceId: row.id });
    }
    await recordAudit(tx, actor, { action: "intake.save_step", resourceType: "intake", resourceId: row.id, patientId, detail: { step: input.step } });
    return { intake: view(saved!), crisis };
  });
}

/**
 * Submits the draft: every step is re-validated, PHQ-9/GAD-7 are scored and stored, consents
 * are recorded with their text version and hash, screening flags are frozen for the clinician,
 * and the row becomes immutable (trigger in migration 0004).
 */
export async function submitOwnIntake(db: Database, actor: Actor, patientId: string, clinicId: string, intakeId: string, now = new Date()) {
  return db.transaction(async (tx) => {
    const patient = await ownPatient(tx, actor, patientId);
    const row = await lockDraft(tx, patientId, intakeId);
    const missing = INTAKE_STEPS.filter((s) => !row.completedSteps.includes(s));
    if (missing.length) throw new DomainError("BAD_INPUT", `Finish these sections first: ${missing.join(", ")}.`, missing);
    const answers = {} as IntakeAnswers;
    for (const step of INTAKE_STEPS) {
      const parsed = INTAKE_STEP_SCHEMAS[step].safeParse(row.answers[step]);
      if (!parsed.success) throw new DomainError("BAD_INPUT", `Please check the "${step}" section again.`, [step]);
      (answers as Record<string, unknown>)[step] = parsed.data;
    }
    const clinic = await tx.query.clinic.findFirst({ where: eq(schema.clinic.id, clinicId) });
    if (!clinic) throw new DomainError("NOT_FOUND", "Clinic not found.");
    const phq9 = scorePhq9(answers.phq9.items);
    const gad7 = scoreGad7(answers.gad7.items);
    const screening = screenForAtHomeKetamine(
      screeningInputFromIntake(answers, { phq9: phq9.total, gad7: gad7.total }),
      calendarDateIn(clinic.timezone, now),
    );
    const crisisPathway = screening.crisisPathway || phq9.item9Positive;

    const [submitted] = await tx
      .update(schema.intake)
      .set({ screening: { ...screening }, mostRestrictiveEffect: screening.mostRestrictive, crisisPathway, submittedAt: now, updatedAt: now })
      .where(and(eq(schema.intake.id, row.id), isNull(schema.intake.submittedAt)))
      .returning();
    await tx.insert(schema.questionnaireResponse).values([
      {
        clinicId,
        patientId,
        instrument: "phq9",
        context: "intake",
        intakeId: row.id,
        answers: answers.phq9.items,
        functionalDifficulty: answers.phq9.functional ?? null,
        total: phq9.total,
        severity: phq9.band,
        item9Positive: phq9.item9Positive,
        completedAt: now,
      },
      {
        clinicId,
        patientId,
        instrument: "gad7",
        context: "intake",
        intakeId: row.id,
        answers: answers.gad7.items,
        functionalDifficulty: answers.gad7.functional ?? null,
        total: gad7.total,
        severity: gad7.band,
        completedAt: now,
      },
    ]);
    const acceptedAt = new Date(String((row.answers.consents as { acceptedAt?: string } | undefined)?.acceptedAt ?? now.toISOString()));
    const versions = { telehealth: answers.consents.telehealthVersion, controlled_substance_agreement: answers.consents.controlledSubstanceVersion };
    const consentRows = CONSENT_TEXTS.map((text) => {
      if (versions[text.kind] !== text.version) {
        throw new DomainError("CONFLICT", "The consent text has changed since you read it. Please review and accept it again.", ["consents"]);
      }
      return {
        clinicId,
        patientId,
        intakeId: row.id,
        kind: text.kind,
        textVersion: text.version,
        textSha256: sha256(consentCanonicalText(text)),
        signedName: answers.consents.signedName,
        acceptedAt,
      };
    });
    await tx.insert(schema.consentRecord).values(consentRows);

    const a = answers.about;
    const c = answers.contacts;
    const submittedTo = transitionOnboarding(patient.status, "submit_intake", { identityVerificationRequired: false });
    await tx
      .update(schema.patient)
      .set({
        givenName: a.givenName,
        familyName: a.familyName,
        preferredName: a.preferredName || null,
        dateOfBirth: a.dateOfBirth,
        sex: a.sex ?? "unknown",
        phone: a.phone,
        addressLine1: a.addressLine1,
        addressLine2: a.addressLine2 || null,
        city: a.city,
        stateOfResidence: a.stateOfResidence,
        postalCode: a.postalCode,
        timezone: a.timezone,
        supportPersonName: c.supportPerson.name,
        supportPersonRelationship: c.supportPerson.relationship,
        supportPersonPhone: c.supportPerson.phone,
        emergencyContactName: c.emergencyContact.name,
        emergencyContactRelationship: c.emergencyContact.relationship,
        emergencyContactPhone: c.emergencyContact.phone,
        // DOMAIN.md §2 onboarding: every submitted version, a correction after clearance included,
        // waits for a clinician's review again (issue 11 §5); booking follows the new status.
        ...(submittedTo.ok ? { status: submittedTo.to } : {}),
      })
      .where(eq(schema.patient.id, patientId));
    if (phq9.item9Positive) {
      await raiseItem9Alert(tx, actor, { clinicId, patientId, item9: phq9.item9, sourceType: "intake", sourceId: row.id });
    }
    await recordAudit(tx, actor, {
      action: "intake.submit",
      resourceType: "intake",
      resourceId: row.id,
      patientId,
      detail: { version: row.version, flags: screening.flags.map((f) => f.ruleId), crisisPathway },
    });
    return {
      intakeId: submitted!.id,
      version: submitted!.version,
      crisis: phq9.item9Positive,
      // What the patient sees: never the flags themselves, only whether booking waits on the clinic.
      canBookNow: canBookBeforeReview(clinic.bookingBeforeIntakeReview, screening.mostRestrictive, crisisPathway),
    };
  });
}
