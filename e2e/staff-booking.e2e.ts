import postgres from "postgres";

import { DEMO_PASSWORD, E2E_PROVIDER_URL, completeSecondFactor, e2eDatabaseUrl } from "./env";
import { type Browser, expect, test } from "./fixtures";
import { shotsIn } from "./shots";
import { linkMailedTo } from "./mail";

test.describe.configure({ mode: "serial" });

/** With BOOKING_SHOTS_DIR set, the page as it is now at 390 and 1280 px wide (for looking at, not for asserting). */
const shots = shotsIn(process.env.BOOKING_SHOTS_DIR, { fullPage: false });

async function staffPage(browser: Browser, email: string) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, timezoneId: "America/Denver" });
  const page = await ctx.newPage();
  await page.goto(`${E2E_PROVIDER_URL}/sign-in`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await completeSecondFactor(page, email);
  return { ctx, page };
}

const PATIENT_EMAIL = "patient3@clearwater.test"; // Dashiell Okafor-Brandt: intake done, Colorado

test("the front desk books a visit for a patient, moves it and cancels it; the patient is emailed and the audit says who did it for whom", async ({ browser }) => {
  test.setTimeout(180_000);
  const { ctx, page } = await staffPage(browser, "desk@clearwater.test");
  await page.goto(`${E2E_PROVIDER_URL}/schedule`);
  // The front desk has no Availability page of their own.
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Availability" })).toHaveCount(0);

  await page.getByRole("button", { name: "Book for a patient" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByRole("heading", { name: "Book for a patient" })).toBeFocused();
  await dialog.getByLabel("Find the patient").fill("1/18/1992");
  await dialog.getByRole("button", { name: "Search" }).click();
  // The search's answer (a count, "Searching…", no match or an error): a failure shows which.
  await expect(dialog.getByRole("status").or(dialog.getByRole("alert")).first()).toHaveText("1 match");
  await dialog.getByRole("button", { name: /Dashiell Okafor-Brandt/ }).click();

  // Type, then day and time; any available provider unless one is chosen. No clinical content here.
  await expect(dialog.getByRole("heading", { name: "Choose a time" })).toBeFocused();
  await expect(dialog.getByLabel("Provider")).toHaveValue("");
  await expect(dialog.getByText(/PHQ|GAD|intake answer|score/i)).toHaveCount(0);
  const days = dialog.getByRole("radio", { name: /\d+ open times?$/ });
  await expect(days.first()).toBeChecked();
  // Keyboard: the arrow key moves to the next day that has times, and its times replace the first day's.
  const timesHeading = dialog.getByRole("heading", { name: /^Times on / });
  const firstDayTimes = (await timesHeading.textContent()) ?? "";
  await days.first().focus();
  await page.keyboard.press("ArrowRight");
  await expect(days.nth(1)).toBeChecked();
  await expect(timesHeading).not.toHaveText(firstDayTimes);
  await shots(page, "staff-book-time");
  await dialog.getByRole("radio", { name: /^\d{1,2}:\d{2} [AP]M$/ }).first().check();
  await dialog.getByRole("button", { name: "Continue" }).click();
  await expect(dialog.getByText("Any available provider (picked when you book)")).toBeVisible();
  await shots(page, "staff-book-confirm");
  const bookedAt = new Date(Date.now() - 1000);
  await dialog.getByRole("button", { name: "Book visit" }).click();
  await expect(dialog.getByText(/Dashiell will get an email with the time/)).toBeVisible();
  await shots(page, "staff-book-done");
  expect(await linkMailedTo(PATIENT_EMAIL, /\/appointments$/, { after: bookedAt })).toMatch(/\/appointments$/);
  await dialog.getByRole("button", { name: "Done" }).click();

  // The visit is on the schedule (day view of its day); move it from the appointment dialog.
  const sql = postgres(e2eDatabaseUrl(), { max: 1, onnotice: () => {} });
  try {
    const [booked] = await sql<{ id: string; starts_at: Date; booked_by: string }[]>`
      select a.id, a.starts_at, u.email as booked_by from appointment a join "user" u on u.id = a.booked_by_user_id
      join patient p on p.id = a.patient_id where p.email = ${PATIENT_EMAIL} and a.status = 'booked' and a.created_at >= ${bookedAt} order by a.created_at desc limit 1`;
    expect(booked?.booked_by).toBe("desk@clearwater.test");
    const [audit] = await sql<{ actor: string; patient_id: string; detail: { onBehalfOfPatientId?: string; anyProvider?: boolean } }[]>`
      select u.email as actor, e.patient_id, e.detail from audit_event e join "user" u on u.id = e.actor_user_id
      where e.action = 'appointment.book' and e.resource_id = ${booked!.id}`;
    expect(audit).toMatchObject({ actor: "desk@clearwater.test", patient_id: audit!.detail.onBehalfOfPatientId, detail: { anyProvider: true } });

    // Its day in the day view (the demo's own visits for Dashiell may sit on other days or times).
    const when = new Date(booked!.starts_at);
    const dayTitle = new Intl.DateTimeFormat("en-US", { dateStyle: "full", timeZone: "America/Denver" }).format(when);
    const time = new Intl.DateTimeFormat("en-US", { timeStyle: "short", timeZone: "America/Denver" }).format(when).replace(/\s/g, "\\s");
    await page.getByRole("button", { name: "Day", exact: true }).click();
    for (let i = 0; i < 30 && !(await page.getByText(dayTitle, { exact: true }).isVisible()); i++) {
      await page.getByRole("button", { name: "Next day" }).click();
    }
    await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
    await page.getByRole("button", { name: new RegExp(`^${time}.*Dashiell Okafor-Brandt`) }).click();
    const appt = page.getByRole("dialog");
    await appt.getByRole("button", { name: "Reschedule…" }).click();
    await expect(appt.getByRole("heading", { name: "Move this visit" })).toBeVisible();
    await appt.getByRole("radio", { name: /^\d{1,2}:\d{2} [AP]M$/ }).last().check();
    await appt.getByRole("button", { name: "Continue" }).click();
    const movedAt = new Date(Date.now() - 1000);
    await appt.getByRole("button", { name: "Move visit" }).click();
    await expect(appt.getByText("The patient will get an email with the new time.")).toBeVisible();
    await linkMailedTo(PATIENT_EMAIL, /\/appointments$/, { after: movedAt });
    await shots(page, "staff-moved");
    const [old] = await sql<{ status: string; cancel_reason: string }[]>`select status, cancel_reason from appointment where id = ${booked!.id}`;
    expect(old).toEqual({ status: "cancelled", cancel_reason: "Rescheduled" });

    // Cancel the moved visit with a reason.
    await appt.getByRole("button", { name: "Cancel…" }).click();
    await appt.getByLabel("Reason for cancelling").fill("Patient called the front desk: travelling that week");
    const cancelledAt = new Date(Date.now() - 1000);
    await appt.getByRole("button", { name: "Cancel appointment" }).click();
    await expect(appt.getByText("Cancelled")).toBeVisible();
    await linkMailedTo(PATIENT_EMAIL, /\/appointments$/, { after: cancelledAt });
    const actions = await sql<{ action: string; actor: string }[]>`
      select e.action, u.email as actor from audit_event e join "user" u on u.id = e.actor_user_id
      join patient p on p.id = e.patient_id where p.email = ${PATIENT_EMAIL} and e.occurred_at >= ${bookedAt}
      and e.action in ('appointment.book', 'appointment.reschedule', 'appointment.cancel') order by e.occurred_at`;
    expect(actions).toEqual([
      { action: "appointment.book", actor: "desk@clearwater.test" },
      { action: "appointment.reschedule", actor: "desk@clearwater.test" },
      { action: "appointment.cancel", actor: "desk@clearwater.test" },
    ]);
  } finally {
    await sql.end();
  }
  await ctx.close();
});

test("admins do not get the clinicians' Availability page; providers do", async ({ browser }) => {
  const admin = await staffPage(browser, "admin@clearwater.test");
  await expect(admin.page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Schedule" })).toBeVisible();
  await expect(admin.page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Availability" })).toHaveCount(0);
  await admin.page.goto(`${E2E_PROVIDER_URL}/availability`);
  await expect(admin.page.getByRole("heading", { name: "For providers who see patients" })).toBeVisible();
  await expect(admin.page.getByRole("link", { name: "Go to the schedule" })).toBeVisible();
  await admin.ctx.close();

  const provider = await staffPage(browser, "provider@clearwater.test");
  await provider.page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Availability" }).click();
  await expect(provider.page.getByRole("heading", { level: 1, name: "Availability" })).toBeVisible();
  await expect(provider.page.getByText("For providers who see patients")).toHaveCount(0);
  await provider.ctx.close();
});
