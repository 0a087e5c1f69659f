import { type AlertRuleHit, DEFAULT_SAFETY_SETTINGS, type SafetySettings } from "@clearwell/clinical";
import type { DbOrTx } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import { eq } from "drizzle-orm";

import type { Actor } from "../../actor";
import { raiseAlert } from "../safety/alerts";
import { applyRegimenEvent } from "./lifecycle";

/**
 * The clinic's safety settings (clinic_safety_settings; DOMAIN.md §7 "clinic-configurable
 * defaults"); a clinic without a row uses the defaults.
 */
export async function safetySettingsOf(tx: DbOrTx, clinicId: string): Promise<SafetySettings> {
  const [row] = await tx.select().from(schema.clinicSafetySettings).where(eq(schema.clinicSafetySettings.clinicId, clinicId));
  if (!row) return { ...DEFAULT_SAFETY_SETTINGS };
  return { ...DEFAULT_SAFETY_SETTINGS, ...row, checkInCadence: row.checkInCadence as SafetySettings["checkInCadence"] };
}

export interface RaiseHit {
  clinicId: string;
  patientId: string;
  hit: AlertRuleHit;
  sourceType: string;
  sourceId: string;
}

/**
 * Raises a rule hit in the caller's transaction (deduplicated per patient and rule while one is
 * open) and applies its regimen side effect: A1 pauses the regimen when the clinic says so, a
 * critical A4 always (DOMAIN.md §7). Returns the alert id, or null when deduplicated.
 */
export async function raiseHit(tx: DbOrTx, actor: Actor, a: RaiseHit, settings: Pick<SafetySettings, "a1AutoPause">): Promise<string | null> {
  const id = await raiseAlert(tx, actor, {
    clinicId: a.clinicId,
    patientId: a.patientId,
    type: a.hit.ruleId,
    severity: a.hit.severity,
    summary: a.hit.summary,
    sourceType: a.sourceType,
    sourceId: a.sourceId,
    detail: { ...a.hit.detail, ...(a.hit.pageBackup ? { pageBackup: true } : {}) },
  });
  const pause = (a.hit.ruleId === "A1" && settings.a1AutoPause) || (a.hit.ruleId === "A4" && a.hit.severity === "critical");
  if (pause) {
    await applyRegimenEvent(tx, actor, {
      clinicId: a.clinicId,
      patientId: a.patientId,
      event: { type: "pause", reason: a.hit.ruleId === "A1" ? "alert_A1" : "alert_A4" },
      sourceType: id ? "safety_alert" : a.sourceType,
      sourceId: id ?? a.sourceId,
    });
  }
  return id;
}
