// Synthetic clinical history for the demo clinic, written through the same services the apps use
// (so screening flags, scores and audit events are real): a patient reviewed and ready for their
// evaluation, one a few months into treatment with weekly check-ins, one waiting for review.
import type { Actor } from "@clearwell/api/actor";
import { reviewIntake } from "@clearwell/api/services/chart/chart";
import { proposeDecision, recordDecision } from "@clearwell/api/services/decision/decision";
import { saveOwnIntakeStep, startOwnIntake, submitOwnIntake } from "@clearwell/api/services/intake/intake";
import { openVisitDraft, saveDraft } from "@clearwell/api/services/note/draft-note";
import { type ReauthVerifier, signNote } from "@clearwell/api/services/note/sign-note";
import { CONSENT_TEXTS, calendarDateIn, scoreGad7, scorePhq9 } from "@clearwell/clinical";
import type { Database } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import { INTAKE_STEPS, type IntakeAnswers } from "@clearwell/validators/intake";
import { and, desc, eq, isNotNull } from "drizzle-orm";

const DAY = 86_400_000;
const MINUTE = 60_000;
const meta = { requestId: "demo-seed", ipAddress: null, userAgent: "clearwell-seed" };
// The seed writes as the demo provider, who is signing: there is no password to re-enter.
const seedSignature: ReauthVerifier = async () => ({ ok: true, method: "password" });

/** Item answers (0-3) that add up to `total`, spread evenly; item 9 of the PHQ-9 stays 0. */
export function itemsFor(total: number, count: number, lastIsItem9 = false): number[] {
  const slots = lastIsItem9 ? count - 1 : count;
  const items = Array.from({ length: slots }, (_, i) => Math.min(3, Math.floor(total / slots) + (i < total % slots ? 1 : 0)));
  return lastIsItem9 ? [...items, 0] : items;
}

export function answersFor(p: { givenName: string; familyName: string; dateOfBirth: string; state: string; city: string; phone: string; support: [string, string, string]; emergency: [string, string, string] }, o: { phq9: number; gad7: number; history?: Partial<IntakeAnswers["history"]>; medications?: Partial<IntakeAnswers["medications"]>; meds: string }): IntakeAnswers {
  const no = "no" as const;
  const yes = "yes" as const;
  return {
    about: { givenName: p.givenName, familyName: p.familyName, dateOfBirth: p.dateOfBirth, phone: p.phone, addressLine1: "1 Demo Lane", city: p.city, stateOfResidence: p.state as IntakeAnswers["about"]["stateOfResidence"], postalCode: "80000", timezone: "America/Denver" },
    contacts: {
      emergencyContact: { name: p.emergency[0], relationship: p.emergency[1], phone: p.emergency[2] },
      supportPerson: { name: p.support[0], relationship: p.support[1], phone: p.support[2] },
      supportPersonPresentEveryDose: yes,
      supportPersonIsAdult: yes,
    },
    history: {
      ketamineHypersensitivity: no,
      priorSevereKetamineReaction: no,
      aneurysmalVascularDisease: no,
      arteriovenousMalformation: no,
      intracerebralHemorrhageHistory: no,
      psychosisHistory: no,
      maniaHistory: no,
      activeSubstanceUseDisorder: no,
      dissociativeMisuseEver: no,
      opioidUseDisorderHistory: no,
      pregnant: no,
      planningPregnancy: no,
      breastfeeding: no,
      knownUncontrolledHypertension: no,
      unstableCardiovascularDisease: no,
      cardiovascularEvent: no,
      raisedIntracranialPressure: no,
      raisedIntraocularPressureOrAngleClosure: no,
      hepaticImpairment: "none",
      suicideAttemptEver: no,
      activeSuicidalIntentOrPlan: no,
      lowerUrinaryTractSymptoms: no,
      heavyAlcoholUse: no,
      ...o.history,
    },
    medications: { currentMedications: o.meds, benzodiazepines: no, opioids: no, otherCnsDepressants: no, maoi: no, psychostimulants: no, ...o.medications },
    home: { safeQuietPlaceForDoses: yes, noDrivingUntilNextDay: yes, transportForInPersonCare: yes, hasWorkingHomeBpCuff: yes, canCommitToFollowUps: yes },
    phq9: { items: itemsFor(o.phq9, 9, true), functional: 2 },
    gad7: { items: itemsFor(o.gad7, 7), functional: 1 },
    consents: {
      telehealthVersion: CONSENT_TEXTS[0].version,
      telehealthAccepted: true,
      controlledSubstanceVersion: CONSENT_TEXTS[1].version,
      controlledSubstanceAccepted: true,
      signedName: `${p.givenName} ${p.familyName}`,
    },
  };
}

async function patientByEmail(db: Database, email: string) {
  const [row] = await db.select().from(schema.patient).where(eq(schema.patient.email, email));
  if (!row?.userId) throw new Error(`demo patient ${email} missing`);
  return row;
}

export async function submitIntake(db: Database, email: string, answers: IntakeAnswers, submittedAt: Date) {
  const patient = await patientByEmail(db, email);
  const actor: Actor = { userId: patient.userId!, kind: "patient", roles: ["patient"], clinicId: patient.clinicId, meta };
  const draft = await startOwnIntake(db, actor, patient.id, patient.clinicId);
  for (const step of INTAKE_STEPS) await saveOwnIntakeStep(db, actor, patient.id, patient.clinicId, { intakeId: draft.id, step, data: answers[step] });
  await submitOwnIntake(db, actor, patient.id, patient.clinicId, draft.id, submittedAt);
  return { patient, intakeId: draft.id };
}

export interface DemoPeople {
  patients: { email: string; givenName: string; familyName: string; dateOfBirth: string; state: string; city: string; support: [string, string, string]; emergency: [string, string, string] }[];
  providerEmail: string;
}

export async function seedDemoHistory(db: Database, people: DemoPeople, now = new Date()) {
  const [provider] = await db.select().from(schema.user).where(eq(schema.user.email, people.providerEmail));
  if (!provider) throw new Error("demo provider missing");
  const find = (email: string) => people.patients.find((p) => p.email === email)!;
  const phone = "(555) 010-1999";

  // 1. Reviewed and released for scheduling: ready for the demo video evaluation.
  const quinn = find("patient1@clearwater.test");
  const q = await submitIntake(db, quinn.email, answersFor({ ...quinn, phone }, { phq9: 16, gad7: 13, meds: "Sertraline 100 mg daily" }), new Date(now.getTime() - 3 * DAY));
  const providerActor: Actor = { userId: provider.id, kind: "staff", roles: ["provider"], clinicId: q.patient.clinicId, meta };
  await reviewIntake(db, providerActor, q.patient.clinicId, { patientId: q.patient.id, intakeId: q.intakeId, note: "No blocking flags; evaluation by video.", releaseForScheduling: true });

  // 2. Two months into treatment: evaluation signed and decided, a follow-up a month later signed,
  // weekly check-ins improving; today's follow-up (demo-visit.ts) opens on the interval since.
  const dash = find("patient3@clearwater.test");
  const d = await submitIntake(db, dash.email, answersFor({ ...dash, phone }, { phq9: 18, gad7: 14, meds: "Bupropion 150 mg daily" }), new Date(now.getTime() - 63 * DAY));
  await reviewIntake(db, providerActor, d.patient.clinicId, { patientId: d.patient.id, intakeId: d.intakeId, releaseForScheduling: true });
  const evalStart = new Date(now.getTime() - 56 * DAY);
  evalStart.setUTCHours(16, 0, 0, 0);
  const appointment = (kind: "evaluation" | "follow_up", status: "completed", startsAt: Date, minutes: number) => ({
    clinicId: d.patient.clinicId,
    patientId: d.patient.id,
    providerUserId: provider.id,
    kind,
    status,
    startsAt,
    endsAt: new Date(startsAt.getTime() + minutes * 60_000),
    patientState: dash.state,
    patientTimezone: d.patient.timezone,
    bookedByUserId: d.patient.userId!,
  });
  const [evaluation, firstFollowUp] = await db
    .insert(schema.appointment)
    .values([appointment("evaluation", "completed", evalStart, 60), appointment("follow_up", "completed", new Date(evalStart.getTime() + 28 * DAY), 30)])
    .returning();
  const phq = [15, 14, 12, 11, 9, 8, 7];
  const gad = [12, 12, 10, 9, 8, 7, 6];
  await db.insert(schema.questionnaireResponse).values(
    phq.flatMap((total, i) => {
      const at = new Date(now.getTime() - (49 - i * 7) * DAY);
      const p9 = itemsFor(total, 9, true);
      const g7 = itemsFor(gad[i]!, 7);
      return [
        { clinicId: d.patient.clinicId, patientId: d.patient.id, instrument: "phq9" as const, context: "check_in" as const, answers: p9, total, severity: scorePhq9(p9).band, item9Positive: false, completedAt: at },
        { clinicId: d.patient.clinicId, patientId: d.patient.id, instrument: "gad7" as const, context: "check_in" as const, answers: g7, total: gad[i]!, severity: scoreGad7(g7).band, completedAt: at },
      ];
    }),
  );
  // The notes and the decision through the real services, each at its time in the story (DOMAIN.md §2, §8).
  await dashNotes(db, providerActor, { patientId: d.patient.id, clinicId: d.patient.clinicId, evaluation: evaluation!, firstFollowUp: firstFollowUp!, support: dash.support[0], today: now });

  // 3. Submitted yesterday with answers a clinician must look at first (unsure, benzodiazepines).
  const wren = find("patient4@clearwater.test");
  await submitIntake(
    db,
    wren.email,
    answersFor(
      { ...wren, phone },
      { phq9: 14, gad7: 16, meds: "Clonazepam 0.5 mg as needed", history: { knownUncontrolledHypertension: "unsure", cardiovascularEvent: "unsure" }, medications: { benzodiazepines: "yes" } },
    ),
    new Date(now.getTime() - DAY),
  );
}

export const bp = (systolic: number, diastolic: number, takenAt: Date) => ({ systolic, diastolic, takenAt, position: "sitting" as const, restMinutes: 5 });

/**
 * Dash's signed evaluation note (every intake flag resolved, two BP readings, risk, support person),
 * the eligibility decision "eligible at home" taken from it, and the signed note of the follow-up a
 * month later. Today's follow-up (demo-visit.ts) then opens with the interval since that note.
 */
async function dashNotes(
  db: Database,
  actor: Actor,
  o: {
    patientId: string;
    clinicId: string;
    evaluation: typeof schema.appointment.$inferSelect;
    firstFollowUp: typeof schema.appointment.$inferSelect;
    support: string;
    /** Today's follow-up (ensureDemoVisit books it) is the one this month's plan names. */
    today: Date;
  },
) {
  const at = (a: { startsAt: Date }, minutes: number) => new Date(a.startsAt.getTime() + minutes * MINUTE);
  const [intake] = await db
    .select({ screening: schema.intake.screening })
    .from(schema.intake)
    .where(and(eq(schema.intake.patientId, o.patientId), isNotNull(schema.intake.submittedAt)))
    .orderBy(desc(schema.intake.version))
    .limit(1);
  const flags = [...new Set(((intake?.screening as { flags?: { ruleId: string }[] } | null)?.flags ?? []).map((f) => f.ruleId))];

  const e = o.evaluation;
  let draft = await openVisitDraft(db, actor, o.clinicId, e.id, at(e, 5));
  draft = await saveDraft(
    db,
    actor,
    o.clinicId,
    {
      noteId: draft.id,
      sections: {
        subjective: "Low mood for three years; two SSRIs and bupropion with partial benefit. Sleeping poorly, withdrawn from friends. Wants to try treatment at home.",
        objective: "Well groomed, good eye contact. Calm throughout the video visit.",
        assessment: "Treatment-resistant depression, moderately severe (PHQ-9 18). No contraindications found; blood pressure normal on two readings. Suitable for treatment at home.",
        plan: "Eligible at home. First session with Priya present; weekly check-ins; follow-up in four weeks.",
      },
      findings: {
        flagReview: flags.map((ruleId) => ({ ruleId, resolution: "refute" as const, comment: "Reviewed with the patient at the evaluation." })),
        mentalStatus: { appearance: "Well groomed", mood: "\"Flat most days\"", affect: "Constricted, congruent", thoughtContent: "No suicidal ideation, no delusions", insight: "Good" },
        vitals: { bpReadings: [bp(124, 80, at(e, 15)), bp(118, 78, at(e, 22))], heartRate: 72 },
        riskAssessment: { suicideRisk: "low", suicidePlanReported: false, misuseRisk: "low" },
        supportPerson: { confirmed: true, name: o.support },
      },
      baseUpdatedAt: draft.updatedAt,
    },
    at(e, 50),
  );
  const evaluationNote = await signNote(db, seedSignature, actor, o.clinicId, { noteId: draft.id, reauth: { password: "seed" }, expectedVersion: draft.updatedAt }, at(e, 58));

  // The decision from that note (DOMAIN.md §3): the rules' proposal, its warnings acknowledged.
  const decidedAt = at(e, 70);
  const attestations = { homeBpCuffConfirmed: true };
  const { proposal } = await proposeDecision(db, actor, o.clinicId, { patientId: o.patientId, noteId: evaluationNote.id, attestations }, decidedAt);
  if (proposal.outcome !== "eligible_at_home") throw new Error(`demo decision: the rules propose ${proposal.outcome}, not eligible_at_home`);
  await recordDecision(
    db,
    actor,
    o.clinicId,
    { patientId: o.patientId, noteId: evaluationNote.id, outcome: "eligible_at_home", overrides: [], acknowledgedWarnings: proposal.warnings, attestations, idempotencyKey: `demo-seed-decision-${o.patientId}` },
    decidedAt,
  );

  // Four weeks in: responding, plan to continue. Its snapshot is built as of that visit.
  const f = o.firstFollowUp;
  let followUp = await openVisitDraft(db, actor, o.clinicId, f.id, at(f, 5));
  const timezone = (await db.query.clinic.findFirst({ where: eq(schema.clinic.id, o.clinicId), columns: { timezone: true } }))!.timezone;
  followUp = await saveDraft(
    db,
    actor,
    o.clinicId,
    {
      noteId: followUp.id,
      sections: { subjective: "", objective: "", assessment: "Improving steadily after four sessions.", plan: "" },
      followUp: {
        subjective: { patientReport: "Mornings are easier; back to seeing friends at weekends.", sessionExperience: "Mild dissociation for about an hour, settles with music. Slight nausea once.", functionalDifficulty: 1 },
        objective: { mentalStatus: { mood: "\"Better, not there yet\"", affect: "Brighter, reactive", thoughtContent: "No suicidal ideation" }, homeBpSummary: "Home readings 116-128 / 74-82 before doses." },
        assessment: {
          response: "partial_response",
          tolerability: "tolerated_with_side_effects",
          tolerabilityComment: "Transient nausea; no dissociation beyond the session.",
          riskAssessment: { suicideRisk: "low", suicidePlanReported: false, misuseRisk: "low" },
          continuedEligibility: "unchanged",
        },
        plan: { action: "continue", nextFollowUpOn: calendarDateIn(timezone, o.today), checkInCadence: "weekly", rationale: "Partial response at four weeks; keep the dose and review in a month." },
      },
      baseUpdatedAt: followUp.updatedAt,
    },
    at(f, 25),
  );
  await signNote(db, seedSignature, actor, o.clinicId, { noteId: followUp.id, reauth: { password: "seed" }, expectedVersion: followUp.updatedAt }, at(f, 29));
}
