// Every spec imports `test` and `expect` from here. An automatic fixture runs axe-core on every
// page state a test visits (each main-frame navigation once it settles, and whatever is open when a
// context closes or the test ends) and fails the test at teardown on any serious or critical
// violation of WCAG 2.0/2.1/2.2 A and AA, with a report per page.
import { appendFileSync, mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

import AxeBuilder from "@axe-core/playwright";
import { test as base } from "@playwright/test";
import type { Browser, BrowserContext, Page, TestInfo } from "@playwright/test";

export * from "@playwright/test";

export const A11Y_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"];
/** axe ships this WCAG 2.5.3 rule as "experimental" (off by default); the audit found it on 78 pages. */
const EXTRA_RULES = ["label-content-name-mismatch"];
const FAILING_IMPACTS = new Set(["serious", "critical"]);
/** Quiet time after a navigation before scanning: client navigations commit before late data renders. */
const SETTLE_MS = 400;

export interface A11yFinding {
  url: string;
  state: string;
  rule: string;
  impact: string;
  help: string;
  targets: string[];
}

// axe-core as @axe-core/playwright ships it. The fixture injects and runs it itself: AxeBuilder's
// injection gives up after 1 s, which a loaded CI machine exceeds (then "axe is undefined").
const axeRequire = createRequire(createRequire(import.meta.url).resolve("@axe-core/playwright"));
const AXE_SOURCE = readFileSync(path.join(path.dirname(axeRequire.resolve("axe-core")), "axe.min.js"), "utf8");
const RUN_OPTIONS = {
  runOnly: { type: "tag", values: A11Y_TAGS },
  rules: Object.fromEntries(EXTRA_RULES.map((id) => [id, { enabled: true }])),
  resultTypes: ["violations"],
};

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/** axe.run on the page's document (injected once per document), through the page's queue. */
function runAxe(page: Page): Promise<Violation[]> {
  return queued(page, async () => {
    if (!(await page.evaluate(() => typeof (window as { axe?: unknown }).axe === "object"))) await page.evaluate(AXE_SOURCE);
    return page.evaluate(async (options) => {
      // Let running CSS transitions end first (at most 2 s; spinners never end): a control that has
      // just become enabled fades its colours over 150 ms, and a scan mid-fade reads a contrast the
      // page never settles on.
      const finite = document.getAnimations().filter((a) => a.playState === "running" && a.effect?.getComputedTiming().endTime !== Infinity);
      await Promise.race([Promise.all(finite.map((a) => a.finished.catch(() => undefined))), new Promise((r) => setTimeout(r, 2000))]);
      const axe = (window as unknown as { axe: { run: (c: Document, o: unknown) => Promise<{ violations: { id: string; impact?: string | null; help: string; nodes: { target: unknown[] }[] }[] }> } }).axe;
      const result = await axe.run(document, options);
      return result.violations.map((v) => ({ id: v.id, impact: v.impact ?? null, help: v.help, targets: v.nodes.map((n) => n.target.map(String).join(" >> ")) }));
    }, RUN_OPTIONS);
  });
}

// axe refuses a second run in a page while one is in progress ("Axe is already running"), and specs
// also run AxeBuilder themselves: every analyze() on a page goes through one queue for that page.
const pageQueues = new WeakMap<Page, Promise<unknown>>();
function queued<T>(page: Page, run: () => Promise<T>): Promise<T> {
  const previous = pageQueues.get(page) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(run);
  pageQueues.set(page, next);
  return next;
}
const originalAnalyze = AxeBuilder.prototype.analyze;
AxeBuilder.prototype.analyze = function analyze(this: AxeBuilder) {
  const page = (this as unknown as { page: Page }).page;
  return queued(page, () => originalAnalyze.call(this));
};

/** The page's state for de-duplication: its URL (no hash), main heading and any open dialog. */
async function stateOf(page: Page): Promise<string> {
  const url = page.url().replace(/#.*$/, "");
  const marks = await page.evaluate(() => {
    const text = (el: Element) => (el.textContent ?? "").replace(/\s+/g, " ").trim().slice(0, 80);
    const h1 = Array.from(document.querySelectorAll("h1")).map(text).join(" / ");
    const dialogs = Array.from(document.querySelectorAll('[role="dialog"],[role="alertdialog"],dialog[open]'))
      .map((d) => d.getAttribute("aria-label") ?? text(d).slice(0, 40))
      .join(" / ");
    return dialogs ? `${h1} [dialog: ${dialogs}]` : h1;
  });
  return `${url} | ${marks}`;
}

export class A11yWatch {
  readonly findings: A11yFinding[] = [];
  readonly scans: { state: string; counts: Record<string, number> }[] = [];
  /** Background scans that failed for another reason than the page moving on (they fail the test). */
  readonly errors: string[] = [];
  private readonly seen = new Set<string>();
  private readonly watched = new WeakSet<Page>();
  private readonly contexts = new Set<BrowserContext>();
  private readonly timers = new Map<Page, ReturnType<typeof setTimeout>>();
  private readonly inFlight = new Set<Promise<void>>();

  watchContext(context: BrowserContext) {
    if (this.contexts.has(context)) return;
    this.contexts.add(context);
    context.pages().forEach((p) => this.watchPage(p));
    context.on("page", (p) => this.watchPage(p));
    context.on("close", () => this.contexts.delete(context));
    // A spec closing its own context: scan what is still open first.
    const close = context.close.bind(context);
    context.close = async (options) => {
      await this.finish(context.pages()).catch(() => undefined);
      return close(options);
    };
  }

  private watchPage(page: Page) {
    if (this.watched.has(page)) return;
    this.watched.add(page);
    page.on("framenavigated", (frame) => {
      if (frame !== page.mainFrame()) return;
      clearTimeout(this.timers.get(page));
      this.timers.set(
        page,
        setTimeout(() => {
          this.timers.delete(page);
          this.track(this.scan(page));
        }, SETTLE_MS),
      );
    });
    page.on("close", () => clearTimeout(this.timers.get(page)));
  }

  /** Scans started by a navigation: an error there is kept for the report, never left unhandled. */
  private track(scan: Promise<void>) {
    const settled = scan.catch((error: unknown) => {
      this.errors.push(String(error instanceof Error ? error.message : error).split("\n")[0] ?? "");
    });
    this.inFlight.add(settled);
    void settled.finally(() => this.inFlight.delete(settled));
  }

  /** Scans the page as it is unless this state was scanned already; gives up quietly if it moves on. */
  private async scan(page: Page): Promise<void> {
    if (page.isClosed() || !/^https?:/.test(page.url())) return;
    try {
      // A page still loading after 10 s is scanned as it is.
      await page.waitForLoadState("load", { timeout: 10_000 }).catch(() => undefined);
      const state = await stateOf(page);
      if (this.seen.has(state)) return;
      const url = page.url();
      const violations = await runAxe(page);
      // Navigated away during the scan: the DOM was a mix of two pages; the new one has its own scan.
      if (page.url() !== url || (await stateOf(page)) !== state) return;
      this.seen.add(state);
      const counts: Record<string, number> = {};
      for (const v of violations) {
        const impact = v.impact ?? "unknown";
        counts[impact] = (counts[impact] ?? 0) + v.targets.length;
        if (!FAILING_IMPACTS.has(impact)) continue;
        this.findings.push({ url, state, rule: v.id, impact, help: v.help, targets: v.targets });
      }
      this.scans.push({ state, counts });
    } catch (error) {
      // Closed pages and mid-scan navigations ("Execution context was destroyed") are not findings.
      if (page.isClosed() || /context was destroyed|navigat|Target .*closed|has been closed|detached|Cannot find context/i.test(String(error))) return;
      throw error;
    }
  }

  /** Waits for scans in flight, then scans each open page's current state. */
  async finish(pages: Page[]) {
    for (const page of pages) {
      clearTimeout(this.timers.get(page));
      this.timers.delete(page);
    }
    await Promise.allSettled([...this.inFlight]);
    for (const page of pages) await this.scan(page);
  }

  async finishAll() {
    await this.finish([...this.contexts].flatMap((c) => c.pages()));
  }

  /** For the fixture's own test: scans what is open, then hands over the findings and forgets them. */
  async drain(): Promise<A11yFinding[]> {
    await this.finishAll();
    return this.findings.splice(0);
  }

  report(): string {
    const byState = new Map<string, A11yFinding[]>();
    for (const f of this.findings) byState.set(f.state, [...(byState.get(f.state) ?? []), f]);
    const lines = [`axe-core: serious or critical WCAG 2.2 A/AA violations on ${byState.size} page state(s):`];
    for (const [state, found] of byState) {
      lines.push(`\n  ${state}`);
      for (const f of found) lines.push(`    - ${f.rule} (${f.impact}): ${f.help}\n        ${f.targets.join("\n        ")}`);
    }
    return lines.join("\n");
  }
}

function writeLog(testInfo: TestInfo, watch: A11yWatch) {
  const file = process.env.A11Y_LOG;
  if (!file) return;
  mkdirSync(path.dirname(file), { recursive: true });
  for (const scan of watch.scans) {
    appendFileSync(file, `${JSON.stringify({ test: testInfo.titlePath.join(" > "), ...scan })}\n`);
  }
  for (const f of watch.findings) appendFileSync(file, `${JSON.stringify({ test: testInfo.title, finding: f })}\n`);
  for (const e of watch.errors) appendFileSync(file, `${JSON.stringify({ test: testInfo.title, error: e })}\n`);
}

export const test = base.extend<{ a11yWatch: A11yWatch }>({
  a11yWatch: [
    async ({ browser, context }, use, testInfo) => {
      const watch = new A11yWatch();
      watch.watchContext(context);
      // Specs open their own contexts (patient and clinician side by side): watch those too.
      const b = browser as Browser;
      const newContext = b.newContext;
      const newPage = b.newPage;
      b.newContext = async (...args: Parameters<Browser["newContext"]>) => {
        const created = await newContext.apply(b, args);
        watch.watchContext(created);
        return created;
      };
      b.newPage = async (...args: Parameters<Browser["newPage"]>) => {
        const created = await newPage.apply(b, args);
        watch.watchContext(created.context());
        return created;
      };
      try {
        await use(watch);
        await watch.finishAll();
      } finally {
        b.newContext = newContext;
        b.newPage = newPage;
      }
      writeLog(testInfo, watch);
      await testInfo.attach("a11y-scans", {
        body: JSON.stringify({ scans: watch.scans, findings: watch.findings, errors: watch.errors }, null, 2),
        contentType: "application/json",
      });
      if (watch.findings.length > 0) throw new Error(watch.report());
      // A scan that broke (not a page moving on) would hide violations: it fails the test too.
      if (watch.errors.length > 0) throw new Error(`axe-core could not scan ${watch.errors.length} page state(s):\n  ${watch.errors.join("\n  ")}`);
    },
    { auto: true },
  ],
});
