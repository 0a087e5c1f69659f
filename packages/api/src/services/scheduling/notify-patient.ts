import type { DbOrTx } from "@clearwell/db/client";

import { enqueueMail } from "../mail/outbox";
import { mailEnv } from "../safety/notify";

export type AppointmentChange = "booked" | "moved" | "cancelled";

const SUBJECT: Record<AppointmentChange, string> = {
  booked: "Clearwell: a visit was booked for you",
  moved: "Clearwell: your visit was moved",
  cancelled: "Clearwell: your visit was cancelled",
};

const when = (d: Date, timeZone: string) =>
  new Intl.DateTimeFormat("en-US", { weekday: "long", month: "long", day: "numeric", hour: "numeric", minute: "2-digit", timeZone, timeZoneName: "short" }).format(d);

/**
 * Tells the patient that the clinic booked, moved or cancelled a visit for them (they did not do it
 * themselves, so the screen did not tell them). Queued in the caller's transaction: it leaves only
 * if the change commits. No health information: no visit type, provider or reason, only the time
 * and a link to the app (DOMAIN.md §9 (e)).
 */
export async function mailAppointmentChange(tx: DbOrTx, to: { email: string; timezone: string }, change: AppointmentChange, startsAt: Date) {
  const { patientAppUrl, secret } = mailEnv();
  const lead =
    change === "booked"
      ? `Your clinic booked a video visit for you on ${when(startsAt, to.timezone)}.`
      : change === "moved"
        ? `Your clinic moved your video visit. It is now on ${when(startsAt, to.timezone)}.`
        : `Your clinic cancelled your video visit on ${when(startsAt, to.timezone)}.`;
  const text = `${lead}\n\nSee your appointments here: ${patientAppUrl}/appointments\n\nIf this is not what you expected, please contact your clinic.`;
  await enqueueMail(tx, { to: to.email, subject: SUBJECT[change], text }, secret);
}
