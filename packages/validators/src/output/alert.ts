import { z } from "zod";

import { ZAlertSeverity, ZAlertStatus, ZJsonObject } from "./common";

/**
 * The alert inbox's outputs (DOMAIN.md §7; §1 minimum necessary). `view` says how much of an alert
 * the caller may see: `clinical` (the patient's clinicians: everything), `neutral` (admin/staff, a
 * non-clinical alert: rule id, severity and the neutral summary) or `escalation` (admin/staff, a
 * clinical alert that was escalated: one neutral line, no rule id, severity or detail).
 */
export const ZAlertView = z.enum(["clinical", "neutral", "escalation"]);

/** What acknowledge / resolve / escalate return: the alert's new state, nothing of the patient. */
export const ZAlertActionOutput = z.object({
  id: z.string(),
  status: ZAlertStatus,
  tier: z.number(),
  ownerUserId: z.string().nullable(),
  slaDueAt: z.date().nullable(),
  acknowledgedAt: z.date().nullable(),
  escalatedAt: z.date().nullable(),
  resolvedAt: z.date().nullable(),
  resolutionCode: z.string().nullable(),
  /** resolve with resumeRegimen: whether the regimen this alert paused is active again. */
  regimenResumed: z.boolean(),
});

export const ZAlertRow = z.object({
  id: z.string(),
  view: ZAlertView,
  patient: z.object({ id: z.string(), name: z.string(), mrn: z.string() }),
  /** Rule id (A1-A10); null in the `escalation` view. */
  type: z.string().nullable(),
  /** Null in the `escalation` view. */
  severity: ZAlertSeverity.nullable(),
  clinical: z.boolean(),
  status: ZAlertStatus,
  /** 0 care team, 1 on-call, 2 backup on-call. */
  tier: z.number(),
  /** The clinical summary for the patient's clinicians, the neutral one for everyone else. */
  summary: z.string(),
  ownerUserId: z.string().nullable(),
  ownerName: z.string().nullable(),
  /** When the owner must have acknowledged it; null = worklist (no SLA) or no longer waiting. */
  slaDueAt: z.date().nullable(),
  createdAt: z.date(),
  acknowledgedAt: z.date().nullable(),
  escalatedAt: z.date().nullable(),
  resolvedAt: z.date().nullable(),
  resolutionCode: z.string().nullable(),
  canAcknowledge: z.boolean(),
  canResolve: z.boolean(),
  canEscalate: z.boolean(),
});
export type TAlertRow = z.infer<typeof ZAlertRow>;

export const ZAlertListOutput = z.object({
  items: z.array(ZAlertRow),
  /** Pass back as `cursor` for the next page; null on the last one. */
  nextCursor: z.string().nullable(),
});

/** The navigation badge: unresolved alerts the caller may see; `critical` only among those whose severity they may see. */
export const ZAlertCountsOutput = z.object({ open: z.number(), critical: z.number(), escalated: z.number(), mine: z.number() });

export const ZAlertEventView = z.object({
  kind: z.enum(["raised", "acknowledged", "escalated", "resolved", "routed"]),
  fromStatus: ZAlertStatus.nullable(),
  toStatus: ZAlertStatus,
  tier: z.number(),
  /** Null: the system (a rule, the SLA job). */
  actorName: z.string().nullable(),
  occurredAt: z.date(),
});

export const ZAlertDetailOutput = ZAlertRow.extend({
  /** The rule's structured evidence (scores, readings, codes); clinical view only. */
  detail: ZJsonObject.nullable(),
  /** What raised it (questionnaire_response, dose_session, check_in, appointment, rx_outbox…); null in the escalation view. */
  sourceType: z.string().nullable(),
  sourceId: z.string().nullable(),
  events: z.array(ZAlertEventView),
  resolution: z
    .object({
      code: z.string(),
      comment: z.string().nullable(),
      noteId: z.string().nullable(),
      resolvedByName: z.string().nullable(),
      outreach: z
        .object({
          method: z.enum(["phone", "video", "message", "in_person"]),
          reached: z.boolean(),
          riskAssessment: z.string().nullable(),
          plan: z.string().nullable(),
          authorName: z.string(),
          occurredAt: z.date(),
        })
        .nullable(),
    })
    .nullable(),
  /** For the resolve dialog (clinical view): the patient's signed notes, newest first (at most 20). */
  signedNotes: z.array(z.object({ id: z.string(), kind: z.string(), signedAt: z.date(), authorName: z.string() })),
  /** Clinical view: the patient's regimen in use, and whether this alert's rule paused it (offer "resume"). */
  regimen: z.object({ id: z.string(), status: z.string(), pauseReason: z.string().nullable(), pausedByThisRule: z.boolean() }).nullable(),
});

export const ZSafetySettingsOutput = z.object({
  bpSystolicMax: z.number(),
  bpDiastolicMax: z.number(),
  bpUrgentSystolic: z.number(),
  bpUrgentDiastolic: z.number(),
  bpRecheckRestMinutes: z.number(),
  fastingRule: z.string(),
  postDoseCheckHours: z.number(),
  dissociationWindowMinutes: z.number(),
  checkInCadence: z.enum(["weekly", "every_2_weeks", "monthly", "none"]),
  checkInGraceHours: z.number(),
  preFollowUpCheckInDays: z.number(),
  missedFollowUpPauseDays: z.number(),
  a1AutoPause: z.boolean(),
  doseDayGraceHours: z.number(),
  slaCriticalMinutes: z.number(),
  slaHighMinutes: z.number(),
  slaMediumMinutes: z.number(),
  slaLowMinutes: z.number().nullable(),
  onCallUserId: z.string().nullable(),
  onCallName: z.string().nullable(),
  backupOnCallUserId: z.string().nullable(),
  backupOnCallName: z.string().nullable(),
  /** DOMAIN.md §7: a clinic must have an on-call path before go-live. */
  onCallConfigured: z.boolean(),
  updatedAt: z.date().nullable(),
  updatedByName: z.string().nullable(),
});
