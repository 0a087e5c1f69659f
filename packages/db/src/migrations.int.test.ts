import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import path from "node:path";

import { describe, expect, it } from "vitest";

import { migrationsFolder } from "./paths";

describe("migrations", () => {
  it("match the schema: drizzle-kit generate finds nothing left to write", () => {
    const pkg = path.resolve(migrationsFolder(), "..");
    // drizzle-kit resolves --out against the working directory, so keep the copy inside the package.
    const out = mkdtempSync(path.join(pkg, ".drift-"));
    try {
      cpSync(migrationsFolder(), out, { recursive: true });
      const before = readdirSync(out).filter((f) => f.endsWith(".sql"));
      const printed = execFileSync(
        path.join(pkg, "node_modules/.bin/drizzle-kit"),
        ["generate", "--dialect", "postgresql", "--schema", "./src/schema/index.ts", "--out", path.relative(pkg, out), "--casing", "snake_case", "--name", "drift"],
        { cwd: pkg, stdio: "pipe", encoding: "utf8" },
      );
      expect(printed).toContain("No schema changes");
      expect(readdirSync(out).filter((f) => f.endsWith(".sql"))).toEqual(before);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
