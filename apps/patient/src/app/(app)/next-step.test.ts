import { describe, expect, it } from "vitest";

import { type NextStepInput, type NextStepKind, nextStep } from "./next-step";

const NOW = Date.UTC(2026, 4, 4, 15, 0); // Monday 4 May 2026, 15:00 UTC
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

type Appt = NextStepInput["appointments"][number];
type Regimen = NonNullable<NextStepInput["regimen"]>;

function appt(over: Partial<Appt> = {}): Appt {
  const startsAt = over.startsAt ?? new Date(NOW + 3 * DAY);
  return { id: "a1", kind: "evaluation", status: "booked", providerName: "Dr Tess Arbogast", startsAt, endsAt: new Date(startsAt.getTime() + HOUR / 2), ...over };
}

function regimen(over: Partial<Regimen> = {}): Regimen {
  return {
    status: "active",
    pausedReasonText: null,
    nextSession: { id: "s2", status: "scheduled", canStartNow: false, scheduledDate: "2026-05-07" },
    canConfirmReceipt: false,
    receiptConfirmed: true,
    nextFollowUpDate: "2026-06-20",
    sessionsTaken: 1,
    sessionsPrescribed: 6,
    ...over,
  };
}

/** A patient just enrolled: no intake draft, nothing submitted, nothing booked. */
function base(over: Partial<NextStepInput> = {}): NextStepInput {
  return {
    now: NOW,
    patientStatus: "identity_verified",
    intake: { totalSteps: 10, draft: null, lastSubmitted: null },
    appointments: [],
    evaluationBlocked: undefined,
    decision: null,
    prescriptions: [],
    regimen: null,
    postcheck: null,
    checkInsDue: [],
    ...over,
  };
}

const submitted = (crisisPathway = false): NextStepInput["intake"] => ({ totalSteps: 10, draft: null, lastSubmitted: { crisisPathway } });
const evaluated = [appt({ status: "completed", startsAt: new Date(NOW - 10 * DAY) })];
const eligible = { state: "current" as const, outcome: "eligible_at_home", headline: "You can have treatment at home" };

/** Every state the home can be in, with the step it must show. */
const CASES: [string, NextStepInput, NextStepKind][] = [
  ["not started (no draft)", base(), "start-intake"],
  ["not started (status unknown yet)", base({ patientStatus: null, intake: null }), "start-intake"],
  ["empty draft", base({ patientStatus: "intake_in_progress", intake: { totalSteps: 10, draft: { completedSteps: [], firstOpenStep: 1 }, lastSubmitted: null } }), "start-intake"],
  ["intake in progress", base({ patientStatus: "intake_in_progress", intake: { totalSteps: 10, draft: { completedSteps: ["about", "history"], firstOpenStep: 3 }, lastSubmitted: null } }), "intake-in-progress"],
  ["submitted, gate not asked yet", base({ patientStatus: "intake_submitted", intake: submitted() }), "checking"],
  ["submitted, awaiting review", base({ patientStatus: "intake_submitted", intake: submitted(), evaluationBlocked: "The clinic will review your intake and contact you to book your evaluation." }), "intake-under-review"],
  ["submitted, clinic lets them book", base({ patientStatus: "intake_submitted", intake: submitted(), evaluationBlocked: null }), "book-evaluation"],
  ["ready to schedule", base({ patientStatus: "ready_to_schedule", intake: submitted() }), "book-evaluation"],
  ["crisis pathway", base({ patientStatus: "intake_submitted", intake: submitted(true), evaluationBlocked: "The clinic will review your intake and contact you to book your evaluation." }), "crisis"],
  ["crisis pathway, reviewed", base({ patientStatus: "intake_reviewed", intake: submitted(true) }), "crisis"],
  ["crisis pathway cleared: ready to schedule", base({ patientStatus: "ready_to_schedule", intake: submitted(true) }), "book-evaluation"],
  ["evaluation booked", base({ patientStatus: "ready_to_schedule", intake: submitted(), appointments: [appt()] }), "upcoming-visit"],
  ["crisis pathway, clinic booked the evaluation", base({ patientStatus: "intake_reviewed", intake: submitted(true), appointments: [appt()] }), "upcoming-visit"],
  ["visit joinable now", base({ patientStatus: "ready_to_schedule", intake: submitted(), appointments: [appt({ startsAt: new Date(NOW + 10 * 60_000) })] }), "join-visit"],
  ["visit in progress", base({ patientStatus: "ready_to_schedule", appointments: [appt({ status: "in_progress", startsAt: new Date(NOW - 10 * 60_000) })] }), "join-visit"],
  ["decision pending (no summary yet)", base({ patientStatus: "ready_to_schedule", intake: submitted(), appointments: evaluated }), "decision-pending"],
  ["decision being co-signed", base({ patientStatus: "ready_to_schedule", appointments: evaluated, decision: { state: "being_decided", outcome: null, headline: "" } }), "decision-pending"],
  ["decision needs review", base({ patientStatus: "ready_to_schedule", appointments: evaluated, decision: { state: "needs_review", outcome: "eligible_at_home", headline: "x" } }), "decision-pending"],
  ["eligible, prescription not sent yet", base({ patientStatus: "ready_to_schedule", appointments: evaluated, decision: eligible }), "prescription-being-prepared"],
  ["not eligible", base({ patientStatus: "ready_to_schedule", appointments: evaluated, decision: { state: "current", outcome: "not_eligible", headline: "At-home treatment is not right for you now" } }), "decision-outcome"],
  ["prescription at the pharmacy", base({ appointments: evaluated, decision: eligible, prescriptions: [{ status: "transmitted" }] }), "prescription-on-its-way"],
  ["prescription refused by the pharmacy", base({ appointments: evaluated, decision: eligible, prescriptions: [{ status: "error" }] }), "prescription-problem"],
  ["regimen planned: medicine on its way", base({ appointments: evaluated, decision: eligible, prescriptions: [{ status: "acknowledged" }], regimen: regimen({ status: "planned", canConfirmReceipt: true, receiptConfirmed: false }) }), "confirm-receipt"],
  ["session due today", base({ appointments: evaluated, regimen: regimen({ nextSession: { id: "s2", status: "scheduled", canStartNow: true, scheduledDate: "2026-05-04" } }) }), "session-today"],
  ["safety check passed", base({ appointments: evaluated, regimen: regimen({ nextSession: { id: "s2", status: "precheck_passed", canStartNow: true, scheduledDate: "2026-05-04" } }) }), "session-today"],
  ["after-session check due", base({ appointments: evaluated, regimen: regimen(), postcheck: { sessionId: "s1", dueAt: new Date(NOW - HOUR) } }), "postcheck-due"],
  ["after-session check later today", base({ appointments: evaluated, regimen: regimen(), postcheck: { sessionId: "s1", dueAt: new Date(NOW + HOUR) } }), "next-session"],
  ["check-in due", base({ appointments: evaluated, regimen: regimen(), checkInsDue: [{ id: "c1", kindText: "Weekly check-in", dueAt: new Date(NOW - HOUR), status: "due" }] }), "check-in-due"],
  ["check-in overdue", base({ appointments: evaluated, regimen: regimen(), checkInsDue: [{ id: "c1", kindText: "Weekly check-in", dueAt: new Date(NOW - 3 * DAY), status: "overdue" }] }), "check-in-due"],
  ["check-in not ready until tomorrow", base({ appointments: evaluated, regimen: regimen(), checkInsDue: [{ id: "c1", kindText: "Weekly check-in", dueAt: new Date(NOW + DAY), status: "due" }] }), "next-session"],
  ["regimen active, nothing today", base({ appointments: evaluated, regimen: regimen() }), "next-session"],
  ["regimen active, no sessions left", base({ appointments: evaluated, regimen: regimen({ nextSession: null, nextFollowUpDate: null }) }), "next-session"],
  ["follow-up due within two weeks", base({ appointments: evaluated, regimen: regimen({ nextFollowUpDate: "2026-05-12" }) }), "book-follow-up"],
  ["follow-up booked", base({ appointments: [...evaluated, appt({ kind: "follow_up", startsAt: new Date(NOW + 7 * DAY) })], regimen: regimen({ nextFollowUpDate: "2026-05-12" }) }), "upcoming-visit"],
  ["regimen paused (alert)", base({ appointments: evaluated, regimen: regimen({ status: "paused", pausedReasonText: "Your blood pressure was high at your last check." }) }), "regimen-paused"],
  ["withdrawn", base({ patientStatus: "withdrawn", intake: submitted(), appointments: [appt()] }), "withdrawn"],
];

describe("nextStep", () => {
  it.each(CASES)("%s", (_name, input, kind) => {
    const s = nextStep(input);
    expect(s.kind).toBe(kind);
    expect(s.title.length).toBeGreaterThan(0);
    expect(s.detail.length).toBeGreaterThan(0);
  });

  it("covers every kind of step", () => {
    const seen = new Set(CASES.map(([, input]) => nextStep(input).kind));
    const all: NextStepKind[] = [
      "withdrawn", "join-visit", "regimen-paused", "crisis", "postcheck-due", "session-today", "check-in-due", "upcoming-visit", "confirm-receipt",
      "prescription-problem", "prescription-on-its-way", "book-follow-up", "next-session", "decision-outcome", "decision-pending",
      "prescription-being-prepared", "intake-in-progress", "book-evaluation", "intake-under-review", "checking", "start-intake",
    ];
    expect([...seen].sort()).toEqual([...all].sort());
  });

  it("never sends a crisis-pathway patient to booking, and says who calls and the crisis lines", () => {
    for (const status of ["intake_submitted", "intake_reviewed"]) {
      const s = nextStep(base({ patientStatus: status, intake: submitted(true), evaluationBlocked: null }));
      expect(s.kind).toBe("crisis");
      expect(s.action).toBeNull();
      expect(s.crisisLines).toBe(true);
      expect(s.detail).toMatch(/988/);
      expect(s.detail).toMatch(/911/);
      expect(s.title).toMatch(/contact you/);
    }
  });

  it("says why booking waits instead of linking to a refused booking page", () => {
    const s = nextStep(base({ patientStatus: "intake_submitted", intake: submitted(), evaluationBlocked: "The clinic will review your intake and contact you to book your evaluation." }));
    expect(s.action).toBeNull();
    expect(s.detail).toContain("contact you to book your evaluation");
  });

  it("links each actionable step to its page", () => {
    const href = (input: NextStepInput) => nextStep(input).action?.href;
    expect(href(base({ patientStatus: "ready_to_schedule", intake: submitted() }))).toBe("/book?kind=evaluation");
    expect(href(CASES.find(([n]) => n === "visit joinable now")![1])).toBe("/visit/a1");
    expect(href(CASES.find(([n]) => n === "session due today")![1])).toBe("/session/s2");
    expect(href(CASES.find(([n]) => n === "after-session check due")![1])).toBe("/session/s1");
    expect(href(CASES.find(([n]) => n === "check-in due")![1])).toBe("/check-in/c1");
    expect(href(CASES.find(([n]) => n === "follow-up due within two weeks")![1])).toBe("/book?kind=follow_up");
    expect(href(CASES.find(([n]) => n === "intake in progress")![1])).toBe("/intake");
  });

  it("words the intake step it resumes and a passed safety check", () => {
    expect(nextStep(CASES.find(([n]) => n === "intake in progress")![1]).title).toBe("Continue your intake (step 3 of 10)");
    expect(nextStep(CASES.find(([n]) => n === "safety check passed")![1]).action?.label).toBe("Log your dose");
  });

  it("a paused regimen says not to take a session, before a due check-in or session", () => {
    const s = nextStep(
      base({
        appointments: evaluated,
        regimen: regimen({ status: "paused", pausedReasonText: null, nextSession: { id: "s2", status: "scheduled", canStartNow: true, scheduledDate: "2026-05-04" } }),
        checkInsDue: [{ id: "c1", kindText: "Weekly check-in", dueAt: new Date(NOW - HOUR), status: "due" }],
      }),
    );
    expect(s.kind).toBe("regimen-paused");
    expect(s.title).toMatch(/Do not take/);
  });
});
