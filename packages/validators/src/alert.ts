import { z } from "zod";

import { ZInstant, ZUserId, ZUuid, text } from "./common";
import { OUTREACH_METHODS, ALERT_ESCALATION_REASONS } from "./choices/alert";

export { OUTREACH_METHODS, ALERT_ESCALATION_REASONS } from "./choices/alert";

/** Alert inbox inputs (DOMAIN.md §7; issue 13). Outputs are in output/alert.ts. */
export const ZAlertRef = z.object({ alertId: ZUuid });

/** What acknowledging returns: the alert's new state, nothing of the patient (kept for older callers). */
export const ZAlertAckOutput = z.object({
  id: z.string(),
  status: z.enum(["open", "acknowledged", "escalated", "resolved"]),
  acknowledgedAt: z.date().nullable(),
});

export const ALERT_SCOPES = ["mine", "open", "escalated", "resolved"] as const;
export const ZAlertScope = z.enum(ALERT_SCOPES, { message: "Choose Mine, Open, Escalated or Resolved." });

/** `<rank>~<ISO time>~<alert id>` (open scopes) or `<ISO time>~<alert id>` (resolved), as the previous page returned it. */
export const ZAlertCursor = text({ max: 100 }).regex(/^(?:[0-3]~)?\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?Z~[0-9a-f-]{36}$/, "Not a valid page cursor: start from the first page.");

export const ZAlertListInput = z.object({
  scope: ZAlertScope,
  /** Only this patient's alerts (the chart banner's link). */
  patientId: ZUuid.optional(),
  cursor: ZAlertCursor.optional(),
  limit: z.number().int().min(1).max(100).default(50),
});
export type TAlertListInput = z.input<typeof ZAlertListInput>;

/** packages/clinical RESOLUTION_CODES. */
export const ALERT_RESOLUTION_CODES = ["outreach_completed", "reviewed_no_action", "plan_changed", "emergency_services", "patient_unreachable", "duplicate", "rebooked"] as const;
export const ZResolutionCode = z.enum(ALERT_RESOLUTION_CODES, { message: "Choose how the alert was resolved." });

/** An outreach record written with the resolution (DOMAIN.md §7 A1: "outreach note with risk assessment and plan"). */
export const ZOutreachInput = z
  .object({
    method: z.enum(OUTREACH_METHODS, { message: "Choose how you reached out: phone, video, message or in person." }),
    reached: z.boolean({ message: "Say whether you reached the patient." }),
    riskAssessment: text({ max: 4000, multiline: true }).optional(),
    plan: text({ min: 1, max: 4000, multiline: true, minMessage: "Write the plan agreed (or the next step if you did not reach them)." }),
    /** When it happened; default now (never in the future). */
    occurredAt: ZInstant.optional(),
  })
  .superRefine((o, ctx) => {
    if (o.reached && !o.riskAssessment?.trim()) {
      ctx.addIssue({ code: "custom", path: ["riskAssessment"], message: "Write the risk assessment: you reached the patient." });
    }
  });

export const ZAlertResolveInput = z.object({
  alertId: ZUuid,
  code: ZResolutionCode,
  /** A signed note of the same patient that documents the response. */
  noteId: ZUuid.optional(),
  /** Or an outreach record written now. */
  outreach: ZOutreachInput.optional(),
  comment: text({ max: 1000, multiline: true }).optional(),
  /** A1/A4 that paused the regimen: resume it (refused while another pausing alert is open or eligibility is not current). */
  resumeRegimen: z.boolean().optional(),
});
export type TAlertResolveInput = z.infer<typeof ZAlertResolveInput>;

export const ZAlertEscalateInput = z.object({
  alertId: ZUuid,
  reason: z.enum(ALERT_ESCALATION_REASONS, { message: "Choose why you escalate it." }),
});
export type TAlertEscalateInput = z.infer<typeof ZAlertEscalateInput>;

const minutes = (label: string, max: number) => z.number({ message: `Enter ${label} in minutes.` }).int(`${label} is a whole number of minutes.`).min(1).max(max);
const hours = (label: string, max: number) => z.number({ message: `Enter ${label} in hours.` }).int(`${label} is a whole number of hours.`).min(1).max(max);

/**
 * safetySettings.update: each clinic-configurable value of DOMAIN.md §7 / §2 on its own (values not
 * sent stay). Cross-field rules (urgent above the limit, SLA order, on-call membership) are the service's.
 */
export const ZSafetySettingsUpdateInput = z
  .object({
    bpSystolicMax: z.number().int().min(90).max(250).optional(),
    bpDiastolicMax: z.number().int().min(50).max(150).optional(),
    bpUrgentSystolic: z.number().int().min(90).max(300).optional(),
    bpUrgentDiastolic: z.number().int().min(50).max(200).optional(),
    bpRecheckRestMinutes: minutes("The rest before a second reading", 60).optional(),
    fastingRule: text({ min: 1, max: 500, minMessage: "Write the clinic's fasting rule in plain words." }).optional(),
    postDoseCheckHours: hours("The time until the post-dose check", 48).optional(),
    dissociationWindowMinutes: minutes("The dissociation window", 1440).optional(),
    checkInCadence: z.enum(["weekly", "every_2_weeks", "monthly", "none"], { message: "Choose a check-in cadence." }).optional(),
    checkInGraceHours: hours("The check-in grace", 336).optional(),
    preFollowUpCheckInDays: z.number().int().min(1).max(14).optional(),
    missedFollowUpPauseDays: z.number().int().min(1).max(90).optional(),
    a1AutoPause: z.boolean().optional(),
    doseDayGraceHours: hours("The grace after a session day", 72).optional(),
    slaCriticalMinutes: minutes("The critical response time", 1440).optional(),
    slaHighMinutes: minutes("The high response time", 10_080).optional(),
    slaMediumMinutes: minutes("The medium response time", 20_160).optional(),
    /** null: LOW alerts are a worklist without an SLA. */
    slaLowMinutes: minutes("The low response time", 43_200).nullable().optional(),
    onCallUserId: ZUserId.nullable().optional(),
    backupOnCallUserId: ZUserId.nullable().optional(),
  })
  .strict();
export type TSafetySettingsUpdateInput = z.infer<typeof ZSafetySettingsUpdateInput>;
