import { expect, test } from "./fixtures";
import { shotsIn } from "./shots";

import { E2E_PROVIDER_URL } from "./env";
import { signIn } from "./video";

// Issue 15 item 10: the audit log page. Screenshots at 390 and 1280 px when AUDIT_SHOTS_DIR is set.
const SHOTS = process.env.AUDIT_SHOTS_DIR;

const shots = shotsIn(SHOTS);

test("a clinician is refused a chart that is not theirs and the audit log, which is for admins", async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, E2E_PROVIDER_URL, "provider@clearwater.test");
  await expect(page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
  // Marisol Penhallow is not on this provider's care team and has no visit with them.
  await page.goto(`${E2E_PROVIDER_URL}/patients`);
  await page.getByRole("searchbox", { name: "Search patients" }).fill("Penhallow");
  const link = page.getByRole("link", { name: /Penhallow/ }).first();
  await expect(link).toBeVisible({ timeout: 30_000 });
  const patientId = /[0-9a-f-]{36}/.exec((await link.getAttribute("href")) ?? "")![0];
  await page.goto(`${E2E_PROVIDER_URL}/patients/${patientId}/chart`);
  await expect(page.getByText(/Chart not available|No such patient/).first()).toBeVisible({ timeout: 30_000 });

  await expect(page.getByRole("link", { name: "Audit log" })).toHaveCount(0);
  await page.goto(`${E2E_PROVIDER_URL}/admin/audit`);
  await expect(page.getByText("Admins only", { exact: true })).toBeVisible({ timeout: 30_000 });
});

test("an admin finds a patient's trail by name, list views that showed them included, and reads the same roles on sign-in as elsewhere", async ({ page }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, E2E_PROVIDER_URL, "office@clearwater.test");
  await expect(page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
  await page.goto(`${E2E_PROVIDER_URL}/patients`);
  await expect(page.getByText("Penhallow").first()).toBeVisible({ timeout: 30_000 });

  await page.getByRole("link", { name: "Audit log" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Audit log" })).toBeVisible();
  const table = page.getByRole("table", { name: "Audit events, newest first" });
  // One row for the patient list view, naming how many it showed; the sign-in row carries the same role.
  const listView = table.getByRole("row").filter({ hasText: "Viewed the patient list" }).filter({ hasText: "Casey Nakamura" }).first();
  await expect(listView).toContainText("Admin", { timeout: 30_000 });
  await expect(listView.getByRole("button", { name: /patients? shown/ })).toBeVisible();
  const signInRow = table.getByRole("row").filter({ hasText: "Sign-in" }).filter({ hasText: "Casey Nakamura" }).first();
  await expect(signInRow).toContainText("Admin");
  await expect(signInRow).not.toContainText("Roles not recorded");
  await shots(page, "audit-all");

  // Find the patient by name instead of pasting an id.
  await page.getByLabel("Patient", { exact: true }).fill("penhal");
  const matches = page.getByRole("list", { name: "Matching patients" });
  await matches.getByRole("button", { name: /Marisol Penhallow/ }).click();
  await expect(page).toHaveURL(/patientId=[0-9a-f-]{36}/);
  await expect(page.getByText("Marisol Penhallow").first()).toBeVisible();
  await expect(page.getByText("born Sep 30, 1979")).toBeVisible();
  const filtered = table.getByRole("row").filter({ hasText: "Viewed the patient list" }).filter({ hasText: "Casey Nakamura" }).first();
  await expect(filtered).toContainText("Marisol Penhallow");
  // The clinician's refused chart read (previous test) names the patient it asked for.
  const denied = table.getByRole("row").filter({ hasText: "Opened the chart" }).filter({ hasText: "Dr. Jordan Whitfield" }).first();
  await expect(denied).toContainText("Denied");
  await expect(denied).toContainText("Marisol Penhallow");
  const who = filtered.getByRole("button", { name: /in a list of \d+/ });
  await who.click();
  await expect(who).toHaveAttribute("aria-expanded", "true");
  await expect(filtered.getByRole("list", { name: "Patients this list showed" })).toContainText("Quinn Arbogast");
  await shots(page, "audit-patient");

  // On a phone the same events are stacked cards.
  await page.setViewportSize({ width: 390, height: 844 });
  const cards = page.getByRole("list", { name: "Audit events, newest first" });
  await expect(cards).toBeVisible();
  await expect(cards.getByRole("listitem").filter({ hasText: "Viewed the patient list" }).first()).toContainText("Marisol Penhallow");
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

  // The trail survives a reload through the address.
  await page.reload();
  await expect(page.getByText("born Sep 30, 1979")).toBeVisible();
  await page.getByRole("button", { name: "Change patient" }).click();
  await expect(page).not.toHaveURL(/patientId=/);
  await expect(page.getByLabel("Patient", { exact: true })).toBeVisible();
});
