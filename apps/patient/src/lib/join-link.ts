/** Appointment statuses in which a video visit can still take place (clinical's checkJoin). */
export const VISIT_STATUSES: ReadonlySet<string> = new Set(["booked", "confirmed", "checked_in", "in_progress"]);

/**
 * The link shows from an hour before the start: the clinic opens the waiting room some minutes
 * before (15 by default, configurable), and the visit page says when if it is still early.
 */
const LEAD_MS = 60 * 60_000;

/** Whether to offer "Join video visit" for this appointment now. */
export function showJoinLink(appt: { status: string; startsAt: Date | string; endsAt: Date | string }, now: number): boolean {
  if (!VISIT_STATUSES.has(appt.status)) return false;
  return now >= new Date(appt.startsAt).getTime() - LEAD_MS && now < new Date(appt.endsAt).getTime();
}
