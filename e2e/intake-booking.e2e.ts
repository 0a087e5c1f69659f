import AxeBuilder from "@axe-core/playwright";

import { A11Y_TAGS, type Page, expect, test } from "./fixtures";
import { shotsIn } from "./shots";

import { DEMO_PASSWORD, E2E_PATIENT_URL, E2E_PROVIDER_URL, completeSecondFactor } from "./env";
import { linkMailedTo } from "./mail";

test.describe.configure({ mode: "serial" });

const stamp = Date.now().toString(36);
const email = `journey-${stamp}@example.test`;
const password = "Journey-password-2026";

async function chooseAll(page: Page, option: string) {
  const radios = page.getByRole("radio", { name: option, exact: true });
  for (const radio of await radios.all()) await radio.check();
}

/** Saves the step and waits for the next one, so answers never land on the previous screen. */
async function saveAndContinue(page: Page, nextStep: number) {
  await page.getByRole("button", { name: /Save & continue/ }).click();
  await expect(page.getByText(`Step ${nextStep} of 9`)).toBeVisible();
}

/** With INTAKE_SHOTS_DIR set, the page at 390 and 1280 px wide (for looking at, not for asserting). */
const shots = shotsIn(process.env.INTAKE_SHOTS_DIR);

/** No serious or critical axe violation in the page as it is now (wizard steps are not navigations). */
async function expectAccessible(page: Page) {
  const result = await new AxeBuilder({ page }).withTags(A11Y_TAGS).analyze();
  expect(result.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

/** Enrols by the demo clinic's link, confirms by the mailed link and lands signed in. */
async function enrol(page: Page, who: { email: string; lastName: string }) {
  await page.goto(`${E2E_PATIENT_URL}/enrol/clearwater-demo-enrol`);
  await page.getByLabel("First name").fill("Journey");
  await page.getByLabel("Last name").fill(who.lastName);
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByLabel("Confirm password").fill(password);
  await page.getByLabel("Date of birth").fill("1987-07-21");
  await page.getByLabel("State of residence").selectOption("CO");
  await page.getByRole("checkbox").check();
  const requested = new Date(Date.now() - 1000);
  await page.getByRole("button", { name: "Create account" }).click();
  // The same answer whether or not the address has an account; the link arrives by e-mail.
  await expect(page.getByRole("heading", { name: "Check your e-mail" })).toBeVisible();
  await page.goto(await linkMailedTo(who.email, /\/enrol\/confirm\//, { after: requested }));
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Finish and sign in" }).click();
}

/**
 * Steps 1-8 of the intake, ending on the review. `item9` is the PHQ-9's last answer; the first
 * save of the contacts step is empty, to see the plain messages and where focus goes.
 */
async function fillIntake(page: Page, { item9, signedName }: { item9: string; signedName: string }) {
  await page.getByRole("link", { name: /Start your intake/ }).click();
  await expect(page.getByText("Step 1 of 9")).toBeVisible();

  // About you: enrolment prefilled name, birth date and state.
  await page.getByLabel("Mobile phone").fill("(555) 010-0199");
  await page.getByLabel("Street address").fill("1 Example Way");
  await page.getByLabel("City").fill("Springfield");
  await page.getByLabel("ZIP code").fill("80000");
  // The searchable time zone select: type part of a city, choose the option.
  const zone = page.getByRole("combobox", { name: "Time zone" });
  await zone.fill("Denver");
  await page.getByRole("option", { name: /Mountain Time \(Denver\)/ }).click();
  await expect(zone).toHaveValue("Mountain Time (Denver)");
  await saveAndContinue(page, 2);

  // Contacts and support person: saved empty first, each field says what to enter and the first takes focus.
  await page.getByRole("button", { name: /Save & continue/ }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Please check the highlighted questions." })).toBeVisible();
  await expect(page.getByLabel("Emergency contact name")).toBeFocused();
  await expect(page.getByText(/Enter the emergency contact name\./)).toBeVisible();
  await expect(page.getByText(/Invalid input|expected string/)).toHaveCount(0);
  await shots(page, "contacts-errors");
  await page.getByLabel("Emergency contact name").fill("Sam Example");
  await page.getByLabel("Emergency contact relationship").fill("Sibling");
  await page.getByLabel("Emergency contact phone").fill("(555) 010-0198");
  await page.getByLabel("Support person name").fill("Alex Example");
  await page.getByLabel("Support person relationship").fill("Partner");
  await page.getByLabel("Support person phone").fill("(555) 010-0197");
  await chooseAll(page, "Yes");
  await saveAndContinue(page, 3);

  // Medical history: nothing to report.
  await chooseAll(page, "No");
  await page.getByRole("radio", { name: "No liver problems" }).check();
  await saveAndContinue(page, 4);

  // Medications.
  await page.getByLabel(/What medicines/).fill("Sertraline 100 mg daily");
  await chooseAll(page, "No");
  await saveAndContinue(page, 5);

  // Home and commitments.
  await chooseAll(page, "Yes");
  await saveAndContinue(page, 6);

  // PHQ-9: more than half the days for every item; item 9 is set last.
  await chooseAll(page, "More than half the days");
  await page.getByRole("group", { name: /better off dead/ }).getByRole("radio", { name: item9, exact: true }).check();
  await page.getByRole("radio", { name: "Somewhat difficult" }).check();
  await saveAndContinue(page, 7);

  // GAD-7.
  await chooseAll(page, "More than half the days");
  await page.getByRole("radio", { name: "Somewhat difficult" }).check();
  await saveAndContinue(page, 8);

  // Consents.
  for (const box of await page.getByRole("checkbox").all()) await box.check();
  await page.getByLabel("Type your full name to sign").fill(signedName);
  await saveAndContinue(page, 9);
}

test("a new patient enrols, completes intake and books; the provider sees it on the schedule and opens the chart", async ({ browser }) => {
  test.setTimeout(180_000);
  const patientCtx = await browser.newContext({ viewport: { width: 390, height: 844 }, timezoneId: "America/Denver" });
  const page = await patientCtx.newPage();

  await enrol(page, { email, lastName: `Tester${stamp}` });
  await fillIntake(page, { item9: "Not at all", signedName: `Journey Tester${stamp}` });
  await expect(page.getByText(/Suicide & Crisis Lifeline/)).toHaveCount(0);

  // The review shows the answers themselves, section by section, in words (not codes or "Done").
  const section = (name: string) => page.getByRole("region", { name });
  const answer = (region: string, question: string | RegExp) =>
    section(region).getByRole("term").filter({ hasText: question }).locator("xpath=following-sibling::dd[1]");
  await expect(page.getByRole("heading", { level: 1, name: "Review and submit" })).toBeVisible();
  await expect(page.getByText("Done", { exact: true })).toHaveCount(0);
  await expect(answer("About you", "State of residence")).toHaveText("Colorado");
  await expect(answer("About you", "Date of birth")).toHaveText("July 21, 1987");
  await expect(answer("About you", "Time zone")).toContainText("Mountain Time");
  await expect(answer("Your contacts", "Emergency contact")).toContainText("Sam Example (Sibling)");
  await expect(answer("Health history", "Do you have liver problems? If so, how serious?")).toHaveText("No liver problems");
  await expect(answer("Medications", /What medicines/)).toHaveText("Sertraline 100 mg daily");
  await expect(answer("Mood questionnaire", /^9\. Thoughts that you would be better off dead/)).toHaveText("Not at all");
  await expect(answer("Mood questionnaire", /^1\. Little interest/)).toHaveText("More than half the days");
  await expect(answer("Consents", "Signed as")).toHaveText(`Journey Tester${stamp}`);
  await expectAccessible(page);
  await shots(page, "review");
  // Edit goes back to that step with the saved answers; saving returns through the steps to the review.
  await section("Medications").getByRole("button", { name: "Edit Medications" }).click();
  await expect(page.getByText("Step 4 of 9")).toBeVisible();
  await page.getByLabel(/What medicines/).fill("Sertraline 150 mg daily");
  await saveAndContinue(page, 5);
  for (const next of [6, 7, 8, 9]) await saveAndContinue(page, next);
  await expect(answer("Medications", /What medicines/)).toHaveText("Sertraline 150 mg daily");

  await page.getByRole("button", { name: /Submit/ }).click();
  await page.getByRole("link", { name: /Book your evaluation/ }).click();

  // A day, then a time: the first day with open times is chosen and its times are grouped by part of
  // the day. The patient chooses this provider (any available is the default), so the chart opens to them.
  await expect(page.getByRole("heading", { level: 1, name: "Book a visit" })).toBeVisible();
  await expect(page.getByRole("radio", { name: /\d+ open times?$/ }).first()).toBeChecked();
  await expect(page.getByLabel("Provider")).toHaveValue("");
  await page.getByLabel("Provider").selectOption({ label: "Dr. Jordan Whitfield, PMHNP" });
  await expect(page.getByRole("group", { name: /^(Morning|Afternoon|Evening)$/ }).first()).toBeVisible();
  // The whole page fits a phone: no list of every hour of every provider (it was 13,484 px).
  expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThan(2000);
  await page.getByRole("radio", { name: /^\d{1,2}:\d{2}\s[AP]M$/ }).first().check();
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByText("Dr. Jordan Whitfield, PMHNP")).toBeVisible();
  await page.getByRole("button", { name: "Book", exact: true }).click();
  // The outcome is the page's h1 and takes focus, so a screen reader announces it.
  await expect(page.getByRole("heading", { level: 1, name: "You're booked" })).toBeFocused();
  await expect(page.getByText(/with Dr\. Jordan Whitfield, PMHNP on/)).toBeVisible();

  await page.goto(`${E2E_PATIENT_URL}/appointments`);
  await expect(page.getByText(/Evaluation/).first()).toBeVisible();

  // The provider sees the booking on the schedule and opens the chart.
  const providerCtx = await browser.newContext({ viewport: { width: 1280, height: 900 }, timezoneId: "America/Denver" });
  const staff = await providerCtx.newPage();
  await staff.goto(`${E2E_PROVIDER_URL}/sign-in`);
  await staff.getByLabel("Email").fill("provider@clearwater.test");
  await staff.getByLabel("Password", { exact: true }).fill(DEMO_PASSWORD);
  await staff.getByRole("button", { name: "Sign in" }).click();
  await completeSecondFactor(staff, "provider@clearwater.test");
  await expect(staff).toHaveURL(/\/dashboard/);
  // The new intake is on the dashboard, as this provider's: the booking opened the chart to them.
  await expect(staff.getByRole("link", { name: new RegExp(`Tester${stamp}`) }).first()).toBeVisible();

  await staff.goto(`${E2E_PROVIDER_URL}/schedule`);
  await staff.getByRole("button", { name: /Week/ }).click();
  // Each week loads before it is searched, or a slow load would be skipped past.
  const loaded = () => expect(staff.locator('[aria-busy="true"]')).toHaveCount(0);
  await loaded();
  for (let i = 0; i < 5 && !(await staff.getByText(`Tester${stamp}`).first().isVisible()); i++) {
    await staff.getByRole("button", { name: /Next/ }).click();
    await loaded();
  }
  await staff.getByText(`Tester${stamp}`).first().click();
  await staff.getByRole("link", { name: /chart|Tester/i }).first().click();
  await expect(staff.getByRole("heading", { name: new RegExp(`Tester${stamp}`) })).toBeVisible();
  await expect(staff.getByText(/PHQ-9/).first()).toBeVisible();
  await expect(staff.getByText(/Support person|Alex Example/).first()).toBeVisible();

  await patientCtx.close();
  await providerCtx.close();
});

test("after a crisis answer (PHQ-9 item 9) the intake says who calls and when, never 'keep going' or 'book'", async ({ browser }) => {
  test.setTimeout(180_000);
  const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, timezoneId: "America/Denver" });
  const page = await ctx.newPage();
  const crisisStamp = `${stamp}c`;
  await enrol(page, { email: `journey-${crisisStamp}@example.test`, lastName: `Tester${crisisStamp}` });
  await fillIntake(page, { item9: "Several days", signedName: `Journey Tester${crisisStamp}` });

  // Saving the PHQ-9 already alerted the care team; the resources stay in view through the review.
  const panel = page.getByRole("alert").filter({ hasText: "988 Suicide & Crisis Lifeline" });
  await expect(panel).toContainText("Your care team has been told");
  await expect(page.getByRole("region", { name: "Mood questionnaire" }).getByRole("definition").nth(8)).toHaveText("Several days");
  await page.getByRole("button", { name: "Submit intake" }).click();

  await expect(page.getByRole("heading", { level: 1, name: "Thank you, your intake was submitted" })).toBeFocused();
  await expect(panel.getByRole("link", { name: "Call 988" })).toHaveAttribute("href", "tel:988");
  await expect(panel.getByRole("link", { name: "Call 911" })).toHaveAttribute("href", "tel:911");
  const next = page.getByRole("region", { name: "What happens next" });
  await expect(next.getByText("Your care team knows now")).toBeVisible();
  await expect(next.getByText("A clinician will call you soon")).toBeVisible();
  await expect(next).toContainText("(555) 010-0199");
  await expect(next.getByText("Booking waits for that conversation")).toBeVisible();
  await expect(page.getByText(/keep going with your intake/i)).toHaveCount(0);
  await expect(page.getByRole("link", { name: /Book/ })).toHaveCount(0);
  await expectAccessible(page);
  await shots(page, "crisis-thanks");

  // Coming back to the intake says the same, not "book".
  await page.goto(`${E2E_PATIENT_URL}/intake`);
  await expect(page.getByRole("region", { name: "What happens next" })).toBeVisible();
  await expect(page.getByRole("alert").filter({ hasText: "988 Suicide & Crisis Lifeline" })).toBeVisible();
  await expect(page.getByRole("link", { name: /Book/ })).toHaveCount(0);
  await ctx.close();
});
