import type { Database } from "@clearwell/db/client";

import { type WatchOptions, createFeed, idPayload } from "../feed";

/** What an `alert_changed` notification says: ids only, never content (migration 0022). */
export interface AlertChange {
  clinicId: string;
  alertId: string;
  patientId: string;
}

/** The channel safety_alert's trigger notifies on commit: a new alert or any change, by anyone (a rule, a job, a clinician). */
export const ALERT_CHANNEL = "alert_changed";

const alertFeed = createFeed<AlertChange>({ channel: ALERT_CHANNEL, parse: idPayload({ c: "clinicId", a: "alertId", pt: "patientId" }) });

/** Yields once at the start, then after every matching change (bursts coalesced); ends on abort or when `stillAllowed` says no. */
export function alertChanges(db: Database, opts: WatchOptions<AlertChange>): AsyncGenerator<void> {
  return alertFeed.watch(db, opts);
}

/** Resolves once this process listens for alert changes on `db` (tests wait for it before changing anything). */
export const alertFeedReady = (db: Database) => alertFeed.ready(db);
