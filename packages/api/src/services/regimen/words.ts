import { CRISIS_RESOURCES, type RegimenStatus, type SafetySettings, sideEffect } from "@clearwell/clinical";
import type { DoseSideEffect } from "@clearwell/db/schema";

import type { DoseSessionRow } from "./facts";

/**
 * Plain words the patient sees (issue 13 §1): the safety instructions that come with every home
 * session, the crisis resources (DOMAIN.md §6 item-9 rule) and status texts.
 */
export function safetyOf(settings: Pick<SafetySettings, "fastingRule">) {
  return {
    fastingRule: settings.fastingRule,
    instructions: [
      "Your support person must be with you during the session and for the hours after it, until the effects have worn off.",
      "No alcohol and no sedatives or sleep medicines that were not prescribed on a session day.",
      "Do not drive, cycle or use machinery until the next day, after a night's sleep.",
      "Take your session in a calm, safe place where you can sit or lie down.",
      settings.fastingRule,
      "If you have chest pain, trouble breathing, faint, have a seizure or are very confused, call 911.",
    ],
  };
}

export const CRISIS = {
  text: CRISIS_RESOURCES,
  actions: [
    { label: "Call or text 988", href: "tel:988" },
    { label: "Chat at 988lifeline.org", href: "https://988lifeline.org" },
    { label: "Call 911", href: "tel:911" },
  ],
};

export const REGIMEN_STATUS_TEXT: Readonly<Record<RegimenStatus, string>> = {
  planned: "Your prescription is with the pharmacy. When your medicine arrives, confirm it here to start your sessions.",
  active: "Your home sessions are active.",
  paused: "Your home sessions are on hold.",
  completed: "This course of home sessions is complete.",
  stopped: "Your home sessions have stopped.",
};

export const SESSION_STATUS_TEXT: Readonly<Record<DoseSessionRow["status"], string>> = {
  scheduled: "Scheduled",
  precheck_passed: "Safety check passed: you may take your dose",
  precheck_failed: "Safety check did not pass",
  taken: "Taken",
  postcheck_submitted: "Taken, after-session check done",
  missed: "Missed",
};

/** Side effects as stored, with their plain label and whether they are emergencies. */
export const sideEffectsView = (effects: readonly DoseSideEffect[] | null | undefined) =>
  (effects ?? []).map((e) => {
    const def = sideEffect(e.code);
    return { code: e.code, label: def?.label ?? e.code, severity: e.severity, emergency: def?.emergency ?? false };
  });
