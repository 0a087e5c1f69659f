// The clinic-scale dataset for `pnpm bench:clinic`, generated in SQL (insert ... select over
// generate_series) on top of the demo seed, so the demo staff sign in as usual. Synthetic only:
// invented names, .test addresses, 555 numbers. Every patient gets a primary provider (round
// robin over the clinic's providers), one submitted intake, questionnaire responses, appointments
// on an hourly weekday grid (no provider or patient ever double-booked) and audit history.
import type { Sql } from "postgres";

export interface Scale {
  /** Patients per clinic (two clinics). */
  patients: number;
  /** Providers per clinic, the demo provider included. */
  providers: number;
  responsesPerPatient: number;
  appointmentsPerPatient: number;
  auditPerPatient: number;
  /** Extra chart.read rows on one patient of the demo provider (the "read 20,000 times" chart). */
  hotReads: number;
}

export interface Dataset {
  clinicId: string;
  /** Signs in for the chart, the provider week, the dashboard and the patient list. */
  providerEmail: string;
  providerUserId: string;
  /** Signs in for the admin week (every provider of the clinic). */
  adminEmail: string;
  /** Patients of the demo provider, for the chart (generated ones: typical history). */
  chartPatients: string[];
  hotPatient: string;
  /** Monday 00:00 UTC of the week the week benchmarks read (full on every provider's grid). */
  weekStart: Date;
  counts: Record<string, number>;
}

const SLOTS_PER_DAY = 8;
const SLOTS_PER_WEEK = SLOTS_PER_DAY * 5;
const GIVEN = ["Ari", "Bo", "Cyra", "Dev", "Eliot", "Fen", "Gus", "Hale", "Ivo", "Jun", "Kit", "Lior", "Mae", "Nell", "Oren", "Pim", "Quill", "Rue", "Sol", "Tam"];
const FAMILY = ["Ashdown", "Brightwater", "Coldbrook", "Dunmore", "Eastlake", "Fernsby", "Greyfield", "Hollins", "Ironwood", "Juniper", "Kestrel", "Larkspur", "Marrow", "Nettle", "Oakhurst", "Pendle"];
const STATES = ["CO", "NM", "UT", "MA", "CO", "CO", "AZ", "WY"];
const AUDIT_ACTIONS = ["chart.read", "patient.read", "questionnaire.submit", "appointment.book", "appointment.confirm", "note.sign", "schedule.read", "profile.update"];

export function mondayUtc(at: Date): Date {
  const d = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d;
}

/**
 * Generates the dataset into an already seeded database (`sql` connects as the owner). `log` gets
 * one line per step with its duration.
 */
export async function generateDataset(sql: Sql, scale: Scale, log: (msg: string) => void): Promise<Dataset> {
  const { patients: P, providers: NP } = scale;
  if (P < NP) throw new Error("BENCH_PATIENTS must be at least BENCH_PROVIDERS");
  const perProvider = Math.floor(P / NP);
  const slotsPerProvider = perProvider * scale.appointmentsPerPatient;
  const weeks = Math.max(2, Math.ceil(slotsPerProvider / SLOTS_PER_WEEK));
  const weekStart = mondayUtc(new Date());
  // The grid starts so that the bench week (this one) is its second to last: full, with history before it.
  const gridStart = new Date(weekStart.getTime() - (weeks - 2) * 7 * 86_400_000);

  const step = async (label: string, run: () => Promise<unknown>) => {
    const t = Date.now();
    await run();
    log(`${label} (${((Date.now() - t) / 1000).toFixed(1)} s)`);
  };

  const clinics = await sql<{ id: string; slug: string; timezone: string }[]>`select id, slug, timezone from clinic where slug in ('clearwater-demo', 'harbor-light-demo') order by slug`;
  if (clinics.length !== 2) throw new Error("the demo seed must run first (two demo clinics)");
  const [demo] = clinics.filter((c) => c.slug === "clearwater-demo");
  const users = await sql<{ id: string; email: string }[]>`select id, email from "user" where email in ('provider@clearwater.test', 'provider@harborlight.test', 'admin@clearwater.test')`;
  const byEmail = new Map(users.map((u) => [u.email, u.id]));

  await sql`create temp table bench_provider (clinic_id uuid, idx int, user_id text, primary key (clinic_id, idx))`;
  await sql`create temp table bench_patient (clinic_id uuid, idx int, id uuid, user_id text, state text, tz text, primary key (clinic_id, idx))`;

  await step(`providers: ${NP} per clinic (the demo provider first)`, async () => {
    for (const c of clinics) {
      const letter = c.slug.startsWith("clearwater") ? "a" : "b";
      const demoProvider = byEmail.get(letter === "a" ? "provider@clearwater.test" : "provider@harborlight.test")!;
      await sql`insert into bench_provider values (${c.id}, 0, ${demoProvider})`;
      if (NP === 1) continue;
      await sql`insert into "user" (id, name, email, email_verified, kind)
        select 'bench-prov-' || ${letter} || '-' || g, 'Dr. Bench ' || ${letter} || g, 'bench.provider' || g || '@' || ${c.slug} || '.test', true, 'staff'
        from generate_series(1, ${NP - 1}) g`;
      await sql`insert into bench_provider select ${c.id}, g, 'bench-prov-' || ${letter} || '-' || g from generate_series(1, ${NP - 1}) g`;
      await sql`insert into clinic_membership (clinic_id, user_id, role) select clinic_id, user_id, 'provider' from bench_provider where clinic_id = ${c.id} and idx > 0`;
      await sql`insert into provider_profile (user_id, credentials, npi, timezone) select user_id, 'NP', null, ${c.timezone} from bench_provider where clinic_id = ${c.id} and idx > 0`;
      // Licences in the clinic's credential record (what the Prescribers page writes), unverified.
      await sql`insert into prescriber_licence (clinic_id, user_id, state, number, expires_on, created_by_user_id)
        select clinic_id, user_id, s, 'BENCH-' || s || '-' || idx, '2029-12-31', user_id from bench_provider, unnest(${sql.array([...new Set(STATES)])}::text[]) s where clinic_id = ${c.id} and idx > 0`;
      await sql`insert into availability_window (clinic_id, provider_user_id, weekday, start_minute, end_minute)
        select clinic_id, user_id, wd, 480, 1020 from bench_provider, generate_series(1, 5) wd where clinic_id = ${c.id} and idx > 0`;
    }
  });

  await step(`patients: ${P} per clinic, one primary provider each`, async () => {
    for (const c of clinics) {
      const letter = c.slug.startsWith("clearwater") ? "A" : "B";
      // 2 % wait for intake review (the dashboard's list), the rest are in treatment.
      await sql`insert into patient (clinic_id, mrn, status, given_name, family_name, date_of_birth, email, phone, city, state_of_residence, timezone,
          support_person_name, support_person_relationship, support_person_phone, emergency_contact_name, emergency_contact_relationship, emergency_contact_phone)
        select ${c.id}, 'CW-B' || ${letter} || lpad(g::text, 7, '0'),
          (case when g % 50 = 7 then 'intake_submitted' else 'ready_to_schedule' end)::patient_status,
          (${sql.array(GIVEN)}::text[])[1 + g % ${GIVEN.length}], (${sql.array(FAMILY)}::text[])[1 + (g / ${GIVEN.length}) % ${FAMILY.length}] || g,
          (date '1960-01-01' + (g * 37 % 15000))::date, 'bench' || g || '@' || ${c.slug} || '.test',
          '(555) 01' || lpad((g % 100)::text, 2, '0') || '-' || lpad((g % 10000)::text, 4, '0'), 'Springfield',
          (${sql.array(STATES)}::text[])[1 + g % ${STATES.length}], ${c.timezone},
          'Support ' || g, 'Partner', '(555) 010-0000', 'Contact ' || g, 'Sibling', '(555) 010-0001'
        from generate_series(0, ${P - 1}) g`;
      await sql`insert into bench_patient select clinic_id, substr(mrn, 6)::int, id, null, state_of_residence, timezone from patient where clinic_id = ${c.id} and mrn like 'CW-B%'`;
      await sql`insert into care_team_member (clinic_id, patient_id, user_id, role)
        select p.clinic_id, p.id, bp.user_id, 'primary_provider' from bench_patient p join bench_provider bp on bp.clinic_id = p.clinic_id and bp.idx = p.idx % ${NP}
        where p.clinic_id = ${c.id}`;
    }
  });

  await step("intakes: one submitted version per patient", () =>
    sql`insert into intake (clinic_id, patient_id, version, answers, completed_steps, screening, most_restrictive_effect, crisis_pathway, submitted_at, created_at, updated_at)
      select p.clinic_id, p.id, 1,
        jsonb_build_object('history', jsonb_build_object('diagnoses', jsonb_build_array('mdd'), 'priorTreatments', 2), 'medications', jsonb_build_array()),
        '{consent,history,medications,screening}', jsonb_build_object('flags', case when p.idx % 9 = 0 then jsonb_build_array(jsonb_build_object('code', 'E3', 'effect', 'caution')) else '[]'::jsonb end),
        case when p.idx % 9 = 0 then 'caution' else null end, false, ${gridStart}::timestamptz - interval '14 days', ${gridStart}::timestamptz - interval '15 days', ${gridStart}::timestamptz - interval '14 days'
      from bench_patient p`,
  );

  await step(`questionnaire responses: ${scale.responsesPerPatient} per patient`, () =>
    sql`insert into questionnaire_response (clinic_id, patient_id, instrument, context, answers, total, severity, item9_positive, completed_at)
      select p.clinic_id, p.id, r.instrument, r.context, r.answers, r.total,
        case when r.total >= 20 then 'severe' when r.total >= 15 then 'moderately severe' when r.total >= 10 then 'moderate' when r.total >= 5 then 'mild' else 'minimal' end,
        false, ${weekStart}::timestamptz - (k / 2) * interval '7 days' - interval '2 days'
      from bench_patient p, generate_series(0, ${scale.responsesPerPatient - 1}) k,
        lateral (select (case when k % 2 = 0 then 'phq9' else 'gad7' end)::instrument as instrument,
                        (case when k >= ${scale.responsesPerPatient - 2} then 'intake' else 'check_in' end)::questionnaire_context as context,
                        a as answers, (select sum(x)::smallint from unnest(a) x) as total
                 from (select array(select ((p.idx + k * 3 + i) % 3)::smallint from generate_series(1, case when k % 2 = 0 then 9 else 7 end) i) a) q) r`,
  );

  const perClinic = perProvider * NP * scale.appointmentsPerPatient;
  await step(`appointments: ${perClinic} per clinic on an hourly weekday grid (${weeks} weeks per provider)`, () =>
    sql`insert into appointment (clinic_id, patient_id, provider_user_id, kind, status, starts_at, ends_at, patient_state, patient_timezone, booked_by_user_id, cancelled_at, cancel_reason)
      select s.clinic_id, p.id, bp.user_id, s.kind::appointment_kind,
        (case when s.starts_at > now() then (case when s.n % 3 = 0 then 'confirmed' else 'booked' end)
              when s.n % 20 = 3 then 'cancelled' when s.n % 20 = 11 then 'no_show' else 'completed' end)::appointment_status,
        s.starts_at, s.starts_at + (case when s.kind = 'evaluation' then interval '60 minutes' else interval '30 minutes' end),
        p.state, p.tz, bp.user_id,
        case when s.starts_at <= now() and s.n % 20 = 3 then s.starts_at - interval '2 days' end,
        case when s.starts_at <= now() and s.n % 20 = 3 then 'Patient asked to move it' end
      from (select c.id as clinic_id, n, n % ${NP} as prov, n / ${NP} as slot,
                   case when n / ${NP} < ${perProvider} then 'evaluation' else 'follow_up' end as kind,
                   ${gridStart}::timestamptz + ((n / ${NP}) / ${SLOTS_PER_WEEK}) * interval '7 days' + (((n / ${NP}) % ${SLOTS_PER_WEEK}) / ${SLOTS_PER_DAY}) * interval '1 day'
                     + interval '15 hours' + ((n / ${NP}) % ${SLOTS_PER_DAY}) * interval '1 hour' as starts_at
            from unnest(${sql.array(clinics.map((c) => c.id))}::uuid[]) c(id), generate_series(0, ${perClinic - 1}) n) s
      join bench_provider bp on bp.clinic_id = s.clinic_id and bp.idx = s.prov
      join bench_patient p on p.clinic_id = s.clinic_id and p.idx = s.prov + ${NP} * (s.slot % ${perProvider})
      -- The demo seed's own live visits may sit on the grid: those slots stay theirs.
      on conflict do nothing`,
  );

  await step("open alerts: one in 250 patients", () =>
    sql`insert into safety_alert (clinic_id, patient_id, type, severity, status, summary, source_type, owner_user_id, sla_due_at, created_at, updated_at)
      select p.clinic_id, p.id, 'A2', (case when p.idx % 500 = 3 then 'high' else 'medium' end)::alert_severity, 'open', 'PHQ-9 total rose by 5 or more',
        'questionnaire_response', bp.user_id, now() + interval '1 day', now() - (p.idx % 5) * interval '1 day', now()
      from bench_patient p join bench_provider bp on bp.clinic_id = p.clinic_id and bp.idx = p.idx % ${NP}
      where p.idx % 250 = 3`,
  );

  // The chain trigger hashes every row (as in production): a few statements, each its own transaction.
  const auditTotal = 2 * P * scale.auditPerPatient;
  await step(`audit history: ${auditTotal} rows through the hash-chain trigger`, async () => {
    const batch = Math.max(1, Math.floor(200_000 / Math.max(1, scale.auditPerPatient)));
    for (let from = 0; from < P; from += batch) {
      await sql`insert into audit_event (occurred_at, clinic_id, actor_user_id, actor_kind, actor_roles, patient_id, action, resource_type, resource_id, outcome, request_id, ip_address, user_agent)
        select ${weekStart}::timestamptz - (k * 5 + p.idx % 5) * interval '1 day' - (p.idx % 1440) * interval '1 minute',
          p.clinic_id, case when a.action = 'questionnaire.submit' then null else bp.user_id end,
          (case when a.action = 'questionnaire.submit' then 'patient' else 'staff' end)::audit_actor_kind,
          case when a.action = 'questionnaire.submit' then '{}'::text[] else '{provider}'::text[] end,
          p.id, a.action, 'patient', p.id::text, (case when k % 97 = 5 then 'denied' else 'success' end)::audit_outcome,
          'bench-' || p.idx || '-' || k, '127.0.0.1', 'bench'
        from bench_patient p join bench_provider bp on bp.clinic_id = p.clinic_id and bp.idx = p.idx % ${NP},
          generate_series(0, ${scale.auditPerPatient - 1}) k,
          lateral (select (${sql.array(AUDIT_ACTIONS)}::text[])[1 + (k + p.idx) % ${AUDIT_ACTIONS.length}] as action) a
        where p.idx >= ${from} and p.idx < ${from + batch}`;
    }
  });

  const hot = await sql<{ id: string }[]>`select id from bench_patient where clinic_id = ${demo!.id} and idx = 0`;
  const hotPatient = hot[0]!.id;
  if (scale.hotReads > 0) {
    await step(`hot patient: ${scale.hotReads} earlier chart reads`, () =>
      sql`insert into audit_event (occurred_at, clinic_id, actor_user_id, actor_kind, actor_roles, patient_id, action, resource_type, resource_id, outcome, request_id, user_agent)
        select now() - g * interval '1 minute', ${demo!.id}, ${byEmail.get("provider@clearwater.test")!}, 'staff', '{provider}', ${hotPatient}, 'chart.read', 'patient', ${hotPatient}, 'success', 'bench-hot-' || g, 'bench'
        from generate_series(1, ${scale.hotReads}) g`,
    );
  }

  await step("analyze", () => sql`analyze`);
  const chartPatients = await sql<{ id: string }[]>`select id from bench_patient where clinic_id = ${demo!.id} and idx % ${NP} = 0 and idx > 0 order by idx limit 64`;
  const [counts] = await sql<Record<string, string>[]>`select
      (select count(*) from patient) as patients, (select count(*) from questionnaire_response) as responses, (select count(*) from appointment) as appointments,
      (select count(*) from audit_event) as audit_rows, (select count(*) from care_team_member) as care_team, (select count(*) from intake) as intakes,
      (select count(*) from availability_window) as availability, (select count(*) from safety_alert) as alerts`;
  return {
    clinicId: demo!.id,
    providerEmail: "provider@clearwater.test",
    providerUserId: byEmail.get("provider@clearwater.test")!,
    adminEmail: "admin@clearwater.test",
    chartPatients: chartPatients.map((r) => r.id),
    hotPatient,
    weekStart,
    counts: Object.fromEntries(Object.entries(counts!).map(([k, v]) => [k, Number(v)])),
  };
}
