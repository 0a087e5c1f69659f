import { expect, test } from "./fixtures";

import { E2E_PATIENT_URL, E2E_PROVIDER_URL } from "./env";
import { linkMailedTo } from "./mail";
import { signIn } from "./video";

// Invitation links reach only the invitee's inbox (issue 10 finding 8): the inviter sees where it
// went and can resend, which retires the earlier link.
test("staff invite a patient, see only 'Invitation sent', resend; only the newest link works", async ({ browser }) => {
  const stamp = Date.now().toString(36);
  const email = `invitee-${stamp}@example.test`;
  const staffCtx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const staff = await staffCtx.newPage();
  await signIn(staff, E2E_PROVIDER_URL, "admin@clearwater.test");
  await staff.goto(`${E2E_PROVIDER_URL}/patients`);
  await staff.getByRole("button", { name: "Invite patient" }).first().click();
  const dialog = staff.getByRole("dialog");
  await dialog.getByLabel("Given name").fill("Iris");
  await dialog.getByLabel("Family name").fill(`Invitee${stamp}`);
  await dialog.getByLabel("Email").fill(email);
  await dialog.getByLabel("Date of birth").fill("1988-03-04");
  await dialog.getByLabel("State of residence").selectOption("CO");
  const sent = new Date(Date.now() - 1000);
  await dialog.getByRole("button", { name: "Send invitation" }).click();
  await expect(dialog.getByText(`Invitation sent to ${email}`)).toBeVisible();
  // No link anywhere on the inviter's screen.
  await expect(dialog.getByText(/\/invite\//)).toHaveCount(0);
  const first = await linkMailedTo(email, /\/invite\//, { after: sent });

  const resent = new Date();
  await dialog.getByRole("button", { name: "Resend" }).click();
  await expect(dialog.getByText("Sent again. The earlier link no longer works.")).toBeVisible();
  const second = await linkMailedTo(email, /\/invite\//, { after: resent });
  expect(second).not.toBe(first);
  await staffCtx.close();

  const patientCtx = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const patient = await patientCtx.newPage();
  await patient.goto(first);
  await expect(patient.getByRole("heading", { name: "This invitation isn't working" })).toBeVisible();
  await patient.goto(second);
  await patient.getByLabel("Choose a password").fill("Invitee-password-2026");
  await patient.getByLabel("Confirm password").fill("Invitee-password-2026");
  await patient.getByRole("button", { name: "Accept and continue" }).click();
  await expect(patient.getByRole("heading", { level: 1, name: /Hi, Iris/ })).toBeVisible();
  expect(second.startsWith(E2E_PATIENT_URL)).toBe(true);
  await patientCtx.close();
});
