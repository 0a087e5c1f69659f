/**
 * Video visit rules, DOMAIN.md §2 "Visit (video)": created -> waiting_room_open -> patient_waiting
 * -> in_call -> ended; in_call <-> reconnecting; patient_waiting -> abandoned. Only the provider
 * admits. The clock is passed in.
 */
import type { AppointmentStatus } from "./appointment";

export type VisitStatus = "waiting_room_open" | "patient_waiting" | "in_call" | "reconnecting" | "ended" | "abandoned";
export type VisitSignal = "patient_joined" | "patient_left" | "admitted" | "sent_back" | "ended_by_provider" | "room_closed" | "window_closed";

export const TERMINAL_VISIT_STATUSES: readonly VisitStatus[] = ["ended", "abandoned"];

export interface JoinWindow {
  opensAt: Date;
  closesAt: Date;
}

/** Clinic setting (C, default 15 min): the room opens this long before the start and closes at the end of the slot. */
export function joinWindow(startsAt: Date, endsAt: Date, minutesBefore: number): JoinWindow {
  return { opensAt: new Date(startsAt.getTime() - minutesBefore * 60_000), closesAt: endsAt };
}

const JOINABLE: readonly AppointmentStatus[] = ["booked", "confirmed", "checked_in", "in_progress"];

/**
 * A call still going at the end of its slot may run over: a participant who drops can rejoin for
 * this long after the end, and the worker closes what is left open after it.
 */
export const VISIT_OVERRUN_MINUTES = 30;

export type JoinCheck = { ok: true } | { ok: false; code: "too_early" | "too_late" | "not_joinable" | "ended"; reason: string };

/** Whether someone may be given a token for this visit now. */
export function checkJoin(now: Date, window: JoinWindow, appointment: AppointmentStatus, visit: VisitStatus | null): JoinCheck {
  if (!JOINABLE.includes(appointment)) return { ok: false, code: "not_joinable", reason: `This appointment is ${appointment.replace(/_/g, " ")}.` };
  if (visit && TERMINAL_VISIT_STATUSES.includes(visit)) return { ok: false, code: "ended", reason: "This visit has ended." };
  if (now < window.opensAt) return { ok: false, code: "too_early", reason: "The waiting room is not open yet." };
  const running = visit === "in_call" || visit === "reconnecting";
  const closes = running ? window.closesAt.getTime() + VISIT_OVERRUN_MINUTES * 60_000 : window.closesAt.getTime();
  if (now.getTime() >= closes) return { ok: false, code: "too_late", reason: "The time for this visit has passed." };
  return { ok: true };
}

export interface VisitContext {
  /** The patient holds publish/subscribe grants (admitted, and not sent back since). */
  patientAdmitted: boolean;
  /** The call has started at some point (a first admission happened). */
  everStarted: boolean;
}

/**
 * The next visit status for a signal. Signals that do not apply leave the status unchanged, so
 * replayed or reordered webhooks cannot move a visit backwards out of a terminal state.
 */
export function nextVisitStatus(status: VisitStatus, signal: VisitSignal, ctx: VisitContext): VisitStatus {
  if (TERMINAL_VISIT_STATUSES.includes(status)) return status;
  switch (signal) {
    case "patient_joined":
      return ctx.patientAdmitted ? "in_call" : "patient_waiting";
    case "patient_left":
      if (status === "in_call") return "reconnecting";
      return status === "patient_waiting" ? "waiting_room_open" : status;
    // Admission is granted only to someone the video server says is connected, which may be
    // before its "joined" webhook has arrived: any open status moves into the call.
    case "admitted":
      return "in_call";
    case "sent_back":
      return status === "in_call" ? "patient_waiting" : status;
    case "ended_by_provider":
      return ctx.everStarted ? "ended" : "abandoned";
    // Everyone left and the server closed the room: a started call is over; otherwise the
    // room simply reopens when someone joins again inside the window.
    case "room_closed":
      return ctx.everStarted ? "ended" : "waiting_room_open";
    case "window_closed":
      return ctx.everStarted ? "ended" : "abandoned";
  }
}

/**
 * Appointment events implied by a visit (DOMAIN.md §2 appointment table): the patient entering the
 * waiting room checks in (confirming a still-unconfirmed booking first), the first admission starts
 * the visit, and a visit that ends after starting completes the appointment.
 */
export function appointmentEventsFor(visitSignal: "patient_checked_in" | "admitted" | "visit_over", appointment: AppointmentStatus): ("confirm" | "check_in" | "admit" | "end")[] {
  switch (visitSignal) {
    case "patient_checked_in":
      return appointment === "booked" ? ["confirm", "check_in"] : appointment === "confirmed" ? ["check_in"] : [];
    case "admitted":
      return appointment === "checked_in" ? ["admit"] : [];
    case "visit_over":
      return appointment === "in_progress" ? ["end"] : [];
  }
}
