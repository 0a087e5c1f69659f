import type { AnyRouter } from "@trpc/server";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";

import { logger, setLogDestination } from "../src/logger";
import { walkProcedures } from "../src/policy-walk";
import { patientRouter } from "../src/root-patient";
import { providerRouter } from "../src/root-provider";
import { baseProcedure, createCallerFactory, router } from "../src/trpc";
import { makeClinic, patientCaller, patientSession, providerCaller, staffSession, testDb } from "./harness";
import type { Path } from "./zod-walk";
import { leaves, sample, variants, withValue } from "./zod-walk";

/**
 * Issue 10 finding 2: malformed input must be a 400, never a 500, and must never reach a log.
 * Every procedure of both routers, called as a caller its policy lets in, gets bad values in
 * each field in turn while the other fields stay valid-ish.
 */
const MARK = "zq7fuzzmark";
const BAD_STRINGS = [`${MARK}\u0000x`, `${MARK}\ud800x`, `x\udfff${MARK}`, `${MARK}\u001b[0m`, MARK + "x".repeat(200_000)];
const WRONG_TYPES: unknown[] = [null, 12345, true, [MARK], { value: MARK }];
const WHOLE_INPUTS: unknown[] = [undefined, null, {}, [], MARK, `${MARK}\u0000`, 0, [{ [MARK]: `${MARK}\u0000` }]];

type Call = (input: unknown) => Promise<unknown>;
const procedureOf = (r: AnyRouter, path: string) =>
  (r._def.procedures as Record<string, { _def: { inputs: z.ZodType[] } }>)[path]!;
const callerFn = (caller: unknown, path: string): Call => {
  const [ns, name] = path.split(".") as [string, string];
  return (caller as Record<string, Record<string, Call>>)[ns]![name]!;
};

/** The inputs to try for one procedure: whole-input garbage, then one bad value per field. */
function inputsFor(schemas: z.ZodType[]): unknown[] {
  const out = [...WHOLE_INPUTS];
  const schema = schemas[0];
  if (!schema) return out;
  for (const variant of variants(schema)) {
    const base = sample(variant);
    out.push(base);
    for (const leaf of leaves(variant)) {
      const bad = leaf.kind === "string" ? [...BAD_STRINGS, ...WRONG_TYPES] : WRONG_TYPES;
      for (const value of bad) out.push(withValue(base, leaf.path, value));
    }
  }
  return out;
}

const captured: string[] = [];
const consoleLines: string[] = [];

beforeAll(() => {
  setLogDestination({ write: (line: string) => void captured.push(line) });
  for (const level of ["log", "info", "warn", "error", "debug"] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void consoleLines.push(args.map((a) => (a instanceof Error ? `${a.message} ${JSON.stringify(a)}` : JSON.stringify(a))).join(" ")));
  }
});

afterAll(() => {
  setLogDestination();
  vi.restoreAllMocks();
});

describe("every text field refuses unsafe characters at the zod boundary", () => {
  for (const [app, r] of Object.entries({ provider: providerRouter, patient: patientRouter })) {
    it(`${app} router`, () => {
      const accepted: string[] = [];
      for (const p of walkProcedures(r)) {
        const schema = procedureOf(r, p.path)._def.inputs[0];
        if (!schema) continue;
        for (const variant of variants(schema)) {
          const base = sample(variant);
          for (const leaf of leaves(variant).filter((l) => l.kind === "string")) {
            for (const bad of BAD_STRINGS) {
              const result = variant.safeParse(withValue(base, leaf.path, bad));
              const flagged = !result.success && result.error.issues.some((i) => samePath(i.path, leaf.path));
              if (!flagged) accepted.push(`${p.path} ${leaf.path.join(".")} ${JSON.stringify(bad.slice(0, 20))}`);
            }
          }
        }
      }
      expect(accepted).toEqual([]);
    });
  }
});

const samePath = (a: PropertyKey[], b: Path) => a.length === b.length && a.every((x, i) => x === b[i]);

describe("fuzz: every procedure × malformed input", () => {
  it("never answers INTERNAL_SERVER_ERROR, and nothing it logs echoes the input", { timeout: 60_000 }, async () => {
    const clinic = await makeClinic("Fuzz");
    const staff = await staffSession(clinic.id, ["admin", "provider", "prescriber"]);
    const patient = await patientSession(clinic.id);
    const callers = {
      provider: { anonymous: await providerCaller(), signedIn: staff.caller },
      patient: { anonymous: await patientCaller(), signedIn: patient.caller },
    };
    const failures: string[] = [];
    const codes = new Map<string, number>();
    let calls = 0;
    for (const [app, r] of Object.entries({ provider: providerRouter, patient: patientRouter }) as ["provider" | "patient", AnyRouter][]) {
      for (const p of walkProcedures(r)) {
        const caller = p.policy?.kind === "public" ? callers[app].anonymous : callers[app].signedIn;
        const fn = callerFn(caller, p.path);
        for (const input of inputsFor(procedureOf(r, p.path)._def.inputs)) {
          calls++;
          const code = await fn(input).then(
            () => "OK",
            (e: { code?: string }) => e.code ?? "THROWN",
          );
          codes.set(code, (codes.get(code) ?? 0) + 1);
          if (code === "INTERNAL_SERVER_ERROR" || code === "THROWN") failures.push(`${app} ${p.path} ${JSON.stringify(input)?.slice(0, 160)}`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(calls).toBeGreaterThan(1000);
    expect(codes.get("BAD_REQUEST")).toBeGreaterThan(900);
    const leaked = [...captured, ...consoleLines].filter((l) => l.includes(MARK));
    expect(leaked).toEqual([]);
  });
});

describe("the error path logs safe fields only", () => {
  it("a database error inside a procedure logs its SQLSTATE, path and request id, not the query's values", async () => {
    const secret = `${MARK}-1985-05-05-jane@example.test`;
    const rogue = router({
      probe: {
        fail: baseProcedure.input(z.object({ v: z.string() })).query(async ({ ctx, input }) => {
          await ctx.db.execute(sql`select ${input.v}::int`);
          return 1;
        }),
      },
    });
    const caller = createCallerFactory(rogue)({ db: testDb(), meta: { requestId: "req-fuzz-1", ipAddress: null, userAgent: null } } as never);
    const before = captured.length;
    await expect(caller.probe.fail({ v: secret })).rejects.toMatchObject({ code: "INTERNAL_SERVER_ERROR" });
    const lines = captured.slice(before).join("\n");
    expect(lines).toContain('"requestId":"req-fuzz-1"');
    expect(lines).toContain('"path":"probe.fail"');
    expect(lines).toContain('"code":"22P02"');
    expect(lines).not.toContain(MARK);
    expect(lines).not.toContain("select");
  });

  it("redacts inputs and bodies handed to the logger by mistake", () => {
    const before = captured.length;
    logger.warn({ input: { password: MARK }, nested: { body: MARK, email: MARK }, password: MARK }, "oops");
    const line = captured.slice(before).join("\n");
    expect(line).toContain("oops");
    expect(line).not.toContain(MARK);
  });
});
