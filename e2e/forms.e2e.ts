import { type Page, expect, test } from "./fixtures";
import { shotsIn } from "./shots";

import { DEMO_PASSWORD, E2E_PATIENT_URL, E2E_PROVIDER_URL, completeSecondFactor } from "./env";

// The shared form layer (issue 15 items 2 and 3): every message names its field and says what to
// do; enrolment refuses a future date of birth; time zones are chosen from a searchable list.

const RAW = /Invalid input|expected string|received undefined|YYYY-MM-DD|^Required\.$|^Too long\.$/;

/** With FORMS_SHOTS_DIR set, the page at 390 and 1280 px wide (for looking at, not for asserting). */
const shots = shotsIn(process.env.FORMS_SHOTS_DIR);

async function expectNoRawMessages(page: Page) {
  await expect(page.getByText(RAW)).toHaveCount(0);
}

test("enrolment with nothing filled in names every missing field in plain words and focuses the first", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${E2E_PATIENT_URL}/enrol/clearwater-demo-enrol`);
  await page.getByRole("button", { name: "Create account" }).click();

  for (const [label, message] of [
    ["First name", "Enter the first name."],
    ["Last name", "Enter the last name."],
    ["Email", "Enter the email."],
    ["Date of birth", "Enter the date of birth."],
    ["State of residence", "Choose a state."],
  ] as const) {
    const field = page.getByLabel(label, { exact: true });
    await expect(field).toHaveAttribute("aria-invalid", "true");
    // The message is the field's description, so a screen reader reads it with the field.
    await expect(field).toHaveAccessibleDescription(new RegExp(message.replace(".", "\\.")));
  }
  await expect(page.getByLabel("Password", { exact: true })).toHaveAccessibleDescription(/Enter the password\./);
  await expect(page.getByLabel("Confirm password")).toHaveAccessibleDescription(/Enter the password again\./);
  await expect(page.getByText("Please accept the terms to continue.")).toBeVisible();
  await expect(page.getByLabel("First name")).toBeFocused();
  await expectNoRawMessages(page);
  await shots(page, "enrol-empty");

  // A message clears as its field is put right.
  await page.getByLabel("First name").fill("Ada");
  await expect(page.getByLabel("First name")).not.toHaveAttribute("aria-invalid", "true");
});

test("enrolment refuses a date of birth in the future, in the form and without sending anything", async ({ page }) => {
  await page.goto(`${E2E_PATIENT_URL}/enrol/clearwater-demo-enrol`);
  const nextYear = new Date().getFullYear() + 1;
  await page.getByLabel("First name").fill("Futura");
  await page.getByLabel("Last name").fill("Example");
  await page.getByLabel("Email").fill(`future-${Date.now().toString(36)}@example.test`);
  await page.getByLabel("Password", { exact: true }).fill("Future-password-2026");
  await page.getByLabel("Confirm password").fill("Future-password-2026");
  await page.getByLabel("Date of birth").fill(`${nextYear}-03-04`);
  await page.getByLabel("State of residence").selectOption("CO");
  await page.getByRole("checkbox").check();
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByLabel("Date of birth")).toHaveAccessibleDescription(/Enter a date of birth in the past\./);
  await expect(page.getByLabel("Date of birth")).toBeFocused();
  await expect(page.getByRole("heading", { name: "Check your e-mail" })).toHaveCount(0);
});

test("sign-in asks for what is missing beside each box", async ({ page }) => {
  await page.goto(`${E2E_PATIENT_URL}/sign-in`);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByLabel("Email")).toHaveAccessibleDescription("Enter your email address.");
  await expect(page.getByLabel("Password", { exact: true })).toHaveAccessibleDescription("Enter your password.");
  await expect(page.getByLabel("Email")).toBeFocused();
});

test("a patient chooses a time zone by keyboard from the searchable list in their profile", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${E2E_PATIENT_URL}/sign-in`);
  await page.getByLabel("Email").fill("patient2@clearwater.test");
  await page.getByLabel("Password", { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { level: 1, name: /Hi, Marisol/ })).toBeVisible();
  await page.goto(`${E2E_PATIENT_URL}/profile/edit`);

  const zone = page.getByRole("combobox", { name: "Time zone" });
  const before = await zone.inputValue();
  expect(before).not.toBe("");
  await zone.focus();
  await page.keyboard.press("ArrowDown");
  await expect(zone).toHaveAttribute("aria-expanded", "true");
  const list = page.getByRole("listbox", { name: "Time zones" });
  await expect(list.getByRole("group", { name: "Common in the US" }).getByRole("option", { name: /Eastern Time \(New York\)/ })).toBeVisible();
  await shots(page, "time-zone-open");

  await page.keyboard.type("chicago");
  await expect(list.getByRole("option")).toHaveCount(1);
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Enter");
  await expect(zone).toHaveAttribute("aria-expanded", "false");
  await expect(zone).toHaveValue("Central Time (Chicago)");

  // Escape closes the list and keeps the choice.
  await zone.fill("europe berl");
  await expect(list.getByRole("option", { name: /Berlin \(Europe\)/ })).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(zone).toHaveValue("Central Time (Chicago)");

  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page).toHaveURL(/\/\?saved=profile/);
  await page.goto(`${E2E_PATIENT_URL}/profile/edit`);
  await expect(page.getByRole("combobox", { name: "Time zone" })).toHaveValue("Central Time (Chicago)");

  // Put it back for the other specs, by typing the zone's name and moving on.
  await page.getByRole("combobox", { name: "Time zone" }).fill(before);
  await page.getByLabel("City").click();
  await expect(page.getByRole("combobox", { name: "Time zone" })).toHaveValue(before);
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page).toHaveURL(/\/\?saved=profile/);
});

test("the provider's availability page offers the searchable time zone list, not a 400-entry raw list", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`${E2E_PROVIDER_URL}/sign-in`);
  await page.getByLabel("Email").fill("provider@clearwater.test");
  await page.getByLabel("Password", { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await completeSecondFactor(page, "provider@clearwater.test");
  await page.goto(`${E2E_PROVIDER_URL}/availability`);

  const zone = page.getByRole("combobox", { name: "Time zone" });
  await expect(zone).toBeVisible();
  await zone.click();
  await expect(page.getByRole("listbox", { name: "Time zones" })).toBeVisible();
  await zone.fill("pst");
  await page.getByRole("option", { name: /Pacific Time \(Los Angeles\)/ }).click();
  await expect(zone).toHaveValue("Pacific Time (Los Angeles)");
  await shots(page, "availability-time-zone");
});
