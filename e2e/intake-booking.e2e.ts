import { type Page, expect, test } from "./fixtures";

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

test("a new patient enrols, completes intake and books; the provider sees it on the schedule and opens the chart", async ({ browser }) => {
  test.setTimeout(180_000);
  const patientCtx = await browser.newContext({ viewport: { width: 390, height: 844 }, timezoneId: "America/Denver" });
  const page = await patientCtx.newPage();

  await page.goto(`${E2E_PATIENT_URL}/enrol/clearwater-demo-enrol`);
  await page.getByLabel("First name").fill("Journey");
  await page.getByLabel("Last name").fill(`Tester${stamp}`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByLabel("Confirm password").fill(password);
  await page.getByLabel("Date of birth").fill("1987-07-21");
  await page.getByLabel("State of residence").selectOption("CO");
  await page.getByRole("checkbox").check();
  const requested = new Date(Date.now() - 1000);
  await page.getByRole("button", { name: "Create account" }).click();
  // The same answer whether or not the address has an account; the link arrives by e-mail.
  await expect(page.getByRole("heading", { name: "Check your e-mail" })).toBeVisible();
  await page.goto(await linkMailedTo(email, /\/enrol\/confirm\//, { after: requested }));
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Finish and sign in" }).click();

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

  // Contacts and support person.
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

  // PHQ-9: several days for every item; item 9 "Not at all" is set last.
  await chooseAll(page, "More than half the days");
  await page.getByRole("group", { name: /better off dead/ }).getByRole("radio", { name: "Not at all" }).check();
  await page.getByRole("radio", { name: "Somewhat difficult" }).check();
  await saveAndContinue(page, 7);
  await expect(page.getByText(/Suicide & Crisis Lifeline/)).toHaveCount(0);

  // GAD-7.
  await chooseAll(page, "More than half the days");
  await page.getByRole("radio", { name: "Somewhat difficult" }).check();
  await saveAndContinue(page, 8);

  // Consents.
  for (const box of await page.getByRole("checkbox").all()) await box.check();
  await page.getByLabel("Type your full name to sign").fill(`Journey Tester${stamp}`);
  await saveAndContinue(page, 9);

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
