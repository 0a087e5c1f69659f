import type { Database } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import { and, asc, eq, gt, inArray, lt } from "drizzle-orm";

import { demoTotpSecrets } from "./index";
import { CLINICS, DEMO_PASSWORD, PATIENTS, STAFF } from "./demo-data";
import { DEMO_REGIMEN, demoRegimenSummary } from "./demo-regimen";
import { DEMO_FOLLOW_UP } from "./demo-visit";

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

/** Prints every demo login, grouped by app, with the TOTP secret for staff who have one. */
export async function printLogins(db: Database, env: { AUTH_SECRET: string; PROVIDER_APP_URL: string; PATIENT_APP_URL: string }) {
  const secrets = await demoTotpSecrets(db, env.AUTH_SECRET);
  const followUp = await demoFollowUp(db);
  const home = await demoRegimenSummary(db, env.AUTH_SECRET);
  const clinicTime = (d: Date) => d.toLocaleTimeString("en-US", { hour: "numeric", minute: "2-digit", timeZone: DEMO_FOLLOW_UP.timezone });
  const lines = [
    "",
    `Demo logins (password for every account: ${DEMO_PASSWORD})`,
    "",
    `Provider portal  ${env.PROVIDER_APP_URL}`,
    ...STAFF.map((s) => {
      const clinic = CLINICS.find((c) => c.key === s.clinic)!.name;
      const totp = secrets.find((x) => x.email === s.email);
      return `  ${s.email.padEnd(30)} ${s.roles.join("+").padEnd(20)} ${clinic}${totp ? `\n  ${"".padEnd(30)} TOTP secret ${totp.secret} (add it to an authenticator app)` : ""}`;
    }),
    "",
    `Patient app      ${env.PATIENT_APP_URL}`,
    ...PATIENTS.map((p) => `  ${p.email.padEnd(30)} ${`${p.givenName} ${p.familyName}`.padEnd(20)} ${CLINICS.find((c) => c.key === p.clinic)!.name}`),
    "",
    `Self enrolment   ${env.PATIENT_APP_URL}/enrol/${CLINICS[0].enrolmentCode}`,
    ...(followUp
      ? [
          "",
          `Demo follow-up   ${DEMO_FOLLOW_UP.patientEmail} with ${DEMO_FOLLOW_UP.providerEmail}, ${clinicTime(followUp.startsAt)}–${clinicTime(followUp.endsAt)} (${DEMO_FOLLOW_UP.timezone})`,
          "                 (provider: Dashboard → Video visit beside Dashiell, shown from an hour before → Open draft note: the interval since the last signed note, S/O/A, plan)",
        ]
      : []),
    ...(home
      ? [
          "",
          `Home regimen     ${DEMO_REGIMEN.patientEmail} (${DEMO_REGIMEN.patientName}), regimen ${home.regimenStatus}; today's session ${home.todaySession ?? "none"}; her clinician ${DEMO_REGIMEN.clinicianEmail}`,
          "                 (patient: Home → Today's session: the questions, blood pressure, then the code from the support person's link below)",
          `Support person   ${DEMO_REGIMEN.supportPerson.name} (${DEMO_REGIMEN.supportPerson.relationship.toLowerCase()}, no account): ${env.PATIENT_APP_URL}/support/${home.supportToken}`,
          `Alerts (demo)    ${home.alerts.map((x) => `${x.type} ${x.status} ${x.count}`).join(", ") || "none"}`,
        ]
      : []),
    "",
  ];
  console.log(lines.join("\n"));
}
