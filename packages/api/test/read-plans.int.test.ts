// Issue 14: the plans of the clinic-scale reads, on a dataset of two clinics large enough for the
// planner to choose as it would in production. Each read runs through its real service; the
// statement it sent is then EXPLAINed with its own parameters. Asserts plan shapes, never timings.
import { schema } from "@clearwell/db/client";
import { createScratchDatabase } from "@clearwell/db/scratch";
import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

import type { Actor } from "../src/actor";
import { getChart } from "../src/services/chart/chart";
import { listPatients } from "../src/services/patient/list-patients";
import { getDashboard, listSchedule } from "../src/services/schedule/schedule";

const CLINIC_A = "00000000-0000-0000-0000-00000000000a";
const CLINIC_B = "00000000-0000-0000-0000-00000000000b";
// A patient of clinic A whose chart was read 5,000 times.
const HOT_PATIENT = "00000000-0000-0000-0001-000000000001";
const PATIENTS = 8000;
const APPOINTMENTS = 24_000;
const meta = { requestId: "plans", ipAddress: null, userAgent: "plans" };
const actor = (userId: string, roles: string[]): Actor => ({ userId, kind: "staff", roles, clinicId: CLINIC_A, meta });

/** Per clinic: 20 providers, PATIENTS patients (2 % awaiting review), a care team each, APPOINTMENTS visits 6 h apart per provider over 300 days, 1 % with an open alert. */
const DATASET = `
insert into clinic (id, name, slug, enrolment_code) values ('${CLINIC_A}', 'A', 'plans-a', 'code-a'), ('${CLINIC_B}', 'B', 'plans-b', 'code-b');
insert into "user" (id, name, email, kind) select 'prov-' || c || '-' || k, 'Dr ' || c || k, 'p' || c || k || '@plans.test', 'staff' from unnest(array['a', 'b']) c, generate_series(0, 19) k;
insert into patient (id, clinic_id, mrn, status, given_name, family_name, date_of_birth, email, state_of_residence)
  select ('00000000-0000-0000-000' || (case c when 'a' then 1 else 2 end) || '-' || lpad(i::text, 12, '0'))::uuid, ('00000000-0000-0000-0000-00000000000' || c)::uuid,
    'CW-' || c || i, (case when i % 50 = 0 then 'intake_submitted' else 'ready_to_schedule' end)::patient_status,
    'Given' || (i * 7919 % 1000), 'Family' || (i * 104729 % 5000), date '1980-01-01' + (i % 9000), 'pt' || c || i || '@plans.test', 'CO'
  from unnest(array['a', 'b']) c, generate_series(0, ${PATIENTS - 1}) i;
insert into care_team_member (clinic_id, patient_id, user_id, role)
  select clinic_id, id, 'prov-' || right(clinic_id::text, 1) || '-' || (right(id::text, 4)::int % 20), 'primary_provider' from patient;
insert into appointment (clinic_id, patient_id, provider_user_id, kind, status, starts_at, ends_at, patient_state, patient_timezone, booked_by_user_id)
  select ('00000000-0000-0000-0000-00000000000' || c)::uuid, ('00000000-0000-0000-000' || (case c when 'a' then 1 else 2 end) || '-' || lpad((i % ${PATIENTS})::text, 12, '0'))::uuid,
    'prov-' || c || '-' || (i % 20), 'follow_up', (case when t < now() then 'completed' else 'booked' end)::appointment_status, t, t + interval '30 minutes', 'CO', 'America/Denver', 'prov-' || c || '-' || (i % 20)
  from unnest(array['a', 'b']) c, generate_series(0, ${APPOINTMENTS - 1}) i, lateral (select date_trunc('hour', now()) - interval '200 days' + (i / 20) * interval '6 hours' as t) s;
insert into safety_alert (clinic_id, patient_id, type, severity, status, summary, source_type, clinical)
  select clinic_id, id, 'A1', 'high', 'open', 'synthetic', 'intake', right(id::text, 1) <> '3' from patient where right(id::text, 2) = '13';
insert into audit_event (clinic_id, actor_user_id, actor_kind, patient_id, action, resource_type, outcome, occurred_at)
  select '${CLINIC_A}', 'prov-a-1', 'staff', '${HOT_PATIENT}', case when g % 100 = 0 then 'profile.update' else 'chart.read' end, 'patient', 'success', now() - g * interval '1 minute'
  from generate_series(1, 5000) g;
analyze;
`;

let client: postgres.Sql;
let owner: postgres.Sql;
let drop: () => Promise<void>;
const sent: { query: string; params: unknown[] }[] = [];
let db: ReturnType<typeof drizzle<typeof schema>>;

beforeAll(async () => {
  const base = new URL(inject("ownerDatabaseUrl"));
  base.pathname = "/postgres";
  const scratch = await createScratchDatabase(base.toString(), `clearwell_read_plans_${process.pid}`);
  drop = scratch.drop;
  owner = postgres(scratch.ownerUrl, { max: 1, onnotice: () => {} });
  await owner.unsafe(DATASET);
  client = postgres(scratch.url, { max: 2, onnotice: () => {}, debug: (_c, query, params) => void sent.push({ query, params: params as unknown[] }) });
  db = drizzle({ client, schema, casing: "snake_case" });
}, 120_000);

afterAll(async () => {
  await client?.end({ timeout: 5 });
  await owner?.end({ timeout: 5 });
  await drop?.();
});

interface PlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  "Index Name"?: string;
  Plans?: PlanNode[];
}
const nodes = (n: PlanNode): PlanNode[] => [n, ...(n.Plans ?? []).flatMap(nodes)];

/** Runs `read`, then EXPLAINs every select it sent that reads `table`. */
async function plansOf(read: () => Promise<unknown>, table: string) {
  sent.length = 0;
  await read();
  // The table by name, quoted (Drizzle's builder) or not (the chart's hand-written statement).
  const named = new RegExp(`\\b${table}\\b`);
  // Reads: a select, a union, or a read with its audit row written by a CTE (with ... insert ...).
  const selects = sent.filter((s) => /^\s*(select|\(|with)/i.test(s.query) && named.test(s.query));
  expect(selects.length).toBeGreaterThan(0);
  return Promise.all(
    selects.map(async (s) => {
      const [row] = await client.unsafe(`explain (format json) ${s.query}`, s.params as never[]);
      return nodes((row!["QUERY PLAN"] as { Plan: PlanNode }[])[0]!.Plan);
    }),
  );
}
const seqScans = (plan: PlanNode[]) => plan.filter((n) => n["Node Type"] === "Seq Scan").map((n) => n["Relation Name"]);
// A bitmap index scan names its index but not its table; this schema's index names start with the table's.
const indexesOn = (plan: PlanNode[], table: string) => plan.flatMap((n) => (n["Index Name"]?.startsWith(`${table}_`) ? [n["Index Name"]] : []));

describe("schedule reads at clinic scale", () => {
  const from = new Date(Date.now() - 86_400_000);
  const to = new Date(from.getTime() + 7 * 86_400_000);

  it("the admin week reads only the appointments overlapping it and looks each patient up by key", async () => {
    const [plan] = await plansOf(() => listSchedule(db as never, actor("prov-a-0", ["admin"]), CLINIC_A, { from, to }), "appointment");
    expect(indexesOn(plan!, "appointment")).toEqual(["appointment_clinic_during_idx"]);
    expect(seqScans(plan!)).not.toContain("patient");
    expect(seqScans(plan!)).not.toContain("appointment");
  });

  it("the provider week reads only the provider's appointments overlapping it", async () => {
    const [plan] = await plansOf(() => listSchedule(db as never, actor("prov-a-3", ["provider"]), CLINIC_A, { from, to }), "appointment");
    expect(indexesOn(plan!, "appointment")).toEqual(["appointment_provider_during_idx"]);
    expect(seqScans(plan!)).not.toContain("patient");
    expect(seqScans(plan!)).not.toContain("appointment");
  });

  it("returns exactly the appointments overlapping [from, to): one ending at `from` is not in it", async () => {
    const [edge] = await db
      .select({ id: schema.appointment.id, endsAt: schema.appointment.endsAt, startsAt: schema.appointment.startsAt })
      .from(schema.appointment)
      .where(sql`${schema.appointment.clinicId} = ${CLINIC_A} and ${schema.appointment.startsAt} > now() + interval '2 days'`)
      .orderBy(schema.appointment.startsAt)
      .limit(1);
    const range = { from: edge!.endsAt, to: new Date(edge!.endsAt.getTime() + 6 * 3_600_000) };
    const rows = await listSchedule(db as never, actor("prov-a-0", ["admin"]), CLINIC_A, range);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.map((r) => r.id)).not.toContain(edge!.id);
    expect(rows.every((r) => r.endsAt > range.from && r.startsAt < range.to)).toBe(true);
    const inside = await listSchedule(db as never, actor("prov-a-0", ["admin"]), CLINIC_A, { from: new Date(edge!.endsAt.getTime() - 1), to: edge!.endsAt });
    expect(inside.map((r) => r.id)).toContain(edge!.id);
  });
});

describe("the chart timeline of a patient whose chart was read 5,000 times", () => {
  it("reads the patient's successful writes by action, not every audit row of the patient", async () => {
    // The chart's one statement, the timeline inside it (prov-a-1 is on the patient's care team).
    const plans = await plansOf(() => getChart(db as never, actor("prov-a-1", ["provider"]), CLINIC_A, HOT_PATIENT), "audit_event");
    const plan = plans.flat();
    expect(indexesOn(plan, "audit_event")).toEqual(["audit_event_timeline_idx"]);
    expect(seqScans(plan)).not.toContain("audit_event");
  });

  it("still shows the writes among the reads, newest first", async () => {
    const { timeline } = await getChart(db as never, actor("prov-a-1", ["provider"]), CLINIC_A, HOT_PATIENT);
    // 50 profile updates among the 5,000 reads, beside the visits the patient completed.
    expect(timeline.filter((e) => e.action === "profile.update")).toHaveLength(50);
    expect(new Set(timeline.map((e) => e.action))).toEqual(new Set(["profile.update", "visit.complete"]));
    expect(timeline.map((e) => e.at.getTime())).toEqual(timeline.map((e) => e.at.getTime()).sort((a, b) => b - a));
  });
});

describe("the dashboard at clinic scale", () => {
  const day = { dayStart: new Date(Date.now() - 86_400_000), dayEnd: new Date() };

  for (const [who, roles] of [
    ["a clinician", ["provider"]],
    ["an admin", ["admin"]],
  ] as const) {
    it(`reads no other clinic's patients or care teams for ${who}: lookups by key, no seq scan`, async () => {
      const plans = await plansOf(() => getDashboard(db as never, actor("prov-a-0", [...roles]), CLINIC_A, day), "patient");
      expect(plans).toHaveLength(3);
      for (const plan of plans) {
        expect(seqScans(plan)).not.toContain("patient");
        expect(seqScans(plan)).not.toContain("care_team_member");
        expect(seqScans(plan)).not.toContain("appointment");
      }
    });
  }

  it("shows a clinician the intakes of their own patients with who took them on", async () => {
    const dash = await getDashboard(db as never, actor("prov-a-0", ["provider"]), CLINIC_A, day);
    expect(dash.awaitingReview).toHaveLength(25);
    expect(dash.awaitingReview.every((r) => r.mine && r.clinicianName === "Dr a0")).toBe(true);
    expect(dash.today.length).toBeGreaterThan(0);
    expect(dash.today.every((r) => r.providerUserId === "prov-a-0")).toBe(true);
  });
});

describe("the patient list by keyset", () => {
  const admin = actor("prov-a-0", ["admin"]);

  it("walks the clinic page by page in name order, ties broken by id, each row once", async () => {
    // Family names repeat (8,000 patients, 5,000 names), so pages end inside runs of equal names.
    const expected = (
      await owner.unsafe(`select id from patient where clinic_id = $1 order by family_name, given_name, id limit 700`, [CLINIC_A])
    ).map((r) => r.id as string);
    const seen: string[] = [];
    let cursor: Awaited<ReturnType<typeof listPatients>>["nextCursor"] = null;
    for (let i = 0; i < 7; i++) {
      const page = await listPatients(db as never, admin, CLINIC_A, { pageSize: 100, cursor });
      expect(page.items).toHaveLength(100);
      seen.push(...page.items.map((r) => r.id));
      cursor = page.nextCursor;
    }
    expect(seen).toEqual(expected);
  });

  it("says when there is no next page", async () => {
    const page = await listPatients(db as never, admin, CLINIC_A, { q: "cw-a7999", pageSize: 20 });
    expect(page.items.map((r) => r.mrn)).toEqual(["CW-a7999"]);
    expect(page.nextCursor).toBeNull();
  });

  it("a deep page reads its own rows on patient_clinic_name_idx: no count, no scan of the clinic", async () => {
    let cursor: Awaited<ReturnType<typeof listPatients>>["nextCursor"] = null;
    for (let i = 0; i < 3; i++) cursor = (await listPatients(db as never, admin, CLINIC_A, { pageSize: 100, cursor })).nextCursor;
    const [plan] = await plansOf(() => listPatients(db as never, admin, CLINIC_A, { pageSize: 20, cursor }), "patient");
    expect(indexesOn(plan!, "patient")).toEqual(["patient_clinic_name_idx"]);
    expect(seqScans(plan!)).toEqual([]);
    expect(plan!.map((n) => n["Node Type"])).not.toContain("WindowAgg");
  });
});
