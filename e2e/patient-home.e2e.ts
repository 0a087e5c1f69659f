// Issue 15 "The patient app needs a home": the next-step card and the main navigation, by keyboard
// alone at 390 and 1280 px (every nav item reached with Tab, opened with Enter, marked current, focus
// always visible, no trap). axe-core runs on every page through ./fixtures.

import { type Page, expect, test } from "./fixtures";
import { shotsIn } from "./shots";

import { DEMO_PASSWORD, E2E_PATIENT_URL } from "./env";

const SHOTS = process.env.A11Y_SHOTS_DIR;

async function signIn(page: Page, email: string) {
  await page.goto(`${E2E_PATIENT_URL}/sign-in`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { level: 1, name: /^Hi, / })).toBeVisible();
}

interface Focused {
  text: string;
  href: string | null;
  inMainNav: boolean;
  current: string | null;
  /** The element shows a focus indicator: an outline or a ring (box-shadow) while :focus-visible. */
  visible: boolean;
}

async function focused(page: Page): Promise<Focused | null> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return null;
    // The indicator may be drawn by the control or by its label (has-[:focus-visible] on a card).
    const shows = (node: Element | null) => {
      if (!node) return false;
      const style = getComputedStyle(node);
      return (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0) || (style.boxShadow !== "none" && style.boxShadow !== "");
    };
    return {
      // innerText leaves out what is not displayed (the tab bar's short or long label).
      text: (el.getAttribute("aria-label") ?? el.innerText ?? "").replace(/\s+/g, " ").trim(),
      href: el.getAttribute("href"),
      inMainNav: !!el.closest('nav[aria-label="Main"]'),
      current: el.getAttribute("aria-current"),
      visible: el.matches(":focus-visible") && (shows(el) || shows(el.closest("label"))),
    };
  });
}

/** Tabs from the top of the page until `stop` holds; every stop on the way must show its focus. */
async function tabUntil(page: Page, stop: (f: Focused) => boolean, max = 80): Promise<Focused[]> {
  // Focus the body itself, so the next Tab starts from the top of the page (a blur alone keeps
  // Chromium's sequential-navigation starting point where focus was).
  await page.evaluate(() => {
    document.body.tabIndex = -1;
    document.body.focus();
    document.body.removeAttribute("tabindex");
  });
  const trail: Focused[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    const f = await focused(page);
    if (!f) continue;
    trail.push(f);
    expect(f.visible, `focus is visible on "${f.text}" (${f.href ?? "no href"})`).toBe(true);
    if (stop(f)) return trail;
  }
  throw new Error(`not reached in ${max} tabs; trail: ${trail.map((f) => f.text).join(" > ")}`);
}

const shots = shotsIn(SHOTS);

const NAV = [
  { name: "Home", url: /\/$/, heading: /^Hi, / },
  { name: /^(Visits|Appointments)$/, url: /\/appointments$/, heading: /appointments/i },
  { name: /^(Treatment|My treatment)$/, url: /\/regimen$/, heading: /treatment/i },
  { name: "Check-ins", url: /\/check-ins$/, heading: /check-ins/i },
  { name: "Profile", url: /\/profile$/, heading: "Your profile" },
];

for (const width of [390, 1280]) {
  test(`keyboard alone reaches and opens every item of the patient navigation at ${width} px`, async ({ page }) => {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    // Ottilie (home regimen): her navigation has all five items, "My treatment" included.
    await signIn(page, "patient5@clearwater.test");
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav.getByRole("link")).toHaveCount(5);
    await expect(nav.getByRole("link", { name: "Home" })).toHaveAttribute("aria-current", "page");
    await expect(page.getByRole("heading", { level: 2, name: /./ }).first()).toBeVisible();
    await expect(page.getByText("Your next step")).toBeVisible();

    // The first Tab offers the skip link; the nav comes before the page's own content.
    const first = await tabUntil(page, () => true);
    expect(first[0]?.text).toBe("Skip to main content");

    for (const item of NAV) {
      const matchName = (t: string) => (typeof item.name === "string" ? t === item.name : item.name.test(t));
      const trail = await tabUntil(page, (f) => f.inMainNav && matchName(f.text));
      // Nothing traps focus on the way: each stop is a different element until the nav item.
      expect(trail.length).toBeGreaterThan(0);
      await page.keyboard.press("Enter");
      await expect(page).toHaveURL(item.url);
      await expect(page.getByRole("heading", { level: 1, name: item.heading })).toBeVisible();
      const link = nav.getByRole("link", { name: item.name });
      await expect(link).toHaveAttribute("aria-current", "page");
      await expect(nav.locator('[aria-current="page"]')).toHaveCount(1);
    }

    // The account menu opens from the keyboard, is named by its visible text, and Escape closes it.
    await page.goto(`${E2E_PATIENT_URL}/`);
    await expect(page.getByRole("heading", { level: 1, name: /^Hi, / })).toBeVisible();
    const trigger = page.getByRole("button", { name: /Account menu/ });
    if (width >= 640) await expect(trigger).toHaveAccessibleName("Ottilie Marchetti Account menu");
    await tabUntil(page, (f) => /Account menu/.test(f.text));
    await page.keyboard.press("Enter");
    await expect(page.getByRole("menuitem", { name: "Your profile" })).toBeFocused();
    await page.keyboard.press("Escape");
    await expect(trigger).toBeFocused();
  });
}

test("the phone's tab bar stays clear of the page and leaves one-task pages to themselves", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, "patient5@clearwater.test");
  const nav = page.getByRole("navigation", { name: "Main" });
  // Fixed at the bottom of the screen on a phone.
  const box = (await nav.boundingBox())!;
  expect(Math.round(box.y + box.height)).toBe(844);
  // The last thing on the page (the crisis lines) can be scrolled above the bar.
  await page.getByRole("link", { name: "Call 911" }).last().scrollIntoViewIfNeeded();
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  const last = (await page.getByRole("heading", { name: "Need help now?" }).locator("xpath=ancestor::*[contains(@class,'rounded-card')][1]").boundingBox())!;
  expect(last.y + last.height).toBeLessThanOrEqual(box.y + 1);
  // No page is wider than the phone.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await shots(page, "home-regimen-patient");

  // A one-task page (the check-in list is not one; booking is) hides the bar on the phone only.
  await page.goto(`${E2E_PATIENT_URL}/book?kind=follow_up`);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(nav).toBeHidden();
  await page.setViewportSize({ width: 1280, height: 900 });
  await expect(nav).toBeVisible();
});

test("the next step never sends a patient to a booking page that refuses them", async ({ browser }) => {
  // Wren submitted an intake a clinician must look at first; Quinn was released for scheduling.
  for (const email of ["patient4@clearwater.test", "patient1@clearwater.test", "patient2@clearwater.test"]) {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, timezoneId: "America/Denver" });
    const page = await context.newPage();
    await signIn(page, email);
    const card = page.locator("section, div").filter({ has: page.locator("#next-step-heading") }).last();
    await expect(page.locator("#next-step-heading")).toBeVisible();
    await shots(page, `home-${email.split("@")[0]}`);
    const action = card.getByRole("link").first();
    if ((await action.count()) > 0 && /\/book/.test((await action.getAttribute("href")) ?? "")) {
      await action.click();
      await expect(page).toHaveURL(/\/book/);
      // The booking page opens on times to pick, not on a refusal.
      await expect(page.getByText(/review your intake and contact you|complete your intake first/i)).toHaveCount(0);
    }
    await context.close();
  }
});
