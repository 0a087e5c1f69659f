import { randomUUID } from "node:crypto";

import { schema } from "@clearwell/db/client";
import { and, eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";

import { auditOf, commonStart, providerIn, readyPatient } from "./booking-fixtures";
import { makeClinic, testDb } from "./harness";

const live = (providerIds: string[], startsAt: Date) =>
  testDb()
    .select()
    .from(schema.appointment)
    .where(and(inArray(schema.appointment.providerUserId, providerIds), eq(schema.appointment.startsAt, startsAt), inArray(schema.appointment.status, ["booked", "confirmed"])));

describe("booking with any available provider", () => {
  it("two providers, one busy at the time: the server books the free one", async () => {
    const clinic = await makeClinic();
    const a = await providerIn(clinic.id, ["CO"], { name: "Dr. A" });
    const b = await providerIn(clinic.id, ["CO"], { name: "Dr. B" });
    const first = await readyPatient(clinic.id);
    const { slots } = await first.caller.booking.slots({ kind: "evaluation" });
    const at = commonStart(slots, [a.id, b.id]);
    // Dr. A sorts first and is least booked: the first "any" booking takes A...
    const one = await first.caller.booking.book({ kind: "evaluation", startsAt: at, idempotencyKey: randomUUID() });
    expect(one.providerUserId).toBe(a.id);
    // ...so A is busy, and the next patient asking for "any" at that time gets B.
    const second = await readyPatient(clinic.id);
    const two = await second.caller.booking.book({ kind: "evaluation", startsAt: at, idempotencyKey: randomUUID() });
    expect(two).toMatchObject({ providerUserId: b.id, patientId: second.patient.id, startsAt: at, status: "booked", bookedByUserId: second.user!.id });
    const [audit] = await auditOf(two.id);
    expect(audit).toMatchObject({ action: "appointment.book", actorUserId: second.user!.id, patientId: second.patient.id });
    expect(audit!.detail).toMatchObject({ anyProvider: true, providerUserId: b.id });
    expect(audit!.detail).not.toHaveProperty("onBehalfOfPatientId");
    // Both are now busy: the time is gone for "any" and the list no longer offers it.
    const third = await readyPatient(clinic.id);
    await expect(third.caller.booking.book({ kind: "evaluation", startsAt: at, idempotencyKey: randomUUID() })).rejects.toMatchObject({ code: "CONFLICT" });
    expect((await third.caller.booking.slots({ kind: "evaluation" })).slots.some((s) => s.start.getTime() === at.getTime())).toBe(false);
  });

  it("spreads the load: a provider with fewer visits that day is picked before one earlier in the alphabet", async () => {
    const clinic = await makeClinic();
    const a = await providerIn(clinic.id, ["CO"], { name: "Dr. A" });
    const b = await providerIn(clinic.id, ["CO"], { name: "Dr. B" });
    const p1 = await readyPatient(clinic.id);
    const { slots } = await p1.caller.booking.slots({ kind: "evaluation" });
    const at = commonStart(slots, [a.id, b.id]);
    // A has another visit within the same day (the load window is 12 hours either side); B has none.
    const near = slots.find((s) => s.providerUserId === a.id && s.start.getTime() !== at.getTime() && Math.abs(s.start.getTime() - at.getTime()) < 8 * 3600_000)!;
    await p1.caller.booking.book({ kind: "evaluation", providerUserId: a.id, startsAt: near.start, idempotencyKey: randomUUID() });
    const p2 = await readyPatient(clinic.id);
    expect((await p2.caller.booking.book({ kind: "evaluation", startsAt: at, idempotencyKey: randomUUID() })).providerUserId).toBe(b.id);
  });

  it("concurrent 'any provider' bookings of one time: one per free provider, the rest are refused, none double-booked", async () => {
    const clinic = await makeClinic();
    const a = await providerIn(clinic.id, ["CO"]);
    const b = await providerIn(clinic.id, ["CO"]);
    const patients = await Promise.all(Array.from({ length: 4 }, () => readyPatient(clinic.id)));
    const { slots } = await patients[0]!.caller.booking.slots({ kind: "evaluation" });
    const at = commonStart(slots, [a.id, b.id]);
    const results = await Promise.allSettled(patients.map((p) => p.caller.booking.book({ kind: "evaluation", startsAt: at, idempotencyKey: randomUUID() })));
    const won = results.filter((r) => r.status === "fulfilled").map((r) => r.value);
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(won).toHaveLength(2);
    expect(new Set(won.map((w) => w.providerUserId))).toEqual(new Set([a.id, b.id]));
    expect(lost).toHaveLength(2);
    for (const r of lost) expect(r.reason).toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/just taken|no longer available/) });
    expect(await live([a.id, b.id], at)).toHaveLength(2);
  });

  it("a double click with 'any provider' books once; the key cannot be reused for another time", async () => {
    const clinic = await makeClinic();
    await providerIn(clinic.id, ["CO"]);
    await providerIn(clinic.id, ["CO"]);
    const p = await readyPatient(clinic.id);
    const { slots } = await p.caller.booking.slots({ kind: "evaluation" });
    const input = { kind: "evaluation" as const, startsAt: slots[0]!.start, idempotencyKey: randomUUID() };
    const [x, y] = await Promise.all([p.caller.booking.book(input), p.caller.booking.book(input)]);
    expect(x.id).toBe(y.id);
    expect(await testDb().select().from(schema.appointment).where(eq(schema.appointment.patientId, p.patient.id))).toHaveLength(1);
    const other = slots.find((s) => s.start.getTime() !== input.startsAt.getTime())!;
    await expect(p.caller.booking.book({ ...input, startsAt: other.start })).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("a patient who already has a visit at that time is told so, not moved to another provider", async () => {
    const clinic = await makeClinic();
    const a = await providerIn(clinic.id, ["CO"]);
    const b = await providerIn(clinic.id, ["CO"]);
    const p = await readyPatient(clinic.id);
    const { slots } = await p.caller.booking.slots({ kind: "evaluation" });
    const at = commonStart(slots, [a.id, b.id]);
    await p.caller.booking.book({ kind: "evaluation", providerUserId: a.id, startsAt: at, idempotencyKey: randomUUID() });
    // B is still free then, but the patient is not offered a time they are already booked at...
    const after = (await p.caller.booking.slots({ kind: "evaluation" })).slots;
    expect(after.some((s) => s.start.getTime() === at.getTime())).toBe(false);
    expect(after.some((s) => s.providerUserId === b.id)).toBe(true);
    // ...and asking for it anyway is refused by the database's patient constraint, not moved to B.
    await expect(p.caller.booking.book({ kind: "evaluation", startsAt: at, idempotencyKey: randomUUID() })).rejects.toMatchObject({
      code: "CONFLICT",
      message: "A visit is already booked at that time. Please choose another time.",
    });
    expect(await live([a.id, b.id], at)).toHaveLength(1);
  });

  it("only providers licensed in the patient's state are picked, and a reschedule may ask for any provider", async () => {
    const clinic = await makeClinic();
    const co = await providerIn(clinic.id, ["CO"]);
    const ut = await providerIn(clinic.id, ["UT"]);
    const p = await readyPatient(clinic.id);
    const { slots } = await p.caller.booking.slots({ kind: "evaluation", from: new Date(Date.now() + 3 * 86_400_000) });
    const first = await p.caller.booking.book({ kind: "evaluation", startsAt: slots[0]!.start, idempotencyKey: randomUUID() });
    expect(first.providerUserId).toBe(co.id);
    const moved = await p.caller.booking.reschedule({ appointmentId: first.id, kind: "evaluation", startsAt: slots[2]!.start, idempotencyKey: randomUUID() });
    expect(moved).toMatchObject({ providerUserId: co.id, rescheduledFromId: first.id, startsAt: slots[2]!.start });
    expect(moved.providerUserId).not.toBe(ut.id);
  });
});
