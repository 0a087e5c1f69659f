import { type Page, expect, test } from "./fixtures";

import { DEMO_PASSWORD, E2E_PROVIDER_URL, alert, completeSecondFactor } from "./env";

async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto(`${E2E_PROVIDER_URL}/sign-in`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

test("a clinic admin signs in, finds a patient by name and opens the chart", async ({ page }) => {
  await signIn(page, "admin@clearwater.test");
  await completeSecondFactor(page, "admin@clearwater.test");
  await expect(page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
  await page.getByRole("link", { name: "Patients" }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: "Patients" })).toBeVisible();
  await expect(page.getByRole("link", { name: /Arbogast/ })).toBeVisible();

  await page.getByLabel("Search patients").fill("Penhallow");
  await expect(page.getByRole("link", { name: /Arbogast/ })).toHaveCount(0);
  const match = page.getByRole("link", { name: /Penhallow/ });
  await expect(match).toHaveCount(1);
  await match.click();
  await expect(page).toHaveURL(/\/patients\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { level: 1, name: /Marisol Penhallow/ })).toBeVisible();
});

test("a patient's credentials are refused by the provider app", async ({ page, context }) => {
  await signIn(page, "patient1@clearwater.test");
  await expect(alert(page, /patient app/i)).toBeVisible();
  await expect(page).toHaveURL(/\/sign-in/);
  const cookies = await context.cookies();
  expect(cookies.filter((c) => c.name.includes("session_token"))).toHaveLength(0);
  await page.goto(`${E2E_PROVIDER_URL}/patients`);
  await expect(page).toHaveURL(/\/sign-in/);
});

test("a wrong password shows an error and does not sign in", async ({ page }) => {
  await signIn(page, "provider@clearwater.test", "not-the-right-password");
  await expect(alert(page, /invalid|incorrect/i)).toBeVisible();
  await expect(page).toHaveURL(/\/sign-in/);
});

test("staff with TOTP enrolled must give the code before the portal opens", async ({ page }) => {
  await signIn(page, "prescriber@clearwater.test");
  await expect(page).toHaveURL(/\/sign-in\/two-factor/);
  await expect(page.getByLabel("Authentication code")).toBeVisible();
  await page.goto(`${E2E_PROVIDER_URL}/patients`);
  await expect(page).toHaveURL(/\/sign-in/);
});
