import AxeBuilder from "@axe-core/playwright";
import { type Page, expect, test } from "./fixtures";
import { shotsIn } from "./shots";
import postgres from "postgres";

import { DEMO_PASSWORD, E2E_PATIENT_URL, E2E_PROVIDER_URL, e2eDatabaseUrl, staffTotp } from "./env";
import { signIn } from "./video";

/**
 * Issue 12 (items 5, 6, 11; DOMAIN.md §2, §4.5, §5.1): the demo prescriber writes a troche
 * prescription for Dash (patient3, decided eligible at home) from the formulary, records a PDMP
 * check so the live checklist passes, marks it ready, signs it in the 1311.140 ceremony with the
 * password and a fresh authenticator code, and sees the pharmacy simulator acknowledge it; then
 * Dash sees it on "Your prescription". Pages are checked with axe on the way.
 */
const PRESCRIBER = "prescriber@clearwater.test";
const ADMIN = "admin@clearwater.test";
const APPROVER = "provider@clearwater.test";
const DASH = "patient3@clearwater.test";
/** The seeded simulator pharmacy (apps/pharmacy-sim answers for any NCPDP ID it is sent). */
const SIM_NCPDP = "7654321";
/** 21 CFR 1311.140(a)(3), as the ceremony must show it (packages/validators EPCS_SIGNING_STATEMENT). */
const EPCS_SIGNING_STATEMENT =
  "By completing the two-factor authentication protocol at this time, you are legally signing the prescription(s) and authorizing the transmission of the above information to the pharmacy for dispensing. The two-factor authentication protocol may only be completed by the practitioner whose name and DEA registration number appear above.";
/** Screenshots for review when set (e.g. RX_SHOTS_DIR=/tmp/shots-provider-ui). */
const SHOTS = process.env.RX_SHOTS_DIR;

/**
 * What the demo seed gives the prescriber and Dash for prescribing, made sure of here (each only
 * when missing, so the spec also runs on a seed that already has it): the prescriber on Dash's care
 * team; Dash's seeded evaluation as an audio-video visit with the state he attested (CO); a troche
 * in the formulary; the simulator pharmacy shipping to CO; the prescriber's profile, verified CO
 * licence and DEA registration, and an EPCS grant entered by the admin and approved by a second person.
 */
async function ensurePrescribingScenario() {
  const sql = postgres(e2eDatabaseUrl(), { max: 1, onnotice: () => {} });
  try {
    const user = async (email: string) => (await sql<{ id: string }[]>`select id from "user" where email = ${email}`)[0]!.id;
    const [prescriberId, adminId, approverId] = [await user(PRESCRIBER), await user(ADMIN), await user(APPROVER)];
    const [dash] = await sql<{ id: string; clinicId: string; timezone: string }[]>`select id, clinic_id as "clinicId", timezone from patient where email = ${DASH}`;
    if (!dash) throw new Error("seeded patient3 missing");
    const clinicId = dash.clinicId;

    await sql`insert into care_team_member (clinic_id, patient_id, user_id, role) values (${clinicId}, ${dash.id}, ${prescriberId}, 'prescriber') on conflict do nothing`;
    const [visit] = await sql`select 1 from visit where patient_id = ${dash.id} and modality = 'audio_video' and attested_state is not null`;
    if (!visit) {
      const [evaluation] = await sql<{ id: string; providerUserId: string; startsAt: Date; endsAt: Date }[]>`
        select id, provider_user_id as "providerUserId", starts_at as "startsAt", ends_at as "endsAt" from appointment
        where patient_id = ${dash.id} and kind = 'evaluation' and status = 'completed' order by starts_at limit 1`;
      if (!evaluation) throw new Error("Dash's seeded evaluation missing");
      await sql`insert into visit (clinic_id, appointment_id, patient_id, provider_user_id, room_name, status, modality, attested_state, attested_at, started_at, ended_at)
        values (${clinicId}, ${evaluation.id}, ${dash.id}, ${evaluation.providerUserId}, ${`e2e-rx-${evaluation.id}`}, 'ended', 'audio_video', 'CO', ${evaluation.startsAt}, ${evaluation.startsAt}, ${evaluation.endsAt})
        on conflict (appointment_id) do update set modality = 'audio_video', attested_state = 'CO', attested_at = excluded.attested_at`;
    }

    // Written at today's follow-up: that visit is over, and the next one is booked four weeks on
    // (RX09: the quantity covers the sessions until then).
    const soon = new Date(Date.now() + 2 * DAY);
    await sql`update appointment set status = 'completed' where patient_id = ${dash.id} and kind = 'follow_up' and status in ('booked', 'confirmed', 'checked_in') and starts_at < ${soon}`;
    const [ahead] = await sql`select 1 from appointment where patient_id = ${dash.id} and kind = 'follow_up' and status in ('booked', 'confirmed') and starts_at >= ${soon}`;
    if (!ahead) {
      const startsAt = new Date(Date.now() + 28 * DAY);
      startsAt.setUTCHours(17, 0, 0, 0);
      await sql`insert into appointment (clinic_id, patient_id, provider_user_id, kind, status, starts_at, ends_at, patient_state, patient_timezone, booked_by_user_id)
        values (${clinicId}, ${dash.id}, ${approverId}, 'follow_up', 'confirmed', ${startsAt}, ${new Date(startsAt.getTime() + 30 * 60_000)}, 'CO', ${dash.timezone}, ${approverId})`;
    }

    // The demo seed's prescribing data (packages/seed demo-prescribing.ts), when an older seed lacks it.
    await sql`insert into clinic_prescribing_settings (clinic_id, flexibility_rule) values (${clinicId}, 'Temporary telemedicine flexibilities (90 FR 61301)') on conflict do nothing`;
    const [troche] = await sql`select 1 from formulary_entry where clinic_id = ${clinicId} and form = 'troche' and enabled`;
    if (!troche)
      await sql`insert into formulary_entry (clinic_id, drug_name, form, route, strength_value, hold_minutes, min_dose_mg, max_dose_mg, max_titration_step_mg, min_days_between_sessions, max_sessions_per_fill, dea_schedule)
        values (${clinicId}, 'Ketamine HCl', 'troche', 'sublingual', 100, 15, 100, 400, 100, 7, 4, '3N')`;
    await sql`insert into pharmacy (clinic_id, name, ncpdp_id, npi, address_line1, city, state, postal_code, phone, ships_to_states, epcs_capable, compounding)
      values (${clinicId}, 'Clearwater Compounding (simulator)', ${SIM_NCPDP}, '1003000126', '9 Mortar Street', 'Denver', 'CO', '80204', '(555) 010-0199', ${sql.array(["CO", "NM", "UT"])}, true, true)
      on conflict do nothing`;
    await sql`insert into prescriber_profile (clinic_id, user_id, npi, address_line1, city, state, postal_code, phone)
      values (${clinicId}, ${prescriberId}, '1234567893', '1 Clinic Way', 'Denver', 'CO', '80203', '(555) 010-0100') on conflict do nothing`;
    const verifiedAt = new Date();
    const [licence] = await sql`select 1 from prescriber_licence where user_id = ${prescriberId} and state = 'CO' and removed_at is null and verified_at is not null`;
    if (!licence)
      await sql`insert into prescriber_licence (clinic_id, user_id, state, number, expires_on, created_by_user_id, verified_at, verified_by_user_id, verification_note)
        values (${clinicId}, ${prescriberId}, 'CO', 'CO-E2E-0001', '2028-06-30', ${approverId}, ${verifiedAt}, ${adminId}, 'Checked on the state board (synthetic).')`;
    const [dea] = await sql`select 1 from prescriber_dea_registration where user_id = ${prescriberId} and state = 'CO' and removed_at is null and verified_at is not null`;
    if (!dea)
      // Check digit valid: (1+3+5) + 2*(2+4+6) = 33 -> 3.
      await sql`insert into prescriber_dea_registration (clinic_id, user_id, number, state, schedules, expires_on, created_by_user_id, verified_at, verified_by_user_id, verification_note)
        values (${clinicId}, ${prescriberId}, 'AO1234563', 'CO', ${sql.array(["3", "3N", "4", "5"])}, '2028-06-30', ${approverId}, ${verifiedAt}, ${adminId}, 'Checked on the DEA lookup (synthetic).')`;
    const [grant] = await sql`select 1 from epcs_access_change where subject_user_id = ${prescriberId} and status = 'approved'`;
    if (!grant) {
      const [change] = await sql<{ id: string }[]>`insert into epcs_access_change (clinic_id, subject_user_id, action, reason, entered_by_user_id)
        values (${clinicId}, ${prescriberId}, 'grant', 'Demo prescriber (synthetic).', ${adminId}) returning id`;
      await sql`update epcs_access_change set status = 'approved', decided_by_user_id = ${approverId}, decided_at = now() where id = ${change!.id}`;
    }
    return { patientId: dash.id };
  } finally {
    await sql.end();
  }
}

/** axe-core on the page as it is now: no WCAG 2 A/AA violation. */
async function expectAccessible(page: Page, what: string) {
  const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const found = result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
  expect(found, `${what}: accessibility violations`).toEqual([]);
}

/** Full-page screenshots at 390 and 1280 px, when RX_SHOTS_DIR is set. */
const shots = shotsIn(SHOTS);

const step = (at = Date.now()) => Math.floor(at / 30_000);
const DAY = 86_400_000;

test("a prescriber writes a troche prescription, passes the checklist, signs it with password and TOTP, and sees it acknowledged; the patient sees it", async ({ browser }) => {
  test.setTimeout(240_000);
  const { patientId } = await ensurePrescribingScenario();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, timezoneId: "America/Denver" });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on("pageerror", (e) => pageErrors.push(e.message));

  await signIn(page, E2E_PROVIDER_URL, PRESCRIBER);
  const signInStep = step();
  await expect(page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();

  // The chart's panel offers a new prescription: Dash's decision is eligible at home and in effect.
  await page.goto(`${E2E_PROVIDER_URL}/patients/${patientId}/chart`);
  const panel = page.getByRole("region", { name: "Prescriptions" });
  await expect(panel.getByRole("link", { name: "New prescription" })).toBeVisible({ timeout: 15_000 });
  await shots(page, "chart-panel-before");
  // A click that lands while the server-rendered chart is still hydrating was seen lost once in
  // three CI runs (no navigation request followed it); clicked again as a person would. Noted in the
  // session's closing note to be fixed in the page, not here.
  await expect(async () => {
    if (!(await page.getByRole("heading", { level: 1, name: "New prescription" }).isVisible())) await panel.getByRole("link", { name: "New prescription" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "New prescription" })).toBeVisible({ timeout: 4_000 });
  }).toPass({ timeout: 30_000 });

  // The builder: the live checklist names what is missing before anything is chosen.
  const checklist = page.getByRole("region", { name: "Checklist" });
  const summary = checklist.getByTestId("checklist-summary");
  await expect(summary).toContainText(/still block/, { timeout: 15_000 });
  await shots(page, "builder-new");
  // A line about a field moves focus to it.
  await checklist.locator('[data-rule="RX04"] button').click();
  await expect(page.getByLabel("Formulary entry")).toBeFocused();

  const formulary = page.getByLabel("Formulary entry");
  const troche = await formulary.locator("option", { hasText: /troche/i }).first().getAttribute("value");
  await formulary.selectOption(troche!);
  // Units for the entry's smallest dose (RX05): its strength and bounds as the page states them.
  const strength = Number(/(\d+) mg/.exec((await formulary.locator("option:checked").textContent()) ?? "")?.[1]);
  const minDose = Number(/Dose (\d+)–\d+ mg per session/.exec((await page.getByText(/^Dose \d+–\d+ mg per session/).textContent()) ?? "")?.[1]);
  await page.getByLabel(/per session$/).fill(String(Math.max(1, Math.ceil(minDose / strength))));
  const pharmacy = page.getByRole("combobox", { name: "Pharmacy" });
  const sim = await pharmacy.locator("option", { hasText: SIM_NCPDP }).getAttribute("value");
  await pharmacy.selectOption(sim!);
  // Quantity: the sessions until the next follow-up (RX09), offered by the page.
  await page.getByRole("button", { name: /^Use \d+$/ }).click({ timeout: 15_000 });
  await expect(page.getByTestId("sig-preview")).toContainText(/troche/i, { timeout: 15_000 });
  await expect(page.getByTestId("save-state")).toContainText("Draft saved", { timeout: 15_000 });
  await expect(page).toHaveURL(new RegExp(`/patients/${patientId}/prescriptions/[0-9a-f-]{36}$`));

  // PDMP (RX17): required by the clinic by default; record a review.
  const pdmp = page.getByRole("region", { name: "PDMP check" });
  await pdmp.getByRole("button", { name: "Record a PDMP check" }).click();
  await pdmp.getByLabel("What it showed").fill("No other controlled-substance prescriptions in the last 12 months; one pharmacy. Nothing against prescribing.");
  await pdmp.getByRole("button", { name: "Record PDMP check" }).click();
  await expect(pdmp.getByTestId("pdmp-latest")).toContainText("reviewed");

  await expect(summary).toHaveText("All checks pass.", { timeout: 20_000 });
  await expect(checklist.locator('[data-rule="RX16"]')).toHaveAttribute("data-passed", "true");
  await expectAccessible(page, "builder");
  await shots(page, "builder");

  // Marked ready, the prescriber lands on the ceremony (1311.140(a)(1)-(3)).
  await page.getByRole("button", { name: "Mark ready to sign" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Sign prescriptions" })).toBeVisible({ timeout: 15_000 });
  await expect(page.getByTestId("epcs-statement")).toHaveText(EPCS_SIGNING_STATEMENT);
  await expect(page.getByText("DEA number", { exact: true }).first()).toBeVisible();
  const sign = page.getByRole("button", { name: /^Sign and send \d+ prescriptions?$/ });
  await expect(sign).toHaveText("Sign and send 0 prescriptions");
  await page.getByRole("checkbox", { name: /^Sign Ketamine/ }).first().check();
  await expect(sign).toHaveText("Sign and send 1 prescription");
  await page.getByLabel("Password", { exact: true }).fill(DEMO_PASSWORD);
  await expectAccessible(page, "ceremony");
  await shots(page, "ceremony");

  // A wrong code is refused in plain words; nothing is signed.
  await page.getByLabel("Authenticator code").fill(staffTotp(PRESCRIBER) === "000000" ? "111111" : "000000");
  await sign.click();
  await expect(page.getByRole("alert").filter({ hasText: "That code is not right" })).toBeVisible();

  // A fresh code: the sign-in spent this 30-second step's code.
  while (step() <= signInStep) await page.waitForTimeout(1_000);
  // The seed's own signing may have spent this step moments before the run: refused as a replay
  // in plain words and nothing signed; then, as a person would, wait for the next code.
  const signed = page.getByRole("heading", { level: 1, name: "Signed and sent" });
  const replayed = page.getByRole("alert").filter({ hasText: "This code was already used" });
  let signClickedAt = 0;
  for (let attempt = 0; attempt < 2; attempt++) {
    await page.getByLabel("Password", { exact: true }).fill(DEMO_PASSWORD);
    await page.getByLabel("Authenticator code").fill(staffTotp(PRESCRIBER));
    signClickedAt = Date.now();
    await sign.click();
    await expect(signed.or(replayed)).toBeVisible({ timeout: 20_000 });
    if (await signed.isVisible()) break;
    const spent = step();
    while (step() <= spent) await page.waitForTimeout(1_000);
  }
  await expect(signed).toBeVisible({ timeout: 20_000 });
  // The simulator answers with Status: pushed to the page (no reload).
  await expect(page.getByTestId("rx-status").first()).toHaveText("Acknowledged by pharmacy", { timeout: 30_000 });
  // Issue 12 "done when": figures printed, not asserted (timings never fail a test).
  console.log(`[prescribe] Sign click -> "Acknowledged by pharmacy" on the page: ${Date.now() - signClickedAt} ms`);

  // The chart lists it with its live status, pharmacy and written date.
  await page.goto(`${E2E_PROVIDER_URL}/patients/${patientId}/chart#prescriptions`);
  const row = panel.getByRole("listitem").filter({ hasText: "Clearwater Compounding" }).first();
  await expect(row.getByTestId("rx-status")).toHaveText("Acknowledged by pharmacy", { timeout: 15_000 });
  await expect(row.getByText("Written")).toBeVisible();
  await expectAccessible(page, "chart");
  await shots(page, "chart-panel");
  expect(pageErrors).toEqual([]);
  await context.close();

  // The patient: "Your prescription" from the home card.
  const patientContext = await browser.newContext({ viewport: { width: 390, height: 844 }, timezoneId: "America/Denver" });
  const patient = await patientContext.newPage();
  await signIn(patient, E2E_PATIENT_URL, DASH);
  await patient.getByRole("link", { name: "See directions and pharmacy" }).click();
  await expect(patient.getByRole("heading", { level: 1, name: "Your prescription" })).toBeVisible();
  await expect(patient.getByText("How to take it")).toBeVisible();
  await expect(patient.getByText(/Clearwater Compounding/).first()).toBeVisible();
  await expect(patient.getByRole("link", { name: /Call the pharmacy/ })).toBeVisible();
  await expectAccessible(patient, "patient prescription");
  await shots(patient, "patient-prescription");
  await patientContext.close();
});
