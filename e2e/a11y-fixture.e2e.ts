// The axe fixture itself (./fixtures): it must find a serious violation on a page reached by a full
// load or a client-side navigation, in the spec's own context too, and nothing on a clean page; and
// a finding must fail the test at teardown. Pages are served by route handlers: no app is needed.
import type { BrowserContext, Page } from "@playwright/test";

import { expect, test } from "./fixtures";

const ORIGIN = "http://a11y-fixture.test";

const CLEAN = `<!doctype html><html lang="en"><head><title>Clean</title></head><body>
<main><h1>Clean page</h1><p>Nothing wrong here.</p><a href="/bad">Go on</a>
<button type="button" id="push">Next step</button></main>
<script>
document.getElementById("push").addEventListener("click", () => {
  history.pushState({}, "", "/client-bad");
  document.querySelector("main").innerHTML = '<h1>Client page</h1><button type="button"></button>';
});
</script></body></html>`;

// A paragraph that fades from unreadable grey to black when the step changes: settled, it is fine.
const FADE = `<!doctype html><html lang="en"><head><title>Fade</title>
<style>#note { color: #111; } #note.fading { color: #ccc; } #note.in { color: #111; transition: color 800ms linear; }</style></head><body>
<main><h1>Step one</h1><p id="note">Read this.</p><button type="button" id="next">Next</button></main>
<script>
document.getElementById("next").addEventListener("click", () => {
  const note = document.getElementById("note");
  note.className = "fading";
  note.getBoundingClientRect();
  note.className = "in";
  document.querySelector("h1").textContent = "Step two";
});
</script></body></html>`;

// An unnamed button: axe "button-name", critical.
const BAD = `<!doctype html><html lang="en"><head><title>Bad</title></head><body>
<main><h1>Bad page</h1><button type="button"></button></main></body></html>`;

async function serve(target: Page | BrowserContext) {
  await target.route(`${ORIGIN}/**`, (route) => {
    const url = new URL(route.request().url());
    return route.fulfill({ contentType: "text/html", body: url.pathname === "/bad" ? BAD : url.pathname === "/fade" ? FADE : CLEAN });
  });
}

const found = (findings: { url: string; rule: string; impact: string }[]) => findings.map((f) => `${new URL(f.url).pathname} ${f.rule} ${f.impact}`);

test("a clean page has no finding", async ({ page, a11yWatch }) => {
  await serve(page);
  await page.goto(`${ORIGIN}/`);
  await expect(page.getByRole("heading", { name: "Clean page" })).toBeVisible();
  expect(found(await a11yWatch.drain())).toEqual([]);
});

test("a page with a critical violation reached by a link is found", async ({ page, a11yWatch }) => {
  await serve(page);
  await page.goto(`${ORIGIN}/`);
  await page.getByRole("link", { name: "Go on" }).click();
  await expect(page.getByRole("heading", { name: "Bad page" })).toBeVisible();
  expect(found(await a11yWatch.drain())).toEqual(["/bad button-name critical"]);
});

test("a violation reached by a client-side navigation is found", async ({ page, a11yWatch }) => {
  await serve(page);
  await page.goto(`${ORIGIN}/`);
  await page.getByRole("button", { name: "Next step" }).click();
  await expect(page.getByRole("heading", { name: "Client page" })).toBeVisible();
  expect(found(await a11yWatch.drain())).toEqual(["/client-bad button-name critical"]);
});

test("a violation in a context the spec opened and closed itself is found", async ({ browser, a11yWatch }) => {
  const context = await browser.newContext();
  await serve(context);
  const page = await context.newPage();
  await page.goto(`${ORIGIN}/bad`);
  await expect(page.getByRole("heading", { name: "Bad page" })).toBeVisible();
  await context.close();
  expect(found(await a11yWatch.drain())).toEqual(["/bad button-name critical"]);
});

test("a page is scanned once its colour transitions have ended, not mid-fade", async ({ page, a11yWatch }) => {
  await serve(page);
  await page.goto(`${ORIGIN}/fade`);
  await expect(page.getByRole("heading", { name: "Step one" })).toBeVisible();
  await page.getByRole("button", { name: "Next" }).click();
  await expect(page.getByRole("heading", { name: "Step two" })).toBeVisible();
  expect(found(await a11yWatch.drain())).toEqual([]);
  expect(a11yWatch.scans.map((s) => s.state.split(" | ")[1])).toContain("Step two");
});

test("a finding fails the test at teardown with its page, rule and selector", async ({ page }) => {
  test.fail(true, "the fixture throws its report after the test body");
  await serve(page);
  await page.goto(`${ORIGIN}/bad`);
  await expect(page.getByRole("heading", { name: "Bad page" })).toBeVisible();
});
