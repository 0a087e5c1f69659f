import type { Database } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import { and, asc, eq, gt, inArray, lt } from "drizzle-orm";

import { demoTotpSecrets } from "./index";
import { CLINICS, DEMO_PASSWORD, PATIENTS, STAFF } from "./demo-data";
import { DEMO_REGIMEN, demoRegimenSummary } from "./demo-regimen";
import { DEMO_FOLLOW_UP, DEMO_VISIT, currentDemoVisit } from "./demo-visit";
import { type LoginSheet, type Note, formatLogins, outputWidth } from "./login-table";

/** The demo follow-up booked by ensureDemoVisit, when there is one in the next hours. */
async function demoFollowUp(db: Database, now = new Date()) {
  const a = schema.appointment;
  const [row] = await db
    .select({ startsAt: a.startsAt, endsAt: a.endsAt })
    .from(a)
    .innerJoin(schema.patient, eq(schema.patient.id, a.patientId))
    .innerJoin(schema.user, eq(schema.user.id, a.providerUserId))
    .where(
      and(
        eq(schema.patient.email, DEMO_FOLLOW_UP.patientEmail),
        eq(schema.user.email, DEMO_FOLLOW_UP.providerEmail),
        eq(a.kind, "follow_up"),
        inArray(a.status, ["booked", "confirmed", "checked_in", "in_progress"]),
        gt(a.endsAt, now),
        lt(a.startsAt, new Date(now.getTime() + 3 * 3_600_000)),
      ),
    )
    .orderBy(asc(a.startsAt))
    .limit(1);
  return row ?? null;
}

type LoginEnv = { AUTH_SECRET: string; PROVIDER_APP_URL: string; PATIENT_APP_URL: string };

const clinicTime = (d: Date, timeZone: string) => d.toLocaleTimeString("en-US", { hour: "numeric", minute: "2-digit", timeZone });
const span = (from: Date, to: Date, timeZone: string) => `${clinicTime(from, timeZone)}–${clinicTime(to, timeZone)} (${timeZone})`;

/** The demo video visit as `start` and `./bin/clearwell demo-visit` print it: who, when, and each side's link. */
export function demoVisitNote(visit: { id: string; startsAt: Date; endsAt: Date }, env: Pick<LoginEnv, "PROVIDER_APP_URL" | "PATIENT_APP_URL">): Note {
  return {
    label: "Demo video visit",
    text: `${DEMO_VISIT.patientEmail} with ${DEMO_VISIT.providerEmail}, ${span(visit.startsAt, visit.endsAt, DEMO_VISIT.timezone)}`,
    more: [
      `patient:  ${env.PATIENT_APP_URL}/visit/${visit.id} (or Appointments → Join video visit)`,
      `provider: ${env.PROVIDER_APP_URL}/visits/${visit.id} (or the "is waiting" banner → Open visit)`,
      "Once it has ended, ./bin/clearwell demo-visit (or an admin's Clinic settings → Create a demo visit) books a fresh one.",
    ],
  };
}

/** Every demo login, grouped by app, with the TOTP secret of staff who have one, and the demo visits. */
export async function demoLogins(db: Database, env: LoginEnv): Promise<LoginSheet> {
  const secrets = await demoTotpSecrets(db, env.AUTH_SECRET);
  const visit = await currentDemoVisit(db);
  const followUp = await demoFollowUp(db);
  const home = await demoRegimenSummary(db, env.AUTH_SECRET);
  const clinicName = (key: string) => CLINICS.find((c) => c.key === key)!.name;
  const notes: Note[] = [];
  if (visit) notes.push(demoVisitNote(visit, env));
  if (followUp) {
    notes.push({
      label: "Demo follow-up",
      text: `${DEMO_FOLLOW_UP.patientEmail} with ${DEMO_FOLLOW_UP.providerEmail}, ${span(followUp.startsAt, followUp.endsAt, DEMO_FOLLOW_UP.timezone)}`,
      more: ["provider: Dashboard → Video visit beside Dashiell, shown from an hour before → Open draft note: the interval since the last signed note, S/O/A, plan"],
    });
  }
  if (home) {
    notes.push(
      {
        label: "Home regimen",
        text: `${DEMO_REGIMEN.patientEmail} (${DEMO_REGIMEN.patientName}), regimen ${home.regimenStatus}; today's session ${home.todaySession ?? "none"}; her clinician ${DEMO_REGIMEN.clinicianEmail}`,
        more: ["patient: Home → Today's session: the questions, blood pressure, then the code from the support person's link below"],
      },
      {
        label: "Support person",
        text: `${DEMO_REGIMEN.supportPerson.name} (${DEMO_REGIMEN.supportPerson.relationship.toLowerCase()}, no account): ${env.PATIENT_APP_URL}/support/${home.supportToken}`,
      },
      { label: "Alerts (demo)", text: home.alerts.map((x) => `${x.type} ${x.status} ${x.count}`).join(", ") || "none" },
    );
  }
  notes.push({ label: "Self-enrolment", text: `${env.PATIENT_APP_URL}/enrol/${CLINICS[0].enrolmentCode}` });
  return {
    password: DEMO_PASSWORD,
    providerUrl: env.PROVIDER_APP_URL,
    patientUrl: env.PATIENT_APP_URL,
    staff: STAFF.map((s) => {
      const totp = secrets.find((x) => x.email === s.email)?.secret;
      return { email: s.email, roles: s.roles.join("+"), clinic: clinicName(s.clinic), ...(totp ? { totpSecret: totp } : {}) };
    }),
    patients: PATIENTS.map((p) => ({ email: p.email, name: `${p.givenName} ${p.familyName}`, clinic: clinicName(p.clinic) })),
    notes,
  };
}

/** Prints the demo logins (login-table.ts) at the terminal's width. */
export async function printLogins(db: Database, env: LoginEnv, width = outputWidth()) {
  console.log(formatLogins(await demoLogins(db, env), width));
}
