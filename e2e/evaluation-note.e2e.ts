import { type Page, expect, test } from "./fixtures";

import { DEMO_PASSWORD, E2E_PATIENT_URL, E2E_PROVIDER_URL } from "./env";
import { DEMO_PATIENT, DEMO_PATIENT_NAME, DEMO_PROVIDER, signIn } from "./video";

/** Each intake screening flag on the page resolved as refuted (the demo patient may have none). */
async function refuteEveryFlag(page: Page) {
  for (const refute of await page.getByRole("radio", { name: "Refute", exact: true }).all()) await refute.check();
}

async function addReading(page: Page, systolic: string, diastolic: string) {
  await page.getByLabel("Systolic (mmHg)").fill(systolic);
  await page.getByLabel("Diastolic (mmHg)").fill(diastolic);
  await page.getByRole("button", { name: "Add reading" }).click();
}

// The seeded demo evaluation (packages/seed/src/demo-visit.ts): the note beside the video is filled
// in, refused while incomplete and with a wrong password, signed after re-auth (DOMAIN.md §9), and
// the chart shows it with its signer, hash and a signed addendum. No camera is needed for the note.
test("the provider writes the structured evaluation note, signs it after re-entering the password, adds an addendum, decides eligibility, and the patient sees the decision", async ({ browser }) => {
  test.setTimeout(180_000);
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, timezoneId: "America/Denver" });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on("pageerror", (e) => pageErrors.push(e.message));

  await signIn(page, E2E_PROVIDER_URL, DEMO_PROVIDER);
  await expect(page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
  await page.getByRole("link", { name: `Open video visit with ${DEMO_PATIENT_NAME}` }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: new RegExp(`Video visit with ${DEMO_PATIENT_NAME}`) })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Chart summary" })).toBeVisible();

  await page.getByRole("button", { name: "Open draft note" }).click();
  await expect(page.getByRole("heading", { name: "Evaluation note (draft)" })).toBeVisible();

  // Asked to sign an empty note, the page names what is missing instead of asking for a password.
  await page.getByRole("button", { name: "Sign note" }).click();
  await expect(page.getByText("Before you can sign")).toBeVisible();
  await expect(page.getByText("Vitals: record two blood pressure readings, or why they were not taken.")).toBeVisible();
  await expect(page.getByRole("dialog")).toHaveCount(0);

  await refuteEveryFlag(page);
  await page.getByLabel("Mood", { exact: true }).fill("Low most days");
  await page.getByLabel("Affect", { exact: true }).fill("Constricted, congruent");
  await page.getByLabel("Thought content", { exact: true }).fill("No suicidal ideation, no delusions");

  // E06: one reading is not enough; an impossible one is refused naming the field.
  await addReading(page, "80", "90");
  await expect(page.getByText("Diastolic must be lower than systolic.")).toBeVisible();
  await addReading(page, "128", "82");
  await expect(page.getByText("1 of 2 readings")).toBeVisible();
  await addReading(page, "124", "80");
  await expect(page.getByText("2 readings", { exact: true })).toBeVisible();
  await expect(page.getByText("Reading 2: 124/80 mmHg")).toBeVisible();

  await page.getByRole("group", { name: "Suicide risk", exact: true }).getByRole("radio", { name: "Low" }).check();
  await page.getByRole("group", { name: /suicide plan or intent/ }).getByRole("radio", { name: "No" }).check();
  await page.getByRole("group", { name: "Misuse risk", exact: true }).getByRole("radio", { name: "Low" }).check();
  await page.getByRole("group", { name: /adult support person/ }).getByRole("radio", { name: "Yes, confirmed" }).check();
  await expect(page.getByLabel("Support person's name")).toHaveValue(/\S/);
  await page.getByLabel("Subjective", { exact: true }).fill("Two years of depression despite sertraline; wants to try at-home treatment.");
  await page.getByLabel("Assessment", { exact: true }).fill("Treatment-resistant depression; suitable for at-home treatment.");
  await page.getByLabel("Plan", { exact: true }).fill("Eligible at home; first session with the support person present.");
  await expect(page.getByText("Everything needed to sign is filled in.")).toBeVisible();
  await expect(page.getByText(/Saved at/)).toBeVisible({ timeout: 15_000 });

  // Re-auth before signing: a wrong password is refused in plain words, the right one signs.
  await page.getByRole("button", { name: "Sign note" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByText("A signed note can't be changed or deleted.", { exact: false })).toBeVisible();
  await dialog.getByLabel("Password", { exact: true }).fill("not-the-password");
  await dialog.getByRole("button", { name: "Sign note" }).click();
  await expect(dialog.getByText("That password is not right.")).toBeVisible();
  await dialog.getByLabel("Password", { exact: true }).fill(DEMO_PASSWORD);
  await dialog.getByRole("button", { name: "Sign note" }).click();
  await expect(page.getByText("Note signed.")).toBeVisible();
  await expect(page.getByRole("dialog")).toHaveCount(0);
  await expect(page.getByText("Signed by")).toBeVisible();
  await expect(page.getByRole("button", { name: "Copy hash" })).toBeVisible();
  await expect(page.getByText("128/82 mmHg", { exact: false })).toBeVisible();
  await expect(page.getByRole("button", { name: "Sign note" })).toHaveCount(0);

  // The chart lists the signed note; its author adds a signed addendum, again after re-auth.
  const chartHref = await page.getByRole("link", { name: /Full chart/ }).getAttribute("href");
  await page.goto(`${E2E_PROVIDER_URL}${chartHref}`);
  await expect(page.getByRole("heading", { name: "Notes", exact: true })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Evaluation note", exact: true })).toBeVisible();
  await page.getByRole("button", { name: /^View note/ }).first().click();
  await expect(page.getByRole("dialog").getByText("Low most days", { exact: true })).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog")).toHaveCount(0);

  await page.getByRole("button", { name: /^Add addendum/ }).first().click();
  const addendum = page.getByRole("dialog");
  await addendum.getByLabel("Addendum", { exact: true }).fill("Called after the visit: the support person is her spouse.");
  await addendum.getByLabel("Password", { exact: true }).fill(DEMO_PASSWORD);
  await addendum.getByRole("button", { name: "Sign addendum" }).click();
  await expect(page.getByText("Addendum signed and added to the note.")).toBeVisible();
  await expect(page.getByText("Called after the visit: the support person is her spouse.")).toBeVisible();
  await expect(page.getByText("1 addendum")).toBeVisible();

  // The eligibility decision from the signed note: the rules propose, the clinician decides.
  await page.getByRole("button", { name: "Decide eligibility" }).click();
  await page.getByLabel("The patient has a working home blood-pressure cuff (E17)").check();
  await expect(page.getByText("The rules propose:")).toContainText("Eligible at home");
  for (const warning of await page.getByRole("group", { name: "Warnings to acknowledge" }).getByRole("checkbox").all()) await warning.check();
  await page.getByRole("group", { name: /Your decision/ }).getByRole("radio", { name: "Eligible at home" }).check();
  await page.getByRole("button", { name: "Record decision" }).click();
  // "Decide again" shows only once a decision is recorded and the form has closed.
  await expect(page.getByRole("button", { name: "Decide again" })).toBeVisible();
  await expect(page.getByText("Valid until", { exact: false })).toBeVisible();
  expect(pageErrors).toEqual([]);
  await context.close();

  // The patient sees the decision in plain words, never the note.
  const patientContext = await browser.newContext({ viewport: { width: 390, height: 844 }, timezoneId: "America/Denver" });
  const patient = await patientContext.newPage();
  await signIn(patient, E2E_PATIENT_URL, DEMO_PATIENT);
  await expect(patient.getByRole("heading", { name: "You can have ketamine treatment at home" })).toBeVisible();
  await expect(patient.getByText("What happens next")).toBeVisible();
  await expect(patient.getByText("Low most days")).toHaveCount(0);
  await patientContext.close();
});
