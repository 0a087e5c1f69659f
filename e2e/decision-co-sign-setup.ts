import type { Actor } from "@clearwell/api/actor";
import { saveOwnIntakeStep, startOwnIntake, submitOwnIntake } from "@clearwell/api/services/intake/intake";
import { openVisitDraft, saveDraft } from "@clearwell/api/services/note/draft-note";
import { type ReauthVerifier, signNote } from "@clearwell/api/services/note/sign-note";
import { createDb } from "@clearwell/db/client";
import postgres from "postgres";

/**
 * Data for the override co-signature browser test (issue 11 §3), written through the services the
 * apps use: Marisol (patient2) has a submitted intake whose prior severe reaction to ketamine (E22,
 * OV) is confirmed in the prescriber's signed evaluation note, so at home needs an override. The
 * demo provider is made a prescriber and put on her care team for the test, to co-sign; `undo`
 * takes that back (the decision and co-signature, append-only, stay in the throwaway database).
 */
export const DECIDER = "prescriber@clearwater.test";
export const CO_SIGNER = "provider@clearwater.test";
export const PATIENT = "patient2@clearwater.test";

const meta = { requestId: "e2e-co-sign", ipAddress: null, userAgent: "e2e" };
const signed: ReauthVerifier = async () => ({ ok: true, method: "password" });
const HOUR = 3_600_000;

const STEPS = ["about", "contacts", "history", "medications", "home", "phq9", "gad7", "consents"] as const;
type SaveStep = Parameters<typeof saveOwnIntakeStep>[4];

export async function coSignScenario(databaseUrl: string) {
  const db = createDb(databaseUrl, 2);
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const userByEmail = async (email: string) => (await sql<{ id: string; name: string }[]>`select id, name from "user" where email = ${email}`)[0]!;
    const decider = await userByEmail(DECIDER);
    const coSigner = await userByEmail(CO_SIGNER);
    const [patient] = await sql<
      { id: string; clinicId: string; userId: string; givenName: string; familyName: string; dateOfBirth: string; stateOfResidence: string; patientTimezone: string | null; timezone: string }[]
    >`
      select p.id, p.clinic_id as "clinicId", p.user_id as "userId", p.given_name as "givenName", p.family_name as "familyName",
        p.date_of_birth::text as "dateOfBirth", p.state_of_residence as "stateOfResidence", p.timezone as "patientTimezone", c.timezone
      from patient p join clinic c on c.id = p.clinic_id where p.email = ${PATIENT}`;
    if (!patient) throw new Error("demo patient2 missing");
    const { clinicId } = patient;

    await sql`insert into clinic_membership (clinic_id, user_id, role) values (${clinicId}, ${coSigner.id}, 'prescriber') on conflict do nothing`;
    await sql`insert into care_team_member (clinic_id, patient_id, user_id, role) values (${clinicId}, ${patient.id}, ${coSigner.id}, 'prescriber') on conflict do nothing`;

    // An intake like a seeded one, through the patient's own intake service, with a prior severe reaction to ketamine (E22).
    const [model] = await sql<{ answers: Record<string, Record<string, unknown>> }[]>`select answers from intake where submitted_at is not null order by submitted_at limit 1`;
    const answers = structuredClone(model!.answers);
    // Her own name, birth date, state and zone: submitting the intake writes "about" to her record,
    // and another patient's date of birth there would make a search by date of birth find both.
    answers.about = {
      ...answers.about,
      givenName: patient.givenName,
      familyName: patient.familyName,
      dateOfBirth: patient.dateOfBirth,
      stateOfResidence: patient.stateOfResidence,
      ...(patient.patientTimezone ? { timezone: patient.patientTimezone } : {}),
    };
    answers.history = { ...answers.history, priorSevereKetamineReaction: "yes" };
    const patientActor: Actor = { userId: patient.userId, kind: "patient", roles: ["patient"], clinicId, meta };
    const draftIntake = await startOwnIntake(db, patientActor, patient.id, clinicId);
    for (const step of STEPS) await saveOwnIntakeStep(db, patientActor, patient.id, clinicId, { intakeId: draftIntake.id, step, data: answers[step] } as SaveStep);
    await submitOwnIntake(db, patientActor, patient.id, clinicId, draftIntake.id, new Date(Date.now() - 48 * HOUR));
    const [intake] = await sql<{ screening: { flags: { ruleId: string }[] } }[]>`select screening from intake where id = ${draftIntake.id}`;
    const flags = [...new Set(intake!.screening.flags.map((f) => f.ruleId))];

    // Yesterday's video evaluation with the prescriber, and their signed note confirming E22.
    const startsAt = new Date(Date.now() - 26 * HOUR);
    startsAt.setUTCMinutes(0, 0, 0);
    const [appointment] = await sql<{ id: string }[]>`
      insert into appointment (clinic_id, patient_id, provider_user_id, kind, status, starts_at, ends_at, patient_state, patient_timezone, booked_by_user_id)
      values (${clinicId}, ${patient.id}, ${decider.id}, 'evaluation', 'completed', ${startsAt}, ${new Date(startsAt.getTime() + HOUR)}, 'CO', ${patient.timezone}, ${patient.userId})
      returning id`;
    await sql`insert into visit (clinic_id, appointment_id, patient_id, provider_user_id, room_name, attested_state, attested_at)
      values (${clinicId}, ${appointment!.id}, ${patient.id}, ${decider.id}, ${`e2e-co-sign-${appointment!.id}`}, 'CO', ${startsAt})`;
    const actor: Actor = { userId: decider.id, kind: "staff", roles: ["provider", "prescriber"], clinicId, meta };
    const at = (minutes: number) => new Date(startsAt.getTime() + minutes * 60_000);
    let draft = await openVisitDraft(db, actor, clinicId, appointment!.id, at(5));
    draft = await saveDraft(
      db,
      actor,
      clinicId,
      {
        noteId: draft.id,
        sections: {
          subjective: "Depression for four years; two SSRIs without lasting benefit. A ketamine infusion in 2019 caused marked agitation.",
          objective: "Calm, engaged on video.",
          assessment: "Treatment-resistant depression. Prior severe reaction (E22) confirmed; otherwise suitable for treatment at home.",
          plan: "At home only with an override and a supervised first dose.",
        },
        findings: {
          flagReview: flags.map((ruleId) => ({ ruleId, resolution: ruleId === "E22" ? ("confirm" as const) : ("refute" as const), comment: "Reviewed with the patient." })),
          mentalStatus: { mood: "Low", affect: "Constricted", thoughtContent: "No suicidal ideation" },
          vitals: { bpReadings: [{ systolic: 122, diastolic: 78, takenAt: at(15), position: "sitting", restMinutes: 5 }, { systolic: 118, diastolic: 76, takenAt: at(22), position: "sitting", restMinutes: 5 }] },
          riskAssessment: { suicideRisk: "low", suicidePlanReported: false, misuseRisk: "low" },
          supportPerson: { confirmed: true, name: "Ines Penhallow" },
        },
        baseUpdatedAt: draft.updatedAt,
      },
      at(50),
    );
    await signNote(db, signed, actor, clinicId, { noteId: draft.id, reauth: { password: "e2e" }, expectedVersion: draft.updatedAt }, at(58));

    return {
      clinicId,
      patientId: patient.id,
      patientName: `${patient.givenName} ${patient.familyName}`,
      deciderName: decider.name,
      coSignerName: coSigner.name,
      /** The co-signer's temporary prescriber role and care-team place go; the clinic stops requiring co-signature. */
      undo: async () => {
        const cleanup = postgres(databaseUrl, { max: 1, onnotice: () => {} });
        try {
          await cleanup`delete from care_team_member where patient_id = ${patient.id} and user_id = ${coSigner.id}`;
          await cleanup`delete from clinic_membership where clinic_id = ${clinicId} and user_id = ${coSigner.id} and role = 'prescriber'`;
          await cleanup`update clinic set override_co_sign_required = false where id = ${clinicId}`;
        } finally {
          await cleanup.end();
        }
      },
    };
  } finally {
    await sql.end();
    await db.$end();
  }
}
