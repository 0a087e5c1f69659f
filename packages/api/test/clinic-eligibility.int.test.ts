import { schema } from "@clearwell/db/client";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { z } from "zod";

import { CUFF, evaluated, key, refusalOf } from "./decision-fixtures";
import { makeClinic, ownerDb, patientSession, providerCaller, staffSession, testDb } from "./harness";

const DAY_MS = 24 * 60 * 60 * 1000;

const settingsAudits = (clinicId: string) =>
  testDb()
    .select()
    .from(schema.auditEvent)
    .where(and(eq(schema.auditEvent.resourceId, clinicId), eq(schema.auditEvent.action, "clinic.eligibility.update")))
    .orderBy(schema.auditEvent.occurredAt);
const stored = async (clinicId: string) =>
  (await testDb().select({ days: schema.clinic.eligibilityExpiryDays, coSign: schema.clinic.overrideCoSignRequired }).from(schema.clinic).where(eq(schema.clinic.id, clinicId)))[0]!;
/** The zod field and form errors of a refused call (BAD_REQUEST), as the error formatter sends them. */
const fieldErrors = async (p: Promise<unknown>) => {
  const e = (await p.then(
    () => null,
    (err: unknown) => err,
  )) as { code?: string; cause?: unknown } | null;
  if (!e) throw new Error("expected a refusal");
  if (!(e.cause instanceof z.ZodError)) return { code: e.code, fieldErrors: null, formErrors: null };
  const flat = z.flattenError(e.cause);
  return { code: e.code, fieldErrors: flat.fieldErrors as Record<string, string[]>, formErrors: flat.formErrors };
};

describe("clinic.eligibility / clinic.updateEligibility: decision expiry days (DOMAIN.md §2 'Expires after N days (C, [U] 90)')", () => {
  it("the admin reads the defaults and sets the days; the change is audited with old and new values only, and a retry writes nothing new", async () => {
    const clinic = await makeClinic();
    const admin = await staffSession(clinic.id, ["admin"]);
    expect(await admin.caller.clinic.eligibility()).toEqual({ overrideCoSignRequired: false, eligibilityExpiryDays: 90 });

    expect(await admin.caller.clinic.updateEligibility({ eligibilityExpiryDays: 30 })).toEqual({ overrideCoSignRequired: false, eligibilityExpiryDays: 30 });
    expect(await admin.caller.clinic.eligibility()).toEqual({ overrideCoSignRequired: false, eligibilityExpiryDays: 30 });
    // A retry (a double click, a lost response) sets the same value: same answer, no change audited.
    expect(await admin.caller.clinic.updateEligibility({ eligibilityExpiryDays: 30 })).toEqual({ overrideCoSignRequired: false, eligibilityExpiryDays: 30 });
    // The switch saves on its own and leaves the days alone.
    expect(await admin.caller.clinic.updateEligibility({ overrideCoSignRequired: true })).toEqual({ overrideCoSignRequired: true, eligibilityExpiryDays: 30 });
    // Both bounds are accepted.
    expect((await admin.caller.clinic.updateEligibility({ eligibilityExpiryDays: 7 })).eligibilityExpiryDays).toBe(7);
    expect((await admin.caller.clinic.updateEligibility({ eligibilityExpiryDays: 365 })).eligibilityExpiryDays).toBe(365);

    const audits = await settingsAudits(clinic.id);
    expect(audits.map((a) => [a.actorUserId, a.outcome, a.patientId, a.detail])).toEqual([
      [admin.user.id, "success", null, { eligibilityExpiryDays: { from: 90, to: 30 } }],
      [admin.user.id, "success", null, {}],
      [admin.user.id, "success", null, { overrideCoSignRequired: { from: false, to: true } }],
      [admin.user.id, "success", null, { eligibilityExpiryDays: { from: 30, to: 7 } }],
      [admin.user.id, "success", null, { eligibilityExpiryDays: { from: 7, to: 365 } }],
    ]);
  });

  it("out-of-range, fractional, missing or empty values are refused beside the field with what to enter; nothing is written", async () => {
    const clinic = await makeClinic();
    const admin = await staffSession(clinic.id, ["admin"]);
    await admin.caller.clinic.updateEligibility({ eligibilityExpiryDays: 45 });
    const cases: [unknown, RegExp][] = [
      [6, /at least 7 days \(one week\)\. Enter 7 to 365\./],
      [0, /at least 7 days/],
      [-30, /at least 7 days/],
      [366, /at most 365 days \(one year\)\. Enter 7 to 365\./],
      [30.5, /whole number from 7 to 365/],
      [Number.NaN, /whole number from 7 to 365/],
      ["30", /whole number from 7 to 365/],
      [null, /whole number from 7 to 365/],
    ];
    for (const [value, message] of cases) {
      const refused = await fieldErrors(admin.caller.clinic.updateEligibility({ eligibilityExpiryDays: value as number }));
      expect(refused.code, String(value)).toBe("BAD_REQUEST");
      expect(refused.fieldErrors?.eligibilityExpiryDays?.[0], String(value)).toMatch(message);
    }
    // Nothing to change is a clear refusal, not an empty UPDATE.
    expect(await fieldErrors(admin.caller.clinic.updateEligibility({}))).toMatchObject({ code: "BAD_REQUEST", formErrors: ["Choose a setting to change."] });

    expect(await stored(clinic.id)).toEqual({ days: 45, coSign: false });
    expect((await settingsAudits(clinic.id)).map((a) => a.detail)).toEqual([{ eligibilityExpiryDays: { from: 90, to: 45 } }]);
    // The database refuses the same range on its own (migration 0019), for writers that skip the router.
    await expect(ownerDb().update(schema.clinic).set({ eligibilityExpiryDays: 6 }).where(eq(schema.clinic.id, clinic.id))).rejects.toThrow();
    await expect(ownerDb().update(schema.clinic).set({ eligibilityExpiryDays: 366 }).where(eq(schema.clinic.id, clinic.id))).rejects.toThrow();
    expect(await stored(clinic.id)).toEqual({ days: 45, coSign: false });
  });

  it("refuses provider, prescriber, staff, a patient and another clinic's admin; the setting is unchanged", async () => {
    const clinic = await makeClinic();
    const other = await makeClinic("Other Clinic");
    const callers = {
      provider: await staffSession(clinic.id, ["provider"]),
      prescriber: await staffSession(clinic.id, ["prescriber"]),
      staff: await staffSession(clinic.id, ["staff"]),
      "provider+prescriber": await staffSession(clinic.id, ["provider", "prescriber"]),
    };
    for (const [role, s] of Object.entries(callers)) {
      expect(await refusalOf(s.caller.clinic.eligibility()), role).toMatchObject({ code: "FORBIDDEN" });
      expect(await refusalOf(s.caller.clinic.updateEligibility({ eligibilityExpiryDays: 30 })), role).toMatchObject({ code: "FORBIDDEN" });
      const [denial] = await testDb()
        .select()
        .from(schema.auditEvent)
        .where(and(eq(schema.auditEvent.actorUserId, s.user.id), eq(schema.auditEvent.action, "procedure.denied")))
        .orderBy(schema.auditEvent.occurredAt);
      expect(denial?.outcome, role).toBe("denied");
    }

    // A patient's session is not a staff session, even with the provider cookie name.
    const patient = await patientSession(clinic.id);
    const token = patient.headers.get("cookie")!.split("=")[1];
    const asPatient = await providerCaller(new Headers({ cookie: `cw-provider.session_token=${token}` }));
    expect(await refusalOf(asPatient.clinic.updateEligibility({ eligibilityExpiryDays: 30 }))).toMatchObject({ code: "UNAUTHORIZED" });

    // Another clinic's admin reads and changes only their own clinic.
    const otherAdmin = await staffSession(other.id, ["admin"]);
    expect(await otherAdmin.caller.clinic.updateEligibility({ eligibilityExpiryDays: 14 })).toEqual({ overrideCoSignRequired: false, eligibilityExpiryDays: 14 });
    expect(await stored(other.id)).toEqual({ days: 14, coSign: false });

    expect(await stored(clinic.id)).toEqual({ days: 90, coSign: false });
    expect(await settingsAudits(clinic.id)).toEqual([]);
  });

  it("a decision recorded after the change expires after the new N days; one recorded before keeps its expiry", async () => {
    const clinic = await makeClinic();
    const admin = await staffSession(clinic.id, ["admin"]);
    const provider = await staffSession(clinic.id, ["provider"]);
    const first = await evaluated(clinic.id, provider);
    const second = await evaluated(clinic.id, provider);
    const decide = (e: { patientId: string; noteId: string }) =>
      provider.caller.decision.record({ patientId: e.patientId, noteId: e.noteId, outcome: "eligible_at_home", attestations: CUFF, idempotencyKey: key() });

    const before = await decide(first);
    expect(before.expiresAt.getTime() - before.decidedAt.getTime()).toBe(90 * DAY_MS);

    await admin.caller.clinic.updateEligibility({ eligibilityExpiryDays: 30 });
    const after = await decide(second);
    expect(after.expiresAt.getTime() - after.decidedAt.getTime()).toBe(30 * DAY_MS);

    // The earlier decision keeps the expiry fixed when it was recorded.
    const earlier = (await provider.caller.decision.current({ patientId: first.patientId })).decision!;
    expect(earlier.id).toBe(before.id);
    expect(earlier.expiresAt).toEqual(before.expiresAt);
    expect(earlier.status.status).toBe("current");
    const rows = await testDb().select({ id: schema.eligibilityDecision.id, expiresAt: schema.eligibilityDecision.expiresAt }).from(schema.eligibilityDecision).where(eq(schema.eligibilityDecision.clinicId, clinic.id));
    expect(Object.fromEntries(rows.map((r) => [r.id, r.expiresAt.getTime()]))).toEqual({ [before.id]: before.expiresAt.getTime(), [after.id]: after.expiresAt.getTime() });
    // Staff see the same expiry (existence), without the outcome.
    expect(await admin.caller.decision.existence({ patientId: second.patientId })).toMatchObject({ exists: true, expiresAt: after.expiresAt });
  });
});

