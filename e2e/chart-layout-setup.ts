import type { Actor } from "@clearwell/api/actor";
import { saveOwnIntakeStep, startOwnIntake, submitOwnIntake } from "@clearwell/api/services/intake/intake";
import { newMrn } from "@clearwell/api/services/patient/mrn";
import { createCredentialUser } from "@clearwell/auth/users";
import { createDb } from "@clearwell/db/client";
import postgres from "postgres";

import { DEMO_PASSWORD } from "./env";

/**
 * A new patient of the demo provider whose intake awaits review, submitted at `submittedAt` through
 * the patient's own intake service (the apps' code path). The provider-chart-layout spec picks a
 * time that falls on different days in Denver and in UTC, so the views must agree on the clinic's.
 * Written to the throwaway e2e database only; synthetic person.
 */
export async function awaitingIntake(databaseUrl: string, submittedAt: Date) {
  const db = createDb(databaseUrl, 2);
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const [provider] = await sql<{ id: string; clinicId: string }[]>`
      select u.id, m.clinic_id as "clinicId" from "user" u join clinic_membership m on m.user_id = u.id
      where u.email = 'provider@clearwater.test' and m.role = 'provider' limit 1`;
    const { clinicId } = provider!;
    const stamp = Date.now().toString(36);
    const person = { givenName: "Linnea", familyName: "Holmqvist", email: `chart-layout-${stamp}@example.test` };
    const user = await createCredentialUser(db, { name: `${person.givenName} ${person.familyName}`, email: person.email, password: DEMO_PASSWORD, kind: "patient" });
    const [patient] = await sql<{ id: string }[]>`
      insert into patient (clinic_id, user_id, mrn, given_name, family_name, date_of_birth, email, state_of_residence, timezone)
      values (${clinicId}, ${user.id}, ${newMrn()}, ${person.givenName}, ${person.familyName}, '1990-02-14', ${person.email}, 'CO', 'America/Denver')
      returning id`;
    const patientId = patient!.id;
    await sql`insert into care_team_member (clinic_id, patient_id, user_id, role) values (${clinicId}, ${patientId}, ${provider!.id}, 'primary_provider')`;

    // Answers like a seeded intake's, under this patient's name.
    const [model] = await sql<{ answers: Record<string, Record<string, unknown>> }[]>`select answers from intake where submitted_at is not null order by submitted_at limit 1`;
    const answers = structuredClone(model!.answers);
    answers.about = { ...answers.about, givenName: person.givenName, familyName: person.familyName, dateOfBirth: "1990-02-14" };
    const actor: Actor = { userId: user.id, kind: "patient", roles: ["patient"], clinicId, meta: { requestId: "e2e-chart-layout", ipAddress: null, userAgent: "e2e" } };
    const draft = await startOwnIntake(db, actor, patientId, clinicId);
    for (const step of ["about", "contacts", "history", "medications", "home", "phq9", "gad7", "consents"] as const) {
      await saveOwnIntakeStep(db, actor, patientId, clinicId, { intakeId: draft.id, step, data: answers[step] } as Parameters<typeof saveOwnIntakeStep>[4]);
    }
    await submitOwnIntake(db, actor, patientId, clinicId, draft.id, submittedAt);
    return { patientId, name: `${person.givenName} ${person.familyName}` };
  } finally {
    await sql.end();
    await db.$end();
  }
}
