/**
 * Appointment state machine, DOMAIN.md §2 "Appointment". Guards that need data (cutoff,
 * licence, grace period) take it as arguments; the clock is passed in.
 */
export type AppointmentStatus = "booked" | "confirmed" | "checked_in" | "in_progress" | "completed" | "cancelled" | "no_show";
export type AppointmentEvent = "confirm" | "reschedule" | "cancel" | "check_in" | "admit" | "end" | "mark_no_show";

export interface TransitionContext {
  now: Date;
  startsAt: Date;
  /** Clinic setting: reschedule/cancel allowed until this long before the start. */
  cancelCutoffMinutes: number;
  /** Clinic setting (default 15): no-show only after the start plus this grace. */
  noShowGraceMinutes: number;
  /** Admit guard: the provider is licensed in the state the patient attests to being in. */
  providerLicensedInPatientState?: boolean;
  /** Check-in guard: the patient re-attested their current state. */
  patientAttestedLocation?: boolean;
}

export type TransitionResult = { ok: true; to: AppointmentStatus } | { ok: false; reason: string };

const TABLE: Record<AppointmentEvent, { from: readonly AppointmentStatus[]; to: AppointmentStatus }> = {
  confirm: { from: ["booked"], to: "confirmed" },
  reschedule: { from: ["booked", "confirmed"], to: "booked" },
  cancel: { from: ["booked", "confirmed"], to: "cancelled" },
  check_in: { from: ["confirmed"], to: "checked_in" },
  admit: { from: ["checked_in"], to: "in_progress" },
  end: { from: ["in_progress"], to: "completed" },
  mark_no_show: { from: ["confirmed"], to: "no_show" },
};

export function transitionAppointment(from: AppointmentStatus, event: AppointmentEvent, ctx: TransitionContext): TransitionResult {
  const rule = TABLE[event];
  if (!rule.from.includes(from)) return { ok: false, reason: `Cannot ${event.replace(/_/g, " ")} an appointment that is ${from.replace(/_/g, " ")}.` };
  const minutesToStart = (ctx.startsAt.getTime() - ctx.now.getTime()) / 60_000;
  if ((event === "reschedule" || event === "cancel") && minutesToStart < ctx.cancelCutoffMinutes) {
    return { ok: false, reason: `Changes are possible until ${ctx.cancelCutoffMinutes} minutes before the start. Please call the clinic.` };
  }
  if (event === "check_in" && !ctx.patientAttestedLocation) return { ok: false, reason: "Confirm which state you are in right now before joining." };
  if (event === "admit" && !ctx.providerLicensedInPatientState) {
    return { ok: false, reason: "You are not licensed in the state the patient is in for this visit." };
  }
  if (event === "mark_no_show" && -minutesToStart < ctx.noShowGraceMinutes) {
    return { ok: false, reason: `A no-show can be recorded ${ctx.noShowGraceMinutes} minutes after the start.` };
  }
  return { ok: true, to: rule.to };
}

export const TERMINAL_APPOINTMENT_STATUSES: readonly AppointmentStatus[] = ["completed", "cancelled", "no_show"];
