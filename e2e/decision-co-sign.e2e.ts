import { expect, test } from "./fixtures";

import { CO_SIGNER, DECIDER, PATIENT, coSignScenario } from "./decision-co-sign-setup";
import { DEMO_PASSWORD, E2E_PATIENT_URL, E2E_PROVIDER_URL, e2eDatabaseUrl } from "./env";
import { signIn } from "./video";

const JUSTIFICATION = "Agitation in 2019 followed a fast IV infusion; sublingual low dose, first session supervised by video with her sister present.";

// Issue 11 §3: the clinic requires a co-signature on overrides; the prescriber overrides E22 naming a
// second prescriber of the care team; the patient hears it is still being decided; the co-signer finds
// it on the dashboard, is refused with a wrong password, co-signs with the right one, and the
// decision takes effect for the patient.
test("an override waits for the named prescriber's co-signature, then takes effect", async ({ browser }) => {
  test.setTimeout(180_000);
  const scenario = await coSignScenario(e2eDatabaseUrl());
  try {
    const pageErrors: string[] = [];
    const open = async (email: string, base = E2E_PROVIDER_URL, width = 1280) => {
      const context = await browser.newContext({ viewport: { width, height: 900 }, timezoneId: "America/Denver" });
      const page = await context.newPage();
      page.on("pageerror", (e) => pageErrors.push(e.message));
      await signIn(page, base, email);
      return { page, close: () => context.close() };
    };

    // The admin turns the clinic's co-signature requirement on.
    const admin = await open("admin@clearwater.test");
    await admin.page.goto(`${E2E_PROVIDER_URL}/admin/clinic`);
    const coSignSwitch = admin.page.getByRole("switch", { name: "Require a co-signature on overrides" });
    await expect(coSignSwitch).not.toBeChecked();
    await coSignSwitch.click();
    await expect(admin.page.getByText("Overrides now need a second prescriber's co-signature")).toBeVisible();
    await expect(coSignSwitch).toBeChecked();
    await admin.close();

    // The prescriber decides at home, overriding E22 and naming the co-signer.
    const decider = await open(DECIDER);
    await decider.page.goto(`${E2E_PROVIDER_URL}/patients/${scenario.patientId}/chart`);
    await decider.page.getByRole("button", { name: "Decide eligibility" }).click();
    await decider.page.getByLabel("The patient has a working home blood-pressure cuff (E17)").check();
    await expect(decider.page.getByText("The rules propose:")).toContainText("at home only with a prescriber's override");
    await decider.page.getByRole("group", { name: /Your decision/ }).getByRole("radio", { name: "Eligible at home" }).check();
    const override = decider.page.getByRole("group", { name: "Override E22" });
    await override.getByLabel("Reason").selectOption({ label: "Risk mitigation plan in place" });
    await override.getByLabel("Justification").fill(JUSTIFICATION);
    // Recording without a co-signer names the missing field instead.
    await decider.page.getByRole("button", { name: "Record decision" }).click();
    await expect(decider.page.getByText("Choose the prescriber who will co-sign the override.")).toBeVisible();
    await decider.page.getByLabel("Co-signing prescriber").selectOption({ label: scenario.coSignerName });
    await decider.page.getByRole("button", { name: "Record decision" }).click();
    await expect(decider.page.getByText(`Waiting for ${scenario.coSignerName} to co-sign`)).toBeVisible();
    await expect(decider.page.getByText("Awaiting co-signature · not in effect")).toBeVisible();
    await decider.close();

    // The patient sees it is still being decided, not the outcome.
    const patient = await open(PATIENT, E2E_PATIENT_URL, 390);
    await expect(patient.page.getByRole("heading", { name: "Your clinician is still finishing your decision" })).toBeVisible();
    await expect(patient.page.getByRole("heading", { name: "You can have ketamine treatment at home" })).toHaveCount(0);
    await patient.close();

    // The co-signer finds it on the dashboard, reviews the override and co-signs after re-auth.
    const coSigner = await open(CO_SIGNER);
    await expect(coSigner.page.getByRole("heading", { name: "Awaiting your co-signature" })).toBeVisible();
    await coSigner.page.getByRole("link", { name: `Review and co-sign the eligibility decision for ${scenario.patientName}` }).click();
    await expect(coSigner.page.getByText("Your co-signature is needed")).toBeVisible();
    await expect(coSigner.page.getByText(JUSTIFICATION)).toBeVisible();
    await coSigner.page.getByRole("button", { name: "Co-sign", exact: true }).click();
    const dialog = coSigner.page.getByRole("dialog");
    await dialog.getByLabel("Password", { exact: true }).fill("not-the-password");
    await dialog.getByRole("button", { name: "Co-sign" }).click();
    await expect(dialog.getByText("That password is not right.")).toBeVisible();
    await dialog.getByLabel("Password", { exact: true }).fill(DEMO_PASSWORD);
    await dialog.getByRole("button", { name: "Co-sign" }).click();
    await expect(coSigner.page.getByRole("dialog")).toHaveCount(0);
    await expect(coSigner.page.getByText(`Co-signed by ${scenario.coSignerName}`)).toBeVisible();
    await expect(coSigner.page.getByText("Current", { exact: true })).toBeVisible();
    await coSigner.page.goto(`${E2E_PROVIDER_URL}/dashboard`);
    await expect(coSigner.page.getByText("Nothing is waiting for your co-signature.")).toBeVisible();
    await coSigner.close();

    // In effect now: the patient reads the decision in plain words.
    const after = await open(PATIENT, E2E_PATIENT_URL, 390);
    await expect(after.page.getByRole("heading", { name: "You can have ketamine treatment at home" })).toBeVisible();
    await after.close();
    expect(pageErrors).toEqual([]);
  } finally {
    await scenario.undo();
  }
});
