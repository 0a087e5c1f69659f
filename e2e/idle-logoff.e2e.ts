import { expect, test } from "./fixtures";

import { DEMO_PASSWORD, E2E_PATIENT_URL, E2E_PROVIDER_URL, completeSecondFactor } from "./env";

// HIPAA automatic logoff (45 CFR 164.312(a)(2)(iii)): the browser clock is fast-forwarded,
// the server's session is real. Staff idle timeout 15 min, patients 30 min (defaults).
test("staff: a warning a minute before logoff, then patient data is blanked and the session ended", async ({ page, context }) => {
  await page.clock.install();
  await page.goto(`${E2E_PROVIDER_URL}/sign-in`);
  await page.getByLabel("Email").fill("provider@clearwater.test");
  await page.getByLabel("Password", { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await completeSecondFactor(page, "provider@clearwater.test");
  await expect(page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
  await page.goto(`${E2E_PROVIDER_URL}/patients`);
  await expect(page.getByRole("link", { name: /Arbogast/ })).toBeVisible();

  await page.clock.fastForward("13:30");
  await expect(page.getByRole("dialog", { name: "Still there?" })).toHaveCount(0);
  await page.clock.fastForward("00:45");
  const dialog = page.getByRole("dialog", { name: "Still there?" });
  await expect(dialog).toBeVisible();
  await expect(page.getByRole("button", { name: "Stay signed in" })).toBeVisible();

  await page.clock.fastForward("01:10");
  await expect(page).toHaveURL(/\/sign-in\?reason=idle/);
  await expect(page.getByText("You were signed out after a period of inactivity.")).toBeVisible();
  await expect(page.getByText(/Arbogast/)).toHaveCount(0);
  expect((await context.cookies()).filter((c) => c.name.includes("session_token"))).toHaveLength(0);
  await page.goto(`${E2E_PROVIDER_URL}/patients`);
  await expect(page).toHaveURL(/\/sign-in/);
});

test("patients: 'Stay signed in' keeps the session; no warning before 29 minutes", async ({ page }) => {
  await page.clock.install();
  await page.goto(`${E2E_PATIENT_URL}/sign-in`);
  await page.getByLabel("Email").fill("patient2@clearwater.test");
  await page.getByLabel("Password", { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { level: 1, name: /Hi, Marisol/ })).toBeVisible();

  await page.clock.fastForward("28:30");
  await expect(page.getByRole("dialog", { name: "Still there?" })).toHaveCount(0);
  await page.clock.fastForward("00:45");
  await expect(page.getByRole("dialog", { name: "Still there?" })).toBeVisible();
  await page.getByRole("button", { name: "Stay signed in" }).click();
  await expect(page.getByRole("dialog", { name: "Still there?" })).toHaveCount(0);
  await page.clock.fastForward("02:00");
  await expect(page.getByRole("heading", { level: 1, name: /Hi, Marisol/ })).toBeVisible();
  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: /Hi, Marisol/ })).toBeVisible();
});
