import { type Browser, type Page, expect } from "@playwright/test";

import { DEMO_PASSWORD, E2E_PATIENT_URL, E2E_PROVIDER_URL, completeSecondFactor } from "./env";

/** Elements that show one's own camera; everything else on a page is media from the other side. */
const LOCAL_VIDEO = ['[data-testid="device-preview"]', '[data-testid="local-video"]', '[data-testid="local-preview"]'];

/** The demo patient and provider of the seeded demo visit (packages/seed/src/demo-visit.ts). */
export const DEMO_PATIENT = "patient1@clearwater.test";
export const DEMO_PROVIDER = "provider@clearwater.test";
export const DEMO_PATIENT_NAME = "Quinn Arbogast";

export async function signIn(page: Page, base: string, email: string) {
  await page.goto(`${base}/sign-in`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  if (base === E2E_PROVIDER_URL) await completeSecondFactor(page, email);
}

export async function openPages(browser: Browser) {
  const patientCtx = await browser.newContext({ viewport: { width: 390, height: 844 }, timezoneId: "America/Denver" });
  const providerCtx = await browser.newContext({ viewport: { width: 1280, height: 900 }, timezoneId: "America/Denver" });
  const patient = await patientCtx.newPage();
  const provider = await providerCtx.newPage();
  return { patient, provider, close: async () => Promise.all([patientCtx.close(), providerCtx.close()]) };
}

/** Patient: appointments → Join video visit → device check → waiting room. */
export async function patientWaits(page: Page) {
  await signIn(page, E2E_PATIENT_URL, DEMO_PATIENT);
  await expect(page.getByRole("heading", { level: 1, name: /Hi, Quinn/ })).toBeVisible();
  await page.goto(`${E2E_PATIENT_URL}/appointments`);
  await page.getByRole("link", { name: "Join video visit" }).first().click();
  await expect(page.getByRole("heading", { name: "Check your camera and microphone" })).toBeVisible();
  await expect.poll(() => videoSize(page, '[data-testid="device-preview"]'), { timeout: 15_000 }).toBeGreaterThan(0);
  await page.getByRole("button", { name: "Enter waiting room" }).click();
  await expect(page.getByRole("heading", { name: "You're in the waiting room" })).toBeVisible({ timeout: 15_000 });
}

/** Provider: the "is waiting" signal → the visit page, at its camera and microphone check. */
export async function providerOpensVisit(page: Page) {
  await signIn(page, E2E_PROVIDER_URL, DEMO_PROVIDER);
  await expect(page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
  await expect(page.getByText(/is waiting/).first()).toBeVisible({ timeout: 15_000 });
  await page.getByRole("link", { name: "Open visit" }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: new RegExp(`Video visit with ${DEMO_PATIENT_NAME}`) })).toBeVisible();
}

/** Provider: from the visit page into the room, where the patient shows as waiting. */
export async function providerJoins(page: Page, opened = false) {
  if (!opened) await providerOpensVisit(page);
  await page.getByRole("button", { name: "Join video room" }).click();
  await expect(page.getByText(`${DEMO_PATIENT_NAME} is in the waiting room`)).toBeVisible({ timeout: 15_000 });
  // The provider publishes as soon as they are in: proof below that a waiting patient still receives nothing.
  await expect.poll(() => videoSize(page, '[data-testid="local-video"]'), { timeout: 15_000 }).toBeGreaterThan(0);
}

/** Width of the decoded video in the first element matching `selector` (0 when none or no frame yet). */
export function videoSize(page: Page, selector: string) {
  return page.evaluate((s) => {
    const v = document.querySelector<HTMLVideoElement>(s);
    return v ? v.videoWidth : 0;
  }, selector);
}

/** Media from the other side on this page: decoded remote video frames and remote audio elements. */
export function receivedMedia(page: Page) {
  return page.evaluate((local) => {
    const remoteVideos = [...document.querySelectorAll<HTMLVideoElement>("video")].filter((v) => !local.some((sel) => v.matches(sel)));
    return {
      videosWithFrames: remoteVideos.filter((v) => v.videoWidth > 0).length,
      audioElements: document.querySelectorAll("audio").length,
    };
  }, LOCAL_VIDEO);
}
