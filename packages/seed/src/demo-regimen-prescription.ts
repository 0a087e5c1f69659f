// Issue 13 demo, first half: Ottilie's story (who, when) and her prescription: intake, evaluation,
// signed note and decision, the prescription signed, sent and acknowledged, and the pharmacy's fill.
// The home half (support person, sessions, check-ins, alerts) is demo-regimen.ts. Synthetic data only.

import { createHmac, randomUUID } from "node:crypto";
import type { Actor } from "@clearwell/api/actor";
import { proposeDecision, recordDecision } from "@clearwell/api/services/decision/decision";
import { reviewIntake } from "@clearwell/api/services/chart/chart";
import { openVisitDraft, saveDraft } from "@clearwell/api/services/note/draft-note";
import { type ReauthVerifier, signNote } from "@clearwell/api/services/note/sign-note";
import { createDraft, markReady } from "@clearwell/api/services/prescription/draft";
import { recordPdmp } from "@clearwell/api/services/prescription/pdmp";
import { signPrescriptions } from "@clearwell/api/services/prescription/sign";
import { handleRxInbound } from "@clearwell/api/services/transmission/inbound";
import { relayOne } from "@clearwell/api/services/transmission/relay";
import type { Auth } from "@clearwell/auth";
import { verifyTwoFactors } from "@clearwell/auth/reauth";
import { addCalendarDays } from "@clearwell/clinical";
import type { Database } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import { renderMessage, signedHeaders } from "@clearwell/script";
import { base32 } from "@better-auth/utils/base32";
import { createOTP } from "@better-auth/utils/otp";
import { symmetricDecrypt } from "better-auth/crypto";
import { and, asc, eq, inArray, isNotNull } from "drizzle-orm";
import { CLINICS, DEMO_PASSWORD, PATIENTS } from "./demo-data";
import { answersFor, bp, submitIntake } from "./demo-history";
import { DEMO_PHARMACY, DEMO_PRESCRIBER_EMAIL } from "./demo-prescribing";

export const meta = { requestId: "demo-seed", ipAddress: null, userAgent: "clearwell-seed" };
// The seed writes as the demo prescriber, who is signing the note: no password to re-enter there.
export const seedSignature: ReauthVerifier = async () => ({ ok: true, method: "password" });

const OTTILIE = PATIENTS.find((p) => p.email === "patient5@clearwater.test")!;

/** Who the home-regimen demo is about (printed with the logins; the browser test signs in as them). */
export const DEMO_REGIMEN = {
  patientEmail: OTTILIE.email,
  patientName: `${OTTILIE.givenName} ${OTTILIE.familyName}`,
  clinicianEmail: DEMO_PRESCRIBER_EMAIL,
  timezone: CLINICS[0].timezone,
  supportPerson: { name: OTTILIE.support[0], relationship: OTTILIE.support[1], email: "june.marchetti@support.test", phone: OTTILIE.support[2] },
  /** 2 troches of 100 mg a session, weekly, 4 sessions. */
  unitsPerSession: 2,
  daysBetweenSessions: 7,
  quantity: 8,
} as const;

/**
 * The support person's link token. Derived from the deployment's AUTH_SECRET (HMAC), so `start`
 * can print the link on every run while the database keeps only its SHA-256, as the service does
 * for the tokens it makes; unguessable without the secret. Demo only: real invitations are random.
 */
export function demoSupportToken(authSecret: string): string {
  return createHmac("sha256", authSecret).update(`clearwell-demo-support-link:v1:${DEMO_REGIMEN.patientEmail}`).digest("base64url");
}

/** Demo link secret between the seed's stand-in pharmacy network and Clearwell's inbound service (this process only). */
export const NETWORK_SECRET = randomUUID() + randomUUID();

/** Days from today: the pharmacy's fill (the regimen starts), the first session the day after. */
export const FILL_DAY = -22;
export const FIRST_SESSION_DAY = -21;

export interface Story {
  db: Database;
  auth: Auth;
  clinicId: string;
  patientId: string;
  patientUserId: string;
  prescriberId: string;
  timezone: string;
  today: string;
  /** An instant on the clinic-local day `today + days` at hh:mm. */
  at: (days: number, hhmm: string) => Date;
  patientActor: Actor;
  prescriberActor: Actor;
  /** The support person's phone: no account. */
  supportActor: Actor;
  /** The link token the support person's phone holds. */
  supportToken: string;
}

/**
 * Ottilie's home regimen and what happened on it so far (idempotent: each part is skipped when it is
 * there, so `start` on an older database adds it once). The story is anchored on `now`: her first
 * session three weeks ago, today's session scheduled for today.
 */

/** The day (offset from today) of the evaluation and prescription: a weekday at least 23 days back. */
export function evaluationDay(s: Story): number {
  let d = -23;
  while ([0, 6].includes(new Date(`${addCalendarDays(s.today, d)}T12:00:00Z`).getUTCDay())) d--;
  return d;
}

/** Her next follow-up: the first weekday from a week on (after today's session), 11:00 clinic time. */
export function followUpDay(s: Story): number {
  let d = 7;
  while ([0, 6].includes(new Date(`${addCalendarDays(s.today, d)}T12:00:00Z`).getUTCDay())) d++;
  return d;
}

/**
 * Intake, review, the evaluation by video with the prescriber (signed note, eligible at home), her
 * next follow-up booked, a PDMP check, and the prescription drafted, marked ready and signed with
 * the prescriber's password and authenticator code, all on the evaluation day.
 */
export async function ensureHistoryAndPrescription(s: Story) {
  const { db } = s;
  const rx = schema.prescription;
  const [existing] = await db.select().from(rx).where(and(eq(rx.clinicId, s.clinicId), eq(rx.patientId, s.patientId), isNotNull(rx.signedAt))).limit(1);
  if (existing) return existing;
  const e = evaluationDay(s);

  // 1. Intake a week before the evaluation (PHQ-9 19, GAD-7 15: the baseline), reviewed and released.
  const p = OTTILIE;
  const submitted = await db.query.intake.findFirst({ where: and(eq(schema.intake.patientId, s.patientId), isNotNull(schema.intake.submittedAt)) });
  const intakeId = submitted?.id ?? (await submitIntake(db, p.email, answersFor({ ...p, phone: "(555) 010-1599" }, { phq9: 19, gad7: 15, meds: "Escitalopram 20 mg daily" }), s.at(e - 7, "19:30"))).intakeId;
  if (!submitted) await reviewIntake(db, s.prescriberActor, s.clinicId, { patientId: s.patientId, intakeId, note: "No blocking flags; evaluation by video.", releaseForScheduling: true });

  // 2. The evaluation: a completed video visit with her in Colorado (the audio-video basis, RX13).
  const a = schema.appointment;
  let [evaluation] = await db.select().from(a).where(and(eq(a.patientId, s.patientId), eq(a.kind, "evaluation"), eq(a.status, "completed")));
  if (!evaluation) {
    [evaluation] = await db
      .insert(a)
      .values({
        clinicId: s.clinicId,
        patientId: s.patientId,
        providerUserId: s.prescriberId,
        kind: "evaluation",
        status: "completed",
        startsAt: s.at(e, "09:00"),
        endsAt: s.at(e, "10:00"),
        patientState: p.state,
        patientTimezone: s.timezone,
        bookedByUserId: s.patientUserId,
      })
      .returning();
    await db.insert(schema.visit).values({
      clinicId: s.clinicId,
      appointmentId: evaluation!.id,
      patientId: s.patientId,
      providerUserId: s.prescriberId,
      roomName: `demo-${evaluation!.id}`,
      status: "ended",
      modality: "audio_video",
      attestedState: p.state,
      attestedAt: s.at(e, "09:01"),
      startedAt: s.at(e, "09:01"),
      endedAt: s.at(e, "09:55"),
    });
  }
  const ev = evaluation!;
  const noteId = await ensureEvaluationNote(s, ev, e);

  // 3. Her next follow-up (what the supply is bounded by, RX09), booked before the prescription.
  const f = followUpDay(s);
  const [followUp] = await db
    .select({ id: a.id })
    .from(a)
    .where(and(eq(a.patientId, s.patientId), eq(a.kind, "follow_up"), inArray(a.status, ["booked", "confirmed"])));
  if (!followUp) {
    await db.insert(a).values({
      clinicId: s.clinicId,
      patientId: s.patientId,
      providerUserId: s.prescriberId,
      kind: "follow_up",
      status: "confirmed",
      startsAt: s.at(f, "11:00"),
      endsAt: s.at(f, "11:30"),
      patientState: p.state,
      patientTimezone: s.timezone,
      bookedByUserId: s.patientUserId,
    });
  }

  // 4. PDMP, draft, ready, signed (21 CFR 1311.140: password + authenticator code), right after the decision.
  await recordPdmp(db, s.prescriberActor, s.clinicId, { patientId: s.patientId, state: "CO", result: "reviewed", checkedAt: s.at(e, "10:15"), interpretation: "No other controlled-substance prescriptions on file." }, s.at(e, "10:16"));
  const [entry] = await db
    .select({ id: schema.formularyEntry.id })
    .from(schema.formularyEntry)
    .where(and(eq(schema.formularyEntry.clinicId, s.clinicId), eq(schema.formularyEntry.form, "troche"), eq(schema.formularyEntry.strengthValue, 100)));
  const [pharmacy] = await db
    .select({ id: schema.pharmacy.id })
    .from(schema.pharmacy)
    .where(and(eq(schema.pharmacy.clinicId, s.clinicId), eq(schema.pharmacy.ncpdpId, DEMO_PHARMACY.ncpdpId)));
  if (!entry || !pharmacy) throw new Error("demo regimen: the demo formulary and pharmacy must be seeded first");
  const draft = await createDraft(
    db,
    s.prescriberActor,
    s.clinicId,
    {
      patientId: s.patientId,
      idempotencyKey: `demo-seed-rx-${s.patientId}`,
      prescriberUserId: s.prescriberId,
      basisAppointmentId: ev.id,
      noteId,
      formularyEntryId: entry.id,
      pharmacyId: pharmacy.id,
      unitsPerSession: DEMO_REGIMEN.unitsPerSession,
      daysBetweenSessions: DEMO_REGIMEN.daysBetweenSessions,
      quantity: DEMO_REGIMEN.quantity,
      refills: 0,
      firstSessionDate: addCalendarDays(s.today, FIRST_SESSION_DAY),
    },
    s.at(e, "10:20"),
  );
  const ready = await markReady(db, s.prescriberActor, s.clinicId, { id: draft.prescription.id, version: draft.prescription.version }, s.at(e, "10:24"));
  const verify = (userId: string, factors: { password: string; totp: string }) => verifyTwoFactors(s.auth, userId, factors);
  await signPrescriptions(
    db,
    verify,
    s.prescriberActor,
    s.clinicId,
    {
      patientId: s.patientId,
      prescriptionIds: [ready.prescription.id],
      readyVersions: [ready.prescription.version],
      password: DEMO_PASSWORD,
      totp: await unusedTotp(s),
      idempotencyKey: `demo-seed-sign-${s.patientId}`,
    },
    s.at(e, "10:26"),
  );
  const [signed] = await db.select().from(rx).where(eq(rx.id, ready.prescription.id));
  await transmitAndAcknowledge(s, signed!, e);
  return signed!;
}

/** The signed evaluation note and the decision "eligible at home" taken from it (DOMAIN.md §3, §8). */
async function ensureEvaluationNote(s: Story, ev: typeof schema.appointment.$inferSelect, e: number): Promise<string> {
  const { db } = s;
  const n = schema.clinicalNote;
  const [signedNote] = await db.select({ id: n.id }).from(n).where(and(eq(n.patientId, s.patientId), eq(n.kind, "evaluation"), eq(n.status, "signed")));
  if (signedNote) return signedNote.id;
  const [intake] = await db
    .select({ screening: schema.intake.screening })
    .from(schema.intake)
    .where(and(eq(schema.intake.patientId, s.patientId), isNotNull(schema.intake.submittedAt)))
    .orderBy(asc(schema.intake.version));
  const flags = [...new Set(((intake?.screening as { flags?: { ruleId: string }[] } | null)?.flags ?? []).map((f) => f.ruleId))];
  let draft = await openVisitDraft(db, s.prescriberActor, s.clinicId, ev.id, s.at(e, "09:05"));
  draft = await saveDraft(
    db,
    s.prescriberActor,
    s.clinicId,
    {
      noteId: draft.id,
      sections: {
        subjective: "Depression since university; escitalopram and two augmentations with partial benefit. Low energy, poor sleep, missing lectures. Lives with a roommate who will be present for sessions.",
        objective: "Casually dressed, good rapport. Calm and engaged throughout the video visit.",
        assessment: "Treatment-resistant depression, moderately severe (PHQ-9 19). No contraindications found; blood pressure normal on two readings. Suitable for treatment at home.",
        plan: "Eligible at home. Troche 200 mg weekly with June present; weekly check-ins; follow-up after four sessions.",
      },
      findings: {
        flagReview: flags.map((ruleId) => ({ ruleId, resolution: "refute" as const, comment: "Reviewed with the patient at the evaluation." })),
        mentalStatus: { appearance: "Casually dressed", mood: "\"Tired of feeling flat\"", affect: "Constricted, congruent", thoughtContent: "No suicidal ideation, no delusions", insight: "Good" },
        vitals: { bpReadings: [bp(122, 78, s.at(e, "09:15")), bp(118, 76, s.at(e, "09:22"))], heartRate: 70 },
        riskAssessment: { suicideRisk: "low", suicidePlanReported: false, misuseRisk: "low" },
        supportPerson: { confirmed: true, name: DEMO_REGIMEN.supportPerson.name },
      },
      baseUpdatedAt: draft.updatedAt,
    },
    s.at(e, "09:50"),
  );
  const note = await signNote(db, seedSignature, s.prescriberActor, s.clinicId, { noteId: draft.id, reauth: { password: "seed" }, expectedVersion: draft.updatedAt }, s.at(e, "09:58"));
  const attestations = { homeBpCuffConfirmed: true };
  const decidedAt = s.at(e, "10:05");
  const { proposal } = await proposeDecision(db, s.prescriberActor, s.clinicId, { patientId: s.patientId, noteId: note.id, attestations }, decidedAt);
  if (proposal.outcome !== "eligible_at_home") throw new Error(`demo regimen decision: the rules propose ${proposal.outcome}, not eligible_at_home`);
  await recordDecision(
    db,
    s.prescriberActor,
    s.clinicId,
    { patientId: s.patientId, noteId: note.id, outcome: "eligible_at_home", overrides: [], acknowledgedWarnings: proposal.warnings, attestations, idempotencyKey: `demo-seed-decision-${s.patientId}` },
    decidedAt,
  );
  return note.id;
}

/**
 * A current authenticator code of the prescriber whose 30-second step is not spent yet (the seed's
 * EPCS approval may have used the current one a moment ago; the services accept the step either side).
 */
export async function unusedTotp(s: Story) {
  const row = await s.db.query.twoFactor.findFirst({ where: eq(schema.twoFactor.userId, s.prescriberId), columns: { secret: true } });
  if (!row) throw new Error("demo prescriber has no authenticator enrolled");
  const ctx = await s.auth.$context;
  const stored = await symmetricDecrypt({ key: ctx.secretConfig, data: row.secret });
  const secret = stored.startsWith("base32:") ? base32.decode(stored.slice("base32:".length).toUpperCase()) : stored;
  const otp = createOTP(secret, { digits: 6, period: 30 });
  const used = await s.db.select({ step: schema.totpStepUse.timeStep }).from(schema.totpStepUse).where(eq(schema.totpStepUse.userId, s.prescriberId));
  const counter = Math.floor(Date.now() / 30_000);
  const step = [counter, counter + 1].find((c) => !used.some((u) => Number(u.step) === c));
  if (step === undefined) throw new Error("demo prescriber: no unused authenticator step");
  return otp.hotp(step);
}

/**
 * The NewRx sent by the relay (to a stand-in for the network that takes it), the pharmacy's Status
 * (acknowledged: the planned regimen) within minutes and its RxFill the next day (dispensed: the
 * regimen is active), each through Clearwell's inbound service with a signed SCRIPT message.
 */
async function transmitAndAcknowledge(s: Story, p: typeof schema.prescription.$inferSelect, e: number) {
  const [out] = await s.db
    .select()
    .from(schema.rxOutbox)
    .where(and(eq(schema.rxOutbox.clinicId, s.clinicId), eq(schema.rxOutbox.prescriptionId, p.id), eq(schema.rxOutbox.type, "NewRx")));
  if (!out) throw new Error("demo regimen: the signed prescription has no NewRx in the outbox");
  const sentAt = s.at(e, "10:27");
  const step = await relayOne(
    { db: s.db, transport: { name: "demo-network", send: async () => ({ kind: "delivered", status: 200 }) }, leaseMs: 60_000, clinicIds: [s.clinicId], now: () => sentAt },
    out.messageId,
  );
  if (step?.status !== "delivered") throw new Error(`demo regimen: the NewRx was not delivered (${step?.status ?? "not due"})`);
  // Dispensed and its notice received the day before the first session: the regimen's weekly
  // check-ins count from then, so the latest fell due yesterday afternoon.
  const dispensedDay = addCalendarDays(s.today, FILL_DAY);
  await pharmacyAnswer(s, out.messageId, { type: "Status", code: "010" }, s.at(e, "10:31"));
  await pharmacyAnswer(
    s,
    out.messageId,
    { type: "RxFill", fillStatus: "Dispensed", drugDescription: "Ketamine HCl 100 mg sublingual troche, compounded", quantity: { value: String(DEMO_REGIMEN.quantity), codeListQualifier: "38", unitOfMeasure: "C48548" }, dispensedDate: dispensedDay },
    s.at(FILL_DAY, "15:00"),
  );
}

export async function pharmacyAnswer(s: Story, relatesTo: string, body: Parameters<typeof renderMessage>[0]["body"], at: Date) {
  const xml = renderMessage({
    header: { to: "clearwell", from: DEMO_PHARMACY.ncpdpId, messageId: randomUUID(), relatesToMessageId: relatesTo, sentTime: at.toISOString(), prescriberOrderNumber: relatesTo },
    body,
  });
  const headers = new Headers({ "content-type": "application/xml" });
  for (const [k, v] of Object.entries(signedHeaders(NETWORK_SECRET, xml, at.getTime()))) headers.set(k, v);
  const out = await handleRxInbound(s.db, xml, headers, { requestId: "demo-seed", ipAddress: null, userAgent: "demo-pharmacy" }, { secret: NETWORK_SECRET, maxBytes: 256 * 1024, now: at });
  if (out.status !== 200) throw new Error(`demo regimen: the pharmacy's ${body.type} was refused (${out.result})`);
}
