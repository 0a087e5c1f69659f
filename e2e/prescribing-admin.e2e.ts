import AxeBuilder from "@axe-core/playwright";
import { compileEpcsDay } from "@clearwell/api/services/prescribing-admin/epcs-review";
import { createDb } from "@clearwell/db/client";
import { type Browser, type Locator, type Page, expect, test } from "./fixtures";
import { shotsIn } from "./shots";
import postgres from "postgres";

import { E2E_PROVIDER_URL, e2eDatabaseUrl, staffTotp } from "./env";
import { signIn } from "./video";

/**
 * Issue 12 items 1-3, 7, 8, 10, 11 (admin screens): the admin adds a formulary entry and a pharmacy,
 * changes one pharmacy answer code and resets the map,
 * records a DEA registration that a second admin verifies (1311.125(a)), enters an EPCS grant that a
 * prescriber approves with an authenticator code while the enterer is told why they cannot; the
 * outbox has no dead letter to replay; the daily review renders. Pages are checked with axe.
 */
const ADMIN = "admin@clearwater.test";
/** The seed's second admin (packages/seed demo-data): verifies what the first one records. */
const SECOND_ADMIN = "office@clearwater.test";
/** A DEA registrant with EPCS permission (seeded): approves the grant. */
const APPROVER = "prescriber@clearwater.test";
/** The demo provider, made a prescriber for this spec (undone at the end): the grant's subject. */
const SUBJECT = "provider@clearwater.test";
const SUBJECT_NAME = "Dr. Jordan Whitfield";
/** Check digit valid: (2+6+1) + 2*(4+8+3) = 39 -> 9. */
const DEA_NUMBER = "AW2468139";
/** Screenshots for review when set (e.g. ADMIN_UI_SHOTS_DIR=/tmp/shots-admin-ui). */
const SHOTS = process.env.ADMIN_UI_SHOTS_DIR;

/** The demo provider gets the prescriber role in the demo clinic; `undo` takes it back. */
async function subjectIsPrescriber() {
  const sql = postgres(e2eDatabaseUrl(), { max: 1, onnotice: () => {} });
  const [row] = await sql<{ userId: string; clinicId: string }[]>`
    select u.id as "userId", m.clinic_id as "clinicId" from "user" u join clinic_membership m on m.user_id = u.id
    where u.email = ${SUBJECT} and m.role = 'provider' limit 1`;
  if (!row) throw new Error("the demo provider is missing");
  const [had] = await sql`select 1 from clinic_membership where clinic_id = ${row.clinicId} and user_id = ${row.userId} and role = 'prescriber'`;
  if (!had) await sql`insert into clinic_membership (clinic_id, user_id, role) values (${row.clinicId}, ${row.userId}, 'prescriber')`;
  return {
    undo: async () => {
      if (!had) await sql`delete from clinic_membership where clinic_id = ${row.clinicId} and user_id = ${row.userId} and role = 'prescriber'`;
      await sql.end();
    },
  };
}

/**
 * Today's daily review compiled now, as the hourly job (epcs.daily-review) will after midnight: the
 * service with a clock set to the clinic's next day, so this spec's own EPCS events are reviewed.
 * Returns the clinic day. (The job then leaves that day alone: one report per clinic and day.)
 */
async function compileTodaysReview() {
  const db = createDb(e2eDatabaseUrl(), 1);
  try {
    const sql = postgres(e2eDatabaseUrl(), { max: 1, onnotice: () => {} });
    const [clinic] = await sql<{ id: string; timezone: string }[]>`select id, timezone from clinic where slug = 'clearwater-demo'`;
    await sql.end();
    const day = new Intl.DateTimeFormat("en-CA", { timeZone: clinic!.timezone }).format(new Date());
    await compileEpcsDay(db, clinic!, day, new Date(Date.now() + 2 * 86_400_000));
    return day;
  } finally {
    await db.$end();
  }
}

/** axe-core on the page as it is now: no WCAG 2 A/AA violation. */
async function expectAccessible(page: Page, what: string) {
  const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const found = result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
  expect(found, `${what}: accessibility violations`).toEqual([]);
}

/** Full-page screenshots at 390 and 1280 px, when ADMIN_UI_SHOTS_DIR is set. */
const shots = shotsIn(SHOTS);

/**
 * Screenshots only (ADMIN_UI_SHOTS_DIR): the outbox with its messages and, when another spec left a
 * delivered message, that message shown as a dead letter with the Replay confirmation (cancelled;
 * the row is put back as it was).
 */
async function outboxShots(page: Page) {
  await page.getByRole("button", { name: /^All/ }).click();
  await shots(page, "outbox-all");
  const sql = postgres(e2eDatabaseUrl(), { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql<{ messageId: string; status: string; lastError: string | null }[]>`
      select message_id as "messageId", status, last_error as "lastError" from rx_outbox where status = 'acked' order by created_at desc limit 1`;
    if (!row) return;
    await sql`update rx_outbox set status = 'dead_lettered', dead_lettered_at = now(), last_error = 'HTTP 503 Service Unavailable (attempt 15)' where message_id = ${row.messageId}`;
    try {
      await page.getByRole("button", { name: "Refresh" }).click();
      await page.getByRole("button", { name: /^Dead letters/ }).click();
      await expect(page.getByRole("button", { name: `Replay message ${row.messageId}` }).last()).toBeVisible();
      await shots(page, "outbox-dead-letter");
      await page.getByRole("button", { name: `Replay message ${row.messageId}` }).last().click();
      await expect(page.getByRole("dialog", { name: "Send this message again?" })).toContainText("same MessageID");
      await expectAccessible(page, "replay dialog");
      await shots(page, "outbox-replay-dialog");
      await page.getByRole("dialog").getByRole("button", { name: "Cancel" }).click();
    } finally {
      await sql`update rx_outbox set status = ${row.status}, dead_lettered_at = null, last_error = ${row.lastError} where message_id = ${row.messageId}`;
    }
  } finally {
    await sql.end();
  }
}

async function staffPage(browser: Browser, email: string) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, timezoneId: "America/Denver" });
  const page = await context.newPage();
  await signIn(page, E2E_PROVIDER_URL, email);
  await expect(page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
  return { page, close: () => context.close() };
}

async function nav(page: Page, link: string, heading: string) {
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: link, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
}

/**
 * Types the approver's current authenticator code and approves. A code is accepted once (the
 * approver's own earlier use of this 30-second step is refused as a replay): then, as a person
 * would, wait for the next code.
 */
async function approveWithCode(page: Page, dialog: Locator, done: Locator) {
  for (let attempt = 0; attempt < 2; attempt++) {
    await dialog.getByLabel("Authenticator code").fill(staffTotp(APPROVER));
    await dialog.getByRole("button", { name: "Approve with code" }).click();
    const replayed = dialog.getByText("This code has already been used.");
    await expect(done.or(replayed)).toBeVisible();
    if (await done.isVisible()) return;
    await page.waitForTimeout(30_000 - (Date.now() % 30_000) + 500);
  }
  throw new Error("no fresh authenticator code was accepted");
}

test("an admin adds a formulary entry and a pharmacy, a second admin verifies a DEA registration, a prescriber approves the EPCS grant with TOTP; outbox and daily review", async ({ browser }) => {
  test.setTimeout(240_000);
  const setup = await subjectIsPrescriber();
  try {
    const { page: admin, close: closeAdmin } = await staffPage(browser, ADMIN);

    // ---------------------------------------------------------------- formulary (DOMAIN.md §4.1-4.2)
    await nav(admin, "Formulary", "Formulary");
    // The seeded nasal spray is off, with the reason shown.
    await expect(admin.getByText(/multi-dose nasal spray device carries a higher risk of diversion/).first()).toBeVisible();
    await expectAccessible(admin, "formulary");
    await shots(admin, "formulary");
    await admin.getByRole("button", { name: "Add entry" }).first().click();
    const entry = admin.getByRole("dialog", { name: "Add formulary entry" });
    await entry.getByLabel("Form", { exact: true }).selectOption("rdt_odt");
    await entry.getByLabel("Strength (mg per tablet)").fill("300");
    await entry.getByLabel("Minutes to hold in the mouth").fill("10");
    await entry.getByLabel("Minimum dose per session (mg)").fill("300");
    await entry.getByLabel("Maximum dose per session (mg)").fill("200");
    await entry.getByLabel("Maximum titration step (mg)").fill("150");
    await entry.getByLabel("Minimum days between sessions").fill("7");
    await entry.getByLabel("Maximum sessions per fill").fill("4");
    await entry.getByRole("button", { name: "Add entry" }).click();
    // A bound the wrong way round is named beside its field before anything is sent.
    await expect(entry.getByText("The maximum dose per session must be at least the minimum.")).toBeVisible();
    await expect(entry.getByLabel("Maximum dose per session (mg)")).toHaveAttribute("aria-invalid", "true");
    await entry.getByLabel("Maximum dose per session (mg)").fill("600");
    // The directions are rendered from the fields (packages/clinical renderSig).
    await expect(entry.getByText(/^Dissolve 1 tablet \(300 mg\) under the tongue for 10 minutes without swallowing/)).toBeVisible();
    await expect(entry.getByText(/^Dissolve 2 tablets \(300 mg each\)/)).toBeVisible();
    await expectAccessible(admin, "formulary entry dialog");
    await shots(admin, "formulary-dialog");
    await entry.getByRole("button", { name: "Add entry" }).click();
    await expect(admin.getByText("Added Ketamine HCl 300 mg sublingual rapid-dissolve tablet, compounded.")).toBeVisible();
    await expect(admin.getByRole("heading", { level: 2, name: "Ketamine HCl 300 mg sublingual rapid-dissolve tablet, compounded" })).toBeVisible();

    // ---------------------------------------------------------------- pharmacy directory (DOMAIN.md §4.5)
    await nav(admin, "Pharmacies", "Pharmacies");
    await expect(admin.getByRole("cell", { name: /^Clearwater Compounding \(simulator\) / })).toBeVisible();
    await admin.getByRole("button", { name: "Add pharmacy" }).first().click();
    const pharmacy = admin.getByRole("dialog", { name: "Add pharmacy" });
    await pharmacy.getByLabel("Pharmacy name").fill("Front Range Compounding (e2e)");
    await pharmacy.getByLabel("NCPDP ID").fill("12345");
    await pharmacy.getByLabel("NPI").fill("1597532468");
    await pharmacy.getByLabel("Street address").fill("22 Larimer Street");
    await pharmacy.getByLabel("City").fill("Denver");
    await pharmacy.getByLabel("State", { exact: true }).selectOption("CO");
    await pharmacy.getByLabel("ZIP code").fill("80205");
    await pharmacy.getByLabel("Phone").fill("(555) 010-0177");
    await pharmacy.getByRole("button", { name: "Add pharmacy" }).click();
    await expect(pharmacy.getByText("An NCPDP ID is 7 digits.")).toBeVisible();
    await expect(pharmacy.getByText("Choose the states it ships to.")).toBeVisible();
    await pharmacy.getByLabel("NCPDP ID").fill("1234567");
    await pharmacy.getByLabel("Find a state").fill("new");
    await pharmacy.getByRole("checkbox", { name: /New Mexico/ }).check();
    await pharmacy.getByLabel("Find a state").fill("");
    await pharmacy.getByRole("checkbox", { name: /Colorado/ }).check();
    await expect(pharmacy.getByText("2 chosen: CO, NM.")).toBeVisible();
    await expectAccessible(admin, "pharmacy dialog");
    await shots(admin, "pharmacy-dialog");
    await pharmacy.getByRole("button", { name: "Add pharmacy" }).click();
    await expect(admin.getByText("Added Front Range Compounding (e2e).")).toBeVisible();
    await expect(admin.getByRole("cell", { name: /^Front Range Compounding \(e2e\) / })).toBeVisible();
    await expectAccessible(admin, "pharmacies");
    await shots(admin, "pharmacies");

    // ---------------------------------------------------------------- prescribing settings (DOMAIN.md §4.4)
    await nav(admin, "Prescribing settings", "Prescribing settings");
    await expect(admin.getByText(/telemedicine prescriptions will be blocked/)).toBeVisible();
    const refills = admin.getByRole("region", { name: "Refills" });
    await refills.getByLabel("Default refills").fill("6");
    await refills.getByRole("button", { name: "Save refills" }).click();
    await expect(refills.getByText("Enter the default refills as a whole number from 0 to 5.")).toBeVisible();
    await refills.getByLabel("Default refills").fill("1");
    await refills.getByRole("button", { name: "Save refills" }).click();
    await expect(refills.getByText("Saved. New prescriptions start with 1 refill; at most 5.")).toBeVisible();
    // Back to the seeded 0 (DOMAIN.md §4.3 default).
    await refills.getByLabel("Default refills").fill("0");
    await refills.getByRole("button", { name: "Save refills" }).click();
    await expect(refills.getByText("Saved. New prescriptions start with 0 refills; at most 5.")).toBeVisible();
    await expectAccessible(admin, "prescribing settings");
    await shots(admin, "prescribing-settings");

    // ---------------------------------------------------------------- pharmacy answers (DOMAIN.md §5.4: the code map is configuration)
    const answers = admin.getByRole("region", { name: "Pharmacy answers" });
    await expect(answers.getByText(/^The standard codes are in effect\./)).toBeVisible();
    await expect(answers.getByLabel("What Status 010 means")).toHaveValue("acknowledged");
    await expect(answers.getByLabel("What Error 602 means")).toHaveValue("retry");
    const cardShots = async (name: string) => {
      if (!SHOTS) return;
      for (const width of [390, 1280]) {
        await admin.setViewportSize({ width, height: 900 });
        await answers.screenshot({ path: `${SHOTS}/${name}-${width}.png` });
      }
      await admin.setViewportSize({ width: 1280, height: 900 });
    };
    // A risky choice is warned about as it is made.
    await answers.getByLabel("What Error 601 means").selectOption("retry");
    await expect(answers.getByText(/^Error 601 set to retry: the pharmacy has said it cannot process/)).toBeVisible();
    // A new code must be 3 digits; the message names the row (checked before any confirmation).
    await answers.getByRole("button", { name: "Add a Status code" }).click();
    await answers.getByLabel("New Status code", { exact: true }).fill("01");
    await answers.getByRole("button", { name: "Save pharmacy answers" }).click();
    await expect(answers.getByText("Status code in row 3: enter 3 digits, like 010.")).toBeVisible();
    await expect(answers.getByLabel("New Status code", { exact: true })).toHaveAttribute("aria-invalid", "true");
    await expectAccessible(admin, "pharmacy answers with a warning and an error");
    await cardShots("pharmacy-answers-warning");
    await answers.getByRole("button", { name: "Remove Status code 01" }).click();
    await answers.getByLabel("What Error 601 means").selectOption("terminal");
    await expect(answers.getByText("Check these choices before saving")).toHaveCount(0);
    // One code changed and saved: said, and shown as changed.
    await answers.getByLabel("What Error 602 means").selectOption("terminal");
    await answers.getByLabel("Alert when a message has waited (minutes)").fill("10");
    await answers.getByRole("button", { name: "Save pharmacy answers" }).click();
    await expect(answers.getByText("Pharmacy answers saved. Your changes to the standard codes apply from the next answer; a message waiting more than 10 minutes raises an alert.")).toBeVisible();
    await expect(answers.getByText(/^1 change from the standard codes is in effect\./)).toBeVisible();
    await expect(answers.getByRole("listitem").filter({ hasText: "Error 602" }).getByText("Changed", { exact: true })).toBeVisible();
    await expectAccessible(admin, "pharmacy answers");
    await cardShots("pharmacy-answers");
    // Reset to the standard codes (confirmed), and the seeded 5-minute alert back.
    await answers.getByRole("button", { name: "Reset codes to defaults" }).click();
    const reset = admin.getByRole("dialog", { name: "Go back to the standard codes?" });
    await expectAccessible(admin, "reset dialog");
    await reset.getByRole("button", { name: "Reset codes" }).click();
    await expect(answers.getByText("Pharmacy answers reset: the standard codes apply from the next answer.")).toBeVisible();
    await expect(answers.getByLabel("What Error 602 means")).toHaveValue("retry");
    await expect(answers.getByText(/^The standard codes are in effect\./)).toBeVisible();
    await answers.getByLabel("Alert when a message has waited (minutes)").fill("5");
    await answers.getByRole("button", { name: "Save pharmacy answers" }).click();
    await expect(answers.getByText(/a message waiting more than 5 minutes raises an alert\.$/)).toBeVisible();

    // ---------------------------------------------------------------- credentials: recorded by one admin ...
    await nav(admin, "Prescribers", "Prescribers");
    const card = admin.getByRole("region", { name: SUBJECT_NAME });
    await card.getByRole("button", { name: `Add a DEA registration for ${SUBJECT_NAME}` }).click();
    const dea = admin.getByRole("dialog", { name: `Add a DEA registration for ${SUBJECT_NAME}` });
    await dea.getByLabel("DEA number").fill(DEA_NUMBER);
    await dea.getByLabel("State", { exact: true }).selectOption("CO");
    await dea.getByLabel("Expires on").fill("2028-05-31");
    await expect(dea.getByRole("checkbox", { name: "3N" })).toBeChecked();
    await dea.getByRole("button", { name: "Record registration" }).click();
    await expect(admin.getByText(`Recorded DEA registration ${DEA_NUMBER} (Colorado) for ${SUBJECT_NAME}.`, { exact: false })).toBeVisible();
    const registration = card.getByRole("listitem").filter({ hasText: DEA_NUMBER });
    await expect(registration.getByText("Not verified")).toBeVisible();
    await expect(registration.getByText("You recorded this, so another admin must verify it.")).toBeVisible();
    await expect(registration.getByRole("button", { name: /^Verify/ })).toHaveCount(0);
    // An expired licence is said plainly.
    await card.getByRole("button", { name: `Add a state licence for ${SUBJECT_NAME}` }).click();
    const licence = admin.getByRole("dialog", { name: `Add a state licence for ${SUBJECT_NAME}` });
    // Arizona: the seed records the demo provider's CO, NM and UT licences.
    await licence.getByLabel("State", { exact: true }).selectOption("AZ");
    await licence.getByLabel("Licence number").fill("AZ-E2E-0042");
    await licence.getByLabel("Expires on").fill("2025-01-31");
    await licence.getByRole("button", { name: "Record licence" }).click();
    await expect(card.getByText("Expired on Jan 31, 2025: it no longer counts and blocks signing.")).toBeVisible();
    await expectAccessible(admin, "prescribers");
    await shots(admin, "prescribers");

    // Entering the grant now is warned about: the registration is not verified yet.
    await nav(admin, "EPCS access", "EPCS access");
    await admin.getByLabel("Prescriber", { exact: true }).selectOption({ label: SUBJECT_NAME });
    await expect(admin.getByText("This grant will be refused for now")).toBeVisible();

    // ---------------------------------------------------------------- ... verified by a second admin (1311.125(a))
    const { page: office, close: closeOffice } = await staffPage(browser, SECOND_ADMIN);
    await nav(office, "Prescribers", "Prescribers");
    const officeCard = office.getByRole("region", { name: SUBJECT_NAME });
    await officeCard.getByRole("button", { name: `Verify DEA registration, Colorado ${DEA_NUMBER}` }).click();
    const verify = office.getByRole("dialog", { name: /^Verify DEA registration/ });
    await verify.getByRole("button", { name: "Verify as current" }).click();
    await expect(verify.getByText(/Say how you verified it/)).toBeVisible();
    await verify.getByLabel("How you verified it").fill("DEA registration validation checked today: active, schedules 3N.");
    await expectAccessible(office, "verify dialog");
    await shots(office, "verify-dialog");
    await verify.getByRole("button", { name: "Verify as current" }).click();
    await expect(office.getByText(`Verified ${SUBJECT_NAME}'s DEA registration ${DEA_NUMBER} (Colorado).`)).toBeVisible();
    await expect(officeCard.getByRole("listitem").filter({ hasText: DEA_NUMBER }).getByText("Verified", { exact: true })).toBeVisible();
    await closeOffice();

    // ---------------------------------------------------------------- the grant entered by the admin ...
    await admin.reload();
    await expect(admin.getByRole("heading", { level: 1, name: "EPCS access" })).toBeVisible();
    await admin.getByLabel("Prescriber", { exact: true }).selectOption({ label: SUBJECT_NAME });
    await expect(admin.getByLabel("Change", { exact: true })).toHaveValue("grant");
    await expect(admin.getByText("This grant will be refused for now")).toHaveCount(0);
    await admin.getByLabel("Reason").fill("DEA registration verified; starts prescribing on Monday.");
    await admin.getByRole("button", { name: "Enter change for approval" }).click();
    await expect(admin.getByText(/^Entered: grant Dr\. Jordan Whitfield permission/)).toBeVisible();
    const pendingForAdmin = admin.getByRole("region", { name: /Waiting for approval/ }).getByRole("listitem").filter({ hasText: SUBJECT_NAME });
    // The enterer cannot approve: no buttons, and the reason why.
    await expect(pendingForAdmin.getByText("You entered this change, so you cannot approve or reject it")).toBeVisible();
    await expect(pendingForAdmin.getByRole("button", { name: /^Approve/ })).toHaveCount(0);
    await expectAccessible(admin, "EPCS access (enterer)");
    await shots(admin, "epcs-access-admin");

    // ---------------------------------------------------------------- ... approved by a DEA registrant with TOTP
    const { page: approver, close: closeApprover } = await staffPage(browser, APPROVER);
    await nav(approver, "EPCS approvals", "EPCS access");
    const pending = approver.getByRole("listitem").filter({ hasText: `Grant ${SUBJECT_NAME} permission` });
    await pending.getByRole("button", { name: `Approve: Grant ${SUBJECT_NAME} permission to sign controlled-substance prescriptions` }).click();
    const decide = approver.getByRole("dialog");
    await expect(decide.getByText("Reason given: DEA registration verified; starts prescribing on Monday.")).toBeVisible();
    // A wrong code is refused in words.
    await decide.getByLabel("Authenticator code").fill("12345");
    await decide.getByRole("button", { name: "Approve with code" }).click();
    await expect(decide.getByText("Enter the 6-digit code.")).toBeVisible();
    await expectAccessible(approver, "approve dialog");
    await shots(approver, "epcs-approve-dialog");
    await approveWithCode(approver, decide, approver.getByText(`Approved. ${SUBJECT_NAME} may now sign controlled-substance prescriptions.`));
    const history = approver.getByRole("region", { name: "History" });
    await expect(history.getByRole("listitem").filter({ hasText: `Grant ${SUBJECT_NAME} permission` }).first()).toContainText("Approved");
    await shots(approver, "epcs-access-approver");
    await closeApprover();

    await nav(admin, "Prescribers", "Prescribers");
    await expect(admin.getByRole("region", { name: SUBJECT_NAME }).getByText(/^EPCS signing granted/)).toBeVisible();

    // ---------------------------------------------------------------- outbox: no dead letter to replay
    await nav(admin, "Outbox", "Outbox");
    await admin.getByRole("button", { name: /^Dead letters/ }).click();
    await expect(admin.getByRole("heading", { name: "No messages: dead letters" })).toBeVisible();
    await expect(admin.getByRole("button", { name: /^Replay/ })).toHaveCount(0);
    await expectAccessible(admin, "outbox");
    await shots(admin, "outbox");
    if (SHOTS) await outboxShots(admin);

    // ---------------------------------------------------------------- daily review (1311.150) and the monthly log
    const day = await compileTodaysReview();
    await nav(admin, "EPCS daily review", "EPCS daily review");
    const [y, m, d] = day.split("-").map(Number);
    const dayLabel = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeZone: "UTC" }).format(new Date(Date.UTC(y!, m! - 1, d!)));
    const row = admin.getByRole("row").filter({ has: admin.getByRole("link", { name: dayLabel }) });
    await expect(row.getByText(/\d+ to assess/)).toBeVisible();
    await expectAccessible(admin, "daily review");
    await shots(admin, "epcs-review");
    await row.getByRole("link", { name: dayLabel }).click();
    await expect(admin.getByRole("heading", { level: 1, name: `EPCS review for ${dayLabel}` })).toBeVisible();
    // This spec's grant is among the flagged access-control changes; assess one.
    const finding = admin.getByRole("listitem").filter({ hasText: "EPCS logical access control changed" }).filter({ has: admin.getByRole("button", { name: "Save assessment" }) }).first();
    await finding.getByRole("button", { name: "Save assessment" }).click();
    await expect(finding.getByText("Choose whether it is an incident.")).toBeVisible();
    await finding.getByRole("radio", { name: "Not an incident" }).check();
    await finding.getByLabel("What you found").fill("Expected: the two-person grant entered and approved during onboarding.");
    await expectAccessible(admin, "review report");
    await shots(admin, "epcs-review-report");
    await finding.getByRole("button", { name: "Save assessment" }).click();
    await expect(admin.getByText(/: “Expected: the two-person grant entered and approved during onboarding\.”$/)).toBeVisible();
    await nav(admin, "EPCS daily review", "EPCS daily review");
    await admin.getByRole("link", { name: "Monthly prescription log" }).click();
    await expect(admin.getByRole("heading", { level: 1, name: "Controlled-substance log" })).toBeVisible();
    await expect(admin.getByRole("table").or(admin.getByRole("heading", { name: /^Nothing signed by/ }))).toBeVisible();
    await expectAccessible(admin, "monthly log");
    await shots(admin, "epcs-log");
    await closeAdmin();
  } finally {
    await setup.undo();
  }
});
