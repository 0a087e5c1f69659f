import AxeBuilder from "@axe-core/playwright";
import { DEMO_REGIMEN, demoSupportToken } from "@clearwell/seed/demo-regimen";
import { type Page, expect, test } from "./fixtures";
import { shotsIn } from "./shots";
import postgres from "postgres";

import { E2E_AUTH_SECRET, E2E_PATIENT_URL, E2E_PROVIDER_URL, e2eDatabaseUrl } from "./env";
import { signIn } from "./video";

/**
 * Issue 13 (§2-4, §7; DOMAIN.md §2 dose session, §7 A4): Ottilie, the seeded demo patient on a home
 * regimen (packages/seed demo-regimen.ts), opens today's session and answers the safety questions
 * and her blood pressure; June, her support person, opens her own link on her phone (no account)
 * and gets the one-time code; Ottilie types it and passes the gate, takes her dose and logs chest
 * pain (severe): "Call 911 now" at once. Then her clinician (the demo prescriber) finds the
 * critical A4 in the alert inbox, acknowledges it and resolves it with an outreach record; it
 * shows as resolved. The gate, the support link and the inbox are checked with axe on the way.
 */
const SHOTS = process.env.HOME_SHOTS_DIR;
const PATIENT = DEMO_REGIMEN.patientEmail;
const CLINICIAN = DEMO_REGIMEN.clinicianEmail;
const NAME = DEMO_REGIMEN.patientName;
const FIRST = NAME.split(" ")[0]!;

/** axe-core on the page as it is now: no WCAG 2 A/AA violation. */
async function expectAccessible(page: Page, what: string) {
  const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const found = result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
  expect(found, `${what}: accessibility violations`).toEqual([]);
}

/** Full-page screenshots at 390 and 1280 px, when HOME_SHOTS_DIR is set. */
const shots = shotsIn(SHOTS);

/** A yes/no or choice question of the gate, by its question. */
const answer = (page: Page, question: RegExp, option: string) => page.getByRole("group", { name: question }).getByRole("radio", { name: option, exact: true }).check();

test("the patient passes the gate with her support person's code, logs a dose with chest pain and is told to call 911; her clinician acknowledges and resolves the critical A4", async ({ browser }) => {
  test.setTimeout(240_000);
  const phoneSize = { width: 390, height: 844 };
  const patientCtx = await browser.newContext({ viewport: phoneSize, timezoneId: DEMO_REGIMEN.timezone });
  // The support person's own phone: another browser, no account, only the link.
  const supportCtx = await browser.newContext({ viewport: phoneSize, timezoneId: DEMO_REGIMEN.timezone });
  const providerCtx = await browser.newContext({ viewport: { width: 1280, height: 900 }, timezoneId: DEMO_REGIMEN.timezone });
  const sql = postgres(e2eDatabaseUrl(), { max: 1, onnotice: () => {} });
  try {
    const [ottilie] = await sql<{ id: string }[]>`select id from patient where email = ${PATIENT}`;
    expect(ottilie, "the demo seed's home-regimen patient").toBeTruthy();

    // 1. Ottilie: Home shows today's session; the safety check's questions.
    const page = await patientCtx.newPage();
    await signIn(page, E2E_PATIENT_URL, PATIENT);
    await expect(page.getByRole("heading", { level: 1, name: new RegExp(`Hi, ${FIRST}`) })).toBeVisible();
    await expect(page.getByText("Today's session").first()).toBeVisible();
    await page.getByRole("link", { name: "Start the safety check" }).first().click();
    await page.waitForURL(/\/session\/[0-9a-f-]{36}$/);
    await expect(page.getByRole("heading", { name: /A few questions/ })).toBeVisible();
    await answer(page, /support person, with you now/, "Yes");
    await answer(page, /alcohol, or any sedatives/, "No");
    await answer(page, /plan to drive/, "No");
    await answer(page, /How are you feeling right now/, "Calm and ready");
    await answer(page, /fasting rule/, "Yes");
    await answer(page, /calm, safe place/, "Yes");
    await expectAccessible(page, "gate questions");
    await shots(page, "gate-questions");
    await page.getByRole("button", { name: "Continue" }).click();

    // 2. Her blood pressure, below the clinic's 140/90.
    await expect(page.getByRole("heading", { name: /Your blood pressure/ })).toBeVisible();
    await page.getByLabel("Top number").fill("124");
    await page.getByLabel("Bottom number").fill("78");
    await expectAccessible(page, "gate blood pressure");
    await page.getByRole("button", { name: "Continue" }).click();
    await expect(page.getByRole("heading", { name: /Your support person's code/ })).toBeVisible();
    await expect(page.getByText(DEMO_REGIMEN.supportPerson.name).first()).toBeVisible();
    await expectAccessible(page, "gate support code");
    await shots(page, "gate-code");

    // 3. June, on her phone, opens her link: "I'm with Ottilie now" shows the code.
    const phone = await supportCtx.newPage();
    await phone.goto(`${E2E_PATIENT_URL}/support/${demoSupportToken(E2E_AUTH_SECRET)}`);
    await expect(phone.getByText(`Are you with ${FIRST} now for today's session?`)).toBeVisible();
    await expectAccessible(phone, "support person's link");
    await phone.getByRole("button", { name: new RegExp(`I.m with ${FIRST} now`) }).click();
    const codeGroup = phone.getByRole("group", { name: /^Code: / });
    await expect(codeGroup).toBeVisible();
    const code = ((await codeGroup.getAttribute("aria-label")) ?? "").replace(/\D/g, "");
    expect(code).toMatch(/^\d{6}$/);
    await expectAccessible(phone, "support person's code");
    await shots(phone, "support-code");

    // 4. Ottilie types it: the gate passes.
    await page.getByLabel("Code from your support person").fill(code);
    await page.getByRole("button", { name: "Check if I can take my dose" }).click();
    await expect(page.getByRole("heading", { name: "You may take your dose now" })).toBeVisible();
    await expectAccessible(page, "gate passed");
    await shots(page, "gate-passed");

    // 5. The dose log with chest pain, severe: "Call 911 now" as soon as it is ticked, and after sending.
    await page.getByRole("button", { name: "I have taken it: log my dose" }).click();
    await expect(page.getByRole("heading", { name: "Log your dose" })).toBeVisible();
    await page.getByLabel("About how many minutes did you feel detached or unreal?").fill("35");
    await page.getByRole("checkbox", { name: "Chest pain or pressure" }).check();
    await expect(page.getByRole("alert").filter({ hasText: "Call 911 now." })).toBeVisible();
    await page.getByRole("group", { name: "How bad was it: Chest pain or pressure" }).getByRole("radio", { name: "Severe" }).check();
    await page.getByLabel("Support person's sign-off").fill(DEMO_REGIMEN.supportPerson.name);
    await expectAccessible(page, "dose log");
    await page.getByRole("button", { name: "Log my dose" }).click();
    const urgent = page.getByRole("dialog", { name: "Call 911 now" });
    await expect(urgent).toBeVisible();
    await expect(urgent.getByRole("link", { name: "Call 911" })).toHaveAttribute("href", "tel:911");
    await expect(urgent.getByText("Your care team has been told.")).toBeVisible();
    await expectAccessible(page, "call 911 screen");
    await shots(page, "call-911");

    // The log and the alert are in the database: session taken, A4 critical open, regimen paused.
    const [a4] = await sql<{ id: string; severity: string; status: string; ownerEmail: string | null }[]>`
      select a.id, a.severity, a.status, u.email as "ownerEmail" from safety_alert a left join "user" u on u.id = a.owner_user_id
      where a.patient_id = ${ottilie!.id} and a.type = 'A4' and a.status <> 'resolved'`;
    expect(a4).toMatchObject({ severity: "critical", status: "open", ownerEmail: CLINICIAN });
    const [regimen] = await sql<{ status: string; pauseReason: string | null }[]>`select status, pause_reason as "pauseReason" from regimen where patient_id = ${ottilie!.id} order by created_at desc limit 1`;
    expect(regimen).toEqual({ status: "paused", pauseReason: "alert_A4" });

    // 6. Her clinician: the inbox shows the critical A4; acknowledge, then resolve with an outreach record.
    const inbox = await providerCtx.newPage();
    await signIn(inbox, E2E_PROVIDER_URL, CLINICIAN);
    await inbox.getByRole("link", { name: /^Alerts/ }).first().click();
    await inbox.waitForURL(/\/alerts/);
    await expect(inbox.getByRole("heading", { level: 1, name: "Alerts" })).toBeVisible();
    const row = inbox.getByTestId("alert-row").filter({ hasText: NAME }).filter({ hasText: "A4" });
    await expect(row).toHaveCount(1);
    await expect(row.getByText("Critical")).toBeVisible();
    await expectAccessible(inbox, "alert inbox");
    await shots(inbox, "inbox-open");
    await row.getByRole("button", { name: `Acknowledge the alert for ${NAME}` }).click();
    await expect(row.getByText("Acknowledged").first()).toBeVisible();
    await row.getByRole("button", { name: `Resolve the alert for ${NAME}` }).click();
    const dialog = inbox.getByRole("dialog", { name: "Resolve alert" });
    await expect(dialog).toBeVisible();
    await dialog.getByLabel("How was it resolved?").selectOption({ label: "Reached the patient" });
    const record = dialog.getByRole("group", { name: "Close the loop with" });
    if (await record.count()) await record.getByRole("radio", { name: "An outreach record, written now" }).check();
    await dialog.getByLabel("How you reached out").selectOption({ label: "Phone call" });
    await dialog.getByRole("group", { name: /Did you reach the patient/ }).getByRole("radio", { name: "Yes" }).check();
    await dialog.getByLabel("Risk assessment").fill("Chest tightness for ten minutes at the peak, now gone; no shortness of breath. June with her throughout. Low cardiac risk, no history.");
    await dialog.getByLabel("Plan").fill("Seen at urgent care tonight: ECG normal. Sessions stay paused until her follow-up; call the clinic or 911 if it returns.");
    await expectAccessible(inbox, "resolve dialog");
    await shots(inbox, "resolve-dialog");
    await dialog.getByRole("button", { name: "Resolve", exact: true }).click();
    await expect(dialog).toBeHidden();

    // 7. Resolved: gone from Open, listed under Resolved; the record says how.
    await expect(inbox.getByTestId("alert-row").filter({ hasText: NAME }).filter({ hasText: "A4" })).toHaveCount(0);
    await inbox.getByRole("navigation", { name: "Alert lists" }).getByRole("link", { name: /^Resolved/ }).click();
    const resolved = inbox.getByTestId("alert-row").filter({ hasText: NAME }).filter({ hasText: "A4" });
    await expect(resolved).toHaveCount(1);
    await expect(resolved.getByText("Resolved").first()).toBeVisible();
    await expectAccessible(inbox, "resolved alerts");
    await shots(inbox, "inbox-resolved");
    const [done] = await sql<{ status: string; resolutionCode: string; method: string; reached: boolean; author: string }[]>`
      select a.status, a.resolution_code as "resolutionCode", o.method, o.reached, u.email as author
      from safety_alert a join outreach_record o on o.id = a.outreach_id join "user" u on u.id = o.author_user_id where a.id = ${a4!.id}`;
    expect(done).toEqual({ status: "resolved", resolutionCode: "outreach_completed", method: "phone", reached: true, author: CLINICIAN });
  } finally {
    await sql.end();
    await Promise.all([patientCtx.close(), supportCtx.close(), providerCtx.close()]);
  }
});
