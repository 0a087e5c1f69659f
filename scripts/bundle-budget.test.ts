import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { ceilingFor } from "./bundle-budget";

const script = path.join(import.meta.dirname, "bundle-budget.ts");
let dir: string;

/** A tiny fake production build of the patient app: one runtime chunk on every page, one page chunk. */
function fakeBuild(root: string, pageChunk: string) {
  const dist = path.join(root, "apps", "patient", ".next");
  mkdirSync(path.join(dist, "static", "chunks"), { recursive: true });
  mkdirSync(path.join(dist, "server", "app", "(app)"), { recursive: true });
  writeFileSync(path.join(dist, "build-manifest.json"), JSON.stringify({ rootMainFiles: ["static/chunks/runtime.js"] }));
  writeFileSync(path.join(dist, "static", "chunks", "runtime.js"), "console.log('runtime');\n");
  writeFileSync(path.join(dist, "static", "chunks", "page.js"), pageChunk);
  const manifest = {
    "/(app)/page": { entryJSFiles: { "[project]/apps/patient/src/app/(app)/page": ["static/chunks/page.js"] } },
  };
  writeFileSync(
    path.join(dist, "server", "app", "(app)", "page_client-reference-manifest.js"),
    `globalThis.__RSC_MANIFEST = globalThis.__RSC_MANIFEST || {};\nglobalThis.__RSC_MANIFEST = Object.assign(globalThis.__RSC_MANIFEST, ${JSON.stringify(manifest)});\n`,
  );
}

/** Runs the script with --enforce on the fake build; `ceilings`: the file's content, null for no file, undefined to keep it. */
function run(root: string, ceilings: Record<string, number> | null | undefined, ...extra: string[]) {
  const file = path.join(root, "ceilings.json");
  if (ceilings) writeFileSync(file, JSON.stringify({ ceilings: { patient: ceilings } }));
  else if (ceilings === null) rmSync(file, { force: true });
  return spawnSync(
    process.execPath,
    ["--import", "tsx", script, "--enforce", "--app", "patient", "--dist", ".next", "--apps-dir", path.join(root, "apps"), "--ceilings", file, ...extra],
    { encoding: "utf8" },
  );
}

// Random bytes do not compress: about 3 kB gzipped, whatever gzip does.
const incompressible = (bytes: number) => `/*${Array.from({ length: bytes }, () => String.fromCharCode(33 + Math.floor(Math.random() * 90))).join("").replaceAll("*/", "xx")}*/`;

describe("bundle-budget --enforce", { timeout: 30_000 }, () => {
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), "bundle-budget-"));
    fakeBuild(dir, incompressible(3_000));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("exits 0 when every route is within its ceiling, and prints the figure", () => {
    const result = run(dir, { "/": 5 });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^\/\s+\d+\.\d\s+5\s+ok\b/m);
    // The target (150 kB for the patient home) is printed beside the ceiling.
    expect(result.stdout).toMatch(/^\/.*\s150\s+yes$/m);
  });

  it("exits 1 when a route is over its ceiling", () => {
    const result = run(dir, { "/": 1 });
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/^\/\s+\d+\.\d\s+1\s+OVER\b/m);
  });

  it("exits 1 when a route has no ceiling", () => {
    const result = run(dir, null);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain("NO CEILING");
  });

  it("exits 1 when a first-load chunk carries LiveKit, under any ceiling", () => {
    const other = mkdtempSync(path.join(tmpdir(), "bundle-budget-lk-"));
    try {
      fakeBuild(other, "window.LiveKitReactNativeGlobal;\n");
      const result = run(other, { "/": 100 });
      expect(result.status).toBe(1);
      expect(result.stdout).toContain("LIVEKIT in first load");
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it("--write-ceilings sets each route's ceiling to its figure rounded up to 5 kB", () => {
    const result = run(dir, { "/": 1 }, "--write-ceilings");
    expect(result.stdout).toContain("ceilings written");
    expect(result.status).toBe(0);
    const written = JSON.parse(readFileSync(path.join(dir, "ceilings.json"), "utf8")) as { ceilings: { patient: Record<string, number> } };
    expect(written.ceilings.patient).toEqual({ "/": 5 });
    expect(run(dir, undefined).status).toBe(0);
  });
});

describe("ceilingFor", () => {
  it("rounds up to the next 5 kB (kB = 1000 bytes)", () => {
    expect(ceilingFor(201_300)).toBe(205);
    expect(ceilingFor(200_000)).toBe(200);
    expect(ceilingFor(200_001)).toBe(205);
  });
});
