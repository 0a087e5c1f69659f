// `./bin/clearwell demo-visit`: a fresh demo video visit for the running portal. The one `start`
// books is used up once ended; this keeps the open one or books a new one starting within minutes
// (the same service as the admin's "Create a demo visit", audited as a system action).
import { randomUUID } from "node:crypto";

import { systemActor } from "@clearwell/api/actor";
import { createDemoVisit, demoClinicId } from "@clearwell/api/services/demo/demo-visit";
import { appRoleUrl } from "@clearwell/db/app-url";
import { createDb } from "@clearwell/db/client";
import { embeddedUrl } from "@clearwell/db/embedded";
import { DEMO_PASSWORD } from "@clearwell/seed";
import { demoVisitSource } from "@clearwell/seed/demo-visit";
import { notes, outputWidth, wrap } from "@clearwell/seed/login-table";
import { demoVisitNote } from "@clearwell/seed/print";

import { portInUse, portalEnv } from "./config";

const env = portalEnv();
const urls = {
  providerAppUrl: process.env.PROVIDER_APP_URL || `http://localhost:${env.PROVIDER_PORT}`,
  patientAppUrl: process.env.PATIENT_APP_URL || `http://localhost:${env.PATIENT_PORT}`,
};

if (!env.DATABASE_URL && !(await portInUse(env.EMBEDDED_PG_PORT))) {
  console.error(`No portal database answers on 127.0.0.1:${env.EMBEDDED_PG_PORT}. Start the portal first: ./bin/clearwell start`);
  process.exit(1);
}
// As the application role, like the apps: the owner's connection is for migrations only.
const db = createDb(appRoleUrl(env.DATABASE_URL ?? embeddedUrl(env.EMBEDDED_PG_PORT)), 1);
try {
  const clinicId = await demoClinicId(db, demoVisitSource);
  if (!clinicId) {
    console.error("This database has no demo clinic yet: ./bin/clearwell start seeds it.");
    process.exitCode = 1;
  } else {
    const actor = systemActor(clinicId, { requestId: randomUUID(), ipAddress: null, userAgent: "clearwell demo-visit" });
    const visit = await createDemoVisit(db, demoVisitSource, actor, clinicId, urls);
    console.log(
      [
        visit.created ? "A new demo video visit is booked:" : "The demo video visit is still open (it has not ended), so it is kept:",
        ...notes([demoVisitNote({ id: visit.appointmentId, startsAt: visit.startsAt, endsAt: visit.endsAt }, { PROVIDER_APP_URL: urls.providerAppUrl, PATIENT_APP_URL: urls.patientAppUrl })], outputWidth()),
        ...wrap(`Sign in with the demo logins \`start\` printed (password ${DEMO_PASSWORD}).`, outputWidth()),
      ].join("\n"),
    );
  }
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
} finally {
  await db.$end();
}
