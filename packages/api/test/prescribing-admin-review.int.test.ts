import { randomUUID } from "node:crypto";

import { addCalendarDays, clinicToday } from "@clearwell/clinical";
import { schema } from "@clearwell/db/client";
import { QUEUES, SCHEDULES } from "@clearwell/db/jobs";
import { and, eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";

import { compileEpcsDay, compileEpcsReviews, flagReason } from "../src/services/prescribing-admin/epcs-review";
import { handleRxInbound } from "../src/services/transmission/inbound";
import { refusalOf } from "./decision-fixtures";
import { makeClinic, ownerDb, staffSession, testDb } from "./harness";
import { SECRET, inboundRequest } from "./transmission-fixtures";
import { auditRows, decidedPatient, deaNumber, inDays, pharmacyInput, signedPrescription, totpStaff, trocheEntry, verifiedDea } from "./prescribing-admin-fixtures";

const DAY_MS = 86_400_000;

describe("the daily EPCS audit review (21 CFR 1311.150)", () => {
  it("is a pg-boss cron job: hourly, one at a time, so each clinic's day is compiled soon after its own midnight", () => {
    expect(SCHEDULES).toContainEqual({ queue: "epcs.daily-review", cron: "5 * * * *" });
    expect(QUEUES["epcs.daily-review"]).toMatchObject({ policy: "singleton" });
  });

  it("flags what 1311.150 names: refusals, signing failures, replays and access-control changes", () => {
    expect(flagReason("epcs.credential.verified", "denied")).toBe("denied");
    expect(flagReason("epcs.rx.sign", "denied")).toBe("signing_failure");
    expect(flagReason("epcs.rx.sign", "error")).toBe("signing_failure");
    expect(flagReason("epcs.rx.sign", "success")).toBeNull();
    expect(flagReason("epcs.totp.replay", "denied")).toBe("totp_replay");
    expect(flagReason("epcs.outbox.replay", "success")).toBe("outbox_replay");
    expect(flagReason("epcs.access.entered", "success")).toBe("access_control_change");
    expect(flagReason("epcs.access.approved", "success")).toBe("access_control_change");
    expect(flagReason("epcs.credential.recorded", "success")).toBeNull();
    expect(flagReason("epcs.rx.ready", "success")).toBeNull();
    // Beside epcs.*: a refused inbound SCRIPT message (bad or stale signature, or not from the pharmacy) and a settings change.
    expect(flagReason("rx.inbound.refused", "denied")).toBe("inbound_refused");
    expect(flagReason("rx.inbound.rejected", "denied")).toBe("inbound_refused");
    expect(flagReason("prescribing.settings.update", "success")).toBe("settings_change");
    expect(flagReason("prescribing.settings.update", "denied")).toBe("denied");
    expect(flagReason("rx.inbound", "success")).toBeNull();
  });

  it("compiles a clinic day's EPCS events once, flags a denied event and the access changes; an admin assesses each finding once", async () => {
    const clinic = await makeClinic();
    const [adminA, adminB] = [await staffSession(clinic.id, ["admin"]), await staffSession(clinic.id, ["admin"])];
    const subject = await totpStaff(clinic.id, ["prescriber"]);
    const dea = await adminA.caller.prescriber.saveDea({ userId: subject.user.id, number: deaNumber(), state: "CO", schedules: ["3N"], expiresOn: inDays(365) });
    // A refused verification (by the recorder): an attempted unauthorized change, flagged "denied".
    expect(await refusalOf(adminA.caller.prescriber.verifyCredential({ kind: "dea", id: dea.id, note: "Mine." }))).toMatchObject({ code: "FORBIDDEN" });
    await adminB.caller.prescriber.verifyCredential({ kind: "dea", id: dea.id, note: "DEA lookup." });
    const change = await adminA.caller.epcs.enterChange({ subjectUserId: subject.user.id, action: "grant", reason: "Start." });
    await adminA.caller.epcs.withdrawChange({ id: change.id });

    const [deniedEvent] = (await auditRows(clinic.id, "epcs.credential.verified")).filter((a) => a.outcome === "denied");
    const reportDate = clinicToday(deniedEvent!.occurredAt, clinic.timezone);
    const later = new Date(Date.now() + 2 * DAY_MS);
    const first = await compileEpcsDay(testDb(), clinic, reportDate, later);
    expect(first).toMatchObject({ created: true });
    // Idempotent: a rerun (another worker, a retry, the next hour) writes nothing.
    expect(await compileEpcsDay(testDb(), clinic, reportDate, later)).toEqual({ created: false, flagged: 0 });
    // The job compiles every clinic's previous day: for this clinic that is the same day, already done.
    const nextNoon = new Date(`${addCalendarDays(reportDate, 1)}T19:00:00Z`);
    await compileEpcsReviews(testDb(), nextNoon);
    const reports = await testDb().select().from(schema.epcsAuditReport).where(eq(schema.epcsAuditReport.clinicId, clinic.id));
    expect(reports).toHaveLength(1);
    // A day that has not ended is never compiled.
    await expect(compileEpcsDay(testDb(), clinic, clinicToday(new Date(), clinic.timezone), new Date())).rejects.toThrow();

    const { items } = await adminA.caller.epcs.reports({ from: reportDate, to: reportDate });
    expect(items).toHaveLength(1);
    const summary = items[0]!;
    const report = await adminA.caller.epcs.report({ id: summary.id });
    // Inbound messages refused at the shared endpoint (no clinic) are in every clinic's review: other
    // test files post forged ones on this day too, each a flagged event of the report.
    const network = report.findings.filter((f) => f.action === "rx.inbound.refused").length;
    // recorded, verified (denied), verified, entered, withdrawn; flagged: the refusal and the two access changes.
    expect(summary).toMatchObject({ reportDate, eventCount: 5 + network, flaggedCount: 3 + network });
    expect(summary.unassessedCount).toBe(summary.flaggedCount);
    const byEvent = new Map(report.findings.map((f) => [f.auditEventId, f]));
    expect(byEvent.get(deniedEvent!.id)).toMatchObject({ reason: "denied", action: "epcs.credential.verified", outcome: "denied", actorName: adminA.user.name, assessment: null });
    expect(report.findings.filter((f) => f.reason === "access_control_change").map((f) => f.action).sort()).toEqual(["epcs.access.entered", "epcs.access.withdrawn"]);
    // Every EPCS event of the day is listed; the successful verification is not flagged.
    const verified = report.events.find((e) => e.action === "epcs.credential.verified" && e.outcome === "success");
    expect(verified).toMatchObject({ flagged: false });
    const own = <T extends { action: string }>(x: T[]) => x.filter((e) => e.action !== "rx.inbound.refused");
    expect(own(report.events.filter((e) => e.flagged))).toHaveLength(own(report.findings).length);
    expect(report.truncated).toBe(false);

    const finding = byEvent.get(deniedEvent!.id)!;
    const assessed = await adminB.caller.epcs.assessFinding({ findingId: finding.id, assessment: "not_incident", note: "Recorder tried to verify their own entry; refused as designed." });
    expect(assessed).toMatchObject({ id: finding.id, assessment: "not_incident", assessedByUserId: adminB.user.id, assessedByName: adminB.user.name });
    expect(await refusalOf(adminA.caller.epcs.assessFinding({ findingId: finding.id, assessment: "incident", note: "Changing my mind." }))).toMatchObject({ code: "CONFLICT" });
    expect((await adminA.caller.epcs.reports({ from: reportDate, to: reportDate })).items[0]!.unassessedCount).toBe(summary.flaggedCount - 1);
    // The database keeps an assessment as made.
    await expect(ownerDb().update(schema.epcsAuditFinding).set({ assessment: "incident" }).where(eq(schema.epcsAuditFinding.id, finding.id))).rejects.toThrow();
    expect((await auditRows(clinic.id, "epcs.finding.assessed")).map((a) => a.resourceId)).toEqual([finding.id]);
    expect((await auditRows(clinic.id, "audit.epcs_report.read")).length).toBeGreaterThanOrEqual(1);

    // Admins only; another clinic's report is not found.
    for (const role of ["provider", "prescriber", "staff"] as const) {
      const s = await staffSession(clinic.id, [role]);
      expect(await refusalOf(s.caller.epcs.reports({ from: reportDate, to: reportDate })), role).toMatchObject({ code: "FORBIDDEN" });
      expect(await refusalOf(s.caller.epcs.report({ id: summary.id })), role).toMatchObject({ code: "FORBIDDEN" });
      expect(await refusalOf(s.caller.epcs.assessFinding({ findingId: finding.id, assessment: "incident", note: "Not mine to say." })), role).toMatchObject({ code: "FORBIDDEN" });
    }
    const other = await makeClinic();
    const otherAdmin = await staffSession(other.id, ["admin"]);
    expect(await refusalOf(otherAdmin.caller.epcs.report({ id: summary.id }))).toMatchObject({ code: "NOT_FOUND" });
    const open = own(report.findings).find((f) => f.id !== finding.id)!;
    expect(await refusalOf(otherAdmin.caller.epcs.assessFinding({ findingId: open.id, assessment: "incident", note: "Not our clinic." }))).toMatchObject({ code: "NOT_FOUND" });
    expect((await otherAdmin.caller.epcs.reports({ from: reportDate, to: reportDate })).items.every((r) => r.id !== summary.id)).toBe(true);
  });
});

describe("the daily EPCS review beyond epcs.* events", () => {
  it("flags the clinic's prescribing-settings changes and inbound SCRIPT messages refused for a bad or stale signature; another clinic's settings are not in it", async () => {
    const clinic = await makeClinic();
    const other = await makeClinic();
    const admin = await staffSession(clinic.id, ["admin"]);
    const otherAdmin = await staffSession(other.id, ["admin"]);
    await admin.caller.prescribingSettings.update({ ackStatusMap: { errors: { "600": "terminal" } }, pendingAlertMinutes: 10 });
    await otherAdmin.caller.prescribingSettings.update({ pendingAlertMinutes: 15 });
    // Refused at the endpoint before anything is parsed: a wrong signature and a replay outside the time window.
    const requestIds = [`review-forged-${randomUUID()}`, `review-stale-${randomUUID()}`];
    const opts = { secret: SECRET, maxBytes: 64 * 1024 };
    const meta = (requestId: string) => ({ requestId, ipAddress: "203.0.113.9", userAgent: "test" });
    const forged = inboundRequest({ type: "Status", code: "010" }, randomUUID(), { secret: "another-secret-of-enough-length-0123456789" });
    const stale = inboundRequest({ type: "Status", code: "010" }, randomUUID(), { timestampMs: Date.now() - 10 * 60_000 });
    expect(await handleRxInbound(testDb(), await forged.text(), forged.headers, meta(requestIds[0]!), opts)).toMatchObject({ status: 401 });
    expect(await handleRxInbound(testDb(), await stale.text(), stale.headers, meta(requestIds[1]!), opts)).toMatchObject({ status: 401 });
    const refused = await testDb().select().from(schema.auditEvent).where(and(eq(schema.auditEvent.action, "rx.inbound.refused"), inArray(schema.auditEvent.requestId, requestIds)));
    expect(refused.map((r) => [r.clinicId, r.outcome, (r.detail as { reason: string }).reason]).sort()).toEqual([
      [null, "denied", "mismatch"],
      [null, "denied", "stale"],
    ]);

    const [change] = await auditRows(clinic.id, "prescribing.settings.update");
    const reportDate = clinicToday(change!.occurredAt, clinic.timezone);
    expect(await compileEpcsDay(testDb(), clinic, reportDate, new Date(Date.now() + 2 * DAY_MS))).toMatchObject({ created: true });
    const [summary] = (await admin.caller.epcs.reports({ from: reportDate, to: reportDate })).items;
    const report = await admin.caller.epcs.report({ id: summary!.id });
    const byEvent = new Map(report.findings.map((f) => [f.auditEventId, f]));
    expect(byEvent.get(change!.id)).toMatchObject({ reason: "settings_change", action: "prescribing.settings.update", actorName: admin.user.name, assessment: null });
    expect(byEvent.get(change!.id)!.detail).toMatchObject({ pendingAlertMinutes: { from: 5, to: 10 }, ackStatusMap: { from: null, to: { errors: { "600": "terminal" } } } });
    for (const r of refused) expect(byEvent.get(r.id), r.requestId ?? "").toMatchObject({ reason: "inbound_refused", action: "rx.inbound.refused", outcome: "denied", actorName: null });
    // Only this clinic's settings change: the other clinic's is in its own review.
    expect(report.findings.filter((f) => f.action === "prescribing.settings.update")).toHaveLength(1);
    expect(report.events.filter((e) => e.action === "prescribing.settings.update").map((e) => e.auditEventId)).toEqual([change!.id]);
    // A refused message found in a review is assessed like any finding.
    const finding = byEvent.get(refused[0]!.id)!;
    expect(await admin.caller.epcs.assessFinding({ findingId: finding.id, assessment: "not_incident", note: "Test traffic with a wrong key." })).toMatchObject({ id: finding.id, assessment: "not_incident" });
  });
});

describe("monthly controlled-substance prescription log (21 CFR 1311.120(b))", () => {
  it("lists one prescriber's signed prescriptions of the month, sortable by patient, drug and date; admins and the prescriber themself only", async () => {
    const clinic = await makeClinic();
    const [admin, adminB] = [await staffSession(clinic.id, ["admin"]), await staffSession(clinic.id, ["admin"])];
    const prescriber = await staffSession(clinic.id, ["provider", "prescriber"]);
    const colleague = await staffSession(clinic.id, ["provider", "prescriber"]);
    const t100 = await admin.caller.formulary.save(trocheEntry(100));
    const t200 = await admin.caller.formulary.save(trocheEntry(200));
    const pharmacy = await admin.caller.pharmacy.save(pharmacyInput());
    const dea = await verifiedDea(admin, adminB, prescriber.user.id);
    const colleagueDea = await verifiedDea(admin, adminB, colleague.user.id);
    const zephyr = await decidedPatient(clinic.id, prescriber, "Zephyr");
    const abbott = await decidedPatient(clinic.id, prescriber, "Abbott");

    const rx = (patient: typeof zephyr, drug: typeof t100, writtenDate: string, more: { sign?: boolean; prescriber?: string; dea?: string } = {}) =>
      signedPrescription({
        clinicId: clinic.id,
        patient,
        prescriberUserId: more.prescriber ?? prescriber.user.id,
        deaRegistrationId: more.dea ?? dea,
        formularyEntryId: drug.id,
        pharmacyId: pharmacy.id,
        drugDescription: drug.description,
        writtenDate,
        sign: more.sign,
      });
    const rx1 = await rx(zephyr, t200, "2026-10-03");
    const rx2 = await rx(abbott, t100, "2026-10-20");
    const rx3 = await rx(zephyr, t100, "2026-10-11");
    // Not in the log: another month, a draft, another prescriber's.
    await rx(abbott, t100, "2026-11-01");
    await rx(abbott, t100, "2026-10-15", { sign: false });
    await rx(zephyr, t100, "2026-10-12", { prescriber: colleague.user.id, dea: colleagueDea });

    const log = (sort: "patient" | "drug" | "date", direction: "asc" | "desc" = "asc", as = admin) => as.caller.epcs.monthlyLog({ prescriberUserId: prescriber.user.id, month: "2026-10", sort, direction });
    const ids = async (p: ReturnType<typeof log>) => (await p).items.map((i) => i.prescriptionId);
    expect(await ids(log("date"))).toEqual([rx1, rx3, rx2]);
    expect(await ids(log("date", "desc"))).toEqual([rx2, rx3, rx1]);
    expect(await ids(log("patient"))).toEqual([rx2, rx1, rx3]);
    expect(await ids(log("drug"))).toEqual([rx3, rx2, rx1]);
    const full = await log("date");
    expect(full.prescriber).toEqual({ userId: prescriber.user.id, name: prescriber.user.name });
    expect(full.items[0]).toMatchObject({ drug: "Ketamine HCl 200 mg sublingual troche, compounded", patientName: expect.stringContaining("Zephyr"), quantity: 8, quantityUnit: "troche", refills: 0, writtenDate: "2026-10-03", status: "signed", pharmacyName: "Test Compounding" });
    expect((await admin.caller.epcs.monthlyLog({ prescriberUserId: prescriber.user.id, month: "2026-09" })).items).toEqual([]);

    // The prescriber reads their own log; not a colleague's (refused and audited).
    expect(await ids(log("date", "asc", prescriber))).toEqual([rx1, rx3, rx2]);
    expect(await refusalOf(log("date", "asc", colleague))).toMatchObject({ code: "FORBIDDEN" });
    const [denial] = await testDb()
      .select()
      .from(schema.auditEvent)
      .where(and(eq(schema.auditEvent.actorUserId, colleague.user.id), eq(schema.auditEvent.action, "prescription.log.read")));
    expect(denial).toMatchObject({ outcome: "denied", resourceId: prescriber.user.id });
    expect((await colleague.caller.epcs.monthlyLog({ prescriberUserId: colleague.user.id, month: "2026-10" })).items).toHaveLength(1);
    // Providers without the prescriber role and front-desk staff are refused; another clinic does not know the prescriber.
    for (const role of ["provider", "staff"] as const) {
      const s = await staffSession(clinic.id, [role]);
      expect(await refusalOf(s.caller.epcs.monthlyLog({ prescriberUserId: prescriber.user.id, month: "2026-10" })), role).toMatchObject({ code: "FORBIDDEN" });
    }
    const other = await makeClinic();
    const otherAdmin = await staffSession(other.id, ["admin"]);
    expect(await refusalOf(otherAdmin.caller.epcs.monthlyLog({ prescriberUserId: prescriber.user.id, month: "2026-10" }))).toMatchObject({ code: "NOT_FOUND" });
    expect(await refusalOf(admin.caller.epcs.monthlyLog({ prescriberUserId: prescriber.user.id, month: "2026-13" }))).toMatchObject({ code: "BAD_REQUEST" });
  });
});
