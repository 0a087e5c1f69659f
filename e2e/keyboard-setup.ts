import type { Actor } from "@clearwell/api/actor";
import { saveOwnIntakeStep, startOwnIntake } from "@clearwell/api/services/intake/intake";
import { newMrn } from "@clearwell/api/services/patient/mrn";
import { createCredentialUser } from "@clearwell/auth/users";
import { createDb } from "@clearwell/db/client";
import postgres from "postgres";

import { DEMO_PASSWORD } from "./env";

/** The demo clinic's prescriber: free now (the demo provider holds the seeded demo visits this hour). */
export const KEYBOARD_VISIT_PROVIDER = "prescriber@clearwater.test";

async function newPatient(sql: postgres.Sql, db: ReturnType<typeof createDb>, label: string, status: string) {
  const [clinic] = await sql<{ clinicId: string; providerId: string }[]>`
    select m.clinic_id as "clinicId", u.id as "providerId" from "user" u join clinic_membership m on m.user_id = u.id
    where u.email = 'provider@clearwater.test' and m.role = 'provider' limit 1`;
  const { clinicId, providerId } = clinic!;
  const stamp = `${Date.now().toString(36)}${label}`;
  const person = { givenName: "Ines", familyName: `Keyboard${stamp}`, email: `keyboard-${stamp}@example.test` };
  const user = await createCredentialUser(db, { name: `${person.givenName} ${person.familyName}`, email: person.email, password: DEMO_PASSWORD, kind: "patient" });
  const [patient] = await sql<{ id: string }[]>`
    insert into patient (clinic_id, user_id, mrn, given_name, family_name, date_of_birth, email, state_of_residence, timezone, status)
    values (${clinicId}, ${user.id}, ${newMrn()}, ${person.givenName}, ${person.familyName}, '1990-02-14', ${person.email}, 'CO', 'America/Denver', ${status})
    returning id`;
  await sql`insert into care_team_member (clinic_id, patient_id, user_id, role) values (${clinicId}, ${patient!.id}, ${providerId}, 'primary_provider')`;
  return { clinicId, userId: user.id, patientId: patient!.id, ...person };
}

/**
 * A new patient (no address or phone yet) whose intake is started, with the contacts and the four
 * middle steps saved through the patient's own intake service: the keyboard walk fills "About you",
 * the GAD-7 and the consents itself. Throwaway e2e database only; synthetic person.
 */
export async function patientMidIntake(databaseUrl: string) {
  const db = createDb(databaseUrl, 2);
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const p = await newPatient(sql, db, "i", "registered");
    const [model] = await sql<{ answers: Record<string, unknown> }[]>`select answers from intake where submitted_at is not null order by submitted_at limit 1`;
    const actor: Actor = { userId: p.userId, kind: "patient", roles: ["patient"], clinicId: p.clinicId, meta: { requestId: "e2e-keyboard", ipAddress: null, userAgent: "e2e" } };
    const draft = await startOwnIntake(db, actor, p.patientId, p.clinicId);
    for (const step of ["contacts", "history", "medications", "home", "phq9"] as const) {
      await saveOwnIntakeStep(db, actor, p.patientId, p.clinicId, { intakeId: draft.id, step, data: model!.answers[step] } as Parameters<typeof saveOwnIntakeStep>[4]);
    }
    return { email: p.email, name: `${p.givenName} ${p.familyName}` };
  } finally {
    await sql.end();
    await db.$end();
  }
}

/**
 * A patient ready to be seen with a video visit of the demo prescriber that is open now, so the
 * keyboard walk never spends the seeded demo visit (video-visit and visit-questionnaires use it).
 * Ending it in the walk marks it completed, which frees the hour again.
 */
export async function visitOpenNow(databaseUrl: string) {
  const db = createDb(databaseUrl, 2);
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const p = await newPatient(sql, db, "v", "ready_to_schedule");
    const [provider] = await sql<{ id: string }[]>`select id from "user" where email = ${KEYBOARD_VISIT_PROVIDER}`;
    const startsAt = new Date(Date.now() - 60_000);
    const endsAt = new Date(startsAt.getTime() + 30 * 60_000);
    const [appointment] = await sql<{ id: string }[]>`
      insert into appointment (clinic_id, patient_id, provider_user_id, kind, status, starts_at, ends_at, patient_state, patient_timezone, booked_by_user_id)
      values (${p.clinicId}, ${p.patientId}, ${provider!.id}, 'follow_up', 'confirmed', ${startsAt}, ${endsAt}, 'CO', 'America/Denver', ${provider!.id})
      returning id`;
    return { email: p.email, name: `${p.givenName} ${p.familyName}`, appointmentId: appointment!.id };
  } finally {
    await sql.end();
    await db.$end();
  }
}
