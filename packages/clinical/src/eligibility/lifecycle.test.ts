import { describe, expect, it } from "vitest";

import { type DecisionStatusContext, type IntakeScreeningSnapshot, type RecordedDecision, decisionInEffect, decisionStatus } from "./lifecycle";
import type { EligibilityOutcome } from "./outcome";
import type { Effect } from "./types";

const DAY = 24 * 60 * 60 * 1000;
const DECIDED = new Date("2026-11-23T15:00:00Z");
const at = (days: number, ms = 0) => new Date(DECIDED.getTime() + days * DAY + ms);

const intake = (version: number, ...flags: [string, Effect][]): IntakeScreeningSnapshot => ({ version, flags: flags.map(([ruleId, effect]) => ({ ruleId, effect })) });

const decision = (outcome: EligibilityOutcome = "eligible_at_home", extra: Partial<RecordedDecision> = {}): RecordedDecision => ({
  outcome,
  decidedAt: DECIDED,
  intake: intake(1),
  rules: [],
  overriddenRuleIds: [],
  ...extra,
});
const ctx = (extra: Partial<DecisionStatusContext> = {}): DecisionStatusContext => ({ now: at(1), latestIntake: intake(1), alerts: [], ...extra });

// DOMAIN.md §2: expires after N days (C, default 90).
describe("expiry", () => {
  it.each([
    [at(89), "current"],
    [at(90, -1), "current"],
    [at(90), "expired"],
    [at(91), "expired"],
  ] as const)("at %s → %s", (now, status) => {
    const s = decisionStatus(decision(), ctx({ now }));
    expect(s.status).toBe(status);
    expect(s.expiresAt).toEqual(at(90));
  });

  it("follows the clinic's expiry (C)", () => {
    expect(decisionStatus(decision(), ctx({ now: at(29), expiryDays: 30 })).status).toBe("current");
    expect(decisionStatus(decision(), ctx({ now: at(30), expiryDays: 30 })).status).toBe("expired");
  });

  it("expires deferred and negative decisions too", () => {
    expect(decisionStatus(decision("deferred"), ctx({ now: at(90) })).status).toBe("expired");
    expect(decisionStatus(decision("not_eligible"), ctx({ now: at(90) })).status).toBe("expired");
  });
});

// DOMAIN.md §2: invalidated on material change (new contraindication, pregnancy, A4).
describe("a newer intake version", () => {
  it.each<[string, EligibilityOutcome, IntakeScreeningSnapshot, IntakeScreeningSnapshot, string[], string]>([
    ["same version", "eligible_at_home", intake(1), intake(1, ["E01", "not_eligible"]), [], "current"],
    ["newer, nothing new", "eligible_at_home", intake(1, ["E12", "warning"]), intake(2, ["E12", "warning"]), [], "current"],
    ["adds a warning", "eligible_at_home", intake(1), intake(2, ["E12", "warning"]), [], "current"],
    ["adds NE", "eligible_at_home", intake(1), intake(2, ["E01", "not_eligible"]), [], "invalidated"],
    ["adds IO", "eligible_at_home", intake(1), intake(2, ["E03", "in_office_only"]), [], "invalidated"],
    ["adds an unanswered question", "eligible_at_home", intake(1), intake(2, ["E02", "deferred"]), [], "invalidated"],
    ["adds OV not overridden", "eligible_at_home", intake(1), intake(2, ["E22", "override_required"]), [], "invalidated"],
    ["keeps an OV that was overridden", "eligible_at_home", intake(1, ["E22", "override_required"]), intake(2, ["E22", "override_required"]), ["E22"], "current"],
    ["IO turns NE (worse effect, same rule)", "in_office_only", intake(1, ["E03", "in_office_only"]), intake(2, ["E03", "not_eligible"]), [], "invalidated"],
    ["in office: adds IO", "in_office_only", intake(1), intake(2, ["E04", "in_office_only"]), [], "current"],
    ["in office: adds OV", "in_office_only", intake(1), intake(2, ["E22", "override_required"]), [], "current"],
    ["in office: adds NE", "in_office_only", intake(1), intake(2, ["E08", "not_eligible"]), [], "invalidated"],
    ["not eligible: adds NE", "not_eligible", intake(1), intake(2, ["E08", "not_eligible"]), [], "current"],
    ["deferred: adds NE", "deferred", intake(1), intake(2, ["E08", "not_eligible"]), [], "current"],
    ["IO answer withdrawn (improvement)", "in_office_only", intake(1, ["E03", "in_office_only"]), intake(2), [], "current"],
  ])("%s (%s)", (_label, outcome, decided, latest, overridden, status) => {
    const s = decisionStatus(decision(outcome, { intake: decided, overriddenRuleIds: overridden }), ctx({ latestIntake: latest }));
    expect(s.status).toBe(status);
  });

  it("says which rule the new version adds", () => {
    expect(decisionStatus(decision(), ctx({ latestIntake: intake(3, ["E05", "not_eligible"]) }))).toMatchObject({
      status: "invalidated",
      reasons: [{ code: "new_contraindication", ruleId: "E05", message: "Intake version 3 adds E05 (not eligible)." }],
    });
  });
});

describe("pregnancy and alerts after the decision", () => {
  it.each<[string, Partial<DecisionStatusContext>, string]>([
    ["pregnancy reported after", { pregnancyReportedAt: at(0, 1) }, "invalidated"],
    ["pregnancy reported before", { pregnancyReportedAt: at(0, -1) }, "current"],
    ["A4 after", { alerts: [{ ruleId: "A4", raisedAt: at(2) }], now: at(3) }, "invalidated"],
    ["A4 before the decision", { alerts: [{ ruleId: "A4", raisedAt: at(-1) }] }, "current"],
    ["A2 after (not material)", { alerts: [{ ruleId: "A2", raisedAt: at(0, 1) }] }, "current"],
    ["A5 after, clinic lists A5", { alerts: [{ ruleId: "A5", raisedAt: at(0, 1) }], invalidatingAlerts: ["A4", "A5"] }, "invalidated"],
  ])("%s → %s", (_label, extra, status) => {
    expect(decisionStatus(decision(), ctx(extra)).status).toBe(status);
  });

  it("reports invalidation before expiry, with every reason", () => {
    const s = decisionStatus(decision(), ctx({ now: at(120), pregnancyReportedAt: at(5), alerts: [{ ruleId: "A4", raisedAt: at(6) }, { ruleId: "A4", raisedAt: at(7) }] }));
    expect(s).toMatchObject({ status: "invalidated", reasons: [{ code: "pregnancy", ruleId: "E05" }, { code: "alert", ruleId: "A4" }] });
  });

  it("reports a pregnancy once when the intake already adds E05", () => {
    const s = decisionStatus(decision(), ctx({ latestIntake: intake(2, ["E05", "not_eligible"]), pregnancyReportedAt: at(0, 1) }));
    expect(s.status === "invalidated" && s.reasons.map((r) => r.code)).toEqual(["new_contraindication"]);
  });
});

// DOMAIN.md §2: `deferred -> pending` (e.g. BP recheck).
describe("a deferral waiting for a blood-pressure recheck", () => {
  const deferredOnBp = decision("deferred", { rules: [{ ruleId: "E06", effect: "deferred" }] });
  it.each<[string, RecordedDecision, Date | null, string]>([
    ["no recheck yet", deferredOnBp, null, "current"],
    ["recheck after the decision", deferredOnBp, at(0, 1), "pending"],
    ["recheck before the decision", deferredOnBp, at(0, -1), "current"],
    ["deferred on something else", decision("deferred", { rules: [{ ruleId: "E01", effect: "deferred" }] }), at(1), "current"],
    ["not a deferral", decision("in_office_only", { rules: [{ ruleId: "E06", effect: "deferred" }] }), at(1), "current"],
  ])("%s → %s", (_label, d, recheck, status) => {
    expect(decisionStatus(d, ctx({ bloodPressureRecheckAt: recheck, now: at(2) })).status).toBe(status);
  });
});

// Issue 11 §3, DOMAIN.md §3 OV "co-sign C": an override waiting for its co-signer is recorded, not in effect.
describe("co-signature of overrides", () => {
  const overridden = decision("eligible_at_home", { rules: [{ ruleId: "E22", effect: "override_required" }], overriddenRuleIds: ["E22"] });
  const withCoSign = (awaiting: string[], declined: string[] = []) => ({ ...overridden, coSign: { awaiting, declined } });
  it.each<[string, RecordedDecision, Partial<DecisionStatusContext>, string, boolean]>([
    ["no co-signer named", overridden, {}, "current", true],
    ["co-signer named, empty state (all co-signed)", withCoSign([]), {}, "current", true],
    ["waiting for the co-signer", withCoSign(["u-b"]), {}, "awaiting_co_sign", false],
    ["one of two co-signed, the other waits", withCoSign(["u-c"]), {}, "awaiting_co_sign", false],
    ["declined", withCoSign([], ["u-b"]), {}, "co_sign_declined", false],
    ["declined, and also expired", withCoSign([], ["u-b"]), { now: at(91) }, "co_sign_declined", false],
    ["waiting, and expired", withCoSign(["u-b"]), { now: at(90) }, "expired", false],
    ["waiting, and invalidated by a new intake", withCoSign(["u-b"]), { latestIntake: intake(2, ["E01", "not_eligible"]) }, "invalidated", false],
    ["co-signed, then expired", withCoSign([]), { now: at(90) }, "expired", false],
  ])("%s → %s", (_label, d, extra, status, inEffect) => {
    const s = decisionStatus(d, ctx(extra));
    expect([s.status, decisionInEffect(s)]).toEqual([status, inEffect]);
  });

  it("says who it waits for and who declined", () => {
    expect(decisionStatus(withCoSign(["u-b", "u-c"]), ctx())).toEqual({ status: "awaiting_co_sign", expiresAt: at(90), awaiting: ["u-b", "u-c"] });
    expect(decisionStatus(withCoSign(["u-c"], ["u-b"]), ctx())).toEqual({ status: "co_sign_declined", expiresAt: at(90), declinedBy: ["u-b"] });
  });

  it("only a current decision is in effect", () => {
    expect(decisionInEffect(decisionStatus(decision("deferred", { rules: [{ ruleId: "E06", effect: "deferred" }] }), ctx({ bloodPressureRecheckAt: at(0, 1) })))).toBe(false);
  });
});
