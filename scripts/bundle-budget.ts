// First-load JS per route, gzipped, against the issue 14 budgets: patient home and intake <= 150 kB,
// every provider page <= 200 kB; no first-load chunk may carry LiveKit (it loads when a visit starts).
// Reads a production build (run after `next build`); prints a table per app; --enforce exits 1 over budget.
//
//   node --import tsx scripts/bundle-budget.ts [--enforce] [--dist <dir>] [--app patient|provider]
//        [--check-url <url> --check-route <route> [--check-app <app>]]
//
// --dist (or BUNDLE_DIST_DIR, else CLEARWELL_DIST_DIR, else .next) is the build dir inside each app.
// --check-url loads that page in Chromium and compares the JS it fetched with what this script
// computes for --check-route (a page that needs no session, e.g. /sign-in, on a `next start` of the build).
//
// What a route loads first (Next 16, App Router, Turbopack): the build manifest's rootMainFiles (the
// runtime, React, the router: on every page) plus the entryJSFiles of the route's client reference
// manifest (server/app/<route>/page_client-reference-manifest.js): one entry per segment the page
// renders (root and group layouts, error and not-found boundaries, global-error, the page), each
// listing the chunks of its client components. polyfillFiles are `nomodule` (no modern browser loads
// them); lowPriorityFiles belong to the Pages Router. Chunks a page imports with import() are not
// entries, so they count only once the code asks for them.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { runInNewContext } from "node:vm";
import { gzipSync } from "node:zlib";

const KB = 1000; // kB as Next has always printed sizes

type Budget = { limitKb: number } | null;
const APPS: Record<string, { budget: (route: string) => Budget }> = {
  patient: { budget: (route) => (route === "/" || route === "/intake" ? { limitKb: 150 } : null) },
  provider: { budget: () => ({ limitKb: 200 }) },
};
// A string only livekit-client carries (a global it looks up; survives minification).
const LIVEKIT_MARKERS = ["LiveKitReactNativeGlobal"];

interface RouteFigure {
  route: string;
  files: string[];
  gzipBytes: number;
  livekitChunks: string[];
}

function args() {
  const argv = process.argv.slice(2);
  const value = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const apps = argv.flatMap((a, i) => (argv[i - 1] === "--app" ? [a] : []));
  return {
    enforce: argv.includes("--enforce"),
    dist: value("--dist") ?? process.env.BUNDLE_DIST_DIR ?? process.env.CLEARWELL_DIST_DIR ?? ".next",
    apps: apps.length > 0 ? apps : Object.keys(APPS),
    checkUrl: value("--check-url"),
    checkRoute: value("--check-route"),
    checkApp: value("--check-app") ?? "patient",
  };
}

/** "/(app)/visit/[appointmentId]/page" -> "/visit/[appointmentId]" (route groups are not in the URL). */
function routeOf(pageName: string) {
  const parts = pageName.split("/").filter((p) => p && !(p.startsWith("(") && p.endsWith(")")));
  if (parts.at(-1) === "page") parts.pop();
  return "/" + parts.join("/");
}

function findManifests(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return findManifests(full);
    return entry.name === "page_client-reference-manifest.js" ? [full] : [];
  });
}

function createSizer(distDir: string) {
  const cache = new Map<string, { gzip: number; livekit: boolean }>();
  return (file: string) => {
    let hit = cache.get(file);
    if (!hit) {
      const body = readFileSync(path.join(distDir, file));
      const text = body.toString("utf8");
      hit = { gzip: gzipSync(body).length, livekit: LIVEKIT_MARKERS.some((m) => text.includes(m)) };
      cache.set(file, hit);
    }
    return hit;
  };
}

export function measureApp(appDir: string, dist: string): RouteFigure[] {
  const distDir = path.join(appDir, dist);
  const buildManifestPath = path.join(distDir, "build-manifest.json");
  if (!existsSync(buildManifestPath)) throw new Error(`${buildManifestPath} not found: run a production build first`);
  const buildManifest = JSON.parse(readFileSync(buildManifestPath, "utf8")) as { rootMainFiles: string[] };
  const size = createSizer(distDir);
  const figures: RouteFigure[] = [];
  for (const manifestPath of findManifests(path.join(distDir, "server", "app"))) {
    const sandbox: { globalThis?: unknown; __RSC_MANIFEST?: Record<string, { entryJSFiles?: Record<string, string[]> }> } = {};
    sandbox.globalThis = sandbox;
    runInNewContext(readFileSync(manifestPath, "utf8"), sandbox);
    for (const [pageName, manifest] of Object.entries(sandbox.__RSC_MANIFEST ?? {})) {
      const route = routeOf(pageName);
      if (route.startsWith("/_")) continue; // _not-found, _global-error
      const files = [...new Set([...buildManifest.rootMainFiles, ...Object.values(manifest.entryJSFiles ?? {}).flat()])].filter((f) => f.endsWith(".js"));
      const sizes = files.map((f) => ({ f, ...size(f) }));
      figures.push({
        route,
        files,
        gzipBytes: sizes.reduce((sum, s) => sum + s.gzip, 0),
        livekitChunks: sizes.filter((s) => s.livekit).map((s) => s.f),
      });
    }
  }
  return figures.sort((a, b) => a.route.localeCompare(b.route));
}

function kb(bytes: number) {
  return (bytes / KB).toFixed(1);
}

function printTable(app: string, figures: RouteFigure[]) {
  const width = Math.max(5, ...figures.map((f) => f.route.length));
  console.log(`\n${app}: first-load JS, gzipped (kB = 1000 bytes)`);
  console.log(`${"route".padEnd(width)}  ${"kB".padStart(7)}  ${"budget".padStart(7)}  result`);
  let over = 0;
  for (const f of figures) {
    const budget = APPS[app]?.budget(f.route) ?? null;
    const overBudget = budget !== null && f.gzipBytes > budget.limitKb * KB;
    const livekit = f.livekitChunks.length > 0;
    if (overBudget || livekit) over++;
    const result = [budget === null ? "-" : overBudget ? "OVER" : "PASS", livekit ? `LIVEKIT in first load (${f.livekitChunks.join(", ")})` : ""]
      .filter(Boolean)
      .join("  ");
    console.log(`${f.route.padEnd(width)}  ${kb(f.gzipBytes).padStart(7)}  ${(budget ? String(budget.limitKb) : "-").padStart(7)}  ${result}`);
  }
  return over;
}

/** Loads `url` in Chromium and compares the JS it fetched with the computed first load of `route`. */
async function crossCheck(url: string, figure: RouteFigure, distDir: string) {
  const { chromium } = await import("@playwright/test");
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ["--no-sandbox"] });
  try {
    const page = await browser.newPage();
    const loaded: { url: string; encoded: number; gzip: number; encoding: string }[] = [];
    page.on("response", (response) => {
      if (response.request().resourceType() !== "script") return;
      loaded.push({ url: response.url(), encoded: -1, gzip: -1, encoding: response.headers()["content-encoding"] ?? "identity" });
    });
    await page.goto(url, { waitUntil: "networkidle" });
    for (const r of loaded) {
      const request = page.context().request;
      const body = await (await request.get(r.url)).body();
      r.gzip = gzipSync(body).length;
    }
    // Encoded bytes as the server sent them (its own compression), from the network timing API.
    const transfer = (await page.evaluate(() =>
      performance
        .getEntriesByType("resource")
        .filter((e) => (e as PerformanceResourceTiming).initiatorType === "script")
        .map((e) => ({ url: e.name, encoded: (e as PerformanceResourceTiming).encodedBodySize })),
    )) as { url: string; encoded: number }[];
    for (const t of transfer) {
      const r = loaded.find((l) => l.url === t.url);
      if (r) r.encoded = t.encoded;
    }
    const browserFiles = new Set(loaded.map((r) => new URL(r.url).pathname.replace(/^\/_next\//, "")));
    const computed = new Set(figure.files);
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    console.log(`\ncross-check ${url} (route ${figure.route}, dist ${distDir})`);
    console.log(`  browser fetched ${loaded.length} scripts: ${kb(sum(loaded.map((r) => r.gzip)))} kB gzipped by this script, ${kb(sum(loaded.map((r) => Math.max(r.encoded, 0))))} kB as sent (${[...new Set(loaded.map((r) => r.encoding))].join(", ")})`);
    console.log(`  computed ${computed.size} files: ${kb(figure.gzipBytes)} kB gzipped`);
    const missing = [...browserFiles].filter((f) => !computed.has(f));
    const extra = [...computed].filter((f) => !browserFiles.has(f));
    console.log(`  fetched but not computed: ${missing.join(", ") || "none"}`);
    console.log(`  computed but not fetched: ${extra.join(", ") || "none"}`);
    return missing.length === 0 && extra.length === 0;
  } finally {
    await browser.close();
  }
}

async function main() {
  const opts = args();
  const root = path.resolve(import.meta.dirname, "..");
  let over = 0;
  const all = new Map<string, RouteFigure[]>();
  for (const app of opts.apps) {
    if (!APPS[app]) throw new Error(`unknown app ${app}: one of ${Object.keys(APPS).join(", ")}`);
    const figures = measureApp(path.join(root, "apps", app), opts.dist);
    all.set(app, figures);
    over += printTable(app, figures);
  }
  if (opts.checkUrl) {
    const figure = all.get(opts.checkApp)?.find((f) => f.route === opts.checkRoute);
    if (!figure) throw new Error(`--check-route ${opts.checkRoute} not among ${opts.checkApp}'s routes`);
    if (!(await crossCheck(opts.checkUrl, figure, path.join("apps", opts.checkApp, opts.dist)))) process.exitCode = 1;
  }
  console.log(over === 0 ? "\nbundle budget: every route within budget" : `\nbundle budget: ${over} route(s) over budget or loading LiveKit first`);
  if (opts.enforce && over > 0) process.exitCode = 1;
}

if (process.argv[1] === import.meta.filename) await main();
