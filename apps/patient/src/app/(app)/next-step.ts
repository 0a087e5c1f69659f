/**
 * The one thing a patient should do now, decided from what the home page already loads (issue 15
 * "The patient app needs a home"). Pure, so every state is unit-tested (next-step.test.ts); the
 * card (next-step-card.tsx) only draws it. Never sends anyone to a page that will refuse them: a
 * crisis-pathway intake or one waiting for review says who will contact them instead of "Book".
 */

import { VISIT_STATUSES, showJoinLink } from "../../lib/join-link";
import { KIND_LABEL, formatDateTime } from "../../lib/time";

import { sessionDay } from "./regimen/words";

export type NextStepKind =
  | "withdrawn"
  | "join-visit"
  | "regimen-paused"
  | "crisis"
  | "postcheck-due"
  | "session-today"
  | "check-in-due"
  | "upcoming-visit"
  | "confirm-receipt"
  | "prescription-problem"
  | "prescription-on-its-way"
  | "book-follow-up"
  | "next-session"
  | "decision-outcome"
  | "decision-pending"
  | "prescription-being-prepared"
  | "intake-in-progress"
  | "book-evaluation"
  | "intake-under-review"
  | "checking"
  | "start-intake";

export interface NextStep {
  kind: NextStepKind;
  /** How the card is drawn: urgent (red), attention (amber) or the usual brand colour. */
  tone: "brand" | "attention" | "urgent";
  title: string;
  detail: string;
  /** The one action; null when the next move is the clinic's (the detail says so). */
  action: { label: string; href: string } | null;
  /** Show 988 / 911 beside the step (crisis pathway, paused treatment). */
  crisisLines: boolean;
}

export interface NextStepInput {
  now: number;
  /** intake.current.patientStatus; null while unknown. */
  patientStatus: string | null;
  intake: {
    totalSteps: number;
    draft: { completedSteps: readonly string[]; firstOpenStep: number } | null;
    lastSubmitted: { crisisPathway: boolean } | null;
  } | null;
  appointments: readonly { id: string; kind: string; status: string; startsAt: Date; endsAt: Date; providerName: string }[];
  /**
   * The evaluation booking gate for this patient (booking.slots' `blocked`): a reason, null when
   * booking is open, undefined when not asked (yet).
   */
  evaluationBlocked: string | null | undefined;
  decision: { state: "current" | "needs_review" | "being_decided"; outcome: string | null; headline: string } | null;
  prescriptions: readonly { status: string }[];
  regimen: {
    status: string;
    pausedReasonText: string | null;
    nextSession: { id: string; status: string; canStartNow: boolean; scheduledDate: string } | null;
    canConfirmReceipt: boolean;
    receiptConfirmed: boolean;
    nextFollowUpDate: string | null;
    sessionsTaken: number;
    sessionsPrescribed: number;
  } | null;
  /** A logged dose whose after-session check is not in: when it is due (null: now). */
  postcheck: { sessionId: string; dueAt: Date | null } | null;
  checkInsDue: readonly { id: string; kindText: string; dueAt: Date; status: string }[];
}

const DAY_MS = 86_400_000;
/** A follow-up is worth booking from two weeks before the plan's date. */
const FOLLOW_UP_LEAD_DAYS = 14;
const AT_PHARMACY = new Set(["signed", "transmitted", "acknowledged", "cancel_requested"]);
const RX_PROBLEM = new Set(["error", "cancel_denied"]);

function step(kind: NextStepKind, title: string, detail: string, action: NextStep["action"], extra: Partial<NextStep> = {}): NextStep {
  return { kind, tone: "brand", title, detail, action, crisisLines: false, ...extra };
}

function visitLine(a: NextStepInput["appointments"][number]) {
  return `${KIND_LABEL[a.kind] ?? a.kind} with ${a.providerName}, ${formatDateTime(a.startsAt)}`;
}

/** Calendar date "YYYY-MM-DD" -> its UTC midnight, for whole-day comparisons. */
function dayStart(iso: string) {
  const [y, m, d] = iso.split("-").map(Number);
  return Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1);
}

export function nextStep(input: NextStepInput): NextStep {
  const { now, regimen } = input;
  const upcoming = input.appointments
    .filter((a) => VISIT_STATUSES.has(a.status) && a.endsAt.getTime() >= now)
    .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  const next = upcoming[0];
  const evaluationDone = input.appointments.some((a) => a.kind === "evaluation" && a.status === "completed");

  if (input.patientStatus === "withdrawn") {
    return step("withdrawn", "Your care with this clinic has ended", "If you think this is a mistake or want to start again, please contact the clinic.", null, { tone: "attention" });
  }

  if (next && showJoinLink(next, now)) {
    return step(
      "join-visit",
      "Your video visit is today",
      `${visitLine(next)}. Check your camera and microphone, then enter the waiting room.`,
      { label: "Join video visit", href: `/visit/${next.id}` },
    );
  }

  if (regimen?.status === "paused") {
    return step(
      "regimen-paused",
      "Do not take a session: your care team paused your treatment",
      `${regimen.pausedReasonText ? `${regimen.pausedReasonText} ` : ""}They will contact you and say when it is safe to start again.`,
      { label: "See your treatment", href: "/regimen" },
      { tone: "attention" },
    );
  }

  // E11 / PHQ-9 item 9: booking waits for a clinician's call, so never offer "Book" here.
  const crisis = input.intake?.lastSubmitted?.crisisPathway === true && input.patientStatus !== "ready_to_schedule" && !evaluationDone && !next;
  if (crisis) {
    return step(
      "crisis",
      "A clinician will contact you",
      "Someone from the clinic will call you about how you are doing before your evaluation is booked. There is nothing more to fill in. If you need help before then, call or text 988, or call 911 in an emergency.",
      null,
      { tone: "urgent", crisisLines: true },
    );
  }

  if (input.postcheck && (!input.postcheck.dueAt || input.postcheck.dueAt.getTime() <= now)) {
    return step("postcheck-due", "Do your after-session check", "A few questions on how you feel since your last dose. It takes a minute.", {
      label: "Do your check",
      href: `/session/${input.postcheck.sessionId}`,
    });
  }

  const session = regimen?.status === "active" ? regimen.nextSession : null;
  if (session?.canStartNow) {
    const passed = session.status === "precheck_passed";
    return step(
      "session-today",
      passed ? "Your safety check passed: take your dose, then log it" : "Today's session: start with the safety check",
      passed ? "Log your dose when you have taken it, with your support person's sign-off." : "Start when your support person is with you: a few safety questions and your blood pressure come before your dose.",
      { label: passed ? "Log your dose" : "Start the safety check", href: `/session/${session.id}` },
    );
  }

  const checkIn = input.checkInsDue.find((c) => c.dueAt.getTime() <= now);
  if (checkIn) {
    const overdue = checkIn.status === "overdue";
    return step(
      "check-in-due",
      overdue ? "Your check-in is overdue" : "Your check-in is ready",
      `${checkIn.kindText}: two short questionnaires about the last 2 weeks.${overdue ? " Please do it as soon as you can." : ""}`,
      { label: "Start check-in", href: `/check-in/${checkIn.id}` },
      overdue ? { tone: "attention" } : {},
    );
  }

  if (next) {
    return step("upcoming-visit", "Your next appointment", `${visitLine(next)}. The link to join appears here an hour before.`, {
      label: "View appointments",
      href: "/appointments",
    });
  }

  // A planned regimen waits for the medicine: confirming receipt activates it.
  if (regimen?.status === "planned") {
    return step("confirm-receipt", "Has your medicine arrived?", "Confirm it when you have it in hand, so your sessions can start.", {
      label: "Confirm it has arrived",
      href: "#receipt-heading",
    });
  }

  // The one at a pharmacy (or stuck there) first, else the newest: as the prescription page lists them.
  const rx = input.prescriptions.find((p) => AT_PHARMACY.has(p.status) || RX_PROBLEM.has(p.status)) ?? input.prescriptions[0];
  if (rx && !regimen && RX_PROBLEM.has(rx.status)) {
    return step(
      "prescription-problem",
      "Your clinic will contact you about your prescription",
      "The pharmacy could not take it as it was sent. You do not need to do anything yet.",
      { label: "See your prescription", href: "/prescription" },
      { tone: "attention" },
    );
  }
  if (rx && !regimen && AT_PHARMACY.has(rx.status)) {
    return step("prescription-on-its-way", "Your prescription is on its way", "We will tell you here what to do when your medicine arrives.", {
      label: "See your prescription",
      href: "/prescription",
    });
  }

  if (regimen && (regimen.status === "active" || regimen.status === "completed") && evaluationDone && regimen.nextFollowUpDate) {
    const due = dayStart(regimen.nextFollowUpDate) - now <= FOLLOW_UP_LEAD_DAYS * DAY_MS;
    if (due) {
      return step("book-follow-up", "Book your follow-up visit", `Your care plan has a follow-up around ${sessionDay(regimen.nextFollowUpDate)}. Pick a time that suits you.`, {
        label: "Book your follow-up",
        href: "/book?kind=follow_up",
      });
    }
  }

  if (regimen?.status === "active") {
    const nextSession = regimen.nextSession;
    return nextSession
      ? step(
          "next-session",
          `Next session on ${sessionDay(nextSession.scheduledDate)}`,
          `${regimen.sessionsTaken} of ${regimen.sessionsPrescribed} sessions taken. Plan for your support person to be with you that day. Nothing to do today.`,
          { label: "See your treatment", href: "/regimen" },
        )
      : step("next-session", "No sessions left on this prescription", "Your prescriber will talk with you about what comes next at your follow-up.", {
          label: "See your treatment",
          href: "/regimen",
        });
  }

  if (input.decision && input.decision.state === "current" && input.decision.outcome) {
    if (input.decision.outcome === "eligible_at_home" && !rx) {
      return step("prescription-being-prepared", "Your prescriber is preparing your prescription", "You will see it here once it is sent to your pharmacy. Nothing to do now.", {
        label: "Read your evaluation result",
        href: "#decision-heading",
      });
    }
    return step("decision-outcome", input.decision.headline, "Read what was decided and what happens next.", { label: "Read your evaluation result", href: "#decision-heading" });
  }
  if (evaluationDone || input.decision) {
    return step(
      "decision-pending",
      "Your clinician is deciding on your treatment",
      input.decision?.state === "needs_review"
        ? "Your clinic is looking at your evaluation again. They will tell you what happens next."
        : "They will share the decision here after your evaluation. Nothing to do now.",
      null,
    );
  }

  const intake = input.intake;
  const submitted = intake?.lastSubmitted ?? null;
  if (intake?.draft) {
    const started = intake.draft.completedSteps.length > 0 || submitted;
    return started
      ? step(
          "intake-in-progress",
          `Continue your intake (step ${intake.draft.firstOpenStep} of ${intake.totalSteps})`,
          "Your answers are saved as you go, so you can pick up where you left off.",
          { label: "Continue your intake", href: "/intake" },
        )
      : step("start-intake", "Start your intake", "A few questions about your health so your care team can prepare. It takes about 15 minutes.", {
          label: "Start your intake",
          href: "/intake",
        });
  }

  if (submitted || input.patientStatus === "ready_to_schedule") {
    if (input.patientStatus === "ready_to_schedule" || input.evaluationBlocked === null) {
      return step("book-evaluation", "Book your evaluation", "A video visit with a clinician to talk about whether this treatment is right for you. Pick a time that suits you.", {
        label: "Book your evaluation",
        href: "/book?kind=evaluation",
      });
    }
    if (input.evaluationBlocked === undefined) {
      return step("checking", "Your intake was submitted", "Checking whether you can book your evaluation yet.", null);
    }
    return step("intake-under-review", "Your clinic is reviewing your intake", `${input.evaluationBlocked} You do not need to do anything until then.`, null);
  }

  return step("start-intake", "Start your intake", "A few questions about your health so your care team can prepare. It takes about 15 minutes.", {
    label: "Start your intake",
    href: "/intake",
  });
}
