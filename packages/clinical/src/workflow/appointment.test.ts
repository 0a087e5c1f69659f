import { describe, expect, it } from "vitest";

import { type AppointmentEvent, type AppointmentStatus, transitionAppointment } from "./appointment";

const startsAt = new Date("2026-12-01T17:00:00Z");
const at = (minutesFromStart: number) => new Date(startsAt.getTime() + minutesFromStart * 60_000);
const base = { startsAt, cancelCutoffMinutes: 24 * 60, noShowGraceMinutes: 15, providerLicensedInPatientState: true, patientAttestedLocation: true };

// DOMAIN.md §2 appointment table: every legal transition.
describe("legal transitions", () => {
  it.each([
    ["booked", "confirm", "confirmed", -3000],
    ["booked", "reschedule", "booked", -3000],
    ["confirmed", "reschedule", "booked", -3000],
    ["booked", "cancel", "cancelled", -3000],
    ["confirmed", "cancel", "cancelled", -3000],
    ["confirmed", "check_in", "checked_in", -10],
    ["checked_in", "admit", "in_progress", -2],
    ["in_progress", "end", "completed", 50],
    ["confirmed", "mark_no_show", "no_show", 15],
  ] as [AppointmentStatus, AppointmentEvent, AppointmentStatus, number][])("%s --%s--> %s", (from, event, to, minutes) => {
    expect(transitionAppointment(from, event, { ...base, now: at(minutes) })).toEqual({ ok: true, to });
  });
});

describe("illegal transitions are refused with a reason", () => {
  const statuses: AppointmentStatus[] = ["booked", "confirmed", "checked_in", "in_progress", "completed", "cancelled", "no_show"];
  const legal = new Set(["booked:confirm", "booked:reschedule", "confirmed:reschedule", "booked:cancel", "confirmed:cancel", "confirmed:check_in", "checked_in:admit", "in_progress:end", "confirmed:mark_no_show"]);
  const events: AppointmentEvent[] = ["confirm", "reschedule", "cancel", "check_in", "admit", "end", "mark_no_show"];
  for (const from of statuses) {
    for (const event of events.filter((e) => !legal.has(`${from}:${e}`))) {
      it(`${from} cannot ${event}`, () => {
        const r = transitionAppointment(from, event, { ...base, now: at(20) });
        expect(r.ok).toBe(false);
      });
    }
  }
});

describe("guards", () => {
  it("cancel and reschedule stop at the clinic's cutoff", () => {
    expect(transitionAppointment("confirmed", "cancel", { ...base, now: at(-24 * 60) }).ok).toBe(true);
    expect(transitionAppointment("confirmed", "cancel", { ...base, now: at(-24 * 60 + 1) }).ok).toBe(false);
    expect(transitionAppointment("booked", "reschedule", { ...base, now: at(-60), cancelCutoffMinutes: 60 }).ok).toBe(true);
    expect(transitionAppointment("booked", "reschedule", { ...base, now: at(-59), cancelCutoffMinutes: 60 }).ok).toBe(false);
  });

  it("check-in needs the patient's attested location; admission needs a licence there", () => {
    expect(transitionAppointment("confirmed", "check_in", { ...base, now: at(-5), patientAttestedLocation: false }).ok).toBe(false);
    expect(transitionAppointment("checked_in", "admit", { ...base, now: at(0), providerLicensedInPatientState: false }).ok).toBe(false);
  });

  it("no-show only after the grace period", () => {
    expect(transitionAppointment("confirmed", "mark_no_show", { ...base, now: at(14) }).ok).toBe(false);
    expect(transitionAppointment("confirmed", "mark_no_show", { ...base, now: at(15) }).ok).toBe(true);
  });
});
