import { describe, expect, it } from "vitest";

import type { OnboardingStatus } from "./booking-gate";
import { type CrisisContext, type OnboardingEvent, awaitingIntakeReview, releaseBlockers, transitionOnboarding } from "./onboarding";

const NO_CRISIS: CrisisContext = { crisisPathway: false, intakeSubmittedAt: new Date("2026-11-20T10:00:00Z"), alerts: [], latestRiskAssessmentAt: null };
const ctx = { identityVerificationRequired: true, crisis: NO_CRISIS };

const ALL: OnboardingStatus[] = ["invited", "registered", "identity_verified", "intake_in_progress", "intake_submitted", "intake_reviewed", "ready_to_schedule", "withdrawn"];

// DOMAIN.md §2 "Onboarding", plus issue 11 §5: a new version after review re-opens review.
const ALLOWED: Record<OnboardingEvent, Partial<Record<OnboardingStatus, OnboardingStatus>>> = {
  register: { invited: "registered" },
  verify_identity: { registered: "identity_verified" },
  start_intake: { identity_verified: "intake_in_progress", intake_in_progress: "intake_in_progress", intake_submitted: "intake_submitted", intake_reviewed: "intake_reviewed", ready_to_schedule: "ready_to_schedule" },
  submit_intake: { intake_in_progress: "intake_submitted", intake_submitted: "intake_submitted", intake_reviewed: "intake_submitted", ready_to_schedule: "intake_submitted" },
  review_intake: { intake_submitted: "intake_reviewed", intake_reviewed: "intake_reviewed" },
  release_for_scheduling: { intake_reviewed: "ready_to_schedule" },
  withdraw: { invited: "withdrawn", registered: "withdrawn", identity_verified: "withdrawn", intake_in_progress: "withdrawn", intake_submitted: "withdrawn", intake_reviewed: "withdrawn", ready_to_schedule: "withdrawn" },
};

describe("the whole transition table", () => {
  const rows = (Object.keys(ALLOWED) as OnboardingEvent[]).flatMap((event) => ALL.map((from) => [from, event, ALLOWED[event][from] ?? null] as const));
  it.each(rows)("%s + %s → %s", (from, event, to) => {
    const r = transitionOnboarding(from, event, ctx);
    expect(r.ok ? r.to : null).toBe(to);
    if (!r.ok) expect(r.reason.length).toBeGreaterThan(10);
  });
});

describe("identity verification (C, default on)", () => {
  it("is required before intake when the clinic requires it", () => {
    expect(transitionOnboarding("registered", "start_intake", ctx)).toEqual({ ok: false, reason: "Verify the patient's identity before the intake." });
    expect(transitionOnboarding("registered", "start_intake", { ...ctx, identityVerificationRequired: false })).toEqual({ ok: true, to: "intake_in_progress" });
  });
});

describe("a corrected intake after clearance", () => {
  it("re-opens review and shows in awaiting review", () => {
    const r = transitionOnboarding("ready_to_schedule", "submit_intake", ctx);
    expect(r).toEqual({ ok: true, to: "intake_submitted" });
    expect(awaitingIntakeReview("intake_submitted")).toBe(true);
    expect(awaitingIntakeReview("ready_to_schedule")).toBe(false);
  });
});

describe("releasing for scheduling with the crisis pathway open", () => {
  const T0 = new Date("2026-11-20T10:00:00Z");
  const after = new Date("2026-11-21T09:00:00Z");
  const before = new Date("2026-11-19T09:00:00Z");
  const a1 = (status: "open" | "acknowledged" | "escalated" | "resolved", raisedAt = T0) => ({ ruleId: "A1", severity: "critical" as const, status, raisedAt });
  it.each<[string, Partial<CrisisContext>, number]>([
    ["no crisis", {}, 0],
    ["E11 intake, no assessment", { crisisPathway: true }, 1],
    ["E11 intake, assessment before the intake", { crisisPathway: true, latestRiskAssessmentAt: before }, 1],
    ["E11 intake, assessment at submission", { crisisPathway: true, latestRiskAssessmentAt: T0 }, 0],
    ["E11 intake, assessment after", { crisisPathway: true, latestRiskAssessmentAt: after }, 0],
    ["A1 open, no assessment", { alerts: [a1("open")] }, 2],
    ["A1 open, assessed", { alerts: [a1("open")], latestRiskAssessmentAt: after }, 1],
    ["A1 escalated, assessed", { alerts: [a1("escalated")], latestRiskAssessmentAt: after }, 1],
    ["A1 acknowledged, not assessed", { alerts: [a1("acknowledged")] }, 1],
    ["A1 acknowledged and assessed", { alerts: [a1("acknowledged")], latestRiskAssessmentAt: after }, 0],
    ["A1 acknowledged, assessed before it was raised", { alerts: [a1("acknowledged")], latestRiskAssessmentAt: before }, 1],
    ["A1 resolved (closed with an outreach note)", { alerts: [a1("resolved")] }, 0],
    ["another critical alert open", { alerts: [{ ruleId: "A4", severity: "critical", status: "open", raisedAt: T0 }] }, 1],
    ["a high alert open", { alerts: [{ ruleId: "A2", severity: "high", status: "open", raisedAt: T0 }] }, 0],
  ])("%s → %d blocker(s)", (_label, crisis, n) => {
    const c = { ...NO_CRISIS, ...crisis };
    expect(releaseBlockers(c)).toHaveLength(n);
    const r = transitionOnboarding("intake_reviewed", "release_for_scheduling", { ...ctx, crisis: c });
    expect(r.ok).toBe(n === 0);
  });

  it("states the reasons in plain words", () => {
    const r = transitionOnboarding("intake_reviewed", "release_for_scheduling", { ...ctx, crisis: { ...NO_CRISIS, crisisPathway: true, alerts: [a1("open")] } });
    expect(r).toEqual({
      ok: false,
      reason:
        "The PHQ-9 item 9 safety alert has not been acknowledged. Acknowledge it first. No suicide risk assessment has been documented since the patient reported thoughts of self-harm or a recent attempt. Document one first.",
    });
  });

  it("refuses without the crisis context, and before the latest intake is reviewed", () => {
    expect(transitionOnboarding("intake_reviewed", "release_for_scheduling", { identityVerificationRequired: true }).ok).toBe(false);
    expect(transitionOnboarding("intake_submitted", "release_for_scheduling", ctx)).toEqual({ ok: false, reason: "Review the latest intake before releasing the patient for scheduling." });
  });
});
