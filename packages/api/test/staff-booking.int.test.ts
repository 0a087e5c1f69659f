import { randomUUID } from "node:crypto";

import { schema } from "@clearwell/db/client";
import { and, asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";

import { parseBirthDate } from "../src/services/scheduling/staff-booking";
import { mailsTo } from "./alert-fixtures";
import { auditOf, commonStart, licenceIn, providerIn, readyPatient } from "./booking-fixtures";
import { makeClinic, makePatient, patientSession, providerCaller, staffSession, testDb } from "./harness";

const appointment = async (id: string) => (await testDb().select().from(schema.appointment).where(eq(schema.appointment.id, id)))[0]!;

describe("front desk books, moves and cancels for a patient", () => {
  it("staff find a patient by name, MRN or date of birth in their clinic only, with demographics and nothing clinical", async () => {
    const clinic = await makeClinic();
    const other = await makeClinic();
    const desk = await staffSession(clinic.id, ["staff"]);
    const { patient } = await makePatient(clinic.id, { familyName: `Quillfeather${randomUUID().slice(0, 4)}` });
    await testDb().update(schema.patient).set({ dateOfBirth: "1971-02-03" }).where(eq(schema.patient.id, patient.id));
    const elsewhere = await makePatient(other.id, { familyName: patient.familyName });

    const byName = await desk.caller.booking.findPatients({ q: patient.familyName.toLowerCase() });
    expect(byName.map((p) => p.id)).toEqual([patient.id]);
    expect(Object.keys(byName[0]!).sort()).toEqual(["dateOfBirth", "familyName", "givenName", "id", "mrn", "preferredName", "stateOfResidence", "timezone"]);
    expect((await desk.caller.booking.findPatients({ q: patient.mrn })).map((p) => p.id)).toEqual([patient.id]);
    const byBirth = await desk.caller.booking.findPatients({ q: "2/3/1971" });
    expect(byBirth.map((p) => p.id)).toContain(patient.id);
    expect(byBirth.map((p) => p.id)).not.toContain(elsewhere.patient.id);
    // One audit row per search, naming the patients it showed.
    // The desk's sign-in row comes first; the searches follow in order.
    const searches = await testDb()
      .select()
      .from(schema.auditEvent)
      .where(and(eq(schema.auditEvent.actorUserId, desk.user.id), eq(schema.auditEvent.action, "patient.search")))
      .orderBy(asc(schema.auditEvent.id));
    expect(searches).toHaveLength(3);
    const [row] = searches;
    expect(row).toMatchObject({ action: "patient.search", patientIds: [patient.id] });
    await expect(desk.caller.booking.findPatients({ q: "x" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("staff book 'any provider' for a patient: booked by them, audited as on behalf, the patient mailed; then move and cancel it", async () => {
    const clinic = await makeClinic();
    const a = await providerIn(clinic.id, ["CO"]);
    const b = await providerIn(clinic.id, ["CO"]);
    const desk = await staffSession(clinic.id, ["staff"]);
    const p = await readyPatient(clinic.id);
    // The patient's own 24-hour cutoff does not bind the clinic.
    await testDb().update(schema.clinic).set({ cancelCutoffMinutes: 30 * 24 * 60 }).where(eq(schema.clinic.id, clinic.id));

    const offer = await desk.caller.booking.slots({ patientId: p.patient.id, kind: "evaluation" });
    expect(offer).toMatchObject({ blocked: null, patient: { id: p.patient.id, mrn: p.patient.mrn }, timezone: "America/Denver" });
    const at = commonStart(offer.slots, [a.id, b.id]);
    const booked = await desk.caller.booking.book({ patientId: p.patient.id, kind: "evaluation", startsAt: at, idempotencyKey: randomUUID() });
    expect(booked).toMatchObject({ patientId: p.patient.id, bookedByUserId: desk.user.id, status: "booked", clinicId: clinic.id });
    const [bookAudit] = await auditOf(booked.id);
    expect(bookAudit).toMatchObject({ action: "appointment.book", actorUserId: desk.user.id, actorRoles: ["staff"], patientId: p.patient.id });
    expect(bookAudit!.detail).toMatchObject({ onBehalfOfPatientId: p.patient.id, anyProvider: true });
    // The patient sees it as theirs.
    expect((await p.caller.booking.mine()).map((x) => x.id)).toEqual([booked.id]);

    const later = offer.slots.find((s) => s.start.getTime() > at.getTime() + 3 * 3600_000)!;
    const moved = await desk.caller.booking.reschedule({ appointmentId: booked.id, providerUserId: later.providerUserId, startsAt: later.start, idempotencyKey: randomUUID() });
    expect(moved).toMatchObject({ rescheduledFromId: booked.id, providerUserId: later.providerUserId, kind: "evaluation", bookedByUserId: desk.user.id });
    expect(await appointment(booked.id)).toMatchObject({ status: "cancelled", cancelledByUserId: desk.user.id });
    expect((await auditOf(moved.id))[0]!.detail).toMatchObject({ onBehalfOfPatientId: p.patient.id, rescheduledFromId: booked.id });

    const cancelled = await desk.caller.schedule.setStatus({ appointmentId: moved.id, event: "cancel", reason: "Patient called: travelling" });
    expect(cancelled).toMatchObject({ status: "cancelled", cancelledByUserId: desk.user.id });
    const cancelAudit = (await auditOf(moved.id)).find((e) => e.action === "appointment.cancel");
    expect(cancelAudit).toMatchObject({ actorUserId: desk.user.id, patientId: p.patient.id });
    expect(cancelAudit!.detail).toMatchObject({ onBehalfOfPatientId: p.patient.id });

    const mail = await mailsTo(p.email);
    expect(mail.map((m) => m.subject)).toEqual(
      expect.arrayContaining(["Clearwell: a visit was booked for you", "Clearwell: your visit was moved", "Clearwell: your visit was cancelled"]),
    );
    for (const m of mail) {
      expect(m.text).toContain("/appointments");
      // No health information: no visit type, provider or reason.
      expect(m.text).not.toMatch(/evaluation|travelling|Dr\.|Staff /i);
    }
  });

  it("the gate still applies, in the front desk's words without clinical detail; a patient's own booking mails nothing", async () => {
    const clinic = await makeClinic();
    await providerIn(clinic.id, ["CO"]);
    const desk = await staffSession(clinic.id, ["admin"]);
    const fresh = await patientSession(clinic.id);
    const offer = await desk.caller.booking.slots({ patientId: fresh.patient.id, kind: "evaluation" });
    expect(offer.blocked).toBe(`Pat ${fresh.patient.familyName} has not finished their intake yet. An evaluation can be booked once it is submitted.`);
    const ready = await readyPatient(clinic.id);
    const { slots } = await desk.caller.booking.slots({ patientId: ready.patient.id, kind: "evaluation" });
    await expect(desk.caller.booking.book({ patientId: fresh.patient.id, kind: "evaluation", startsAt: slots[0]!.start, idempotencyKey: randomUUID() })).rejects.toMatchObject({
      code: "UNPROCESSABLE_CONTENT",
    });
    expect((await desk.caller.booking.slots({ patientId: ready.patient.id, kind: "follow_up" })).blocked).toMatch(/once Pat .* has had their evaluation visit/);
    await ready.caller.booking.book({ kind: "evaluation", startsAt: slots[0]!.start, idempotencyKey: randomUUID() });
    expect(await mailsTo(ready.email)).toEqual([]);
  });

  it("one idempotency key books once and cannot be reused for another patient", async () => {
    const clinic = await makeClinic();
    await providerIn(clinic.id, ["CO"]);
    await providerIn(clinic.id, ["CO"]);
    const desk = await staffSession(clinic.id, ["staff"]);
    const [p1, p2] = [await readyPatient(clinic.id), await readyPatient(clinic.id)];
    const { slots } = await desk.caller.booking.slots({ patientId: p1.patient.id, kind: "evaluation" });
    const input = { patientId: p1.patient.id, kind: "evaluation" as const, startsAt: slots[0]!.start, idempotencyKey: randomUUID() };
    const [x, y] = await Promise.all([desk.caller.booking.book(input), desk.caller.booking.book(input)]);
    expect(x.id).toBe(y.id);
    await expect(desk.caller.booking.book({ ...input, patientId: p2.patient.id })).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await testDb().select().from(schema.appointment).where(eq(schema.appointment.patientId, p2.patient.id))).toEqual([]);
  });
});

describe("booking on behalf: who may not", () => {
  it("staff of another clinic cannot find, book, move or cancel this clinic's patients; their attempts are audited", async () => {
    const clinic = await makeClinic();
    const provider = await providerIn(clinic.id, ["CO"]);
    const p = await readyPatient(clinic.id);
    const { slots } = await p.caller.booking.slots({ kind: "evaluation" });
    const appt = await p.caller.booking.book({ kind: "evaluation", providerUserId: provider.id, startsAt: slots[0]!.start, idempotencyKey: randomUUID() });

    const outsider = await staffSession((await makeClinic()).id, ["staff", "admin"]);
    expect(await outsider.caller.booking.findPatients({ q: p.patient.mrn })).toEqual([]);
    await expect(outsider.caller.booking.slots({ patientId: p.patient.id, kind: "evaluation" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(outsider.caller.booking.book({ patientId: p.patient.id, kind: "evaluation", startsAt: slots[1]!.start, idempotencyKey: randomUUID() })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(outsider.caller.booking.reschedule({ appointmentId: appt.id, startsAt: slots[1]!.start, idempotencyKey: randomUUID() })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(outsider.caller.schedule.setStatus({ appointmentId: appt.id, event: "cancel", reason: "x" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await appointment(appt.id)).toMatchObject({ status: "booked", startsAt: slots[0]!.start });
    expect(await testDb().select().from(schema.appointment).where(eq(schema.appointment.patientId, p.patient.id))).toHaveLength(1);
    const denials = await testDb().select().from(schema.auditEvent).where(eq(schema.auditEvent.actorUserId, outsider.user.id));
    expect(denials.filter((d) => d.outcome === "denied").map((d) => d.action)).toEqual(expect.arrayContaining(["slots.read", "appointment.book", "appointment.reschedule"]));
  });

  it("a patient cannot book for another patient: the provider app's booking refuses patient sessions, and their own app books only for them", async () => {
    const clinic = await makeClinic();
    await providerIn(clinic.id, ["CO"]);
    const me = await readyPatient(clinic.id);
    const them = await readyPatient(clinic.id);
    const { slots } = await me.caller.booking.slots({ kind: "evaluation" });
    const asProvider = await providerCaller(me.headers);
    await expect(asProvider.booking.book({ patientId: them.patient.id, kind: "evaluation", startsAt: slots[0]!.start, idempotencyKey: randomUUID() })).rejects.toMatchObject({
      code: "UNAUTHORIZED",
    });
    await expect(asProvider.booking.findPatients({ q: them.patient.mrn })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    // The patient router takes no patient id: an extra one is ignored and the booking is the caller's.
    const own = await me.caller.booking.book({ patientId: them.patient.id, kind: "evaluation", startsAt: slots[0]!.start, idempotencyKey: randomUUID() } as never);
    expect(own.patientId).toBe(me.patient.id);
    expect(await testDb().select().from(schema.appointment).where(eq(schema.appointment.patientId, them.patient.id))).toEqual([]);
  });

  it("a prescriber-only account is refused; a provider books only their own patients onto their own schedule", async () => {
    const clinic = await makeClinic();
    const colleague = await providerIn(clinic.id, ["CO"]);
    const prescriber = await staffSession(clinic.id, ["prescriber"]);
    const mine = await readyPatient(clinic.id);
    const stranger = await readyPatient(clinic.id);
    await expect(prescriber.caller.booking.findPatients({ q: mine.patient.mrn })).rejects.toMatchObject({ code: "FORBIDDEN" });

    const clinician = await staffSession(clinic.id, ["provider"]);
    await testDb().insert(schema.providerProfile).values({ userId: clinician.user.id, credentials: "NP", timezone: "America/Denver" });
    await licenceIn(clinic.id, clinician.user.id, ["CO"]);
    await testDb()
      .insert(schema.availabilityWindow)
      .values([0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, startMinute: 9 * 60, endMinute: 17 * 60, clinicId: clinic.id, providerUserId: clinician.user.id })));
    await testDb().insert(schema.careTeamMember).values({ clinicId: clinic.id, patientId: mine.patient.id, userId: clinician.user.id, role: "primary_provider" });

    // Search shows only patients whose chart is open to them; slots are their own.
    expect((await clinician.caller.booking.findPatients({ q: "Pat" })).map((x) => x.id)).toEqual([mine.patient.id]);
    const { slots } = await clinician.caller.booking.slots({ patientId: mine.patient.id, kind: "evaluation" });
    expect(new Set(slots.map((s) => s.providerUserId))).toEqual(new Set([clinician.user.id]));
    await expect(clinician.caller.booking.slots({ patientId: stranger.patient.id, kind: "evaluation" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(
      clinician.caller.booking.book({ patientId: mine.patient.id, kind: "evaluation", providerUserId: colleague.id, startsAt: slots[0]!.start, idempotencyKey: randomUUID() }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(clinician.caller.booking.book({ patientId: stranger.patient.id, kind: "evaluation", startsAt: slots[0]!.start, idempotencyKey: randomUUID() })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    const booked = await clinician.caller.booking.book({ patientId: mine.patient.id, kind: "evaluation", startsAt: slots[0]!.start, idempotencyKey: randomUUID() });
    expect(booked).toMatchObject({ providerUserId: clinician.user.id, bookedByUserId: clinician.user.id });
  });
});

describe("date-of-birth search terms", () => {
  it("reads ISO and US dates and refuses impossible ones", () => {
    expect(parseBirthDate("1987-07-21")).toBe("1987-07-21");
    expect(parseBirthDate("7/21/1987")).toBe("1987-07-21");
    expect(parseBirthDate("07-21-1987")).toBe("1987-07-21");
    expect(parseBirthDate("2/30/1987")).toBeNull();
    expect(parseBirthDate("Tester")).toBeNull();
  });
});
