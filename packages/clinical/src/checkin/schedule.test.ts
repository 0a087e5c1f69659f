import { describe, expect, it } from "vitest";

import {
  CHECK_IN_STATUSES,
  CHECK_IN_TRANSITIONS,
  checkInOverdueAt,
  checkInTransition,
  type CheckInEvent,
  consecutiveMissed,
  dueCheckIns,
  overdueStep,
  type ScheduleInput,
} from "./schedule";

const TZ = "America/New_York";
const ACT = new Date("2026-05-04T13:00:00Z"); // Mon 09:00 EDT
const at = (iso: string) => new Date(iso);
const base: ScheduleInput = { cadence: "weekly", regimenActivatedAt: ACT, existing: [], followUps: [], preFollowUpDays: 2, now: at("2026-05-05T12:00:00Z"), horizonDays: 14, timezone: TZ };
const iso = (r: { kind: string; dueAt: Date }[]) => r.map((c) => `${c.kind}@${c.dueAt.toISOString()}`);

describe("dueCheckIns", () => {
  it("weekly from activation up to the horizon", () => {
    expect(iso(dueCheckIns(base))).toEqual(["weekly@2026-05-11T13:00:00.000Z", "weekly@2026-05-18T13:00:00.000Z"]);
  });
  it("idempotent: passing back what was created proposes nothing", () => {
    const first = dueCheckIns(base);
    expect(dueCheckIns({ ...base, existing: first })).toEqual([]);
  });
  it("the next run only adds what newly came into the horizon", () => {
    const first = dueCheckIns(base);
    const later = dueCheckIns({ ...base, existing: first, now: at("2026-05-12T12:00:00Z") });
    expect(iso(later)).toEqual(["weekly@2026-05-25T13:00:00.000Z"]);
  });
  it("keeps the local time across DST", () => {
    const act = new Date("2026-03-02T14:00:00Z"); // 09:00 EST
    const r = dueCheckIns({ ...base, regimenActivatedAt: act, now: at("2026-03-03T00:00:00Z"), horizonDays: 14 });
    expect(iso(r)).toEqual(["weekly@2026-03-09T13:00:00.000Z", "weekly@2026-03-16T13:00:00.000Z"]); // 09:00 EDT
  });
  it("every 2 weeks / monthly (4 weeks) / none", () => {
    expect(iso(dueCheckIns({ ...base, cadence: "every_2_weeks", horizonDays: 30 }))).toEqual(["weekly@2026-05-18T13:00:00.000Z", "weekly@2026-06-01T13:00:00.000Z"]);
    expect(iso(dueCheckIns({ ...base, cadence: "monthly", horizonDays: 30 }))).toEqual(["weekly@2026-06-01T13:00:00.000Z"]);
    expect(dueCheckIns({ ...base, cadence: "none", horizonDays: 30 })).toEqual([]);
  });
  it("no regimen, no cadence check-ins", () => expect(dueCheckIns({ ...base, regimenActivatedAt: null })).toEqual([]));
  it("a scheduler gap back-fills only the latest past occurrence, never a backlog", () => {
    const r = dueCheckIns({ ...base, now: at("2026-05-27T12:00:00Z"), horizonDays: 3 });
    expect(iso(r)).toEqual(["weekly@2026-05-25T13:00:00.000Z"]);
    expect(dueCheckIns({ ...base, now: at("2026-05-27T12:00:00Z"), horizonDays: 3, existing: r })).toEqual([]);
  });
  it("pre-follow-up N days before each upcoming follow-up, with its appointment", () => {
    const r = dueCheckIns({ ...base, followUps: [{ appointmentId: "ap1", startsAt: at("2026-05-15T14:00:00Z") }] });
    expect(r).toContainEqual({ kind: "pre_follow_up", dueAt: at("2026-05-13T14:00:00Z"), appointmentId: "ap1" });
  });
  it("a pre-follow-up is not duplicated once it exists (by appointment or time)", () => {
    const fu = [{ appointmentId: "ap1", startsAt: at("2026-05-15T14:00:00Z") }];
    const first = dueCheckIns({ ...base, followUps: fu });
    expect(dueCheckIns({ ...base, followUps: fu, existing: first })).toEqual([]);
    expect(dueCheckIns({ ...base, followUps: fu, existing: [...first.filter((c) => c.kind === "weekly"), { kind: "pre_follow_up", dueAt: at("2026-05-10T00:00:00Z"), appointmentId: "ap1" }] })).toEqual([]);
  });
  it("a weekly check-in within 48 h of a pre-follow-up one is folded into it", () => {
    const r = dueCheckIns({ ...base, followUps: [{ appointmentId: "ap1", startsAt: at("2026-05-20T13:00:00Z") }] });
    expect(iso(r)).toEqual(["weekly@2026-05-11T13:00:00.000Z", "pre_follow_up@2026-05-18T13:00:00.000Z"]);
  });
  it("past or started follow-ups get none; one booked sooner than N days is due from activation", () => {
    expect(dueCheckIns({ ...base, cadence: "none", followUps: [{ appointmentId: "ap0", startsAt: at("2026-05-05T11:00:00Z") }] })).toEqual([]);
    const soon = dueCheckIns({ ...base, cadence: "none", followUps: [{ appointmentId: "ap2", startsAt: at("2026-05-05T20:00:00Z") }] });
    expect(soon).toEqual([{ kind: "pre_follow_up", dueAt: ACT, appointmentId: "ap2" }]);
  });
  it("pre-first-dose once, when asked (first dose not yet taken)", () => {
    const r = dueCheckIns({ ...base, firstDoseTakenAt: null });
    expect(r[0]).toEqual({ kind: "pre_first_dose", dueAt: ACT });
    expect(dueCheckIns({ ...base, firstDoseTakenAt: null, existing: r })).toEqual([]);
    expect(dueCheckIns({ ...base, firstDoseTakenAt: at("2026-05-04T20:00:00Z") }).some((c) => c.kind === "pre_first_dose")).toBe(false);
  });
});

describe("check-in state machine (DOMAIN §2)", () => {
  const LEGAL = [
    ["due", "submit", "submitted"],
    ["overdue", "submit", "submitted"],
    ["submitted", "score", "scored"],
    ["due", "overdue", "overdue"],
    ["due", "miss", "missed"],
    ["overdue", "miss", "missed"],
  ] as const;
  it.each(LEGAL)("%s --%s--> %s", (from, ev, to) => expect(checkInTransition(from, ev)).toEqual({ ok: true, to }));
  it("everything else is refused", () => {
    const legal = new Set(LEGAL.map(([f, e]) => `${f}:${e}`));
    const events = Object.keys(CHECK_IN_TRANSITIONS) as CheckInEvent[];
    const refused = CHECK_IN_STATUSES.flatMap((s) => events.filter((e) => !legal.has(`${s}:${e}`)).map((e) => checkInTransition(s, e)));
    expect(refused).toHaveLength(14);
    expect(refused.every((r) => !r.ok)).toBe(true);
  });
  it("a resubmission is already_in_state with a thank-you; a missed one has closed", () => {
    expect(checkInTransition("scored", "submit")).toMatchObject({ ok: false, code: "already_in_state" });
    expect(checkInTransition("missed", "submit")).toMatchObject({ ok: false, code: "invalid_transition", message: expect.stringMatching(/closed/) });
  });
});

describe("overdueStep (A7)", () => {
  const dueAt = at("2026-05-11T13:00:00Z");
  const overdueAt = checkInOverdueAt(dueAt, 48);
  const nextDueAt = at("2026-05-18T13:00:00Z");
  it("overdue at due + 48 h, not a minute before", () => {
    expect(overdueAt).toEqual(at("2026-05-13T13:00:00Z"));
    expect(overdueStep({ status: "due", dueAt, overdueAt, nextDueAt, now: at("2026-05-13T12:59:00Z") })).toBeNull();
    expect(overdueStep({ status: "due", dueAt, overdueAt, nextDueAt, now: overdueAt })).toBe("overdue");
  });
  it("overdue becomes missed when the next one falls due", () => {
    expect(overdueStep({ status: "overdue", dueAt, overdueAt, nextDueAt, now: at("2026-05-18T12:59:00Z") })).toBeNull();
    expect(overdueStep({ status: "overdue", dueAt, overdueAt, nextDueAt, now: nextDueAt })).toBe("missed");
  });
  it("with no next one, missed one more grace period after overdue", () => {
    expect(overdueStep({ status: "overdue", dueAt, overdueAt, nextDueAt: null, now: at("2026-05-15T12:59:00Z") })).toBeNull();
    expect(overdueStep({ status: "overdue", dueAt, overdueAt, nextDueAt: null, now: at("2026-05-15T13:00:00Z") })).toBe("missed");
  });
  it("one step per call: a due one long past goes to overdue first", () => expect(overdueStep({ status: "due", dueAt, overdueAt, nextDueAt, now: at("2026-06-30T00:00:00Z") })).toBe("overdue"));
  it("submitted, scored and missed stay", () => {
    for (const status of ["submitted", "scored", "missed"] as const) expect(overdueStep({ status, dueAt, overdueAt, nextDueAt, now: at("2027-01-01T00:00:00Z") })).toBeNull();
  });
  it("consecutiveMissed counts back to the last completed one", () => {
    expect(consecutiveMissed(["overdue"])).toBe(1);
    expect(consecutiveMissed(["overdue", "missed", "scored", "missed"])).toBe(2);
    expect(consecutiveMissed(["due", "missed", "missed"])).toBe(2);
    expect(consecutiveMissed(["scored", "missed"])).toBe(0);
  });
});
