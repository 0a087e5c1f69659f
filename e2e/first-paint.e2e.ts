import postgres from "postgres";

import { type Browser, type BrowserContext, type Page, expect, test } from "./fixtures";

import { awaitingIntake } from "./chart-layout-setup";
import { E2E_PATIENT_URL, E2E_PROVIDER_URL, e2eDatabaseUrl } from "./env";
import { signIn } from "./video";

// Issue 14 item 3: the chart and the patient home arrive with their data in the server's HTML
// (prefetched and hydrated), so the largest paint is the data, not a skeleton; and the hydrated
// page does not read it again (each read writes an audit row). LCP_REPORT=1 prints each
// page's cold largest contentful paint and its element.

const PROVIDER = "provider@clearwater.test";

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

async function reportLcp(page: Page, name: string) {
  if (!process.env.LCP_REPORT) return;
  const lcp = await page.evaluate(() => (window as unknown as { __lcp: unknown[] }).__lcp);
  console.log(`[first-paint] ${name} LCP entries (ms since navigation, element, skeleton?): ${JSON.stringify(lcp)}`);
}

test("the chart's HTML carries its data, and one view of it is one chart.read", async ({ browser }) => {
  test.setTimeout(120_000);
  const made = await awaitingIntake(e2eDatabaseUrl(), new Date(Date.now() - 3_600_000));
  // A name of its own: provider-chart-layout.e2e.ts looks its patient up by the setup's name.
  const maren = { ...made, name: "Maren Firstpaint" };
  await renamed(made.patientId, "Maren", "Firstpaint");
  const state = await signedInState(browser, E2E_PROVIDER_URL, PROVIDER, /Dashboard/);
  const url = `${E2E_PROVIDER_URL}/patients/${maren.patientId}/chart`;

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
