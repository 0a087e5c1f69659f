import { z } from "zod";

/**
 * Output schemas of the at-home regimen procedures (issue 13): regimen, dose, supportPerson,
 * checkIn. Patient outputs carry plain words; the provider's carry the record.
 */

export const ZRegimenStatus = z.enum(["planned", "active", "paused", "completed", "stopped"]);
export const ZDoseSessionStatus = z.enum(["scheduled", "precheck_passed", "precheck_failed", "taken", "postcheck_submitted", "missed"]);
export const ZSupportPersonStatus = z.enum(["invited", "active", "revoked"]);
export const ZCheckInStatus = z.enum(["due", "overdue", "submitted", "scored", "missed"]);
export const ZCheckInKind = z.enum(["weekly", "pre_follow_up", "pre_first_dose"]);
export const ZSeverityLevel = z.enum(["mild", "moderate", "severe"]);

/** DOMAIN.md §6 item-9 rule: shown at once, never waiting on a clinician. */
export const ZCrisisResources = z.object({
  text: z.string(),
  actions: z.array(z.object({ label: z.string(), href: z.string() })),
});

const ZSafety = z.object({ fastingRule: z.string(), instructions: z.array(z.string()) });

export const ZNextSession = z.object({
  id: z.string(),
  scheduledDate: z.string(),
  status: ZDoseSessionStatus,
  canStartNow: z.boolean(),
  /** The first day a session is allowed (minimum interval since the last dose). */
  earliestDate: z.string(),
});

export const ZSupportPersonSummary = z.object({ name: z.string(), relationship: z.string(), status: ZSupportPersonStatus });

/** regimen.mine, regimen.confirmReceipt. */
export const ZRegimenMineOutput = z.object({
  regimen: z
    .object({
      id: z.string(),
      status: ZRegimenStatus,
      statusText: z.string(),
      productLabel: z.string(),
      unitLabel: z.string(),
      unitsPerSession: z.number(),
      doseMgPerSession: z.number(),
      sessionsPrescribed: z.number(),
      sessionsTaken: z.number(),
      unitsOnHand: z.number(),
      daysBetweenSessions: z.number(),
      nextSession: ZNextSession.nullable(),
      pausedReasonText: z.string().nullable(),
      safety: ZSafety,
      nextFollowUpDate: z.string().nullable(),
      /** Planned: the patient can say the medicine arrived. */
      canConfirmReceipt: z.boolean(),
      receiptConfirmed: z.boolean(),
    })
    .nullable(),
  supportPerson: ZSupportPersonSummary.nullable(),
});

/** regimen.reportLostOrStolen, regimen.requestRenewal: what happens next, in plain words. */
export const ZRegimenReportOutput = z.object({ received: z.literal(true), message: z.string() });

const ZBpReading = z.object({ systolic: z.number(), diastolic: z.number(), at: z.date() });
const ZSideEffectView = z.object({ code: z.string(), label: z.string(), severity: ZSeverityLevel, emergency: z.boolean() });
const ZFailReason = z.object({ code: z.string(), message: z.string() });

/** dose.session, dose.reschedule: one session for the patient. */
export const ZDoseSessionView = z.object({
  id: z.string(),
  regimenId: z.string(),
  sequence: z.number(),
  scheduledDate: z.string(),
  status: ZDoseSessionStatus,
  statusText: z.string(),
  canStartNow: z.boolean(),
  earliestDate: z.string(),
  precheck: z.object({
    bp1: ZBpReading.nullable(),
    bp2: ZBpReading.nullable(),
    /** A first reading was high: measure again after this time (no second reading yet). */
    recheckAfter: z.date().nullable(),
    answered: z.boolean(),
    supportConfirmed: z.boolean(),
    failedReasons: z.array(ZFailReason),
    at: z.date().nullable(),
  }),
  dose: z
    .object({
      takenAt: z.date(),
      unitsTaken: z.number(),
      dissociationMinutes: z.number().nullable(),
      sideEffects: z.array(ZSideEffectView),
      supportSignoffName: z.string().nullable(),
    })
    .nullable(),
  postcheck: z.object({ dueAt: z.date().nullable(), submittedAt: z.date().nullable() }),
  missedAt: z.date().nullable(),
  regimen: z.object({ status: ZRegimenStatus, productLabel: z.string(), unitLabel: z.string(), unitsPerSession: z.number(), doseMgPerSession: z.number() }),
  safety: ZSafety,
  supportPerson: z.object({ name: z.string(), status: ZSupportPersonStatus }).nullable(),
});

/** dose.list. */
export const ZDoseListOutput = z.object({
  sessions: z.array(
    z.object({
      id: z.string(),
      sequence: z.number(),
      scheduledDate: z.string(),
      status: ZDoseSessionStatus,
      statusText: z.string(),
      takenAt: z.date().nullable(),
      unitsTaken: z.number().nullable(),
    }),
  ),
});

/** dose.precheck: the gate's answer (DOMAIN.md §2 "Pre-check"). */
export const ZDosePrecheckOutput = z.discriminatedUnion("outcome", [
  z.object({ outcome: z.literal("needs_recheck"), restUntil: z.date(), message: z.string() }),
  z.object({ outcome: z.literal("passed"), message: z.string(), advice: z.array(z.string()) }),
  z.object({
    outcome: z.literal("failed"),
    reasons: z.array(ZFailReason),
    /** A3 critical: "seek urgent care" now. */
    urgentCare: z.boolean(),
    /** The patient said they are in crisis: `crisisResources` is shown. */
    crisis: z.boolean(),
    crisisResources: ZCrisisResources.nullable(),
    /** The care team was told (an alert is open). */
    alertRaised: z.boolean(),
    nextSession: z.object({ id: z.string(), scheduledDate: z.string() }).nullable(),
    message: z.string(),
  }),
]);

/** dose.log. */
export const ZDoseLogOutput = z.object({
  /** An emergency symptom: show "call 911" at once. */
  emergency: z.boolean(),
  emergencyGuidance: z.string().nullable(),
  alertRaised: z.boolean(),
  message: z.string(),
  postcheckDueAt: z.date(),
});

/** dose.postcheck. */
export const ZDosePostcheckOutput = z.object({
  emergency: z.boolean(),
  emergencyGuidance: z.string().nullable(),
  alertRaised: z.boolean(),
  crisis: z.boolean(),
  crisisResources: ZCrisisResources.nullable(),
  message: z.string(),
});

/** supportPerson.mine / invite / resendInvite / revoke (the patient's view). */
export const ZSupportPersonMineOutput = z.object({
  supportPerson: z
    .object({
      id: z.string(),
      name: z.string(),
      relationship: z.string(),
      email: z.string(),
      phone: z.string().nullable(),
      status: ZSupportPersonStatus,
      invitedAt: z.date(),
      /** Invited: the link stops working then; resend for a new one. */
      inviteExpiresAt: z.date().nullable(),
      consentedAt: z.date().nullable(),
    })
    .nullable(),
});

export const ZBriefing = z.object({
  version: z.string(),
  title: z.string(),
  sections: z.array(z.object({ heading: z.string(), points: z.array(z.string()) })),
});

/** supportPerson.byToken (public): what the support person needs, nothing more. */
export const ZSupportByTokenOutput = z.object({
  patientFirstName: z.string(),
  status: z.enum(["invited", "active"]),
  briefing: ZBriefing,
  /** Active only: today's session waiting for their confirmation (`presenceConfirmed`: the patient already used a code for it). */
  todaySession: z.object({ id: z.string(), scheduledDate: z.string(), presenceConfirmed: z.boolean() }).nullable(),
});

export const ZSupportConsentOutput = z.object({ status: z.literal("active"), patientFirstName: z.string() });
export const ZSupportConfirmPresenceOutput = z.object({ code: z.string(), expiresAt: z.date() });

const ZScore = z.object({ total: z.number(), band: z.string(), bandLabel: z.string() });

/** checkIn.mine. */
export const ZCheckInMineOutput = z.object({
  due: z.array(z.object({ id: z.string(), kind: ZCheckInKind, kindText: z.string(), dueAt: z.date(), overdueAt: z.date(), status: ZCheckInStatus })),
  history: z.array(
    z.object({
      id: z.string(),
      kind: ZCheckInKind,
      kindText: z.string(),
      dueAt: z.date(),
      status: ZCheckInStatus,
      submittedAt: z.date().nullable(),
      phq9: ZScore.nullable(),
      gad7: ZScore.nullable(),
    }),
  ),
});

/** checkIn.submit. */
export const ZCheckInSubmitOutput = z.object({
  checkInId: z.string(),
  phq9: ZScore,
  gad7: ZScore,
  /** PHQ-9 item 9 >= 1: the crisis resources are shown now (DOMAIN.md §6). */
  crisis: z.boolean(),
  crisisResources: ZCrisisResources.nullable(),
  message: z.string(),
});

const ZTrendInstrument = z.object({
  instrument: z.enum(["phq9", "gad7"]),
  title: z.string(),
  maxScore: z.number(),
  bands: z.array(z.object({ name: z.string(), label: z.string(), min: z.number(), max: z.number() })),
  points: z.array(
    z.object({
      id: z.string(),
      takenAt: z.date(),
      total: z.number(),
      band: z.string(),
      bandLabel: z.string(),
      isBaseline: z.boolean(),
      beforeTreatment: z.boolean(),
      delta: z.number().nullable(),
    }),
  ),
  baseline: z.number().nullable(),
  latest: z.number().nullable(),
  response: z.boolean(),
  remission: z.boolean(),
  text: z.string(),
});

/** checkIn.trend. */
export const ZCheckInTrendOutput = z.object({ phq9: ZTrendInstrument, gad7: ZTrendInstrument });

// ---- provider --------------------------------------------------------------------------------

export const ZRegimenRecord = z.object({
  id: z.string(),
  prescriptionId: z.string(),
  status: ZRegimenStatus,
  productLabel: z.string(),
  unitLabel: z.string(),
  unitsPerSession: z.number(),
  doseMgPerSession: z.number(),
  daysBetweenSessions: z.number(),
  sessionsPrescribed: z.number(),
  unitsPrescribed: z.number(),
  firstSessionDate: z.string().nullable(),
  nextFollowUpDate: z.string().nullable(),
  activatedAt: z.date().nullable(),
  activationSource: z.string().nullable(),
  pauseReason: z.string().nullable(),
  pausedAt: z.date().nullable(),
  endedAt: z.date().nullable(),
  endReason: z.string().nullable(),
  version: z.number(),
  createdAt: z.date(),
});

/** regimen.forPatient, regimen.pause / resume / stop (the patient's clinicians). */
export const ZRegimenForPatientOutput = z.object({
  regimen: ZRegimenRecord.nullable(),
  /** Ended or replaced regimens, newest first. */
  previous: z.array(ZRegimenRecord.pick({ id: true, status: true, productLabel: true, activatedAt: true, endedAt: true, endReason: true })),
  sessions: z.array(
    z.object({
      id: z.string(),
      sequence: z.number(),
      scheduledDate: z.string(),
      status: ZDoseSessionStatus,
      bp1: ZBpReading.nullable(),
      bp2: ZBpReading.nullable(),
      precheckAnswers: z
        .object({
          supportPresent: z.boolean(),
          alcoholOrSedativesToday: z.boolean(),
          drivingPlan: z.boolean(),
          feeling: z.string(),
          fastingFollowed: z.boolean(),
          calmPlace: z.boolean(),
        })
        .nullable(),
      precheckFailedReasons: z.array(z.string()),
      precheckAt: z.date().nullable(),
      supportConfirmed: z.boolean(),
      takenAt: z.date().nullable(),
      unitsTaken: z.number().nullable(),
      dissociationMinutes: z.number().nullable(),
      sideEffects: z.array(ZSideEffectView),
      supportSignoffName: z.string().nullable(),
      postcheckAt: z.date().nullable(),
      postcheck: z
        .object({ feeling: z.string(), sideEffects: z.array(ZSideEffectView), dissociationResolved: z.boolean(), notes: z.string().nullable() })
        .nullable(),
      missedAt: z.date().nullable(),
    }),
  ),
  reconciliation: z
    .object({
      unitsDispensed: z.number(),
      unitsLogged: z.number(),
      unitsReportedLost: z.number(),
      expectedOnHand: z.number(),
      sessionsTaken: z.number(),
      sessionsPrescribed: z.number(),
      overSessions: z.number(),
      intervalViolations: z.number(),
      earlyRenewals: z.number(),
      flags: z.array(z.object({ code: z.string(), message: z.string() })),
    })
    .nullable(),
  fills: z.array(z.object({ id: z.string(), source: z.string(), fillStatus: z.string(), quantity: z.number(), dispensedDate: z.string().nullable(), recordedAt: z.date() })),
  events: z.array(
    z.object({
      id: z.number(),
      fromStatus: ZRegimenStatus.nullable(),
      toStatus: ZRegimenStatus,
      reason: z.string().nullable(),
      sourceType: z.string(),
      actorName: z.string().nullable(),
      occurredAt: z.date(),
    }),
  ),
  /** Whether a resume would be refused now, and why (an open A1/A4 alert, no current eligibility decision). */
  resumeBlockers: z.array(z.string()),
  supportPerson: z.object({ name: z.string(), relationship: z.string(), status: ZSupportPersonStatus, phone: z.string().nullable() }).nullable(),
});
