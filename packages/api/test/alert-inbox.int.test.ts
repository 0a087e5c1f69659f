import { ruleA1, ruleA3, ruleA7, ruleA8, ruleA10 } from "@clearwell/clinical";
import { schema } from "@clearwell/db/client";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";

import { alertRow, alertWorld, alertsOf, auditOf, eventsOf, mailsTo, raise, signedNoteOf } from "./alert-fixtures";
import { makeClinic, makePatient, staffSession, testDb } from "./harness";

const BP = { bpSystolicMax: 140, bpDiastolicMax: 90, bpUrgentSystolic: 180, bpUrgentDiastolic: 120 };
const A3_HIGH = ruleA3({ reading: { systolic: 150, diastolic: 95 }, afterRecheck: true }, BP)!;
const A3_URGENT = ruleA3({ reading: { systolic: 185, diastolic: 100 }, afterRecheck: false }, BP)!;

describe("raising (DOMAIN.md §7: dedupe per patient, type and open window; owner, SLA, routing)", () => {
  it("dedupes while one is open, upgrades its severity when a worse hit comes, and opens a new one after resolve", async () => {
    const w = await alertWorld();
    const t0 = new Date();
    const first = await raise(w.clinic.id, w.p.patient.id, A3_HIGH, { now: t0 });
    expect(first.alertId).toBeTruthy();
    const again = await raise(w.clinic.id, w.p.patient.id, A3_HIGH);
    expect(again).toEqual({ alertId: null, openAlertId: first.alertId, upgraded: false });
    expect(await alertsOf(w.p.patient.id)).toHaveLength(1);
    expect(await auditOf(w.clinic.id, "alert.deduplicated")).toHaveLength(1);

    // The owner is the primary provider, with the high SLA (480 min) from the clinic's settings.
    const row = await alertRow(first.alertId!);
    expect(row).toMatchObject({ ownerUserId: w.provider.user.id, tier: 0, clinical: true, severity: "high", neutralSummary: "An item needs follow-up" });
    expect(row.slaDueAt!.getTime() - t0.getTime()).toBe(480 * 60_000);

    // An urgent reading while the high one is open: the same alert, now critical, paged to on-call.
    const worse = await raise(w.clinic.id, w.p.patient.id, A3_URGENT);
    expect(worse).toMatchObject({ alertId: null, openAlertId: first.alertId, upgraded: true });
    expect(await alertRow(first.alertId!)).toMatchObject({ severity: "critical", neutralSummary: "An urgent item needs a clinician" });
    expect((await mailsTo(w.onCall.user.email)).map((m) => m.subject)).toEqual([expect.stringMatching(/urgent/)]);

    // Another patient's alert of the same rule is separate.
    expect((await raise(w.clinic.id, w.other.patient.id, A3_HIGH)).alertId).toBeTruthy();

    const note = await signedNoteOf(w.clinic.id, w.p.patient.id, w.provider.user.id);
    await w.provider.caller.alert.resolve({ alertId: first.alertId!, code: "reviewed_no_action", noteId: note });
    const reopened = await raise(w.clinic.id, w.p.patient.id, A3_HIGH);
    expect(reopened.alertId).toBeTruthy();
    expect(reopened.alertId).not.toBe(first.alertId);
  });

  it("concurrent hits of one rule make one alert", async () => {
    const w = await alertWorld();
    const results = await Promise.all(Array.from({ length: 6 }, () => raise(w.clinic.id, w.p.patient.id, A3_HIGH)));
    expect(results.filter((r) => r.alertId)).toHaveLength(1);
    expect(await alertsOf(w.p.patient.id)).toHaveLength(1);
  });

  it("a critical alert for a patient with no clinician goes to the on-call clinician, who joins the care team and may open the chart", async () => {
    const w = await alertWorld();
    const lone = await makePatient(w.clinic.id);
    const { alertId } = await raise(w.clinic.id, lone.patient.id, ruleA1({ item9: 2 })!);
    expect(await alertRow(alertId!)).toMatchObject({ ownerUserId: w.onCall.user.id, tier: 1, detail: { item9: 2, pageBackup: true } });
    const team = await testDb().select().from(schema.careTeamMember).where(eq(schema.careTeamMember.patientId, lone.patient.id));
    // Item 9 >= 2 pages the backup too: both can open the chart.
    expect(team.map((m) => [m.userId, m.role]).sort()).toEqual([[w.onCall.user.id, "on_call"], [w.backup.user.id, "on_call"]].sort());
    expect(await auditOf(w.clinic.id, "care_team.on_call")).toHaveLength(2);
    await expect(w.onCall.caller.chart.get({ patientId: lone.patient.id })).resolves.toMatchObject({ header: { id: lone.patient.id } });
    expect((await eventsOf(alertId!)).map((e) => e.kind)).toEqual(["raised", "routed", "routed"]);
    // Neutral mail only: a link, no health information.
    const [mail] = await mailsTo(w.onCall.user.email);
    expect(mail!.text).toMatch(/\/alerts\?alert=/);
    expect(mail!.text + mail!.subject).not.toMatch(/PHQ|item 9|self-harm|suicid/i);
  });

  it("a critical alert for a patient with a clinician stays with them and pages the on-call too", async () => {
    const w = await alertWorld();
    const { alertId } = await raise(w.clinic.id, w.p.patient.id, ruleA1({ item9: 1 })!);
    expect(await alertRow(alertId!)).toMatchObject({ ownerUserId: w.provider.user.id, tier: 0, severity: "critical" });
    expect((await w.onCall.caller.alert.get({ alertId: alertId! })).view).toBe("clinical");
    expect(await mailsTo(w.provider.user.email)).toHaveLength(1);
    expect(await mailsTo(w.onCall.user.email)).toHaveLength(1);
    // Not paged: the backup (item 9 = 1).
    expect(await mailsTo(w.backup.user.email)).toHaveLength(0);
  });
});

describe("minimum necessary (DOMAIN.md §1): who sees which alerts", () => {
  async function seeded() {
    const w = await alertWorld();
    const a1 = (await raise(w.clinic.id, w.p.patient.id, ruleA1({ item9: 1 })!)).alertId!;
    const a7 = (await raise(w.clinic.id, w.p.patient.id, ruleA7({ consecutiveMissed: 1 })!)).alertId!;
    const a8 = (await raise(w.clinic.id, w.other.patient.id, ruleA8({ appointmentKind: "follow_up", status: "no_show", startsAt: new Date() })!)).alertId!;
    const a10 = (await raise(w.clinic.id, w.other.patient.id, ruleA10({ scheduledDate: "2026-11-20", sessionSequence: 2 }))).alertId!;
    return { ...w, a1, a7, a8, a10 };
  }

  it("the patient's clinician sees every alert of their patients with the clinical summary", async () => {
    const w = await seeded();
    const list = await w.provider.caller.alert.list({ scope: "open" });
    expect(list.items.map((r) => r.id).sort()).toEqual([w.a1, w.a7, w.a8, w.a10].sort());
    // Most severe first.
    expect(list.items[0]).toMatchObject({ id: w.a1, view: "clinical", type: "A1", severity: "critical", summary: expect.stringMatching(/PHQ-9 item 9/), canAcknowledge: true, canResolve: true });
    const detail = await w.provider.caller.alert.get({ alertId: w.a1 });
    expect(detail).toMatchObject({ view: "clinical", detail: { item9: 1 }, patient: { id: w.p.patient.id } });
    expect(await w.provider.caller.alert.counts()).toEqual({ open: 4, critical: 1, escalated: 0, mine: 4 });
    expect((await w.provider.caller.alert.list({ scope: "open", patientId: w.other.patient.id })).items.map((r) => r.id).sort()).toEqual([w.a8, w.a10].sort());
  });

  it("admin and staff see only non-clinical alerts, in neutral words, never a clinical summary or type", async () => {
    const w = await seeded();
    for (const who of [w.admin, w.staff]) {
      const list = await who.caller.alert.list({ scope: "open" });
      expect(list.items.map((r) => r.id).sort()).toEqual([w.a7, w.a8].sort());
      for (const r of list.items) {
        expect(r.view).toBe("neutral");
        expect(r.clinical).toBe(false);
        expect(["A check-in is overdue", "A follow-up visit was missed; rebook it"]).toContain(r.summary);
      }
      const text = JSON.stringify(list);
      expect(text).not.toMatch(/A1|A10|PHQ|item 9|self-harm|Session 2/);
      const detail = await who.caller.alert.get({ alertId: w.a7 });
      expect(detail).toMatchObject({ view: "neutral", detail: null, summary: "A check-in is overdue" });
      await expect(who.caller.alert.get({ alertId: w.a1 })).rejects.toMatchObject({ code: "NOT_FOUND" });
      await expect(who.caller.alert.get({ alertId: w.a10 })).rejects.toMatchObject({ code: "NOT_FOUND" });
      expect(await who.caller.alert.counts()).toEqual({ open: 2, critical: 0, escalated: 0, mine: 0 });
    }
  });

  it("an unassigned clinician sees nothing of the patient; the on-call sees the critical one routed to them", async () => {
    const w = await seeded();
    expect((await w.colleague.caller.alert.list({ scope: "open" })).items).toEqual([]);
    expect(await w.colleague.caller.alert.counts()).toEqual({ open: 0, critical: 0, escalated: 0, mine: 0 });
    await expect(w.colleague.caller.alert.get({ alertId: w.a1 })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(w.colleague.caller.alert.acknowledge({ alertId: w.a1 })).rejects.toMatchObject({ code: "NOT_FOUND" });
    // The on-call was paged for the critical A1 and joined the care team: they see the patient's alerts.
    const onCall = await w.onCall.caller.alert.list({ scope: "open" });
    expect(onCall.items.map((r) => r.id)).toContain(w.a1);
    expect(onCall.items.map((r) => r.patient.id)).not.toContain(w.other.patient.id);
    // Another clinic's caller finds nothing.
    const elsewhere = await staffSession((await makeClinic()).id, ["provider"]);
    await expect(elsewhere.caller.alert.get({ alertId: w.a1 })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await elsewhere.caller.alert.list({ scope: "open" })).items).toEqual([]);
  });

  it("pages with a cursor, most severe first, without repeats", async () => {
    const w = await seeded();
    const page1 = await w.provider.caller.alert.list({ scope: "open", limit: 3 });
    expect(page1.items).toHaveLength(3);
    expect(page1.nextCursor).toBeTruthy();
    const page2 = await w.provider.caller.alert.list({ scope: "open", limit: 3, cursor: page1.nextCursor! });
    expect(page2.items).toHaveLength(1);
    expect(page2.nextCursor).toBeNull();
    expect(new Set([...page1.items, ...page2.items].map((r) => r.id)).size).toBe(4);
    await expect(w.provider.caller.alert.list({ scope: "open", cursor: "nonsense\u0000" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("alert.onChange pushes the caller's counts when an alert of the clinic changes", async () => {
    const w = await alertWorld();
    const clinician = (await w.provider.caller.alert.onChange())[Symbol.asyncIterator]();
    const staff = (await w.staff.caller.alert.onChange())[Symbol.asyncIterator]();
    expect((await clinician.next()).value).toEqual({ open: 0, critical: 0, escalated: 0, mine: 0 });
    expect((await staff.next()).value).toEqual({ open: 0, critical: 0, escalated: 0, mine: 0 });
    const { alertId } = await raise(w.clinic.id, w.p.patient.id, ruleA1({ item9: 1 })!);
    expect((await clinician.next()).value).toEqual({ open: 1, critical: 1, escalated: 0, mine: 1 });
    // Staff are pushed too (their counts changed by nothing they may see).
    expect((await staff.next()).value).toEqual({ open: 0, critical: 0, escalated: 0, mine: 0 });
    await w.provider.caller.alert.acknowledge({ alertId: alertId! });
    expect((await clinician.next()).value).toEqual({ open: 1, critical: 1, escalated: 0, mine: 1 });
    await clinician.return?.();
    await staff.return?.();
  });

  it("every read is audited: one row per request naming the patients shown", async () => {
    const w = await seeded();
    await w.admin.caller.alert.list({ scope: "open" });
    const rows = await testDb()
      .select()
      .from(schema.auditEvent)
      .where(and(eq(schema.auditEvent.actorUserId, w.admin.user.id), eq(schema.auditEvent.action, "alert.list")));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.patientIds!.sort()).toEqual([w.p.patient.id, w.other.patient.id].sort());
  });
});

describe("working an alert (DOMAIN.md §1 matrix, §2 alert state machine)", () => {
  it("resolving a clinical alert needs a signed note of that patient or an outreach record written with it", async () => {
    const w = await alertWorld();
    const { alertId } = await raise(w.clinic.id, w.p.patient.id, A3_HIGH);
    const id = alertId!;
    await expect(w.provider.caller.alert.resolve({ alertId: id, code: "reviewed_no_action" })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/signed note or an outreach record/) });
    const othersNote = await signedNoteOf(w.clinic.id, w.other.patient.id, w.provider.user.id);
    await expect(w.provider.caller.alert.resolve({ alertId: id, code: "reviewed_no_action", noteId: othersNote })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/signed note of this patient/) });
    // Staff may not resolve a clinical alert.
    await expect(w.staff.caller.alert.resolve({ alertId: id, code: "reviewed_no_action", outreach: { method: "phone", reached: false, plan: "Try again tomorrow" } })).rejects.toMatchObject({ code: "FORBIDDEN" });
    // An outreach record that reached the patient needs a risk assessment (field named).
    await expect(w.provider.caller.alert.resolve({ alertId: id, code: "outreach_completed", outreach: { method: "phone", reached: true, plan: "Recheck BP" } })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/risk assessment/) });
    expect((await alertRow(id)).status).toBe("open");

    const done = await w.provider.caller.alert.resolve({
      alertId: id,
      code: "outreach_completed",
      outreach: { method: "phone", reached: true, riskAssessment: "Asymptomatic; no headache or chest pain.", plan: "Recheck BP in 2 days; hold session." },
    });
    expect(done).toMatchObject({ id, status: "resolved", resolutionCode: "outreach_completed", regimenResumed: false });
    const row = await alertRow(id);
    expect(row.outreachId).toBeTruthy();
    const [outreach] = await testDb().select().from(schema.outreachRecord).where(eq(schema.outreachRecord.id, row.outreachId!));
    expect(outreach).toMatchObject({ alertId: id, authorUserId: w.provider.user.id, method: "phone", reached: true });
    expect((await eventsOf(id)).map((e) => e.kind)).toEqual(["raised", "resolved"]);
    // Resolved is terminal.
    await expect(w.provider.caller.alert.resolve({ alertId: id, code: "duplicate", noteId: await signedNoteOf(w.clinic.id, w.p.patient.id, w.provider.user.id) })).rejects.toMatchObject({ code: "CONFLICT" });
    const detail = await w.provider.caller.alert.get({ alertId: id });
    expect(detail.resolution).toMatchObject({ code: "outreach_completed", outreach: { method: "phone", riskAssessment: expect.stringMatching(/Asymptomatic/) } });
  });

  it("a signed note of the patient closes a clinical alert", async () => {
    const w = await alertWorld();
    const { alertId } = await raise(w.clinic.id, w.p.patient.id, A3_HIGH);
    const note = await signedNoteOf(w.clinic.id, w.p.patient.id, w.provider.user.id);
    expect(await w.provider.caller.alert.get({ alertId: alertId! })).toMatchObject({ signedNotes: [{ id: note }] });
    await w.provider.caller.alert.resolve({ alertId: alertId!, code: "reviewed_no_action", noteId: note, comment: "BP reviewed" });
    expect(await alertRow(alertId!)).toMatchObject({ status: "resolved", resolutionNoteId: note, resolvedByUserId: w.provider.user.id });
  });

  it("staff acknowledge and resolve non-clinical alerts; admins may not, and nobody but clinicians acknowledges a critical one", async () => {
    const w = await alertWorld();
    const a8 = (await raise(w.clinic.id, w.p.patient.id, ruleA8({ appointmentKind: "follow_up", status: "no_show", startsAt: new Date() })!)).alertId!;
    const a1 = (await raise(w.clinic.id, w.p.patient.id, ruleA1({ item9: 1 })!)).alertId!;
    await expect(w.admin.caller.alert.acknowledge({ alertId: a8 })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(w.admin.caller.alert.resolve({ alertId: a8, code: "rebooked" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(w.staff.caller.alert.acknowledge({ alertId: a1 })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await w.staff.caller.alert.acknowledge({ alertId: a8 })).toMatchObject({ status: "acknowledged", ownerUserId: w.staff.user.id });
    // Twice: a no-op.
    expect(await w.staff.caller.alert.acknowledge({ alertId: a8 })).toMatchObject({ status: "acknowledged" });
    // Staff link no notes (clinical records); "rebooked" needs no record for a non-clinical alert.
    const note = await signedNoteOf(w.clinic.id, w.p.patient.id, w.provider.user.id);
    await expect(w.staff.caller.alert.resolve({ alertId: a8, code: "rebooked", noteId: note })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(await w.staff.caller.alert.resolve({ alertId: a8, code: "rebooked" })).toMatchObject({ status: "resolved" });
    // "Rebooked" closes only a missed-visit alert.
    await expect(w.provider.caller.alert.resolve({ alertId: a1, code: "rebooked", noteId: note })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("escalation by hand: tier by tier to on-call and backup, also from acknowledged; admins only what they see", async () => {
    const w = await alertWorld();
    const a3 = (await raise(w.clinic.id, w.p.patient.id, A3_HIGH)).alertId!;
    const a7 = (await raise(w.clinic.id, w.p.patient.id, ruleA7({ consecutiveMissed: 1 })!)).alertId!;
    await expect(w.admin.caller.alert.escalate({ alertId: a3, reason: "owner_unavailable" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await w.provider.caller.alert.escalate({ alertId: a3, reason: "owner_unavailable" })).toMatchObject({ status: "escalated", tier: 1, ownerUserId: w.onCall.user.id });
    // Now escalated: the admin sees one neutral line (no rule id, severity or summary) and may escalate it on.
    const line = (await w.admin.caller.alert.list({ scope: "escalated" })).items.find((r) => r.id === a3)!;
    expect(line).toMatchObject({ view: "escalation", type: null, severity: null, summary: "An item needs follow-up", canAcknowledge: false, canResolve: false, canEscalate: true });
    expect(JSON.stringify(await w.admin.caller.alert.get({ alertId: a3 }))).not.toMatch(/[Bb]lood pressure|"A3"|150\/95/);
    expect(await w.admin.caller.alert.escalate({ alertId: a3, reason: "needs_urgent_review" })).toMatchObject({ tier: 2, ownerUserId: w.backup.user.id });
    await expect(w.admin.caller.alert.escalate({ alertId: a3, reason: "other" })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/last tier/) });
    // The new owners joined the care team; the admin was told each time (neutral mail).
    expect((await mailsTo(w.admin.user.email)).map((m) => m.subject)).toEqual([expect.stringMatching(/escalated/), expect.stringMatching(/escalated/)]);
    expect(await mailsTo(w.backup.user.email)).toHaveLength(1);
    // Staff escalate the non-clinical one they see, acknowledged or not (DOMAIN.md §2: acknowledged -> escalated by a person);
    // the next tier acknowledges it again.
    await w.staff.caller.alert.acknowledge({ alertId: a7 });
    expect(await w.staff.caller.alert.escalate({ alertId: a7, reason: "owner_unavailable" })).toMatchObject({ status: "escalated", tier: 1, ownerUserId: w.onCall.user.id });
    expect(await w.onCall.caller.alert.acknowledge({ alertId: a7 })).toMatchObject({ status: "acknowledged", ownerUserId: w.onCall.user.id });
  });

  it("authorization: every alert procedure refuses patients and other roles by policy", async () => {
    const w = await alertWorld();
    const id = (await raise(w.clinic.id, w.p.patient.id, A3_HIGH)).alertId!;
    // Settings: clinicians and admins read, only admins write.
    await expect(w.staff.caller.safetySettings.get()).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(w.provider.caller.safetySettings.update({ slaCriticalMinutes: 30 })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await w.provider.caller.safetySettings.get()).toMatchObject({ slaCriticalMinutes: 60, onCallUserId: w.onCall.user.id, onCallConfigured: true });
    // The acting clinician of another clinic sees nothing; procedures not open to admin refuse by policy.
    await expect(w.admin.caller.alert.resolve({ alertId: id, code: "duplicate" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await auditOf(w.clinic.id, "procedure.denied")).not.toHaveLength(0);
  });
});

describe("safety settings (clinic configuration, DOMAIN.md §7 defaults)", () => {
  it("defaults without a row; an admin changes values one by one, each checked and audited", async () => {
    const clinic = await makeClinic();
    const admin = await staffSession(clinic.id, ["admin"]);
    const provider = await staffSession(clinic.id, ["provider"]);
    const staff = await staffSession(clinic.id, ["staff"]);
    expect(await admin.caller.safetySettings.get()).toMatchObject({ bpSystolicMax: 140, bpDiastolicMax: 90, slaLowMinutes: null, onCallUserId: null, onCallConfigured: false, updatedAt: null });
    await expect(admin.caller.safetySettings.update({ bpUrgentSystolic: 140 })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/urgent top number/) });
    await expect(admin.caller.safetySettings.update({ onCallUserId: staff.user.id })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/provider or prescriber/) });
    await expect(admin.caller.safetySettings.update({ fastingRule: "no\u0000food" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(admin.caller.safetySettings.update({})).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const saved = await admin.caller.safetySettings.update({ bpSystolicMax: 135, onCallUserId: provider.user.id, slaLowMinutes: 2880 });
    expect(saved).toMatchObject({ bpSystolicMax: 135, bpDiastolicMax: 90, onCallUserId: provider.user.id, onCallName: provider.user.name, slaLowMinutes: 2880, updatedByName: admin.user.name });
    const [audit] = await auditOf(clinic.id, "safety.settings.update");
    expect(audit!.detail).toEqual({ bpSystolicMax: { from: 140, to: 135 }, onCallUserId: { from: null, to: provider.user.id }, slaLowMinutes: { from: null, to: 2880 } });
  });
});
