import type { Database } from "@clearwell/db/client";

import { createFeed, idPayload, type WatchOptions } from "../feed";

export { auditWindow, sessionStillLive } from "../feed";

/** What a `visit_changed` notification says: ids only, never names or clinical content. */
export interface VisitChange {
  clinicId: string;
  appointmentId: string;
  providerUserId: string;
  patientId: string;
}

/** The channel the database's visit triggers notify on commit (migration 0012). */
export const VISIT_CHANNEL = "visit_changed";

const visitFeed = createFeed<VisitChange>({
  channel: VISIT_CHANNEL,
  parse: idPayload({ c: "clinicId", a: "appointmentId", p: "providerUserId", pt: "patientId" }),
});

/**
 * Yields once at the start, then after every matching change, bursts coalesced into one
 * (a join is several webhooks). Ends when `signal` aborts or `stillAllowed` says no.
 */
export function visitChanges(db: Database, opts: WatchOptions<VisitChange>): AsyncGenerator<void> {
  return visitFeed.watch(db, opts);
}
