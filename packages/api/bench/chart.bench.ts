// One clinician chart page for a patient a few months into treatment: submitted intake,
// baseline plus 24 weekly check-ins, past and upcoming visits, an open alert, a long audit
// trail, a signed evaluation note, six signed follow-up notes with an addendum each and three
// eligibility decisions (each superseding the last). Prints, for each request the chart page
// makes, statements per request and timings through the real service, beside the hand-written
// SQL that returns the same note and decision rows (the floor).
// Run: pnpm --filter @clearwell/api bench:chart   (DATABASE_URL or the embedded server)
import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";

import { createCredentialUser } from "@clearwell/auth/users";
import { calendarDateIn } from "@clearwell/clinical";
import { schema } from "@clearwell/db/client";
import { ensureEmbeddedPostgres } from "@clearwell/db/embedded";
import { dbEnv } from "@clearwell/db/env";
import { createScratchDatabase } from "@clearwell/db/scratch";
import { INTAKE_STEPS } from "@clearwell/validators/intake";
import { asc, desc, eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";

import type { Actor } from "../src/actor";
import { getChart } from "../src/services/chart/chart";
import { currentDecision, proposeDecision, recordDecision } from "../src/services/decision/decision";
import { openVisitDraft, saveDraft } from "../src/services/note/draft-note";
import { listNotes } from "../src/services/note/read-note";
import { addAddendum, type ReauthVerifier, signNote } from "../src/services/note/sign-note";
import { saveOwnIntakeStep, startOwnIntake, submitOwnIntake } from "../src/services/intake/intake";
import { cleanIntake } from "../test/intake-fixtures";

const RUNS = 30;
const embedded = dbEnv().DATABASE_URL ? null : await ensureEmbeddedPostgres();
const { url, ownerUrl } = await createScratchDatabase(embedded?.url ?? dbEnv().DATABASE_URL!, "clearwell_bench_chart");

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
const actor: Actor = { userId: provider.id, kind: "staff", roles: ["provider"], clinicId: clinic!.id, meta };

// Notes and decisions through the real services, each signed at its visit's time.
const bench: ReauthVerifier = async () => ({ ok: true, method: "password" });
const visits = await db.select().from(schema.appointment).where(eq(schema.appointment.patientId, patient!.id)).orderBy(asc(schema.appointment.startsAt));
const at = (a: { startsAt: Date }, minutes: number) => new Date(a.startsAt.getTime() + minutes * 60_000);
const risk = { suicideRisk: "low" as const, suicidePlanReported: false, misuseRisk: "low" as const };
const sections = { subjective: "Synthetic history.", objective: "Calm.", assessment: "Suitable for treatment at home.", plan: "Weekly check-ins." };
const [latestIntake] = await db.select({ screening: schema.intake.screening }).from(schema.intake).where(eq(schema.intake.patientId, patient!.id)).orderBy(desc(schema.intake.version)).limit(1);
const flags = [...new Set(((latestIntake?.screening as { flags?: { ruleId: string }[] } | null)?.flags ?? []).map((f) => f.ruleId))];
const evaluation = visits[0]!;
let evalDraft = await openVisitDraft(db, actor, clinic!.id, evaluation.id, at(evaluation, 5));
evalDraft = await saveDraft(
  db,
  actor,
  clinic!.id,
  {
    noteId: evalDraft.id,
    sections,
    findings: {
      flagReview: flags.map((ruleId) => ({ ruleId, resolution: "refute" as const })),
      mentalStatus: { mood: "Low", affect: "Constricted", thoughtContent: "No suicidal ideation" },
      vitals: { bpReadings: [0, 7].map((m) => ({ systolic: 122, diastolic: 80, takenAt: at(evaluation, 15 + m), position: "sitting" as const })) },
      riskAssessment: { ...risk, safetyPlan: "Crisis line and support person briefed." },
      supportPerson: { confirmed: true, name: "Alex Testcase" },
    },
    baseUpdatedAt: evalDraft.updatedAt,
  },
  at(evaluation, 40),
);
const evaluationNote = await signNote(db, bench, actor, clinic!.id, { noteId: evalDraft.id, reauth: { password: "x" }, expectedVersion: evalDraft.updatedAt }, at(evaluation, 45));
for (const [i, visit] of visits.slice(1, 7).entries()) {
  let note = await openVisitDraft(db, actor, clinic!.id, visit.id, at(visit, 5));
  note = await saveDraft(
    db,
    actor,
    clinic!.id,
    {
      noteId: note.id,
      sections,
      followUp: {
        subjective: { patientReport: "Mornings are easier.", functionalDifficulty: 1 },
        assessment: { response: "partial_response", tolerability: "well_tolerated", riskAssessment: { ...risk, safetyPlan: "Unchanged." }, continuedEligibility: "unchanged" },
        plan: { action: "continue", nextFollowUpOn: calendarDateIn("America/Denver", visits[i + 2]!.startsAt), checkInCadence: "weekly" },
      },
      baseUpdatedAt: note.updatedAt,
    },
    at(visit, 20),
  );
  const signed = await signNote(db, bench, actor, clinic!.id, { noteId: note.id, reauth: { password: "x" }, expectedVersion: note.updatedAt }, at(visit, 25));
  await addAddendum(db, bench, actor, clinic!.id, { parentNoteId: signed.id, text: `Addendum ${i + 1}: called the patient back.`, reauth: { password: "x" } });
}
for (let i = 0; i < 3; i++) {
  const attestations = { homeBpCuffConfirmed: true };
  const { proposal } = await proposeDecision(db, actor, clinic!.id, { patientId: patient!.id, noteId: evaluationNote.id, attestations });
  await recordDecision(db, actor, clinic!.id, { patientId: patient!.id, noteId: evaluationNote.id, outcome: proposal.outcome, overrides: [], acknowledgedWarnings: proposal.warnings, attestations, idempotencyKey: `bench-${i}` });
}
// As the owner: ANALYZE skips tables the application role does not own.
const analyze = postgres(ownerUrl, { max: 1, onnotice: () => {} });
await analyze`analyze`;
await analyze.end();

/** Runs `fn` RUNS times after one warm-up: statements of the last run, median and p95 in ms. */
async function measure(fn: () => Promise<unknown>) {
  await fn();
  const times: number[] = [];
  let perRequest = 0;
  for (let i = 0; i < RUNS; i++) {
    statements = 0;
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
    perRequest = statements;
  }
  times.sort((a, b) => a - b);
  const pct = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!;
  return { statements: perRequest, median: pct(0.5), p95: pct(0.95) };
}

// The floor: the minimal SQL that returns the same note and decision rows, one round trip each.
const floorNotes = () => client`
  select n.*, a.name as author_name, s.name as signer_name
  from clinical_note n join "user" a on a.id = n.author_user_id left join "user" s on s.id = n.signed_by_user_id
  where n.clinic_id = ${clinic!.id} and n.patient_id = ${patient!.id} and (n.status = 'signed' or n.author_user_id = ${provider.id})
  order by n.created_at, n.id`;
// The decision's floor carries what its status is computed from (co-signatures, the decided and
// latest intake's flags, alerts, the last signed BP recheck), in one statement.
const floorDecision = () => client`
  select d.*, u.name as decider_name,
    (select coalesce(json_agg(c order by c.signed_at), '[]') from eligibility_decision_co_signature c where c.decision_id = d.id) as co_signatures,
    (select i.screening from intake i where i.clinic_id = d.clinic_id and i.id = d.intake_id) as decided_screening,
    (select json_build_object('version', i.version, 'screening', i.screening) from intake i
      where i.clinic_id = d.clinic_id and i.patient_id = d.patient_id and i.submitted_at is not null order by i.version desc limit 1) as latest_intake,
    (select coalesce(json_agg(json_build_object('type', a.type, 'at', a.created_at)), '[]') from safety_alert a where a.clinic_id = d.clinic_id and a.patient_id = d.patient_id) as alerts,
    (select max(n.signed_at) from clinical_note n where n.clinic_id = d.clinic_id and n.patient_id = d.patient_id and n.status = 'signed'
      and jsonb_array_length(coalesce(n.findings -> 'vitals' -> 'bpReadings', '[]'::jsonb)) > 0) as recheck_at
  from eligibility_decision d join "user" u on u.id = d.decider_user_id
  where d.clinic_id = ${clinic!.id} and d.patient_id = ${patient!.id}
    and not exists (select 1 from eligibility_decision s where s.supersedes_id = d.id)`;

const chart = await getChart(db, actor, clinic!.id, patient!.id);
const notes = await listNotes(db, actor, clinic!.id, patient!.id);
console.log(
  `chart rows: ${chart.scores.length} scores, ${chart.appointments.length} appointments, ${chart.timeline.length} timeline events, ${chart.intake?.screening ? "intake with flags" : "no intake"}; ` +
    `${notes.notes.length} notes with ${notes.notes.reduce((k, n) => k + n.addenda.length, 0)} addenda, 3 decisions`,
);
const rows: [string, Awaited<ReturnType<typeof measure>>, Awaited<ReturnType<typeof measure>> | null][] = [
  ["chart.get", await measure(() => getChart(db, actor, clinic!.id, patient!.id)), null],
  ["note.list", await measure(() => listNotes(db, actor, clinic!.id, patient!.id)), await measure(floorNotes)],
  ["decision.current", await measure(() => currentDecision(db, actor, clinic!.id, patient!.id)), await measure(floorDecision)],
  ["decision.propose", await measure(() => proposeDecision(db, actor, clinic!.id, { patientId: patient!.id, noteId: evaluationNote.id })), null],
];
const ms = (x: number) => x.toFixed(1).padStart(6);
console.log(`${"request".padEnd(18)} statements  median ms  p95 ms   floor median  ratio   (${RUNS} runs each; begin/commit counted)`);
for (const [name, m, floor] of rows) {
  console.log(
    `${name.padEnd(18)} ${String(m.statements).padStart(10)}  ${ms(m.median)}     ${ms(m.p95)}   ${floor ? `${ms(floor.median)} ms` : "        -"}   ${floor ? `${(m.median / floor.median).toFixed(1)}x` : "-"}`,
  );
}
const total = rows.reduce((t, [, m]) => ({ statements: t.statements + m.statements, median: t.median + m.median }), { statements: 0, median: 0 });
console.log(`chart page (the four requests): ${total.statements} statements, ${total.median.toFixed(1)} ms summed medians`);
await db.$end();
// The embedded server, if this run started it, would otherwise keep the process alive.
await embedded?.stop();
