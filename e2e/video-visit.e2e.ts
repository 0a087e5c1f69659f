import { expect, test } from "./fixtures";

import { DEMO_PATIENT_NAME, openPages, patientWaits, providerJoins, receivedMedia, videoSize } from "./video";

// Two Chromium contexts on fake cameras, a real LiveKit server and the built apps; the seeded demo
// visit starts within minutes (packages/seed/src/demo-visit.ts).
test("a waiting patient receives no media; once admitted, each side receives the other's video", async ({ browser }) => {
  test.setTimeout(120_000);
  const { patient, provider, close } = await openPages(browser);

  await patientWaits(patient);
  await expect(patient.getByText(/Your provider will let you in shortly/)).toBeVisible();
  await providerJoins(provider);

  // The provider is publishing camera and microphone into the room; the waiting patient holds no
  // subscribe grant, so nothing arrives: no decoded remote video, no remote audio element.
  await patient.waitForTimeout(3_000);
  expect(await receivedMedia(patient)).toEqual({ videosWithFrames: 0, audioElements: 0 });
  await expect(patient.getByTestId("remote-video")).toHaveCount(0);

  await provider.getByRole("button", { name: "Admit" }).click();

  // Real frames, not buttons: the decoded video of the other side has a size on both pages.
  await expect.poll(() => videoSize(provider, '[data-testid="remote-video"]'), { timeout: 20_000 }).toBeGreaterThan(0);
  await expect.poll(() => videoSize(patient, '[data-testid="remote-video"]'), { timeout: 20_000 }).toBeGreaterThan(0);
  expect((await receivedMedia(patient)).audioElements).toBeGreaterThan(0);
  // The call controls act on the call: the patient mutes, the provider sees it.
  await patient.getByRole("button", { name: "Mute microphone" }).click();
  await expect(provider.getByLabel("Microphone off")).toBeVisible({ timeout: 10_000 });
  await expect(provider.getByText("In call").first()).toBeVisible({ timeout: 10_000 });

  // Beside the video: the chart summary and the visit's evaluation note (evaluation-note.e2e.ts,
  // which runs first on this same demo visit, writes and signs it).
  await expect(provider.getByRole("heading", { name: "Chart summary" })).toBeVisible();
  await expect(provider.getByRole("heading", { name: /^Evaluation note/ })).toBeVisible();

  // Back to waiting takes the patient's media away again.
  await provider.getByRole("button", { name: "Back to waiting" }).click();
  await expect(patient.getByRole("heading", { name: "You're in the waiting room" })).toBeVisible({ timeout: 15_000 });
  await expect(provider.getByText(`${DEMO_PATIENT_NAME} is in the waiting room`)).toBeVisible({ timeout: 15_000 });
  await expect.poll(async () => (await receivedMedia(patient)).videosWithFrames, { timeout: 15_000 }).toBe(0);

  // Admit again, then end the visit for everyone.
  await provider.getByRole("button", { name: "Admit" }).click();
  await expect.poll(() => videoSize(patient, '[data-testid="remote-video"]'), { timeout: 20_000 }).toBeGreaterThan(0);
  await provider.getByRole("button", { name: "End visit" }).click();
  await provider.getByRole("dialog").getByRole("button", { name: "End visit" }).click();
  await expect(patient.getByRole("heading", { name: "The visit has ended" })).toBeVisible({ timeout: 15_000 });
  await expect(provider.getByText("Visit ended").first()).toBeVisible({ timeout: 15_000 });

  await close();
});
