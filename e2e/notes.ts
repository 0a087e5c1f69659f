import { type Page, expect } from "@playwright/test";
import { createDb } from "@clearwell/db/client";
import { DEMO_FOLLOW_UP, ensureDemoFollowUp } from "@clearwell/seed/demo-visit";

import { DEMO_PASSWORD, e2eDatabaseUrl } from "./env";

/** The seeded demo follow-up (packages/seed/src/demo-visit.ts): Dash with the demo provider, booked again when needed. */
export async function demoFollowUp() {
  const db = createDb(e2eDatabaseUrl(), 1);
  try {
    const appointment = await ensureDemoFollowUp(db);
    if (!appointment) throw new Error("the demo follow-up could not be booked");
    return { appointmentId: appointment.id, patientEmail: DEMO_FOLLOW_UP.patientEmail, providerEmail: DEMO_FOLLOW_UP.providerEmail };
  } finally {
    await db.$end();
  }
}

/** Checks the radio `option` in the radio group (fieldset) named `group`. */
export async function choose(page: Page, group: string | RegExp, option: string) {
  await page.getByRole("group", { name: group, exact: typeof group === "string" }).getByRole("radio", { name: option, exact: true }).check();
}

/**
 * The re-auth dialog of a signature (DOMAIN.md §9): a wrong password is refused in plain words and
 * the dialog stays open; the demo password signs.
 */
export async function signWithReauth(page: Page, confirmLabel: string, opts: { wrongFirst?: boolean } = {}) {
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByText("A signed note can't be changed or deleted.", { exact: false })).toBeVisible();
  if (opts.wrongFirst) {
    await dialog.getByLabel("Password", { exact: true }).fill("not-the-password");
    await dialog.getByRole("button", { name: confirmLabel }).click();
    await expect(dialog.getByText("That password is not right.")).toBeVisible();
  }
  await dialog.getByLabel("Password", { exact: true }).fill(DEMO_PASSWORD);
  await dialog.getByRole("button", { name: confirmLabel }).click();
  await expect(page.getByRole("dialog")).toHaveCount(0);
}

/** A calendar date `days` from today in the clinic's zone, as a date input takes it (YYYY-MM-DD). */
export function clinicDateIn(days: number, timeZone = "America/Denver") {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date(Date.now() + days * 86_400_000));
}
