import { createHash, randomUUID } from "node:crypto";

import type { Actor } from "@clearwell/api/actor";
import { openVisitDraft } from "@clearwell/api/services/note/draft-note";
import { schema } from "@clearwell/db/client";
import { and, asc, eq, inArray } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";

// global-setup declares what it provides (the database URLs the harness injects).
import type {} from "../../api/test/global-setup";
import { testAuth, testDb } from "../../api/test/harness";
import { getPrescriber } from "@clearwell/api/services/prescribing-admin/credentials";
import { getPrescribingSettings } from "@clearwell/api/services/prescribing-admin/settings";
import { prescriptionContext } from "@clearwell/api/services/prescription/read";
import { calendarDateIn, sessionsUntilFollowUp } from "@clearwell/clinical";
import { DEMO_PHARMACY, DEMO_PRESCRIBER_EMAIL, DEMO_SECOND_PRESCRIBER_EMAIL } from "./demo-prescribing";
import { createDemoVisit } from "@clearwell/api/services/demo/demo-visit";
import { DEMO_FOLLOW_UP, DEMO_NEXT_FOLLOW_UP, DEMO_VISIT, currentDemoVisit, demoVisitSource, ensureDemoNextFollowUp, ensureDemoVisit } from "./demo-visit";
import { DEMO_REGIMEN, demoRegimenSummary, demoSupportToken } from "./demo-regimen";
import { myRegimen } from "@clearwell/api/services/regimen/patient";
import { supportByToken } from "@clearwell/api/services/support-person/support-person";
import { hashToken } from "@clearwell/api/services/tokens";
import { printLogins } from "./print";
import { CLINICS, PATIENTS, STAFF, seedDemo } from "./index";
import { findSlots } from "@clearwell/api/services/scheduling/find-slots";
import { listStaff } from "@clearwell/api/services/staff/staff";

// The demo seed on the integration run's fresh database (the demo clinics exist once per database),
// through the api tests' harness: its connection (closed after the file) and its provider auth.
const db = testDb();
const auth = () => testAuth("provider");

const userId = async (email: string) => (await db.query.user.findFirst({ where: eq(schema.user.email, email), columns: { id: true } }))!.id;
const patientOf = async (email: string) => (await db.query.patient.findFirst({ where: eq(schema.patient.email, email) }))!;
const live = ["booked", "confirmed", "checked_in", "in_progress"] as const;
const liveOf = (patientId: string, kind: "evaluation" | "follow_up") =>
  db
    .select()
    .from(schema.appointment)
    .where(and(eq(schema.appointment.patientId, patientId), eq(schema.appointment.kind, kind), inArray(schema.appointment.status, [...live])))
    .orderBy(asc(schema.appointment.startsAt));

describe("the demo seed (./bin/clearwell start)", () => {
  it("writes Dash's history through the services: signed evaluation note, eligibility decision, a signed follow-up; today's follow-up opens on the interval since", async () => {
    expect(await seedDemo(db, auth())).toEqual({ created: true });
    expect(await seedDemo(db, auth())).toEqual({ created: false });
    const dash = await patientOf(DEMO_FOLLOW_UP.patientEmail);
    const provider = await userId(DEMO_FOLLOW_UP.providerEmail);

    const notes = await db.select().from(schema.clinicalNote).where(eq(schema.clinicalNote.patientId, dash.id)).orderBy(asc(schema.clinicalNote.signedAt));
    expect(notes.map((n) => [n.kind, n.status])).toEqual([
      ["evaluation", "signed"],
      ["follow_up", "signed"],
    ]);
    const [evaluation, firstFollowUp] = notes;
    // Signed at their visits, weeks ago, and the notes were created before they were signed.
    expect(evaluation!.signedAt!.getTime()).toBeLessThan(Date.now() - 50 * 86_400_000);
    expect(evaluation!.createdAt.getTime()).toBeLessThan(evaluation!.signedAt!.getTime());
    expect(evaluation!.signedByUserId).toBe(provider);
    expect(evaluation!.contentSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(firstFollowUp!.findings).toMatchObject({ plan: { action: "continue", checkInCadence: "weekly" }, snapshot: { schemaVersion: 1 } });

    const [decision] = await db.select().from(schema.eligibilityDecision).where(eq(schema.eligibilityDecision.patientId, dash.id));
    expect(decision).toMatchObject({ outcome: "eligible_at_home", noteId: evaluation!.id, deciderUserId: provider });

    // Each step is in the audit trail, as if the provider had done it in the portal.
    const audited = await db.select({ action: schema.auditEvent.action }).from(schema.auditEvent).where(eq(schema.auditEvent.patientId, dash.id));
    expect(audited.map((a) => a.action)).toEqual(expect.arrayContaining(["note.create", "note.save", "note.sign", "decision.record"]));

    // `start`: the demo evaluation within minutes, then Dash's follow-up right after it, and his
    // next follow-up about four weeks on with the demo prescriber (what today's prescription covers).
    const visit = await ensureDemoVisit(db);
    const [followUp, next, ...more] = await liveOf(dash.id, "follow_up");
    expect(visit).not.toBeNull();
    expect(followUp).toMatchObject({ providerUserId: provider, status: "confirmed" });
    expect(followUp!.startsAt.getTime()).toBe(visit!.endsAt.getTime());
    expect(more).toEqual([]);
    expect(next).toMatchObject({ providerUserId: await userId(DEMO_NEXT_FOLLOW_UP.providerEmail), status: "confirmed", patientState: "CO" });
    const daysAhead = (next!.startsAt.getTime() - followUp!.endsAt.getTime()) / 86_400_000;
    expect(daysAhead).toBeGreaterThan(24);
    expect(daysAhead).toBeLessThan(29);
    // A weekday that is not a fixed-date holiday, at 10:00 in the clinic's time zone, for half an hour.
    const clinicTime = (o: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat("en-US", { ...o, timeZone: DEMO_NEXT_FOLLOW_UP.timezone }).format(next!.startsAt);
    expect(clinicTime({ weekday: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23" })).toMatch(/^(Mon|Tue|Wed|Thu|Fri) 10:00$/);
    expect(["01/01", "06/19", "07/04", "11/11", "12/25"]).not.toContain(clinicTime({ month: "2-digit", day: "2-digit" }));
    expect(next!.endsAt.getTime() - next!.startsAt.getTime()).toBe(30 * 60_000);
    expect((await ensureDemoVisit(db))?.id).toBe(visit!.id);
    expect((await liveOf(dash.id, "follow_up")).map((a) => a.id)).toEqual([followUp!.id, next!.id]);

    // The provider opens it: the interval since last month's signed note, the scores with change.
    const actor: Actor = { userId: provider, kind: "staff", roles: ["provider"], clinicId: dash.clinicId, meta: { requestId: randomUUID(), ipAddress: null, userAgent: null } };
    const draft = await openVisitDraft(db, actor, dash.clinicId, followUp!.id);
    const snapshot = draft.followUp!.snapshot!;
    expect(snapshot.since).toBe(firstFollowUp!.signedAt!.toISOString());
    const scores = snapshot.sections.find((s) => s.kind === "scores");
    expect(scores).toMatchObject({ phq9: { baseline: { total: 18 }, previous: { total: 8 }, latest: { total: 7 }, response: true, remission: false }, gad7: { latest: { total: 6 } } });
    expect(scores?.kind === "scores" && scores.inInterval.filter((s) => s.instrument === "phq9").map((s) => s.total).slice(-3)).toEqual([9, 8, 7]);
    // The whole demo seed runs in this test (with issue 13's three weeks at home): more than the default 30 s on a busy machine.
  }, 120_000);

  it("writes every demo clinician's licences and DEA registrations to the clinic's one credential store: each demo patient's state is bookable, and the Staff page shows what the Prescribers page holds", async () => {
    const now = new Date();
    for (const c of CLINICS) {
      const clinic = (await db.query.clinic.findFirst({ where: eq(schema.clinic.slug, c.slug) }))!;
      for (const s of STAFF.filter((x) => x.clinic === c.key && x.credentials)) {
        const id = await userId(s.email);
        const held = await db.select().from(schema.prescriberLicence).where(and(eq(schema.prescriberLicence.clinicId, clinic.id), eq(schema.prescriberLicence.userId, id)));
        expect(held.map((l) => l.state).sort()).toEqual([...(s.licenses ?? [])].sort());
        const dea = await db.select().from(schema.prescriberDeaRegistration).where(and(eq(schema.prescriberDeaRegistration.clinicId, clinic.id), eq(schema.prescriberDeaRegistration.userId, id)));
        expect(dea.map((d) => [d.state, d.number]).sort()).toEqual((s.dea ?? []).map((d) => [d.state, d.number]).sort());
      }
      // Every demo patient's state has a licensed provider with open evaluation slots in the next two weeks.
      for (const state of new Set(PATIENTS.filter((p) => p.clinic === c.key).map((p) => p.state))) {
        const { slots } = await findSlots(db, now, { clinicId: clinic.id, state, kind: "evaluation", from: now, to: new Date(now.getTime() + 14 * 86_400_000) });
        expect(slots.length, `${c.key} ${state}`).toBeGreaterThan(0);
      }
    }
    const demo = (await db.query.clinic.findFirst({ where: eq(schema.clinic.slug, "clearwater-demo") }))!;
    const staff = await listStaff(db, demo.id);
    expect(staff.members.find((m) => m.email === DEMO_PRESCRIBER_EMAIL)).toMatchObject({ npi: "1234567893", licensedStates: ["CO", "NM", "UT"], deaStates: ["CO", "NM", "UT"] });
    expect(staff.members.find((m) => m.email === DEMO_SECOND_PRESCRIBER_EMAIL)).toMatchObject({ npi: "1555555550", licensedStates: ["CO"], deaStates: ["CO"] });
  });

  it("seeds e-prescribing (issue 12): settings, formulary with nasal spray off, the simulator pharmacy, credentials verified by another admin, EPCS granted by two people", async () => {
    const clinic = (await db.query.clinic.findFirst({ where: eq(schema.clinic.slug, "clearwater-demo") }))!;
    const [admin, office, prescriber, second] = (await Promise.all(["admin@clearwater.test", "office@clearwater.test", DEMO_PRESCRIBER_EMAIL, DEMO_SECOND_PRESCRIBER_EMAIL].map(userId))) as [string, string, string, string];

    const formulary = await db.select().from(schema.formularyEntry).where(eq(schema.formularyEntry.clinicId, clinic.id));
    expect(formulary.map((f) => [f.form, Number(f.strengthValue), f.enabled]).sort()).toEqual([
      ["nasal_spray", 10, false],
      ["rdt_odt", 150, true],
      ["troche", 100, true],
      ["troche", 200, true],
    ]);
    const [pharmacy] = await db.select().from(schema.pharmacy).where(and(eq(schema.pharmacy.clinicId, clinic.id), eq(schema.pharmacy.ncpdpId, DEMO_PHARMACY.ncpdpId)));
    expect(pharmacy).toMatchObject({ name: DEMO_PHARMACY.name, epcsCapable: true, compounding: true, active: true, shipsToStates: ["CO", "NM", "UT"] });
    const settings = await getPrescribingSettings(db, clinic.id);
    expect(settings).toMatchObject({ flexibilityValidUntil: "2026-12-31", maxRefills: 5, defaultRefills: 0, pdmpRequiredByState: { CO: true, NM: true, UT: true }, allowProviderDrafts: true });

    // Recorded by the office admin, verified by the clinic admin (1311.125(a)); current in each patient state.
    const item = await getPrescriber(db, clinic.id, prescriber);
    expect(item.profile?.npi).toBe("1234567893");
    for (const list of [item.licences, item.deaRegistrations]) {
      expect(list.map((c) => c.state).sort()).toEqual(["CO", "NM", "UT"]);
      for (const c of list) expect(c).toMatchObject({ current: true, recordedByUserId: office, verifiedByUserId: admin });
    }
    for (const d of item.deaRegistrations) expect(d.schedules).toContain("3N");
    expect(item.epcs).toMatchObject({ permission: "granted", pending: null });
    expect((await getPrescriber(db, clinic.id, second)).epcs.permission).toBe("granted");
    const changes = await db.select().from(schema.epcsAccessChange).where(eq(schema.epcsAccessChange.clinicId, clinic.id));
    expect(changes.map((c) => [c.subjectUserId, c.action, c.status, c.enteredByUserId, c.decidedByUserId]).sort()).toEqual(
      [
        [prescriber, "grant", "approved", admin, second],
        [second, "grant", "approved", admin, prescriber],
      ].sort(),
    );

    // Dash's seeded visits were video visits in CO (the prescribing basis), and the prescriber is on his care team.
    const dash = await patientOf(DEMO_FOLLOW_UP.patientEmail);
    const visits = await db.select().from(schema.visit).where(eq(schema.visit.patientId, dash.id));
    expect(visits.length).toBeGreaterThanOrEqual(2);
    for (const v of visits) expect(v).toMatchObject({ status: "ended", modality: "audio_video", attestedState: "CO" });
    const team = await db.select().from(schema.careTeamMember).where(and(eq(schema.careTeamMember.patientId, dash.id), eq(schema.careTeamMember.userId, prescriber)));
    expect(team.map((t) => t.role)).toEqual(["prescriber"]);

    // RX09: a follow-up later the same day cannot bound a supply starting today, so before and
    // during today's demo follow-up the one four weeks on does: four weekly sessions.
    const [today, next] = await liveOf(dash.id, "follow_up");
    const asPrescriber: Actor = { userId: prescriber, kind: "staff", roles: ["provider", "prescriber"], clinicId: clinic.id, meta: { requestId: randomUUID(), ipAddress: null, userAgent: null } };
    const before = new Date(today!.startsAt.getTime() - 60_000);
    expect((await prescriptionContext(db, asPrescriber, clinic.id, dash.id, before)).nextFollowUp?.appointmentId).toBe(next!.id);
    const during = new Date(today!.startsAt.getTime() + 60_000);
    const context = await prescriptionContext(db, asPrescriber, clinic.id, dash.id, during);
    expect(context.nextFollowUp?.appointmentId).toBe(next!.id);
    expect(sessionsUntilFollowUp(context.today, context.nextFollowUp!.date, 7)).toBe(4);

    // A second run changes nothing.
    expect(await seedDemo(db, auth())).toEqual({ created: false });
    expect(await db.select().from(schema.epcsAccessChange).where(eq(schema.epcsAccessChange.clinicId, clinic.id))).toHaveLength(2);
    expect(await db.select().from(schema.formularyEntry).where(eq(schema.formularyEntry.clinicId, clinic.id))).toHaveLength(4);
  });

  it("seeds the home regimen (issue 13): Ottilie's signed, acknowledged prescription, the fill, June consented, three weeks of sessions and check-ins through the services and jobs, the alerts they raised, today's session open", async () => {
    const ottilie = await patientOf(DEMO_REGIMEN.patientEmail);
    const prescriber = await userId(DEMO_REGIMEN.clinicianEmail);
    const today = calendarDateIn(ottilie.timezone, new Date());
    const daysAgo = (d: string) => Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${d}T00:00:00Z`)) / 86_400_000);

    // The prescription: signed by the prescriber three weeks ago (hash of the signed bytes), sent, acknowledged.
    const [rx] = await db.select().from(schema.prescription).where(eq(schema.prescription.patientId, ottilie.id));
    expect(rx).toMatchObject({ status: "acknowledged", prescriberUserId: prescriber, signedByUserId: prescriber, unitsPerSession: 2, daysBetweenSessions: 7, quantity: 8 });
    expect(rx!.signedSha256).toBe(createHash("sha256").update(rx!.signedBytes!, "utf8").digest("hex"));
    expect(daysAgo(rx!.writtenDate!)).toBeGreaterThanOrEqual(23);
    const events = await db.select().from(schema.prescriptionEvent).where(eq(schema.prescriptionEvent.prescriptionId, rx!.id)).orderBy(asc(schema.prescriptionEvent.id));
    expect(events.map((e) => e.toStatus)).toEqual(["draft", "pending_signature", "signed", "transmitted", "acknowledged"]);
    const inbox = await db.select().from(schema.rxInbox).where(eq(schema.rxInbox.clinicId, ottilie.clinicId));
    expect(inbox.map((m) => [m.type, m.outcome]).sort()).toEqual([["RxFill", "applied"], ["Status", "applied"]]);

    // The regimen started with the pharmacy's fill: 8 troches dispensed, 4 sessions.
    const [regimen] = await db.select().from(schema.regimen).where(eq(schema.regimen.patientId, ottilie.id));
    expect(regimen).toMatchObject({ prescriptionId: rx!.id, status: "active", activationSource: "fill", sessionsPrescribed: 4, unitsPerSession: 2 });
    const fills = await db.select().from(schema.medicationFill).where(eq(schema.medicationFill.regimenId, regimen!.id));
    expect(fills.map((f) => [f.source, f.fillStatus, f.quantity])).toEqual([["pharmacy", "Dispensed", 8]]);

    // June, consented, with the link the logins print (only its hash is stored).
    const [june] = await db.select().from(schema.supportPerson).where(eq(schema.supportPerson.patientId, ottilie.id));
    const token = demoSupportToken(auth().clearwell.secret);
    expect(june).toMatchObject({ name: DEMO_REGIMEN.supportPerson.name, status: "active", tokenHash: hashToken(token) });

    // Sessions: 1 taken, 2 blocked at the gate (A3), 3 missed (A10), 4 taken, 5 today.
    const sessions = await db.select().from(schema.doseSession).where(eq(schema.doseSession.regimenId, regimen!.id)).orderBy(asc(schema.doseSession.sequence));
    expect(sessions.map((x) => [x.sequence, x.status, daysAgo(x.scheduledDate)])).toEqual([
      [1, "postcheck_submitted", 21],
      [2, "precheck_failed", 14],
      [3, "missed", 13],
      [4, "postcheck_submitted", 7],
      [5, "scheduled", 0],
    ]);
    expect(sessions[1]).toMatchObject({ bp1Systolic: 152, bp2Systolic: 148, precheckFailedReasons: ["bp_high"] });
    for (const x of [sessions[0]!, sessions[3]!]) expect(x.supportConfirmationId).not.toBeNull();

    // Check-ins: before the first dose and week 1 scored (improving), week 2 missed, week 3 due now.
    const checkIns = await db.select().from(schema.checkIn).where(eq(schema.checkIn.patientId, ottilie.id)).orderBy(asc(schema.checkIn.dueAt));
    expect(checkIns.map((c) => [c.kind, c.status])).toEqual([
      ["pre_first_dose", "scored"],
      ["weekly", "scored"],
      ["weekly", "missed"],
      ["weekly", "due"],
    ]);
    const scores = await db
      .select({ total: schema.questionnaireResponse.total })
      .from(schema.questionnaireResponse)
      .where(and(eq(schema.questionnaireResponse.patientId, ottilie.id), eq(schema.questionnaireResponse.instrument, "phq9")))
      .orderBy(asc(schema.questionnaireResponse.completedAt));
    expect(scores.map((x) => x.total)).toEqual([19, 17, 13]);

    // The alerts, raised by the gate and the sweep: A3 resolved with the prescriber's phone call, A10 and A7 open.
    const alerts = await db.select().from(schema.safetyAlert).where(eq(schema.safetyAlert.patientId, ottilie.id)).orderBy(asc(schema.safetyAlert.type));
    expect(alerts.map((a) => [a.type, a.severity, a.status, a.clinical])).toEqual([
      ["A10", "low", "open", true],
      ["A3", "high", "resolved", true],
      ["A7", "low", "open", false],
    ]);
    const a3 = alerts.find((a) => a.type === "A3")!;
    expect(a3).toMatchObject({ ownerUserId: prescriber, resolutionCode: "outreach_completed", resolvedByUserId: prescriber });
    // Raised at the gate two weeks ago, on the services' clock (not when the seed ran), then resolved.
    expect(daysAgo(calendarDateIn(ottilie.timezone, a3.createdAt))).toBe(14);
    expect(a3.createdAt.getTime()).toBeLessThan(a3.resolvedAt!.getTime());
    const [outreach] = await db.select().from(schema.outreachRecord).where(eq(schema.outreachRecord.id, a3.outreachId!));
    expect(outreach).toMatchObject({ alertId: a3.id, authorUserId: prescriber, method: "phone", reached: true });
    expect(alerts.find((a) => a.type === "A7")!.neutralSummary).not.toMatch(/phq|gad|score|mood/i);

    // Today: the app offers session 5 now, and June's link shows it.
    const me: Actor = { userId: ottilie.userId!, kind: "patient", roles: ["patient"], clinicId: ottilie.clinicId, meta: { requestId: randomUUID(), ipAddress: null, userAgent: null } };
    const mine = await myRegimen(db, me, ottilie.clinicId, ottilie.id);
    expect(mine.regimen).toMatchObject({ status: "active", sessionsTaken: 2, unitsOnHand: 4, nextSession: { id: sessions[4]!.id, canStartNow: true } });
    const phone: Actor = { userId: null, kind: "anonymous", roles: [], clinicId: null, meta: { requestId: randomUUID(), ipAddress: null, userAgent: null } };
    expect(await supportByToken(db, phone, token)).toMatchObject({ patientFirstName: "Ottilie", status: "active", todaySession: { id: sessions[4]!.id } });

    // For the closing note: the demo clinic's alerts by rule id and state.
    const summary = await demoRegimenSummary(db, auth().clearwell.secret);
    console.log(`demo seed alerts by id: ${summary!.alerts.map((x) => `${x.type} ${x.status} ${x.count}`).join(", ")}`);
    expect(summary).toMatchObject({ regimenStatus: "active", todaySession: "scheduled", supportToken: token });

    // A second run adds nothing.
    expect(await seedDemo(db, auth())).toEqual({ created: false });
    expect(await db.select().from(schema.doseSession).where(eq(schema.doseSession.regimenId, regimen!.id))).toHaveLength(5);
    expect(await db.select().from(schema.safetyAlert).where(eq(schema.safetyAlert.patientId, ottilie.id))).toHaveLength(3);
  });

  it("a later start that needs the hour of an unsigned demo follow-up moves the follow-up after the new evaluation", async () => {
    const quinn = await patientOf(DEMO_VISIT.patientEmail);
    const dash = await patientOf(DEMO_FOLLOW_UP.patientEmail);
    const [evaluation] = await liveOf(quinn.id, "evaluation");
    const [before] = await liveOf(dash.id, "follow_up");
    // The demo evaluation was held; `start` runs again 20 minutes later, into the follow-up's hour.
    await db.update(schema.appointment).set({ status: "completed" }).where(eq(schema.appointment.id, evaluation!.id));
    const later = new Date(before!.startsAt.getTime() - 20 * 60_000);
    const next = await ensureDemoVisit(db, later);
    expect(next).not.toBeNull();
    expect(next!.id).not.toBe(evaluation!.id);
    const [after] = await liveOf(dash.id, "follow_up");
    expect(after!.id).not.toBe(before!.id);
    expect(after!.startsAt.getTime()).toBe(next!.endsAt.getTime());
    expect((await db.query.appointment.findFirst({ where: eq(schema.appointment.id, before!.id) }))?.status).toBe("cancelled");
  });

  it("books the next follow-up on the working day before when four weeks on is a holiday or a weekend", async () => {
    const dash = await patientOf(DEMO_FOLLOW_UP.patientEmail);
    // 2028-12-25, four weeks after this start, is a Monday and Christmas: the Friday before.
    const next = await ensureDemoNextFollowUp(db, new Date("2028-11-27T18:00:00Z"));
    expect(next).toMatchObject({ patientId: dash.id, kind: "follow_up", status: "confirmed" });
    expect(next!.startsAt.toISOString()).toBe("2028-12-22T17:00:00.000Z");
    // Kept by a later start while it is still ahead.
    expect((await ensureDemoNextFollowUp(db, new Date("2028-12-01T18:00:00Z")))?.id).toBe(next!.id);
  });

  it("the admin's 'Create a demo visit' (and `./bin/clearwell demo-visit`) keeps the open demo visit, then books a fresh one once it has ended; audited", async () => {
    const quinn = await patientOf(DEMO_VISIT.patientEmail);
    const [open] = await liveOf(quinn.id, "evaluation");
    const admin = await userId("admin@clearwater.test");
    const actor: Actor = { userId: admin, kind: "staff", roles: ["admin"], clinicId: quinn.clinicId, meta: { requestId: randomUUID(), ipAddress: null, userAgent: null } };
    const urls = { providerAppUrl: "http://localhost:3000", patientAppUrl: "http://localhost:3001" };
    const kept = await createDemoVisit(db, demoVisitSource, actor, quinn.clinicId, urls);
    expect(kept).toMatchObject({ appointmentId: open!.id, created: false, patientLink: `http://localhost:3001/visit/${open!.id}` });
    // The visit was held and ended: a fresh one between the same two people, in the demo clinic.
    await db.update(schema.appointment).set({ status: "completed" }).where(eq(schema.appointment.id, open!.id));
    const fresh = await createDemoVisit(db, demoVisitSource, actor, quinn.clinicId, urls);
    expect(fresh.created).toBe(true);
    expect(fresh.appointmentId).not.toBe(open!.id);
    expect(await currentDemoVisit(db)).toMatchObject({ id: fresh.appointmentId, clinicId: quinn.clinicId, patientId: quinn.id, providerUserId: await userId(DEMO_VISIT.providerEmail) });
    const audited = await db.select({ action: schema.auditEvent.action, resourceId: schema.auditEvent.resourceId }).from(schema.auditEvent).where(and(eq(schema.auditEvent.actorUserId, admin), eq(schema.auditEvent.resourceType, "appointment")));
    expect(audited).toEqual(expect.arrayContaining([{ action: "demo_visit.keep", resourceId: open!.id }, { action: "demo_visit.create", resourceId: fresh.appointmentId }]));
  });

  it("prints the logins with the demo follow-up's time", async () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    try {
      await printLogins(db, { AUTH_SECRET: auth().clearwell.secret, PROVIDER_APP_URL: "http://localhost:3000", PATIENT_APP_URL: "http://localhost:3001" });
      const printed = log.mock.calls.map((c) => String(c[0])).join("\n");
      expect(printed).toContain("provider@clearwater.test");
      // Issue 12's second admin and second DEA registrant are printed with the others.
      expect(printed).toContain("office@clearwater.test");
      expect(printed).toContain("prescriber2@clearwater.test");
      expect(printed).toMatch(/TOTP secret [A-Z2-7]+/);
      expect(printed).toMatch(new RegExp(`Demo follow-up +${DEMO_FOLLOW_UP.patientEmail} with ${DEMO_FOLLOW_UP.providerEmail}, \\d{1,2}:\\d{2}`));
      // Issue 13: who has the home regimen, June's link, the alerts by id.
      expect(printed).toMatch(new RegExp(`Home regimen +${DEMO_REGIMEN.patientEmail}`));
      // Issue 15: the demo video visit with each side's link.
      const visit = await currentDemoVisit(db);
      expect(printed).toContain(`http://localhost:3001/visit/${visit!.id}`);
      expect(printed).toContain(`http://localhost:3000/visits/${visit!.id}`);
      expect(printed).toContain(`http://localhost:3001/support/${demoSupportToken(auth().clearwell.secret)}`);
      expect(printed).toMatch(/Alerts \(demo\) +.*A10 open 1.*A3 resolved 1.*A7 open 1/);
    } finally {
      log.mockRestore();
    }
  });
});
