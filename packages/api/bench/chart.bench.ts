// One clinician chart request for a patient a few months into treatment: submitted intake,
// baseline plus 24 weekly check-ins, past and upcoming visits, an open alert and a long audit
// trail. Prints statements per request and timings through the real service.
// Run: pnpm --filter @clearwell/api bench:chart   (DATABASE_URL or the embedded server)
import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";

import { createCredentialUser } from "@clearwell/auth/users";
import { schema } from "@clearwell/db/client";
import { resolveDatabaseUrl } from "@clearwell/db/embedded";
import { createScratchDatabase } from "@clearwell/db/scratch";
import { INTAKE_STEPS } from "@clearwell/validators/intake";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";

import type { Actor } from "../src/actor";
import { getChart } from "../src/services/chart/chart";
import { saveOwnIntakeStep, startOwnIntake, submitOwnIntake } from "../src/services/intake/intake";
import { cleanIntake } from "../test/intake-fixtures";

const RUNS = 30;
const { url, ownerUrl } = await createScratchDatabase(await resolveDatabaseUrl(), "clearwell_bench_chart");

let statements = 0;
const client = postgres(url, { max: 4, onnotice: () => {}, debug: () => void statements++ });
const db = Object.assign(drizzle({ client, schema, casing: "snake_case" }), { $end: () => client.end() });
const meta = { requestId: "bench", ipAddress: null, userAgent: "bench" };

const [clinic] = await db.insert(schema.clinic).values({ name: "Bench clinic", slug: "bench", timezone: "America/Denver", enrolmentCode: "bench-code" }).returning();
const provider = await createCredentialUser(db, { name: "Dr Bench", email: "dr@bench.test", password: "bench-password-1234", kind: "staff" });
await db.insert(schema.clinicMembership).values({ clinicId: clinic!.id, userId: provider.id, role: "provider" });
const pu = await createCredentialUser(db, { name: "Pat Bench", email: "pat@bench.test", password: "bench-password-1234", kind: "patient" });
const [patient] = await db
  .insert(schema.patient)
  .values({ clinicId: clinic!.id, userId: pu.id, mrn: "CW-BENCH1", givenName: "Pat", familyName: "Bench", email: "pat@bench.test", dateOfBirth: "1984-06-01", stateOfResidence: "CO" })
  .returning();
const patientActor: Actor = { userId: pu.id, kind: "patient", roles: ["patient"], clinicId: clinic!.id, meta };
const draft = await startOwnIntake(db, patientActor, patient!.id, clinic!.id);
const answers = cleanIntake({ phq9: { items: [2, 2, 2, 2, 1, 2, 2, 1, 1] } });
for (const step of INTAKE_STEPS) await saveOwnIntakeStep(db, patientActor, patient!.id, clinic!.id, { intakeId: draft.id, step, data: answers[step] });
await submitOwnIntake(db, patientActor, patient!.id, clinic!.id, draft.id);

const week = 7 * 86_400_000;
await db.insert(schema.questionnaireResponse).values(
  Array.from({ length: 48 }, (_, i) => ({
    clinicId: clinic!.id,
    patientId: patient!.id,
    instrument: (i % 2 ? "phq9" : "gad7") as "phq9" | "gad7",
    context: "check_in" as const,
    answers: i % 2 ? [1, 1, 1, 1, 1, 1, 1, 0, 0] : [1, 1, 1, 1, 1, 1, 1],
    total: 7,
    severity: "mild",
    completedAt: new Date(Date.now() - Math.floor(i / 2) * week),
  })),
);
await db.insert(schema.appointment).values(
  Array.from({ length: 8 }, (_, i) => ({
    clinicId: clinic!.id,
    patientId: patient!.id,
    providerUserId: provider.id,
    kind: (i === 0 ? "evaluation" : "follow_up") as "evaluation" | "follow_up",
    status: (i < 7 ? "completed" : "booked") as "completed" | "booked",
    startsAt: new Date(Date.now() - (6 - i) * 3 * week),
    endsAt: new Date(Date.now() - (6 - i) * 3 * week + 30 * 60_000),
    patientState: "CO",
    patientTimezone: "America/Denver",
    bookedByUserId: pu.id,
  })),
);
await db.insert(schema.auditEvent).values(
  Array.from({ length: 2000 }, (_, i) => ({
    clinicId: clinic!.id,
    actorUserId: pu.id,
    actorKind: "patient" as const,
    patientId: patient!.id,
    action: i % 10 === 0 ? "profile.update" : "profile.read",
    resourceType: "patient",
    outcome: "success" as const,
    requestId: randomUUID(),
  })),
);
// As the owner: ANALYZE skips tables the application role does not own.
const ownerSql = postgres(ownerUrl, { max: 1, onnotice: () => {} });
await ownerSql`analyze`;
await ownerSql.end();

const actor: Actor = { userId: provider.id, kind: "staff", roles: ["provider"], clinicId: clinic!.id, meta };
const times: number[] = [];
let perRequest = 0;
await getChart(db, actor, clinic!.id, patient!.id);
for (let i = 0; i < RUNS; i++) {
  statements = 0;
  const t = performance.now();
  const chart = await getChart(db, actor, clinic!.id, patient!.id);
  times.push(performance.now() - t);
  perRequest = statements;
  if (i === 0) console.log(`chart rows: ${chart.scores.length} scores, ${chart.appointments.length} appointments, ${chart.timeline.length} timeline events, ${chart.intake?.screening ? "intake with flags" : "no intake"}`);
}
times.sort((a, b) => a - b);
const pct = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!.toFixed(1);
console.log(`chart.get: ${perRequest} statements per request (begin/commit included); median ${pct(0.5)} ms, p95 ${pct(0.95)} ms over ${RUNS} runs`);
await db.$end();
