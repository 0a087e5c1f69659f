import type { Locator, Page } from "@playwright/test";

import { expect, test } from "./fixtures";
import { shotsIn } from "./shots";
import { DEMO_PATIENT_NAME, openPages, patientWaits, providerJoins, providerOpensVisit, receivedMedia, videoSize } from "./video";

/** Full-page screenshots at 390 and 1280 px when VIDEO_SHOTS_DIR is set (issue 15 item 8). */
const SHOTS = process.env.VIDEO_SHOTS_DIR;
const shots = shotsIn(SHOTS, { settleMs: 400 });

/** Whether a select's chosen option's text fits inside it (text width against the box less padding and arrow). */
const micNameFits = (select: Locator) =>
  select.evaluate((s: HTMLSelectElement) => {
    const ctx = document.createElement("canvas").getContext("2d")!;
    const cs = getComputedStyle(s);
    ctx.font = `${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
    const ARROW = 20;
    const room = s.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight) - ARROW;
    return ctx.measureText(s.selectedOptions[0]?.text ?? "").width <= room;
  });

const background = (page: Page, name: string) => page.getByRole("button", { name, exact: true }).evaluate((b) => getComputedStyle(b).backgroundColor);

// Two Chromium contexts on fake cameras, a real LiveKit server and the built apps; the seeded demo
// visit starts within minutes (packages/seed/src/demo-visit.ts).
test("a waiting patient receives no media; once admitted, each side receives the other's video", async ({ browser }) => {
  test.setTimeout(150_000);
  const { patient, provider, close } = await openPages(browser);

  await patientWaits(patient);
  await expect(patient.getByText(/Your provider will let you in shortly/)).toBeVisible();
  // The waiting room previews the camera the device check opened (it is not opened again).
  await expect.poll(() => videoSize(patient, '[data-testid="local-preview"]'), { timeout: 15_000 }).toBeGreaterThan(0);
  await shots(patient, "patient-waiting-room");

  // The provider's check speaks to the provider, not in the patient's words.
  await providerOpensVisit(provider);
  await expect(provider.getByText("Only you see this preview. The patient sees and hears you once you admit them.")).toBeVisible();
  await expect(provider.getByText(/until the provider lets you in/)).toHaveCount(0);
  await expect.poll(() => videoSize(provider, '[data-testid="device-preview"]'), { timeout: 15_000 }).toBeGreaterThan(0);
  await shots(provider, "provider-pre-join");
  await providerJoins(provider, true);

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

  // The patient's tile shows a measured connection, not "checking" for the whole call.
  const remoteTile = provider.locator("figure", { has: provider.getByTestId("remote-video") });
  await expect(remoteTile.getByTestId("connection-quality")).toHaveText(/Connection (excellent|good|poor)/, { timeout: 15_000 });
  // Ending the visit is the red primary action; leaving the room is secondary (white).
  const white = "rgb(255, 255, 255)";
  expect(await background(provider, "Leave room")).toBe(white);
  expect(await background(provider, "End visit")).not.toBe(white);
  // The chosen microphone's whole name fits its picker, on a phone and on a desktop.
  const mic = provider.getByRole("combobox", { name: "Microphone" });
  await expect(mic).toHaveCount(1);
  for (const width of [390, 1280]) {
    await provider.setViewportSize({ width, height: 900 });
    expect(await micNameFits(mic), `microphone name cut at ${width} px`).toBe(true);
  }

  // Beside the video: the chart summary and the visit's evaluation note (evaluation-note.e2e.ts,
  // which runs first on this same demo visit, writes and signs it).
  await expect(provider.getByRole("heading", { name: "Chart summary" })).toBeVisible();
  await expect(provider.getByRole("heading", { name: /^Evaluation note/ })).toBeVisible();
  await shots(provider, "provider-in-call");
  await shots(patient, "patient-in-call");

  // Back to waiting takes the patient's media away again.
  await provider.getByRole("button", { name: "Back to waiting" }).click();
  await expect(patient.getByRole("heading", { name: "You're in the waiting room" })).toBeVisible({ timeout: 15_000 });
  await expect(provider.getByText(`${DEMO_PATIENT_NAME} is in the waiting room`)).toBeVisible({ timeout: 15_000 });
  await expect.poll(async () => (await receivedMedia(patient)).videosWithFrames, { timeout: 15_000 }).toBe(0);
  // Still the same camera in the preview: sent back, the patient's camera is unpublished, not closed.
  await expect.poll(() => videoSize(patient, '[data-testid="local-preview"]'), { timeout: 15_000 }).toBeGreaterThan(0);

  // Admit again, then end the visit for everyone.
  await provider.getByRole("button", { name: "Admit" }).click();
  await expect.poll(() => videoSize(patient, '[data-testid="remote-video"]'), { timeout: 20_000 }).toBeGreaterThan(0);
  await expect.poll(() => videoSize(provider, '[data-testid="remote-video"]'), { timeout: 20_000 }).toBeGreaterThan(0);
  const endColour = await background(provider, "End visit");
  await provider.getByRole("button", { name: "End visit" }).click();
  const confirm = provider.getByRole("dialog");
  // The toolbar's End visit wears the same destructive colour as the dialog's.
  expect(await confirm.getByRole("button", { name: "End visit" }).evaluate((b) => getComputedStyle(b).backgroundColor)).toBe(endColour);
  await confirm.getByRole("button", { name: "End visit" }).click();
  await expect(patient.getByRole("heading", { name: "The visit has ended" })).toBeVisible({ timeout: 15_000 });

  // Only the ended state and the next step: no way back into a closed room.
  const ended = provider.getByTestId("visit-ended");
  await expect(ended.getByText("Visit ended")).toBeVisible({ timeout: 15_000 });
  await expect(provider.getByText("Join the video room")).toHaveCount(0);
  await expect(provider.getByRole("button", { name: /Join video room|Rejoin video room/ })).toHaveCount(0);
  const next = ended.getByRole("button", { name: /^(Finish the note|Write the note|View the signed note)$/ });
  await expect(next).toBeVisible({ timeout: 10_000 });
  await shots(provider, "provider-ended");
  await next.click();
  await expect(provider.locator("#visit-note")).toBeFocused();

  await close();
});
