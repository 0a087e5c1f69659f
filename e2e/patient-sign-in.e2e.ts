import { expect, test } from "./fixtures";

import { DEMO_PASSWORD, E2E_PATIENT_URL, alert } from "./env";

test("a patient signs in, sees their profile and care team, and signs out", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${E2E_PATIENT_URL}/sign-in`);
  await page.getByLabel("Email").fill("patient1@clearwater.test");
  await page.getByLabel("Password", { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();

  await expect(page.getByRole("heading", { level: 1, name: /Hi, Quinn/ })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Your care team" })).toBeVisible();
  await expect(page.getByText(/Samira Okonkwo-Hale/)).toBeVisible();
  // The profile is one tab away in the main navigation (the phone's bottom bar).
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Profile" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Your profile" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Profile" })).toHaveAttribute("aria-current", "page");
  await expect(page.getByText("Tess Arbogast")).toBeVisible();

  await page.getByRole("button", { name: "Account menu" }).click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.goto(`${E2E_PATIENT_URL}/`);
  await expect(page).toHaveURL(/\/sign-in/);
});

test("staff credentials are refused by the patient app", async ({ page }) => {
  await page.goto(`${E2E_PATIENT_URL}/sign-in`);
  await page.getByLabel("Email").fill("provider@clearwater.test");
  await page.getByLabel("Password", { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(alert(page, /provider portal|clinic staff/i)).toBeVisible();
  await expect(page).toHaveURL(/\/sign-in/);
});

test("signing out in one tab clears patient data from the other tabs at once", async ({ context }) => {
  const first = await context.newPage();
  await first.goto(`${E2E_PATIENT_URL}/sign-in`);
  await first.getByLabel("Email").fill("patient3@clearwater.test");
  await first.getByLabel("Password", { exact: true }).fill(DEMO_PASSWORD);
  await first.getByRole("button", { name: "Sign in" }).click();
  await expect(first.getByRole("heading", { level: 1, name: /Hi, Dashiell/ })).toBeVisible();

  const second = await context.newPage();
  await second.goto(`${E2E_PATIENT_URL}/`);
  await expect(second.getByRole("heading", { level: 1, name: /Hi, Dashiell/ })).toBeVisible();

  await first.getByRole("button", { name: "Account menu" }).click();
  await first.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(second).toHaveURL(/\/sign-in/);
  await expect(second.getByText(/Dashiell/)).toHaveCount(0);
});
