import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { PORTAL_DIST_DIR, buildInputDirs, buildInputFiles, buildRecipe, decideBuild, isBuildInput, readStamp, sourcesHash, writeStamp } from "./build-cache";
import { loadPortalSecrets } from "./secrets";

let root: string;
const put = (rel: string, text: string) => {
  mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  writeFileSync(path.join(root, rel), text);
};
const hashNow = (recipe: Record<string, string> = {}) => sourcesHash(root, buildInputFiles(root, "apps/web"), recipe);

// A small workspace: an app using one package (which has a test dependency of its own) and a package it does not use.
beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), "clearwell-build-cache-"));
  put("package.json", JSON.stringify({ name: "root" }));
  put("pnpm-lock.yaml", "lockfileVersion: '9.0'\n");
  put("pnpm-workspace.yaml", "packages: [apps/*, packages/*, tooling/*]\n");
  put("apps/web/package.json", JSON.stringify({ name: "@x/web", dependencies: { "@x/ui": "workspace:*", react: "19" }, devDependencies: { "@x/tsconfig": "workspace:*" } }));
  put("apps/web/next.config.ts", "export default {};\n");
  put("apps/web/src/app/page.tsx", "export default () => null;\n");
  put("apps/web/src/app/test/page.tsx", "export default () => 'a route named test';\n");
  put("packages/ui/package.json", JSON.stringify({ name: "@x/ui", devDependencies: { "@x/harness": "workspace:*" } }));
  put("packages/ui/src/button.tsx", "export const Button = 1;\n");
  put("packages/harness/package.json", JSON.stringify({ name: "@x/harness" }));
  put("packages/harness/src/index.ts", "export {};\n");
  put("packages/other/package.json", JSON.stringify({ name: "@x/other" }));
  put("packages/other/src/index.ts", "export {};\n");
  put("tooling/tsconfig/package.json", JSON.stringify({ name: "@x/tsconfig" }));
  put("tooling/tsconfig/base.json", "{}\n");
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe("what the portal's build depends on", () => {
  it("follows the app's workspace dependencies (dev ones for the app only), not unrelated packages", () => {
    expect(buildInputDirs(root, "apps/web")).toEqual(["apps/web", "packages/ui", "tooling/tsconfig"]);
  });

  it("covers sources, config and the lockfile; skips outputs, generated files and tests", () => {
    put("apps/web/.next/server/page.js", "built");
    put(`apps/web/${PORTAL_DIST_DIR}/BUILD_ID`, "x");
    put("apps/web/next-env.d.ts", "// generated");
    put("apps/web/node_modules/react/index.js", "");
    put("apps/web/src/app/page.test.ts", "");
    put("packages/ui/test/button.int.test.ts", "");
    put("packages/ui/tsconfig.tsbuildinfo", "");
    expect(buildInputFiles(root, "apps/web")).toEqual([
      "apps/web/next.config.ts",
      "apps/web/package.json",
      "apps/web/src/app/page.tsx",
      "apps/web/src/app/test/page.tsx",
      "package.json",
      "packages/ui/package.json",
      "packages/ui/src/button.tsx",
      "pnpm-lock.yaml",
      "pnpm-workspace.yaml",
      "tooling/tsconfig/base.json",
      "tooling/tsconfig/package.json",
    ]);
    expect(isBuildInput("src/app/test/page.tsx")).toBe(true);
    expect(isBuildInput("test/harness.ts")).toBe(false);
    expect(isBuildInput("src/x.int.test.ts")).toBe(false);
    expect(isBuildInput(".next-portal/server/app.js")).toBe(false);
  });
});

describe("the source hash", () => {
  it("is the same for the same sources and settings, whatever the order or the files it ignores", () => {
    const before = hashNow({ dist: ".next-portal" });
    put("apps/web/.next/trace", "changes on every build");
    put("apps/web/src/app/page.test.ts", "a new test");
    put("packages/other/src/index.ts", "export const unrelated = 1;\n");
    put("packages/harness/src/index.ts", "export const testOnly = 1;\n");
    expect(hashNow({ dist: ".next-portal" })).toBe(before);
  });

  it("changes with an app file, a workspace package's file, the lockfile, a new file, or a build setting", () => {
    const base = hashNow();
    const changed = (rel: string, text: string) => {
      put(rel, text);
      const h = hashNow();
      expect(h, rel).not.toBe(base);
      return h;
    };
    changed("apps/web/src/app/page.tsx", "export default () => 'changed';\n");
    put("apps/web/src/app/page.tsx", "export default () => null;\n");
    expect(hashNow()).toBe(base);
    changed("packages/ui/src/button.tsx", "export const Button = 2;\n");
    put("packages/ui/src/button.tsx", "export const Button = 1;\n");
    changed("pnpm-lock.yaml", "lockfileVersion: '9.0'\n# next bumped\n");
    put("pnpm-lock.yaml", "lockfileVersion: '9.0'\n");
    changed("apps/web/src/app/new/page.tsx", "export default () => null;\n");
    rmSync(path.join(root, "apps/web/src/app/new"), { recursive: true });
    expect(hashNow()).toBe(base);
    expect(hashNow({ CLEARWELL_DIST_DIR: ".next-portal" })).not.toBe(base);
    // A renamed file with the same content is a different build.
    put("apps/web/src/app/page2.tsx", "export default () => null;\n");
    rmSync(path.join(root, "apps/web/src/app/page.tsx"));
    expect(hashNow()).not.toBe(base);
  });

  it("takes NEXT_PUBLIC_ variables into the settings (Next inlines them), and nothing else from the environment", () => {
    expect(buildRecipe({ NEXT_PUBLIC_X: "1", AUTH_SECRET: "s", PATH: "/bin" }, { dist: "d" })).toEqual({ dist: "d", NEXT_PUBLIC_X: "1" });
  });
});

describe("whether to build", () => {
  const stamp = (hash: string) => ({ hash, builtAt: "2026-11-30T00:00:00.000Z", seconds: 90 });

  it("reuses a complete build made from the same hash", () => {
    expect(decideBuild(stamp("abc"), "abc", true)).toEqual({ build: false, reason: "built 2026-11-30T00:00:00.000Z" });
  });

  it("builds when there is no build, the build is incomplete, or the sources changed", () => {
    expect(decideBuild(null, "abc", false)).toMatchObject({ build: true, reason: "no earlier build" });
    expect(decideBuild(null, "abc", true)).toMatchObject({ build: true });
    expect(decideBuild(stamp("abc"), "abc", false)).toMatchObject({ build: true, reason: "the earlier build is incomplete" });
    expect(decideBuild(stamp("abc"), "abd", true)).toMatchObject({ build: true, reason: "sources changed since the last build" });
  });

  it("reads back the stamp it wrote, and treats a damaged one as no build", () => {
    const dist = path.join(root, "apps/web", PORTAL_DIST_DIR);
    mkdirSync(dist, { recursive: true });
    expect(readStamp(dist)).toBeNull();
    writeStamp(dist, stamp("abc"));
    expect(readStamp(dist)).toEqual(stamp("abc"));
    writeFileSync(path.join(dist, "clearwell-build.json"), "{ half a fi");
    expect(readStamp(dist)).toBeNull();
    writeFileSync(path.join(dist, "clearwell-build.json"), JSON.stringify({ builtAt: "x" }));
    expect(readStamp(dist)).toBeNull();
  });
});

describe("the portal's own secrets", () => {
  it("are made once, kept owner-only, reused on the next start, and overridden by the environment", () => {
    const file = path.join(root, ".data/portal-secrets.json");
    const first = loadPortalSecrets(file, {});
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(first.AUTH_SECRET.length).toBeGreaterThanOrEqual(32);
    expect(first.LIVEKIT_API_SECRET.length).toBeGreaterThanOrEqual(32);
    expect(Buffer.from(first.RX_SIGNING_KEY, "base64")).toHaveLength(32);
    expect(loadPortalSecrets(file, {})).toEqual(first);
    expect(loadPortalSecrets(file, { AUTH_SECRET: "from-the-environment-0123456789abcdef", LIVEKIT_API_KEY: "" })).toEqual({ ...first, AUTH_SECRET: "from-the-environment-0123456789abcdef" });
    // Another checkout makes its own.
    expect(loadPortalSecrets(path.join(root, "other/secrets.json"), {}).AUTH_SECRET).not.toBe(first.AUTH_SECRET);
  });
});
