// Keyboard-only use of the intake, booking and video pages (issue 15, WCAG 2.1.1, 2.1.2, 2.4.3, 2.4.7).
// After sign-in (covered elsewhere) every step here is a key press: Tab, Shift+Tab, Space, Enter,
// arrows, Escape and typing; no clicks, fills or checks.
import { type A11yWatch, type Locator, type Page, expect, test } from "./fixtures";

import { E2E_PATIENT_URL, E2E_PROVIDER_URL, e2eDatabaseUrl } from "./env";
import { KEYBOARD_VISIT_PROVIDER, patientMidIntake, visitOpenNow } from "./keyboard-setup";
import { signIn, videoSize } from "./video";

test.describe.configure({ mode: "serial" });

/** What has focus, for messages: never <body> while a keyboard walk goes on. */
function focused(page: Page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return "<body>";
    return `${el.tagName.toLowerCase()} ${el.getAttribute("aria-label") ?? el.getAttribute("name") ?? ""} ${(el.textContent ?? "").trim().slice(0, 40)}`;
  });
}

/** Presses Tab (or Shift+Tab) until `target` has focus; focus must never fall to <body> on the way. */
async function tabTo(page: Page, target: Locator, { back = false, max = 60 } = {}) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(back ? "Shift+Tab" : "Tab");
    expect(await focused(page), "focus fell to <body> while tabbing").not.toBe("<body>");
    if (await target.evaluate((el) => el === document.activeElement, undefined, { timeout: 2_000 }).catch(() => false)) return;
  }
  throw new Error(`${String(target)} not reached in ${max} ${back ? "Shift+Tab" : "Tab"} presses (focus is on ${await focused(page)})`);
}

/**
 * The focused element shows a focus indicator: a drawn outline or a box-shadow ring on itself or,
 * for the native radios the tiles hide, on their label (the tile draws the ring).
 */
async function expectVisibleFocus(page: Page) {
  const result = await page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return "<body>";
    const transparent = (c: string) => c === "transparent" || /rgba\([^)]*,\s*0\)$/.test(c);
    const shows = (e: Element) => {
      const s = getComputedStyle(e);
      const outline = s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0 && !transparent(s.outlineColor);
      // Each layer of a box-shadow: a ring has a spread (or blur) and a colour that is not transparent.
      const layers = s.boxShadow === "none" ? [] : s.boxShadow.split(/,(?![^(]*\))/);
      const ring = layers.some((l) => {
        const colour = l.match(/rgba?\([^)]*\)/)?.[0] ?? "";
        const lengths = l.replace(/rgba?\([^)]*\)/, "").match(/-?[\d.]+px/g)?.map(parseFloat) ?? [];
        return !transparent(colour) && !l.includes("inset") && lengths.slice(2).some((n) => n > 0);
      });
      return outline || ring;
    };
    const label = el.closest("label");
    return shows(el) || (label !== null && shows(label)) ? "visible" : `no focus indicator on ${el.outerHTML.slice(0, 160)}`;
  });
  expect(result).toBe("visible");
}

/**
 * Lets the fixture's axe scan of a freshly opened page finish before the first key press. The
 * walk's first Tab shows the skip link (fixed, over the header's first link), and axe reads that
 * passing overlap as a target-size failure when its scan happens to run at that instant.
 */
async function settled(watch: A11yWatch, page: Page) {
  await watch.finish([page]);
}

const saveButton = (page: Page) => page.getByRole("button", { name: /Save & continue/ });

/** Saves the step by keyboard; the next step's heading takes focus. */
async function saveStep(page: Page, nextTitle: string) {
  await tabTo(page, saveButton(page));
  await expectVisibleFocus(page);
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1, name: nextTitle })).toBeFocused();
}

test("intake, then booking, by keyboard alone", async ({ browser, a11yWatch }) => {
  test.setTimeout(90_000);
  const who = await patientMidIntake(e2eDatabaseUrl());
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, timezoneId: "America/Denver" });
  const page = await ctx.newPage();
  await signIn(page, E2E_PATIENT_URL, who.email);
  await expect(page.getByRole("heading", { level: 1, name: /Hi, Ines/ })).toBeVisible();

  await page.goto(`${E2E_PATIENT_URL}/intake`);
  await expect(page.getByText("Step 1 of 9")).toBeVisible();
  await settled(a11yWatch, page);

  // About you: the date of birth typed into the date field's segments (month, day, year).
  const dob = page.getByLabel("Date of birth");
  await tabTo(page, dob);
  await expectVisibleFocus(page);
  await page.keyboard.type("07211987");
  await expect(dob).toHaveValue("1987-07-21");

  // Saved with the phone and address still empty: the message above the form, focus on the first empty field.
  await tabTo(page, saveButton(page));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("alert").filter({ hasText: "Please check the highlighted questions." })).toBeVisible();
  await expect(page.getByLabel("Mobile phone")).toBeFocused();
  await expectVisibleFocus(page);
  await page.keyboard.type("(555) 010-0199");
  await tabTo(page, page.getByLabel("Street address"));
  await page.keyboard.type("1 Example Way");
  await tabTo(page, page.getByLabel("City"));
  await page.keyboard.type("Springfield");
  await tabTo(page, page.getByLabel("ZIP code"));
  await page.keyboard.type("80000");
  // State of residence: a native select, chosen by typing its name.
  const state = page.getByLabel("State of residence");
  await tabTo(page, state);
  await expectVisibleFocus(page);
  await page.keyboard.type("Utah");
  await expect(state).toHaveValue("UT");
  // The searchable time zone: select the text, type a city, move into the list and choose.
  const zone = page.getByRole("combobox", { name: "Time zone" });
  await tabTo(page, zone);
  await expectVisibleFocus(page);
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.type("Chicago");
  await expect(zone).toHaveAttribute("aria-expanded", "true");
  await page.keyboard.press("ArrowDown");
  await expect(page.getByRole("option", { name: /Central Time \(Chicago\)/, selected: true })).toBeVisible();
  await page.keyboard.press("Enter");
  await expect(zone).toHaveValue("Central Time (Chicago)");
  await expect(zone).toHaveAttribute("aria-expanded", "false");
  await expect(page.getByText("Step 1 of 9")).toBeVisible();
  await saveStep(page, "Your contacts");

  // Contacts to mood were saved before (the setup): each is passed with Tab and Enter.
  for (const next of ["Health history", "Medications", "Treatment at home", "Mood questionnaire", "Anxiety questionnaire"]) await saveStep(page, next);

  // GAD-7: each question a native radio group; Tab enters a group, an arrow key moves and chooses.
  const radios = page.getByRole("radio");
  await tabTo(page, radios.first());
  await expectVisibleFocus(page);
  const groups = await page.evaluate(() => new Set([...document.querySelectorAll<HTMLInputElement>("input[type=radio]")].map((r) => r.name)).size);
  for (let g = 0; g < groups; g++) {
    if (g > 0) await page.keyboard.press("Tab");
    await page.keyboard.press("ArrowDown");
  }
  await expect(page.locator("input[type=radio]:checked")).toHaveCount(groups);
  await expect(page.getByRole("radio", { name: "Several days", checked: true })).toHaveCount(groups - 1);
  await saveStep(page, "Consents");

  // Consents: the agreements' scrolling text takes focus (to scroll by keyboard), the boxes tick with Space.
  for (const box of await page.getByRole("checkbox").all()) {
    await tabTo(page, box);
    await expectVisibleFocus(page);
    await page.keyboard.press("Space");
    await expect(box).toBeChecked();
  }
  await tabTo(page, page.getByLabel("Type your full name to sign"));
  await page.keyboard.type(who.name);
  await saveStep(page, "Review and submit");
  await expect(page.getByRole("region", { name: "About you" })).toContainText("July 21, 1987");
  await expect(page.getByRole("region", { name: "About you" })).toContainText("Central Time");

  const submit = page.getByRole("button", { name: "Submit intake" });
  await tabTo(page, submit);
  await expectVisibleFocus(page);
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1, name: /Thank you/ })).toBeFocused();

  // Booking, from the patient home: the next step's link, a day by arrow keys, a time, any provider.
  await page.goto(E2E_PATIENT_URL);
  await expect(page.getByRole("heading", { level: 1, name: /Hi, Ines/ })).toBeVisible();
  await settled(a11yWatch, page);
  await tabTo(page, page.getByRole("link", { name: /Book your evaluation/ }).first());
  await expectVisibleFocus(page);
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1, name: "Book a visit" })).toBeVisible();
  await expect(page.getByRole("radio", { name: /\d+ open times?$/, checked: true })).toHaveCount(1);

  const timesHeading = page.getByRole("heading", { name: /^Times on / });
  const firstDay = await timesHeading.textContent();
  await tabTo(page, page.getByRole("radio", { name: /\d+ open times?$/, checked: true }));
  await expectVisibleFocus(page);
  await page.keyboard.press("ArrowRight");
  await expect(timesHeading).not.toHaveText(firstDay ?? "");
  // The arrow moved focus and the choice together, to the next day with open times.
  await expect(page.getByRole("radio", { name: /\d+ open times?$/, checked: true })).toBeFocused();

  const firstTime = page.getByRole("radio", { name: /^\d{1,2}:\d{2}\s[AP]M$/ }).first();
  await tabTo(page, firstTime);
  await expectVisibleFocus(page);
  await page.keyboard.press("Space");
  await expect(firstTime).toBeChecked();
  await expect(page.getByText("Any available provider").last()).toBeVisible();
  // The provider picker (before the days) keeps "any available provider": Shift+Tab back to check it is reachable.
  const provider = page.getByLabel("Provider");
  if (await provider.count()) {
    await tabTo(page, provider, { back: true });
    await expectVisibleFocus(page);
    await expect(provider).toHaveValue("");
  }
  await tabTo(page, page.getByRole("button", { name: "Continue" }));
  await expectVisibleFocus(page);
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1 })).toBeFocused();
  const book = page.getByRole("button", { name: "Book", exact: true });
  await tabTo(page, book);
  await expectVisibleFocus(page);
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1, name: "You're booked" })).toBeFocused();

  await ctx.close();
});

test("video visit: the patient's device check and the provider's admit and end, by keyboard alone", async ({ browser, a11yWatch }) => {
  test.setTimeout(90_000);
  const visit = await visitOpenNow(e2eDatabaseUrl());
  const patientCtx = await browser.newContext({ viewport: { width: 390, height: 844 }, timezoneId: "America/Denver" });
  const providerCtx = await browser.newContext({ viewport: { width: 1280, height: 900 }, timezoneId: "America/Denver" });
  const patient = await patientCtx.newPage();
  const provider = await providerCtx.newPage();

  await signIn(patient, E2E_PATIENT_URL, visit.email);
  await expect(patient.getByRole("heading", { level: 1, name: /Hi, Ines/ })).toBeVisible();
  await patient.goto(`${E2E_PATIENT_URL}/visit/${visit.appointmentId}`);
  await expect(patient.getByRole("heading", { name: "Check your camera and microphone" })).toBeVisible();
  await expect.poll(() => videoSize(patient, '[data-testid="device-preview"]'), { timeout: 15_000 }).toBeGreaterThan(0);
  await settled(a11yWatch, patient);

  // Camera and microphone pickers are reachable and show focus.
  for (const picker of ["Camera", "Microphone"]) {
    await tabTo(patient, patient.getByRole("combobox", { name: picker }));
    await expectVisibleFocus(patient);
  }
  // The current state starts at the state of residence; Home takes it back to "Choose a state".
  const where = patient.getByLabel("Where are you right now?");
  await tabTo(patient, where);
  await expectVisibleFocus(patient);
  await expect(where).toHaveValue("CO");
  await patient.keyboard.press("Home");
  await expect(where).toHaveValue("");
  // Entering without it: the message, and focus back on the state picker.
  const enter = patient.getByRole("button", { name: "Enter waiting room" });
  await tabTo(patient, enter);
  await expectVisibleFocus(patient);
  await patient.keyboard.press("Enter");
  await expect(where).toBeFocused();
  await expect(patient.getByText("Choose the state you are in right now.")).toBeVisible();
  await expectVisibleFocus(patient);
  await patient.keyboard.type("Colorado");
  await expect(where).toHaveValue("CO");
  await tabTo(patient, enter);
  await patient.keyboard.press("Enter");
  await expect(patient.getByRole("heading", { name: "You're in the waiting room" })).toBeVisible({ timeout: 15_000 });

  // The provider joins, admits and ends the visit from the keyboard.
  await signIn(provider, E2E_PROVIDER_URL, KEYBOARD_VISIT_PROVIDER);
  await provider.goto(`${E2E_PROVIDER_URL}/visits/${visit.appointmentId}`);
  await expect(provider.getByRole("heading", { level: 1, name: `Video visit with ${visit.name}` })).toBeVisible();
  await settled(a11yWatch, provider);
  await tabTo(provider, provider.getByRole("button", { name: "Join video room" }));
  await expectVisibleFocus(provider);
  await provider.keyboard.press("Enter");
  await expect(provider.getByText(`${visit.name} is in the waiting room`)).toBeVisible({ timeout: 15_000 });
  const admit = provider.getByRole("button", { name: "Admit" });
  await tabTo(provider, admit);
  await expectVisibleFocus(provider);
  await provider.keyboard.press("Enter");
  await expect.poll(() => videoSize(provider, '[data-testid="remote-video"]'), { timeout: 20_000 }).toBeGreaterThan(0);
  await expect.poll(() => videoSize(patient, '[data-testid="remote-video"]'), { timeout: 20_000 }).toBeGreaterThan(0);
  // The Admit button is gone with the waiting screen: focus lands on the button that replaced it.
  await expect(provider.getByRole("button", { name: "Back to waiting" })).toBeFocused();
  await expectVisibleFocus(provider);

  const endVisit = provider.getByRole("button", { name: "End visit" });
  await tabTo(provider, endVisit);
  await expectVisibleFocus(provider);
  await provider.keyboard.press("Enter");
  const dialog = provider.getByRole("dialog");
  await expect(dialog).toBeVisible();
  // Focus is in the dialog and stays there, forwards and backwards.
  for (const key of ["Tab", "Shift+Tab"]) {
    for (let i = 0; i < 6; i++) {
      await provider.keyboard.press(key);
      expect(await dialog.evaluate((d) => d.contains(document.activeElement)), `${key} ${i + 1} left the dialog`).toBe(true);
    }
  }
  await expectVisibleFocus(provider);
  // Escape closes it, and focus returns to the button that opened it.
  await provider.keyboard.press("Escape");
  await expect(dialog).toHaveCount(0);
  await expect(endVisit).toBeFocused();
  await provider.keyboard.press("Enter");
  await expect(dialog).toBeVisible();
  await tabTo(provider, dialog.getByRole("button", { name: "End visit" }));
  await expectVisibleFocus(provider);
  await provider.keyboard.press("Enter");
  await expect(patient.getByRole("heading", { name: "The visit has ended" })).toBeVisible({ timeout: 15_000 });
  // The button that ended it is gone: focus is on the next step, whose Enter goes on to the note.
  const ended = provider.getByTestId("visit-ended");
  await expect(ended.getByText("Visit ended")).toBeVisible({ timeout: 15_000 });
  await expect(ended.getByRole("button", { name: /^(Finish the note|Write the note|View the signed note)$/ })).toBeFocused();
  await expectVisibleFocus(provider);
  await provider.keyboard.press("Enter");
  await expect(provider.locator("#visit-note")).toBeFocused();

  await patientCtx.close();
  await providerCtx.close();
});
