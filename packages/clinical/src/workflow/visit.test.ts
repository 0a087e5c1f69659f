import { describe, expect, it } from "vitest";

import type { AppointmentStatus } from "./appointment";
import { type VisitSignal, type VisitStatus, appointmentEventsFor, checkJoin, joinWindow, nextVisitStatus } from "./visit";

const startsAt = new Date("2026-12-01T17:00:00Z");
const endsAt = new Date("2026-12-01T18:00:00Z");
const window = joinWindow(startsAt, endsAt, 15);
const at = (minutesFromStart: number) => new Date(startsAt.getTime() + minutesFromStart * 60_000);

describe("join window (default 15 minutes before the start to the end of the slot)", () => {
  it.each([
    [-16, false, "too_early"],
    [-15, true, null],
    [-1, true, null],
    [0, true, null],
    [59, true, null],
    [60, false, "too_late"],
    [61, false, "too_late"],
  ] as const)("%i minutes from the start: %s", (minutes, ok, code) => {
    const r = checkJoin(at(minutes), window, "booked", null);
    expect(r.ok).toBe(ok);
    if (!r.ok) expect(r.code).toBe(code);
  });

  it("follows the clinic's setting", () => {
    expect(checkJoin(at(-29), joinWindow(startsAt, endsAt, 30), "confirmed", null).ok).toBe(true);
    expect(checkJoin(at(-1), joinWindow(startsAt, endsAt, 0), "confirmed", null).ok).toBe(false);
  });

  it.each(["cancelled", "no_show", "completed"] as AppointmentStatus[])("a %s appointment has no visit", (status) => {
    expect(checkJoin(at(0), window, status, null)).toMatchObject({ ok: false, code: "not_joinable" });
  });

  it.each(["ended", "abandoned"] as VisitStatus[])("an %s visit cannot be rejoined", (visit) => {
    expect(checkJoin(at(0), window, "in_progress", visit)).toMatchObject({ ok: false, code: "ended" });
  });

  it("a dropped patient may rejoin inside the window", () => {
    expect(checkJoin(at(30), window, "in_progress", "reconnecting").ok).toBe(true);
  });

  it("a call running over its slot can be rejoined for 30 minutes after the end, a visit not started cannot", () => {
    expect(checkJoin(at(60 + 29), window, "in_progress", "reconnecting").ok).toBe(true);
    expect(checkJoin(at(60 + 29), window, "in_progress", "in_call").ok).toBe(true);
    expect(checkJoin(at(60 + 30), window, "in_progress", "reconnecting")).toMatchObject({ ok: false, code: "too_late" });
    expect(checkJoin(at(61), window, "checked_in", "patient_waiting")).toMatchObject({ ok: false, code: "too_late" });
  });
});

describe("visit state machine (DOMAIN.md §2)", () => {
  const fresh = { patientAdmitted: false, everStarted: false };
  const admitted = { patientAdmitted: true, everStarted: true };
  const sentBack = { patientAdmitted: false, everStarted: true };

  it.each([
    ["waiting_room_open", "patient_joined", fresh, "patient_waiting"],
    ["patient_waiting", "admitted", admitted, "in_call"],
    ["patient_waiting", "patient_left", fresh, "waiting_room_open"],
    ["in_call", "patient_left", admitted, "reconnecting"],
    ["reconnecting", "patient_joined", admitted, "in_call"],
    ["in_call", "sent_back", sentBack, "patient_waiting"],
    ["patient_waiting", "patient_left", sentBack, "waiting_room_open"],
    ["in_call", "ended_by_provider", admitted, "ended"],
    ["patient_waiting", "ended_by_provider", fresh, "abandoned"],
    ["reconnecting", "room_closed", admitted, "ended"],
    ["waiting_room_open", "room_closed", fresh, "waiting_room_open"],
    ["patient_waiting", "window_closed", fresh, "abandoned"],
    ["in_call", "window_closed", admitted, "ended"],
  ] as [VisitStatus, VisitSignal, typeof fresh, VisitStatus][])("%s --%s--> %s", (from, signal, ctx, to) => {
    expect(nextVisitStatus(from, signal, ctx)).toBe(to);
  });

  it("terminal states stay put whatever arrives later (replayed or late webhooks)", () => {
    for (const from of ["ended", "abandoned"] as VisitStatus[]) {
      for (const signal of ["patient_joined", "patient_left", "admitted", "sent_back", "room_closed", "window_closed"] as VisitSignal[]) {
        expect(nextVisitStatus(from, signal, admitted)).toBe(from);
      }
    }
  });

  it("admission confirmed by the video server counts even before the 'joined' webhook arrives", () => {
    expect(nextVisitStatus("waiting_room_open", "admitted", admitted)).toBe("in_call");
  });
});

describe("appointment events implied by the visit", () => {
  it.each([
    ["patient_checked_in", "booked", ["confirm", "check_in"]],
    ["patient_checked_in", "confirmed", ["check_in"]],
    ["patient_checked_in", "checked_in", []],
    ["patient_checked_in", "in_progress", []],
    ["admitted", "checked_in", ["admit"]],
    ["admitted", "in_progress", []],
    ["visit_over", "in_progress", ["end"]],
    ["visit_over", "checked_in", []],
  ] as const)("%s while %s → %j", (signal, status, events) => {
    expect(appointmentEventsFor(signal, status)).toEqual(events);
  });
});
