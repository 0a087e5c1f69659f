import { randomUUID } from "node:crypto";

import { schema } from "@clearwell/db/client";
import { and, eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";

import { licenceIn } from "./booking-fixtures";
import { makeClinic, makeStaff, patientSession, staffSession, testDb } from "./harness";

const ALL_WEEK = [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, startMinute: 9 * 60, endMinute: 17 * 60 }));

async function providerIn(clinicId: string, states: string[], opts: { timezone?: string; windows?: typeof ALL_WEEK; licenceExpires?: string } = {}) {
  const db = testDb();
  const user = await makeStaff(clinicId, ["provider"]);
  await db.insert(schema.providerProfile).values({ userId: user.id, credentials: "MD", timezone: opts.timezone ?? "America/Denver" });
  if (states.length) await licenceIn(clinicId, user.id, states, { expiresOn: opts.licenceExpires });
  await db.insert(schema.availabilityWindow).values((opts.windows ?? ALL_WEEK).map((w) => ({ ...w, clinicId, providerUserId: user.id })));
  return user;
}

async function readyPatient(clinicId: string, state = "CO", timezone = "America/Denver") {
  const p = await patientSession(clinicId);
  await testDb().update(schema.patient).set({ status: "ready_to_schedule", stateOfResidence: state, timezone }).where(eq(schema.patient.id, p.patient.id));
  return p;
}

describe("booking", () => {
  it("offers only providers licensed in the patient's state and books a slot once per idempotency key", async () => {
    const clinic = await makeClinic();
    const co = await providerIn(clinic.id, ["CO"]);
    const ut = await providerIn(clinic.id, ["UT"]);
    const p = await readyPatient(clinic.id, "CO");
    const { slots, blocked } = await p.caller.booking.slots({ kind: "evaluation" });
    expect(blocked).toBeNull();
    expect(slots.length).toBeGreaterThan(0);
    expect(new Set(slots.map((s) => s.providerUserId))).toEqual(new Set([co.id]));
    expect(slots.every((s) => s.end.getTime() - s.start.getTime() === 60 * 60_000)).toBe(true);

    const slot = slots[0]!;
    const key = randomUUID();
    const input = { kind: "evaluation" as const, providerUserId: slot.providerUserId, startsAt: slot.start, idempotencyKey: key };
    // A double click: both requests carry the same key, one appointment results.
    const [a, b] = await Promise.all([p.caller.booking.book(input), p.caller.booking.book(input)]);
    expect(a.id).toBe(b.id);
    expect(await p.caller.booking.book(input)).toMatchObject({ id: a.id });
    const rows = await testDb().select().from(schema.appointment).where(eq(schema.appointment.patientId, p.patient.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: "booked", patientState: "CO", kind: "evaluation" });

    // The same key for a different request is refused; the slot is gone from the list.
    await expect(p.caller.booking.book({ ...input, startsAt: slots[1]!.start })).rejects.toMatchObject({ code: "CONFLICT" });
    expect((await p.caller.booking.slots({ kind: "evaluation" })).slots.some((s) => s.start.getTime() === slot.start.getTime())).toBe(false);
    // Booking with an unlicensed provider is refused.
    await expect(p.caller.booking.book({ ...input, providerUserId: ut.id, idempotencyKey: randomUUID() })).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("many concurrent bookings of one slot: exactly one wins, the rest get a clear 'taken' error", async () => {
    const clinic = await makeClinic();
    const provider = await providerIn(clinic.id, ["CO"]);
    const patients = await Promise.all(Array.from({ length: 8 }, () => readyPatient(clinic.id)));
    const { slots } = await patients[0]!.caller.booking.slots({ kind: "evaluation" });
    const slot = slots[0]!;
    const results = await Promise.allSettled(
      patients.map((p) => p.caller.booking.book({ kind: "evaluation", providerUserId: provider.id, startsAt: slot.start, idempotencyKey: randomUUID() })),
    );
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(7);
    for (const r of lost) {
      expect(r.reason).toMatchObject({ code: "CONFLICT" });
      expect(String(r.reason.message)).toMatch(/just taken|no longer available/);
    }
    const live = await testDb()
      .select()
      .from(schema.appointment)
      .where(and(eq(schema.appointment.providerUserId, provider.id), inArray(schema.appointment.status, ["booked"])));
    expect(live).toHaveLength(1);
  });

  it("the database refuses an overlapping appointment even when code is bypassed", async () => {
    const clinic = await makeClinic();
    const provider = await providerIn(clinic.id, ["CO"]);
    const p1 = await readyPatient(clinic.id);
    const p2 = await readyPatient(clinic.id);
    const start = new Date("2027-01-05T16:00:00Z");
    const row = (patientId: string, userId: string, offsetMin: number) => ({
      clinicId: clinic.id,
      patientId,
      providerUserId: provider.id,
      kind: "evaluation" as const,
      startsAt: new Date(start.getTime() + offsetMin * 60_000),
      endsAt: new Date(start.getTime() + (offsetMin + 60) * 60_000),
      patientState: "CO",
      patientTimezone: "America/Denver",
      bookedByUserId: userId,
    });
    const db = testDb();
    await db.insert(schema.appointment).values(row(p1.patient.id, p1.user!.id, 0));
    await expect(db.insert(schema.appointment).values(row(p2.patient.id, p2.user!.id, 30))).rejects.toMatchObject({ cause: { code: "23P01" } });
    // Back to back is fine (half-open ranges); a cancelled appointment frees its time.
    await db.insert(schema.appointment).values(row(p2.patient.id, p2.user!.id, 60));
    await db.update(schema.appointment).set({ status: "cancelled" }).where(eq(schema.appointment.patientId, p1.patient.id));
    await db.insert(schema.appointment).values(row(p2.patient.id, p2.user!.id, -60));
  });

  it("a follow-up needs a completed evaluation; an evaluation needs a submitted intake", async () => {
    const clinic = await makeClinic();
    await providerIn(clinic.id, ["CO"]);
    const p = await readyPatient(clinic.id);
    expect((await p.caller.booking.slots({ kind: "follow_up" })).blocked).toMatch(/after your evaluation/);
    const fresh = await patientSession(clinic.id);
    expect((await fresh.caller.booking.slots({ kind: "evaluation" })).blocked).toMatch(/complete your intake/);
    const { slots } = await p.caller.booking.slots({ kind: "evaluation" });
    await expect(fresh.caller.booking.book({ kind: "evaluation", providerUserId: slots[0]!.providerUserId, startsAt: slots[0]!.start, idempotencyKey: randomUUID() })).rejects.toMatchObject({
      code: "UNPROCESSABLE_CONTENT",
    });

    const appt = await p.caller.booking.book({ kind: "evaluation", providerUserId: slots[0]!.providerUserId, startsAt: slots[0]!.start, idempotencyKey: randomUUID() });
    await testDb().update(schema.appointment).set({ status: "completed" }).where(eq(schema.appointment.id, appt.id));
    const followUps = await p.caller.booking.slots({ kind: "follow_up" });
    expect(followUps.blocked).toBeNull();
    expect(followUps.slots[0]!.end.getTime() - followUps.slots[0]!.start.getTime()).toBe(30 * 60_000);
  });

  it("reschedule and cancel work before the clinic's cutoff and are refused after it", async () => {
    const clinic = await makeClinic();
    await providerIn(clinic.id, ["CO"]);
    const p = await readyPatient(clinic.id);
    const { slots } = await p.caller.booking.slots({ kind: "evaluation", from: new Date(Date.now() + 3 * 86_400_000) });
    const first = await p.caller.booking.book({ kind: "evaluation", providerUserId: slots[0]!.providerUserId, startsAt: slots[0]!.start, idempotencyKey: randomUUID() });
    const moved = await p.caller.booking.reschedule({
      appointmentId: first.id,
      kind: "evaluation",
      providerUserId: slots[3]!.providerUserId,
      startsAt: slots[3]!.start,
      idempotencyKey: randomUUID(),
    });
    expect(moved).toMatchObject({ rescheduledFromId: first.id, status: "booked" });
    const old = await testDb().query.appointment.findFirst({ where: eq(schema.appointment.id, first.id) });
    expect(old).toMatchObject({ status: "cancelled", cancelReason: "Rescheduled" });

    // A cutoff longer than the time left refuses changes.
    await testDb().update(schema.clinic).set({ cancelCutoffMinutes: 30 * 24 * 60 }).where(eq(schema.clinic.id, clinic.id));
    await expect(p.caller.booking.cancel({ appointmentId: moved.id, reason: "Conflict at work" })).rejects.toThrow(/until 43200 minutes before/);
    await testDb().update(schema.clinic).set({ cancelCutoffMinutes: 60 }).where(eq(schema.clinic.id, clinic.id));
    expect(await p.caller.booking.cancel({ appointmentId: moved.id, reason: "Conflict at work" })).toMatchObject({ status: "cancelled" });
  });

  it("slots keep the provider's wall-clock hours across a daylight-saving change and are shown in the patient's zone", async () => {
    const clinic = await makeClinic();
    await testDb().update(schema.clinic).set({ bookingHorizonDays: 365 }).where(eq(schema.clinic.id, clinic.id));
    // Mondays 09:00-10:00 in Denver; 2027-03-14 is the spring-forward Sunday.
    await providerIn(clinic.id, ["CO"], { windows: [{ weekday: 1, startMinute: 9 * 60, endMinute: 10 * 60 }] });
    const p = await readyPatient(clinic.id, "CO", "America/New_York");
    const { slots, timezone } = await p.caller.booking.slots({ kind: "evaluation", from: new Date("2027-03-07T00:00:00Z"), days: 14 });
    expect(timezone).toBe("America/New_York");
    expect(slots.map((s) => s.start.toISOString())).toEqual(["2027-03-08T16:00:00.000Z", "2027-03-15T15:00:00.000Z"]);
  });
  it("exceptions are entered as the provider's wall-clock times, whatever the admin's browser, across a DST change", async () => {
    const clinic = await makeClinic();
    await testDb().update(schema.clinic).set({ bookingHorizonDays: 365 }).where(eq(schema.clinic.id, clinic.id));
    const provider = await providerIn(clinic.id, ["CO"], { windows: [{ weekday: 1, startMinute: 9 * 60, endMinute: 10 * 60 }] });
    const admin = await staffSession(clinic.id, ["admin"]);
    // 01:00-05:00 in Denver on the spring-forward Sunday: 02:00 does not exist, so it is 3 real hours.
    const extra = await admin.caller.availability.addException({ providerUserId: provider.id, kind: "extra_hours", startDate: "2027-03-14", startTime: "01:00", endDate: "2027-03-14", endTime: "05:00" });
    expect([extra.startsAt.toISOString(), extra.endsAt.toISOString(), extra.timezone]).toEqual(["2027-03-14T08:00:00.000Z", "2027-03-14T11:00:00.000Z", "America/Denver"]);
    // Time off over the Monday hours removes that slot.
    await admin.caller.availability.addException({ providerUserId: provider.id, kind: "time_off", startDate: "2027-03-15", startTime: "00:00", endDate: "2027-03-16", endTime: "00:00" });
    const p = await readyPatient(clinic.id, "CO", "America/New_York");
    const { slots } = await p.caller.booking.slots({ kind: "evaluation", from: new Date("2027-03-13T00:00:00Z"), days: 4 });
    expect(slots.map((s) => s.start.toISOString())).toEqual(["2027-03-14T08:00:00.000Z", "2027-03-14T09:00:00.000Z", "2027-03-14T10:00:00.000Z"]);
  });
});

describe("booking and availability authorization", () => {
  it("another patient cannot cancel or reschedule an appointment", async () => {
    const clinic = await makeClinic();
    await providerIn(clinic.id, ["CO"]);
    const owner = await readyPatient(clinic.id);
    const { slots } = await owner.caller.booking.slots({ kind: "evaluation" });
    const appt = await owner.caller.booking.book({ kind: "evaluation", providerUserId: slots[0]!.providerUserId, startsAt: slots[0]!.start, idempotencyKey: randomUUID() });
    for (const other of [await readyPatient(clinic.id), await readyPatient((await makeClinic()).id)]) {
      await expect(other.caller.booking.cancel({ appointmentId: appt.id, reason: "x" })).rejects.toMatchObject({ code: "NOT_FOUND" });
      await expect(
        other.caller.booking.reschedule({ appointmentId: appt.id, kind: "evaluation", providerUserId: slots[1]!.providerUserId, startsAt: slots[1]!.start, idempotencyKey: randomUUID() }),
      ).rejects.toMatchObject({ code: "NOT_FOUND" });
    }
    expect((await owner.caller.booking.mine()).map((a) => a.status)).toEqual(["booked"]);
  });

  it("providers set their own hours; admins anyone's in their clinic; staff and other clinics are refused", async () => {
    const clinic = await makeClinic();
    const provider = await staffSession(clinic.id, ["provider"]);
    const week = { providerUserId: provider.user.id, timezone: "America/Denver", windows: ALL_WEEK };
    expect(await provider.caller.availability.setWeekly(week)).toEqual({ windows: 7 });
    expect(await provider.caller.availability.get({ providerUserId: provider.user.id })).toMatchObject({ timezone: "America/Denver", windows: { length: 7 } });
    const colleague = await providerIn(clinic.id, ["CO"]);
    await expect(provider.caller.availability.setWeekly({ ...week, providerUserId: colleague.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const admin = await staffSession(clinic.id, ["admin"]);
    expect(await admin.caller.availability.setWeekly({ ...week, providerUserId: colleague.id })).toEqual({ windows: 7 });
    await expect(provider.caller.availability.get({ providerUserId: colleague.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const staff = await staffSession(clinic.id, ["staff"]);
    await expect(staff.caller.availability.setWeekly(week)).rejects.toMatchObject({ code: "FORBIDDEN" });
    const otherAdmin = await staffSession((await makeClinic()).id, ["admin"]);
    await expect(otherAdmin.caller.availability.setWeekly(week)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(provider.caller.availability.setWeekly({ ...week, windows: [{ weekday: 1, startMinute: 600, endMinute: 540 }] })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const off = await provider.caller.availability.addException({
      providerUserId: provider.user.id,
      kind: "time_off",
      startDate: "2027-01-04",
      startTime: "00:00",
      endDate: "2027-01-09",
      endTime: "00:00",
      note: "Conference",
    });
    expect(off.kind).toBe("time_off");
    const exceptionInput = { providerUserId: provider.user.id, kind: "time_off" as const, startDate: "2027-01-04", startTime: "09:00", endDate: "2027-01-04", endTime: "12:00" };
    await expect(staff.caller.availability.addException(exceptionInput)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(otherAdmin.caller.availability.addException(exceptionInput)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(provider.caller.availability.addException({ ...exceptionInput, endTime: "08:00" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(otherAdmin.caller.availability.removeException({ providerUserId: provider.user.id, exceptionId: off.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(staff.caller.availability.removeException({ providerUserId: provider.user.id, exceptionId: off.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect((await provider.caller.availability.get({ providerUserId: provider.user.id })).exceptions.map((e) => e.id)).toEqual([off.id]);
    await provider.caller.availability.removeException({ providerUserId: provider.user.id, exceptionId: off.id });
    expect((await provider.caller.availability.get({ providerUserId: provider.user.id })).exceptions).toEqual([]);
  });
});
