import { calendarDateIn } from "@clearwell/clinical";
import type { DbOrTx } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import { type SQL, and, eq, gte, inArray, isNull, max } from "drizzle-orm";

/**
 * The one rule for "holds a licence (or DEA registration) in a state on a day", read from the
 * clinic's own credential record (the Prescribers admin page, `prescriber_licence` /
 * `prescriber_dea_registration`): recorded in this clinic, not removed, and valid through its expiry
 * date, where the day is the calendar day in the clinic's zone. It is the signing check's rule
 * (RX11/RX12: `today <= expiresOn`, today = the clinic's calendar day, rows of this clinic with
 * `removed_at is null`, services/prescription/facts.ts and clinical prescribing/checks/prescriber.ts)
 * without the verification: a second person's verification is required for EPCS access and signing
 * only (1311.125), not for booking a visit, admitting a patient or the decision's licence notice.
 *
 * Every query is bounded by clinic and person (index prescriber_licence_user_idx (clinic_id, user_id)).
 */

/** The day a licence must still be valid on, "today" in the clinic's zone. */
export const credentialDay = (clinicTimeZone: string, now: Date) => calendarDateIn(clinicTimeZone, now);

const l = schema.prescriberLicence;
const d = schema.prescriberDeaRegistration;

type People = string | readonly string[];

/**
 * The in-force condition on either credential table: this clinic, these people, (this state,) not
 * removed, valid through its expiry date on `onDate`.
 */
function inForce(t: typeof l | typeof d, clinicId: string, userIds: People, state: string | null, onDate: string): SQL {
  return and(
    eq(t.clinicId, clinicId),
    typeof userIds === "string" ? eq(t.userId, userIds) : inArray(t.userId, [...userIds]),
    state === null ? undefined : eq(t.state, state),
    isNull(t.removedAt),
    gte(t.expiresOn, onDate),
  )!;
}

/** Rows of `prescriber_licence` in force on `onDate` for these people of this clinic, in `state` (null: any state). */
export const licenceInForce = (clinicId: string, userIds: People, state: string | null, onDate: string) => inForce(l, clinicId, userIds, state, onDate);

/** Rows of `prescriber_dea_registration` in force on `onDate` for these people of this clinic, in `state` (null: any state). */
export const deaInForce = (clinicId: string, userIds: People, state: string | null, onDate: string) => inForce(d, clinicId, userIds, state, onDate);

/** Whether the person holds a licence in `state` in force on `onDate` in this clinic. */
export async function licensedOn(tx: DbOrTx, clinicId: string, userId: string, state: string, onDate: string): Promise<boolean> {
  const [row] = await tx.select({ id: l.id }).from(l).where(licenceInForce(clinicId, userId, state, onDate)).limit(1);
  return !!row;
}

/** Whether the person holds a DEA registration in `state` in force on `onDate` in this clinic. */
export async function deaRegisteredOn(tx: DbOrTx, clinicId: string, userId: string, state: string, onDate: string): Promise<boolean> {
  const [row] = await tx.select({ id: d.id }).from(d).where(deaInForce(clinicId, userId, state, onDate)).limit(1);
  return !!row;
}

/**
 * The last day each of these people is licensed in `state` (the latest expiry among their licences in
 * force on `onDate`), for booking: a slot is offered up to the end of that day. One query.
 */
export async function licensedThrough(tx: DbOrTx, clinicId: string, userIds: readonly string[], state: string, onDate: string): Promise<Map<string, string>> {
  if (!userIds.length) return new Map();
  const rows = await tx
    .select({ userId: l.userId, through: max(l.expiresOn) })
    .from(l)
    .where(licenceInForce(clinicId, userIds, state, onDate))
    .groupBy(l.userId);
  return new Map(rows.flatMap((r) => (r.through ? [[r.userId, r.through] as const] : [])));
}
