import postgres from "postgres";

import { type Browser, type BrowserContext, type Page, expect, test } from "./fixtures";

import { awaitingIntake } from "./chart-layout-setup";
import { E2E_PATIENT_URL, E2E_PROVIDER_URL, e2eDatabaseUrl } from "./env";
import { shotsIn } from "./shots";
import { signIn } from "./video";

// Issue 14 item 3: the chart, the schedule and the patient home arrive with their data in the server's HTML
// (prefetched and hydrated), so the largest paint is the data, not a skeleton; and the hydrated
// page does not read it again (each read writes an audit row). LCP_REPORT=1 (or =warm) prints each
// page's cold largest contentful paint and its element, and where the time before it went: the
// server's first and last byte, the stylesheets, DOMContentLoaded and the first contentful paint.

const PROVIDER = "provider@clearwater.test";
/** The demo clinic's zone: the schedule's days and times are its, whatever the browser's. */
const CLINIC_ZONE = "America/Denver";

/** With FIRST_PAINT_SHOTS_DIR set, the page at 390 and 1280 px wide (for looking at, not for asserting). */
const shots = shotsIn(process.env.FIRST_PAINT_SHOTS_DIR);

async function signedInState(browser: Browser, base: string, email: string, landing: RegExp) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await signIn(page, base, email);
  await expect(page.getByRole("heading", { level: 1, name: landing })).toBeVisible();
  const state = await context.storageState();
  await context.close();
  return state;
}

async function renamed(patientId: string, givenName: string, familyName: string) {
  const sql = postgres(e2eDatabaseUrl(), { max: 1, onnotice: () => {} });
  try {
    await sql`update patient set given_name = ${givenName}, family_name = ${familyName} where id = ${patientId}`;
  } finally {
    await sql.end();
  }
}

async function chartReads(patientId: string): Promise<number> {
  const sql = postgres(e2eDatabaseUrl(), { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql<{ n: number }[]>`
      select count(*)::int as n from audit_event e join "user" u on u.id = e.actor_user_id
      where e.patient_id = ${patientId} and e.action = 'chart.read' and u.email = ${PROVIDER}`;
    return row!.n;
  } finally {
    await sql.end();
  }
}

/** How many times the patient has read their own profile and regimen (each read writes one row). */
async function ownReads(email: string): Promise<Record<string, number>> {
  const sql = postgres(e2eDatabaseUrl(), { max: 1, onnotice: () => {} });
  try {
    const rows = await sql<{ action: string; n: number }[]>`
      select e.action, count(*)::int as n from audit_event e join "user" u on u.id = e.actor_user_id
      where u.email = ${email} and e.action in ('profile.read', 'regimen.read_own') group by e.action`;
    return Object.fromEntries(["profile.read", "regimen.read_own"].map((a) => [a, rows.find((r) => r.action === a)?.n ?? 0]));
  } finally {
    await sql.end();
  }
}

/** The document as the server sends it, before any script runs. */
async function serverHtml(browser: Browser, state: Awaited<ReturnType<typeof signedInState>>, url: string) {
  const context = await browser.newContext({ storageState: state });
  try {
    const res = await context.request.get(url);
    expect(res.status()).toBe(200);
    return await res.text();
  } finally {
    await context.close();
  }
}

/** A page that records its largest-contentful-paint entries, each with what its element is. */
async function coldPage(context: BrowserContext) {
  const page = await context.newPage();
  await page.addInitScript(() => {
    const w = window as unknown as { __lcp: { t: number; tag: string; text: string; skeleton: boolean }[] };
    w.__lcp = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as (PerformanceEntry & { element?: Element | null })[]) {
        const el = e.element ?? null;
        const skeleton = Boolean(el?.closest('[aria-busy="true"]') ?? el?.className.toString().includes("animate-pulse"));
        w.__lcp.push({ t: Math.round(e.startTime), tag: el?.tagName ?? "?", text: (el?.textContent ?? "").trim().slice(0, 40), skeleton });
      }
    }).observe({ type: "largest-contentful-paint", buffered: true });
  });
  return page;
}

/**
 * With LCP_REPORT=warm, the page is served once (to a context of its own, before the reads are
 * counted) so the measured view meets a server that has run this page since it started, as a
 * clinic's server has; otherwise the measured view is this server's first of the page.
 */
async function warmServer(browser: Browser, state: Awaited<ReturnType<typeof signedInState>>, url: string) {
  if (process.env.LCP_REPORT === "warm") await serverHtml(browser, state, url);
}

async function reportLcp(page: Page, name: string) {
  if (!process.env.LCP_REPORT) return;
  const { lcp, timing } = await page.evaluate(() => {
    const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming | undefined;
    const fcp = performance.getEntriesByName("first-contentful-paint")[0];
    const css = (performance.getEntriesByType("resource") as PerformanceResourceTiming[]).filter((r) => r.initiatorType === "link" && r.name.includes(".css"));
    const at = (t: number | undefined) => (t === undefined ? null : Math.round(t));
    return {
      lcp: (window as unknown as { __lcp: unknown[] }).__lcp,
      timing: {
        firstByte: at(nav?.responseStart),
        lastByte: at(nav?.responseEnd),
        domContentLoaded: at(nav?.domContentLoadedEventEnd),
        stylesheetsLoaded: at(Math.max(0, ...css.map((r) => r.responseEnd))),
        firstContentfulPaint: at(fcp?.startTime),
      },
    };
  });
  console.log(`[first-paint] ${name} LCP entries (ms since navigation, element, skeleton?): ${JSON.stringify(lcp)}; timing: ${JSON.stringify(timing)}`);
}

test("the chart's HTML carries its data, and one view of it is one chart.read", async ({ browser }) => {
  test.setTimeout(120_000);
  const made = await awaitingIntake(e2eDatabaseUrl(), new Date(Date.now() - 3_600_000));
  // A name of its own: provider-chart-layout.e2e.ts looks its patient up by the setup's name.
  const maren = { ...made, name: "Maren Firstpaint" };
  await renamed(made.patientId, "Maren", "Firstpaint");
  const state = await signedInState(browser, E2E_PROVIDER_URL, PROVIDER, /Dashboard/);
  const url = `${E2E_PROVIDER_URL}/patients/${maren.patientId}/chart`;
  await warmServer(browser, state, url);

  // A cold, hydrated view (fresh browser cache): one read, one audit row.
  const before = await chartReads(maren.patientId);
  const cold = await browser.newContext({ storageState: state, viewport: { width: 1280, height: 900 } });
  const page = await coldPage(cold);
  await page.goto(url);
  await expect(page.getByRole("heading", { level: 1, name: maren.name })).toBeVisible();
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
  await page.waitForLoadState("networkidle");
  await reportLcp(page, "chart");
  await expect.poll(() => chartReads(maren.patientId)).toBe(before + 1);
  // Nothing reads it again once the page has settled.
  await page.waitForTimeout(1_000);
  expect(await chartReads(maren.patientId)).toBe(before + 1);
  await cold.close();

  // What the server sent is the chart itself, not its loading state.
  const html = await serverHtml(browser, state, url);
  expect(html).toContain(maren.name);
  expect(html).toContain("Timeline");
  expect(html).not.toContain("Loading chart…");
});

test("the patient home's HTML carries the patient's own data", async ({ browser }) => {
  test.setTimeout(120_000);
  const email = "patient5@clearwater.test";
  const state = await signedInState(browser, E2E_PATIENT_URL, email, /^Hi, /);
  await warmServer(browser, state, `${E2E_PATIENT_URL}/`);

  // A cold, hydrated view reads the profile once and the regimen once (the nav and the home share it).
  const before = await ownReads(email);
  const cold = await browser.newContext({ storageState: state, viewport: { width: 390, height: 844 } });
  const page = await coldPage(cold);
  await page.goto(`${E2E_PATIENT_URL}/`);
  await expect(page.getByRole("heading", { level: 1, name: /^Hi, / })).toBeVisible();
  await page.waitForLoadState("networkidle");
  await reportLcp(page, "patient home");
  const once = { "profile.read": before["profile.read"]! + 1, "regimen.read_own": before["regimen.read_own"]! + 1 };
  await expect.poll(() => ownReads(email)).toEqual(once);
  await page.waitForTimeout(1_000);
  expect(await ownReads(email)).toEqual(once);
  await cold.close();

  // The greeting is in what the server sent, not the loading state.
  const html = await serverHtml(browser, state, `${E2E_PATIENT_URL}/`);
  expect(html).toMatch(/<h1[^>]*>Hi, (<!-- -->)?\w/);
  expect(html).not.toContain("Loading your home page");
});

/** A visit of the demo provider with `patientId` from now (so in this week and today at the clinic), marked done: it blocks no one's time. */
async function visitNow(patientId: string) {
  const sql = postgres(e2eDatabaseUrl(), { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql<{ id: string; starts_at: Date }[]>`
      insert into appointment (clinic_id, patient_id, provider_user_id, kind, status, starts_at, ends_at, patient_state, patient_timezone, booked_by_user_id)
      select p.clinic_id, p.id, u.id, 'follow_up', 'completed', date_trunc('minute', now()), date_trunc('minute', now()) + interval '30 minutes', 'CO', ${CLINIC_ZONE}, u.id
      from patient p, "user" u where p.id = ${patientId} and u.email = ${PROVIDER}
      returning id, starts_at`;
    return row!;
  } finally {
    await sql.end();
  }
}

/** The provider's schedule reads that showed this patient (one audit row per request, naming every patient shown). */
async function scheduleReads(patientId: string): Promise<number> {
  const sql = postgres(e2eDatabaseUrl(), { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql<{ n: number }[]>`
      select count(*)::int as n from audit_event e join "user" u on u.id = e.actor_user_id
      where e.action = 'schedule.read' and e.patient_ids @> array[${patientId}]::uuid[] and u.email = ${PROVIDER}`;
    return row!.n;
  } finally {
    await sql.end();
  }
}

test("the schedule's HTML carries the week's visits in the clinic's zone, and one view of it is one schedule.read", async ({ browser }) => {
  test.setTimeout(120_000);
  const made = await awaitingIntake(e2eDatabaseUrl(), new Date(Date.now() - 3_600_000));
  await renamed(made.patientId, "Sunniva", "Schedulepaint");
  const state = await signedInState(browser, E2E_PROVIDER_URL, PROVIDER, /Dashboard/);
  // Booked after the dashboard has loaded: its "today" read (also schedule.read) never showed her.
  const visit = await visitNow(made.patientId);
  const startsAt = new Date(visit.starts_at);
  const time = new Intl.DateTimeFormat("en-US", { timeStyle: "short", timeZone: CLINIC_ZONE }).format(startsAt);
  const today = new Intl.DateTimeFormat("en-US", { dateStyle: "full", timeZone: CLINIC_ZONE }).format(new Date());
  const url = `${E2E_PROVIDER_URL}/schedule`;

  // A browser far from the clinic (already tomorrow there most of the day): what it hydrates must
  // be what the server (UTC) rendered, or React reports a mismatch (#418).
  const before = await scheduleReads(made.patientId);
  const cold = await browser.newContext({ storageState: state, viewport: { width: 1280, height: 900 }, timezoneId: "Pacific/Auckland" });
  const page = await coldPage(cold);
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(url);
  await expect(page.getByRole("heading", { level: 1, name: "Schedule" })).toBeVisible();
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
  // On the clinic's day and at the clinic's time, stated as such.
  const todayColumn = page.getByRole("region", { name: today });
  await expect(todayColumn.getByRole("button", { name: new RegExp(`^${time.replace(/\s/g, "\\s")}.*Sunniva Schedulepaint`) })).toBeVisible();
  await expect(page.getByText(/^Times are clinic time \(M[SD]T(\/M[SD]T)?\): Mountain Time \(America\/Denver\)\.$/)).toBeVisible();
  await page.waitForLoadState("networkidle");
  await reportLcp(page, "schedule");
  await expect.poll(() => scheduleReads(made.patientId)).toBe(before + 1);
  // Neither hydration nor the session arriving reads it again.
  await page.waitForTimeout(1_000);
  expect(await scheduleReads(made.patientId)).toBe(before + 1);
  expect(errors, "console errors on /schedule").toEqual([]);
  await shots(page, "schedule-week");

  // The day view is the clinic's today; the row gives the time with the zone.
  await page.getByRole("button", { name: "Day", exact: true }).click();
  await expect(page.getByText(today, { exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: new RegExp(`^${time.replace(/\s/g, "\\s")}–.* M[SD]T · Sunniva Schedulepaint`) })).toBeVisible();
  await expect.poll(() => scheduleReads(made.patientId)).toBe(before + 2);
  await shots(page, "schedule-day");
  await cold.close();

  // What the server sent is the week with her visit in it, not its loading state.
  const html = await serverHtml(browser, state, url);
  expect(html).toMatch(/Sunniva(<!-- -->)? (<!-- -->)?Schedulepaint/);
  expect(html).toContain(`>${time}<`);
  expect(html).not.toContain("Loading schedule…");
});

test("at 390 px the patient list is one card per patient, with nothing scrolling sideways; from 640 px it is a table", async ({ browser }) => {
  const state = await signedInState(browser, E2E_PROVIDER_URL, PROVIDER, /Dashboard/);
  const context = await browser.newContext({ storageState: state, viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await page.goto(`${E2E_PROVIDER_URL}/patients`);
  const cards = page.getByRole("list", { name: "Patients" });
  await expect(cards.getByRole("link", { name: /Arbogast/ })).toBeVisible();
  await expect(page.getByRole("table")).toHaveCount(0);
  expect(await page.evaluate(() => document.documentElement.scrollWidth), "the page is wider than a 390 px phone").toBeLessThanOrEqual(390);
  // One copy of each name is on screen (and to assistive technology) at either width.
  await expect(page.getByRole("link", { name: /Arbogast/ })).toHaveCount(1);
  await shots(page, "patients");
  await page.setViewportSize({ width: 1280, height: 900 });
  await expect(page.getByRole("table").getByRole("link", { name: /Arbogast/ })).toBeVisible();
  await expect(page.getByRole("list", { name: "Patients" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: /Arbogast/ })).toHaveCount(1);
  await context.close();
});
