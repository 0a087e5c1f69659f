import { describe, expect, it } from "vitest";

import type { Effect } from "../eligibility/types";
import { type OnboardingStatus, canBookBeforeReview, evaluationBookingGate, followUpBookingGate } from "./booking-gate";

const clean = { mostRestrictive: null, crisisPathway: false };

// DOMAIN.md §2: "book → booked; evaluation requires ready_to_schedule".
describe("evaluation booking gate", () => {
  it.each([
    ["ready_to_schedule", false, null, true],
    ["ready_to_schedule", true, null, true],
    ["intake_submitted", false, clean, false],
    ["intake_reviewed", false, clean, false],
    ["intake_submitted", true, clean, true],
    ["intake_reviewed", true, clean, true],
    ["intake_submitted", true, null, false],
    ["registered", true, clean, false],
    ["intake_in_progress", true, clean, false],
    ["invited", true, clean, false],
    ["identity_verified", true, clean, false],
    ["withdrawn", true, clean, false],
  ] as [OnboardingStatus, boolean, typeof clean | null, boolean][])("%s, clinic allows early booking: %s → %s", (status, allows, latestIntake, ok) => {
    expect(evaluationBookingGate({ status, clinicAllowsBookingBeforeReview: allows, latestIntake }).ok).toBe(ok);
  });

  it("explains each refusal in the patient's words", () => {
    expect(evaluationBookingGate({ status: "intake_in_progress", clinicAllowsBookingBeforeReview: true, latestIntake: null })).toEqual({ ok: false, reason: "Please complete your intake first." });
    expect(evaluationBookingGate({ status: "withdrawn", clinicAllowsBookingBeforeReview: true, latestIntake: null })).toMatchObject({ ok: false, reason: expect.stringMatching(/ended/) });
    expect(evaluationBookingGate({ status: "intake_submitted", clinicAllowsBookingBeforeReview: false, latestIntake: clean })).toMatchObject({ ok: false, reason: expect.stringMatching(/review your intake/) });
  });
});

describe("booking before review never skips a clinician when screening needs one", () => {
  it.each([
    [null, false, true],
    ["warning", false, true],
    ["deferred", false, true],
    ["override_required", false, true],
    ["in_office_only", false, true],
    ["not_eligible", false, false],
    [null, true, false],
    ["warning", true, false],
  ] as [Effect | null, boolean, boolean][])("most restrictive %s, crisis pathway %s → %s", (effect, crisis, ok) => {
    expect(canBookBeforeReview(true, effect, crisis)).toBe(ok);
    expect(canBookBeforeReview(false, effect, crisis)).toBe(false);
  });
});

describe("follow-up booking gate", () => {
  it("needs a completed evaluation", () => {
    expect(followUpBookingGate("ready_to_schedule", false)).toMatchObject({ ok: false, reason: expect.stringMatching(/after your evaluation/) });
    expect(followUpBookingGate("ready_to_schedule", true)).toEqual({ ok: true });
  });
  it("is closed to a withdrawn patient", () => {
    expect(followUpBookingGate("withdrawn", true).ok).toBe(false);
  });
});
