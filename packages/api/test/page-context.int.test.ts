// A server component's prefetch (the apps' trpc/server.ts) calls procedures in process with
// handlers.pageContext: the same caller and clinic as an API request, one audit row per read,
// and never a slid session, since a page cannot send the refreshed cookie.
import { schema } from "@clearwell/db/client";
import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";

import { createHandlers } from "../src/http";
import { createProviderCaller } from "../src/root-provider";
import { PATIENT_URL, PROVIDER_URL, makeClinic, makePatient, staffSession, testAuth, testDb, testVideo } from "./harness";

const provider = createHandlers({ db: testDb(), auth: testAuth("provider"), providerAppUrl: PROVIDER_URL, patientAppUrl: PATIENT_URL, mailer: { send: async () => {} }, video: testVideo() });

const sessionExpiry = async (userId: string) =>
  (await testDb().select({ expiresAt: schema.session.expiresAt }).from(schema.session).where(eq(schema.session.userId, userId)))[0]!.expiresAt.getTime();

const chartReads = async (patientId: string) =>
  testDb()
    .select()
    .from(schema.auditEvent)
    .where(and(eq(schema.auditEvent.patientId, patientId), eq(schema.auditEvent.action, "chart.read")));

describe("the page context of a server-side prefetch", () => {
  it("acts as the signed-in clinician in their clinic, audits the read once, and does not slide the session", async () => {
    const clinic = await makeClinic();
    const s = await staffSession(clinic.id, ["provider"]);
    const p = await makePatient(clinic.id);
    await testDb().insert(schema.careTeamMember).values({ clinicId: clinic.id, patientId: p.patient.id, userId: s.user.id, role: "primary_provider" });
    // A session due to slide: a request that counted as activity would extend it.
    await testDb().update(schema.session).set({ expiresAt: sql`now() + interval '5 minutes'` }).where(eq(schema.session.userId, s.user.id));
    const before = await sessionExpiry(s.user.id);

    const ctx = await provider.pageContext(s.headers);
    expect(ctx.session?.userId).toBe(s.user.id);
    expect(ctx.staff?.active?.clinicId).toBe(clinic.id);
    expect(ctx.setCookies).toEqual([]);
    const chart = await createProviderCaller(ctx).chart.get({ patientId: p.patient.id });
    expect(chart.header.id).toBe(p.patient.id);

    const reads = await chartReads(p.patient.id);
    expect(reads).toHaveLength(1);
    expect(reads[0]!.actorUserId).toBe(s.user.id);
    expect(await sessionExpiry(s.user.id)).toBe(before);
  });

  it("refuses a chart outside the clinician's care as the API does", async () => {
    const clinic = await makeClinic();
    const s = await staffSession(clinic.id, ["provider"]);
    const p = await makePatient(clinic.id);
    const ctx = await provider.pageContext(s.headers);
    await expect(createProviderCaller(ctx).chart.get({ patientId: p.patient.id })).rejects.toMatchObject({ code: expect.stringMatching(/FORBIDDEN|NOT_FOUND/) });
  });
});
