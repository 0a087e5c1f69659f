import { expect, test } from "./fixtures";

import { E2E_PROVIDER_URL } from "./env";
import { signIn } from "./video";

test("an admin changes the clinic's scheduling settings; a bad value is explained beside its field before anything is sent", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, E2E_PROVIDER_URL, "admin@clearwater.test");
  await expect(page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
  await page.getByRole("link", { name: "Clinic settings" }).click();
  await expect(page.getByRole("heading", { name: "Scheduling" })).toBeVisible();

  const followUp = page.getByLabel("Follow-up (minutes)");
  await followUp.fill("5");
  await page.getByRole("button", { name: "Save scheduling" }).click();
  await expect(page.getByText("At least 10 minutes.")).toBeVisible();
  await expect(followUp).toHaveAttribute("aria-invalid", "true");

  await followUp.fill("45");
  await page.getByLabel("Video waiting room opens (minutes before)").fill("20");
  await page.getByRole("button", { name: "Save scheduling" }).click();
  await expect(page.getByText("Scheduling settings saved.")).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Follow-up (minutes)")).toHaveValue("45");
  await expect(page.getByLabel("Video waiting room opens (minutes before)")).toHaveValue("20");
});

test("an admin sets how many days an eligibility decision lasts; a value under a week is explained beside the field", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, E2E_PROVIDER_URL, "admin@clearwater.test");
  await page.goto(`${E2E_PROVIDER_URL}/admin/clinic`);
  const card = page.getByRole("region", { name: "Eligibility decisions" });
  const days = card.getByLabel("Decisions expire after (days)");
  await expect(days).toHaveValue("90");
  await expect(card.getByText(/applies to decisions recorded from now on; decisions already recorded keep their expiry date/)).toBeVisible();

  await days.fill("3");
  await card.getByRole("button", { name: "Save expiry" }).click();
  await expect(card.getByText("Decisions must last at least 7 days (one week). Enter 7 to 365.")).toBeVisible();
  await expect(days).toHaveAttribute("aria-invalid", "true");

  await days.fill("45");
  await card.getByRole("button", { name: "Save expiry" }).click();
  await expect(card.getByRole("status").filter({ hasText: "Decisions recorded from now on expire after 45 days." })).toBeVisible();
  await expect(days).not.toHaveAttribute("aria-invalid");
  await page.reload();
  await expect(page.getByLabel("Decisions expire after (days)")).toHaveValue("45");

  // Back to the seeded 90, so decisions other specs record keep the default.
  await page.getByLabel("Decisions expire after (days)").fill("90");
  await page.getByRole("button", { name: "Save expiry" }).click();
  await expect(page.getByText("Decisions recorded from now on expire after 90 days.", { exact: false })).toBeVisible();
});

test("a provider opens an intake awaiting review from the dashboard, sees its screening flags and marks it reviewed", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, E2E_PROVIDER_URL, "provider@clearwater.test");
  await expect(page.getByRole("heading", { name: "Intakes awaiting review" })).toBeVisible();
  await page.getByRole("link", { name: "Wren Castellano" }).click();
  await expect(page.getByRole("heading", { level: 1, name: /Wren Castellano/ })).toBeVisible();
  // The seeded answers: unsure about a cardiovascular event, takes a benzodiazepine.
  await expect(page.getByRole("cell", { name: "E07" })).toBeVisible();
  // The flags show as a table here (the phone's stacked list beside it is hidden at this width).
  await expect(page.getByRole("table").getByText("Confirm at evaluation").first()).toBeVisible();
  await expect(page.getByRole("cell", { name: "E13" })).toBeVisible();
  await page.getByLabel("Review note").fill("Confirm cardiac history and benzodiazepine use at evaluation.");
  await page.getByRole("button", { name: "Mark reviewed" }).click();
  await expect(page.getByText(/· reviewed /)).toBeVisible();
  await page.goto(`${E2E_PROVIDER_URL}/dashboard`);
  await expect(page.getByRole("heading", { name: "Intakes awaiting review" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Wren Castellano" })).toHaveCount(0);
});
