// First-load JS per route, gzipped. Two figures per route:
//   - the issue 14 TARGETS (the goal): patient home and intake <= 150 kB, every provider page <= 200 kB,
//     and no first-load chunk may carry LiveKit (it loads when a visit starts);
//   - the CEILINGS in scripts/bundle-budget.json: each route's figure when they were last set, rounded
//     up to the next 5 kB. They are a ratchet, not the goal: a change may not make a route's first load
//     bigger than its ceiling, and when a route gets smaller, lower its ceiling (--write-ceilings). The
//     issue's targets stay the goal below them; the table says which routes meet them.
// Reads a production build (run after `next build`) and prints a table per app. --enforce (the test
// command, scripts/test.sh) exits 1 when a route is over its ceiling, has no ceiling, or loads LiveKit.
//
//   node --import tsx scripts/bundle-budget.ts [--enforce] [--write-ceilings] [--dist <dir>]
//        [--app patient|provider] [--apps-dir <dir>] [--ceilings <file>]
//        [--check-url <url> --check-route <route> [--check-app <app>]]
//
// --dist (or BUNDLE_DIST_DIR, else CLEARWELL_DIST_DIR, else .next) is the build dir inside each app.
// --apps-dir (default apps/) holds the apps; --ceilings (default scripts/bundle-budget.json) the ceilings.
// --write-ceilings rewrites the measured apps' ceilings from this build (figure rounded up to 5 kB).
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
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { runInNewContext } from "node:vm";
import { gzipSync } from "node:zlib";

const KB = 1000; // kB as Next has always printed sizes

// The issue 14 targets: the goal, printed beside the ceilings; not what --enforce holds routes to.
const TARGETS: Record<string, (route: string) => number | null> = {
  patient: (route) => (route === "/" || route === "/intake" ? 150 : null),
  provider: () => 200,
};
const CEILING_STEP_KB = 5;

/** scripts/bundle-budget.json: per app, per route, the most first-load JS (kB, gzipped) it may have. */
interface CeilingsFile {
  note?: string;
  ceilings: Record<string, Record<string, number>>;
}

export function ceilingFor(figureBytes: number) {
  return Math.ceil(figureBytes / KB / CEILING_STEP_KB) * CEILING_STEP_KB;
}

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
  const root = path.resolve(import.meta.dirname, "..");
  return {
    enforce: argv.includes("--enforce"),
    writeCeilings: argv.includes("--write-ceilings"),
    dist: value("--dist") ?? process.env.BUNDLE_DIST_DIR ?? process.env.CLEARWELL_DIST_DIR ?? ".next",
    apps: apps.length > 0 ? apps : Object.keys(TARGETS),
    appsDir: path.resolve(value("--apps-dir") ?? path.join(root, "apps")),
    ceilings: path.resolve(value("--ceilings") ?? path.join(root, "scripts", "bundle-budget.json")),
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

function printTable(app: string, figures: RouteFigure[], ceilings: Record<string, number>) {
  const width = Math.max(5, ...figures.map((f) => f.route.length));
  const target = TARGETS[app] ?? (() => null);
  console.log(`\n${app}: first-load JS, gzipped (kB = 1000 bytes); ceiling = the ratchet --enforce holds; target = issue 14's goal`);
  console.log(`${"route".padEnd(width)}  ${"kB".padStart(7)}  ${"ceiling".padStart(7)}  ${"result".padEnd(10)}  ${"target".padStart(6)}  meets target`);
  let failed = 0;
  let meet = 0;
  let targeted = 0;
  for (const f of figures) {
    const ceiling = ceilings[f.route];
    const goal = target(f.route);
    const livekit = f.livekitChunks.length > 0;
    const result = ceiling === undefined ? "NO CEILING" : f.gzipBytes > ceiling * KB ? "OVER" : "ok";
    if (result !== "ok" || livekit) failed++;
    const meets = goal === null ? "-" : f.gzipBytes <= goal * KB ? "yes" : `no (+${kb(f.gzipBytes - goal * KB)})`;
    if (goal !== null) {
      targeted++;
      if (f.gzipBytes <= goal * KB) meet++;
    }
    console.log(
      [
        f.route.padEnd(width),
        kb(f.gzipBytes).padStart(7),
        (ceiling === undefined ? "-" : String(ceiling)).padStart(7),
        result.padEnd(10),
        (goal === null ? "-" : String(goal)).padStart(6),
        meets + (livekit ? `  LIVEKIT in first load (${f.livekitChunks.join(", ")})` : ""),
      ].join("  "),
    );
  }
  console.log(`${app}: ${meet} of ${targeted} route(s) with an issue 14 target meet it`);
  return failed;
}

function readCeilings(file: string): CeilingsFile {
  if (!existsSync(file)) return { ceilings: {} };
  return JSON.parse(readFileSync(file, "utf8")) as CeilingsFile;
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
  let failed = 0;
  const all = new Map<string, RouteFigure[]>();
  const file = readCeilings(opts.ceilings);
  for (const app of opts.apps) {
    if (!TARGETS[app]) throw new Error(`unknown app ${app}: one of ${Object.keys(TARGETS).join(", ")}`);
    const figures = measureApp(path.join(opts.appsDir, app), opts.dist);
    all.set(app, figures);
    if (opts.writeCeilings) file.ceilings[app] = Object.fromEntries(figures.map((f) => [f.route, ceilingFor(f.gzipBytes)]));
    failed += printTable(app, figures, file.ceilings[app] ?? {});
  }
  if (opts.writeCeilings) {
    writeFileSync(opts.ceilings, JSON.stringify(file, null, 2) + "\n");
    console.log(`\nceilings written to ${path.relative(process.cwd(), opts.ceilings)}`);
  }
  if (opts.checkUrl) {
    const figure = all.get(opts.checkApp)?.find((f) => f.route === opts.checkRoute);
    if (!figure) throw new Error(`--check-route ${opts.checkRoute} not among ${opts.checkApp}'s routes`);
    if (!(await crossCheck(opts.checkUrl, figure, path.join("apps", opts.checkApp, opts.dist)))) process.exitCode = 1;
  }
  console.log(
    failed === 0
      ? "\nbundle budget: every route within its ceiling (a ratchet: the issue 14 targets above are still the goal)"
      : `\nbundle budget: ${failed} route(s) over their ceiling, without one (add it to ${path.basename(opts.ceilings)}), or loading LiveKit first`,
  );
  if (opts.enforce && failed > 0) process.exitCode = 1;
}

if (process.argv[1] === import.meta.filename) await main();
