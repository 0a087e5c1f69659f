import type { Database } from "@clearwell/db/client";

import { createFeed, idPayload, type WatchOptions } from "../feed";

/** What a `prescription_changed` notification says: ids only, never content (migration 0021). */
export interface PrescriptionChange {
  clinicId: string;
  prescriptionId: string;
  patientId: string;
}

/** The channel the prescription trigger notifies on commit: any status change, by anyone (the relay, inbound messages). */
export const PRESCRIPTION_CHANNEL = "prescription_changed";

const prescriptionFeed = createFeed<PrescriptionChange>({
  channel: PRESCRIPTION_CHANNEL,
  parse: idPayload({ c: "clinicId", p: "prescriptionId", pt: "patientId" }),
});

/**
 * Yields once at the start, then after every matching change (bursts coalesced). Ends when
 * `signal` aborts or `stillAllowed` says no (a session that ended while the stream stayed open).
 */
export function prescriptionChanges(db: Database, opts: WatchOptions<PrescriptionChange>): AsyncGenerator<void> {
  return prescriptionFeed.watch(db, opts);
}
