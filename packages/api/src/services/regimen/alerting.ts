import type { AlertRuleHit } from "@clearwell/clinical";
import type { DbOrTx } from "@clearwell/db/client";

import type { Actor } from "../../actor";
import { raiseRuleAlert } from "../safety/raise";

export { safetySettingsOf } from "../safety/settings";

export interface RaiseHit {
  clinicId: string;
  patientId: string;
  hit: AlertRuleHit;
  sourceType: string;
  sourceId: string;
  /** The calling service's clock (raised, SLA and events at that time); default now. */
  now?: Date;
}

/**
 * Raises a rule hit in the caller's transaction through the alert engine (services/safety/raise.ts:
 * dedupe per patient and rule while one is open, owner/tier/SLA, on-call routing, and the regimen
 * pause for A1 when the clinic says so and for a critical A4). Returns the new alert's id, or null
 * when an open alert already covers it.
 */
export async function raiseHit(tx: DbOrTx, actor: Actor, a: RaiseHit): Promise<string | null> {
  const { alertId } = await raiseRuleAlert(tx, actor, { clinicId: a.clinicId, patientId: a.patientId, hit: a.hit, sourceType: a.sourceType, sourceId: a.sourceId, ...(a.now ? { now: a.now } : {}) });
  return alertId;
}
