import type { Database } from "@clearwell/db/client";

import { demoTotpSecrets } from "./index";
import { CLINICS, DEMO_PASSWORD, PATIENTS, STAFF } from "./demo-data";

/** Prints every demo login, grouped by app, with the TOTP secret for staff who have one. */
export async function printLogins(db: Database, env: { AUTH_SECRET: string; PROVIDER_APP_URL: string; PATIENT_APP_URL: string }) {
  const secrets = await demoTotpSecrets(db, env.AUTH_SECRET);
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
    "",
  ];
  console.log(lines.join("\n"));
}
