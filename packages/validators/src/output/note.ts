import { z } from "zod";

import { ZFollowUpFindings, ZFollowUpPlan, ZNoteKind, ZStoredFindings } from "../note";
import { ZEligibilityRecheck } from "./decision-recheck";

/** Output schemas of the note procedures (DOMAIN.md §1 "A": the patient's clinicians only). */
export const ZNoteStatus = z.enum(["draft", "signed", "discarded"]);
const ZSections = z.object({ subjective: z.string(), objective: z.string(), assessment: z.string(), plan: z.string() });

/*
 * The follow-up note's interval snapshot as stored and shown (DOMAIN.md §8 "Interval data"), the
 * shape of packages/clinical `FollowUpSnapshot` (plain JSON: instants are ISO strings). Every
 * record it cites carries its stored id. Doses and fills join `ZFollowUpSection` with the regimen.
 */
const ZIso = z.string();
const ZInstrument = z.enum(["phq9", "gad7"]);
export const ZScoreRef = z.object({ id: z.string(), total: z.number(), takenAt: ZIso });
export const ZScoreDelta = z.object({ change: z.number(), percentChange: z.number().nullable(), meaningfulWorsening: z.boolean(), meaningfulImprovement: z.boolean() });
export const ZScoreTrend = z.object({
  instrument: ZInstrument,
  baseline: ZScoreRef.nullable(),
  previous: ZScoreRef.nullable(),
  latest: ZScoreRef.nullable(),
  vsBaseline: ZScoreDelta.nullable(),
  vsPrevious: ZScoreDelta.nullable(),
  response: z.boolean(),
  remission: z.boolean(),
  thresholds: z.object({ responseReduction: z.number(), remissionBelow: z.number(), remissionMinBaseline: z.number(), mcid: z.number() }),
});
const sourceIds = z.array(z.string());
export const ZScoresSection = z.object({
  kind: z.literal("scores"),
  sourceIds,
  phq9: ZScoreTrend,
  gad7: ZScoreTrend,
  inInterval: z.array(ZScoreRef.extend({ instrument: ZInstrument })),
});
export const ZAlertRef = z.object({
  id: z.string(),
  ruleId: z.string(),
  severity: z.enum(["critical", "high", "medium", "low"]),
  status: z.enum(["open", "acknowledged", "escalated", "resolved"]),
  raisedAt: ZIso,
  resolvedAt: ZIso.nullable(),
});
export const ZAlertsSection = z.object({ kind: z.literal("alerts"), sourceIds, opened: z.array(ZAlertRef), resolved: z.array(ZAlertRef), stillOpen: z.array(ZAlertRef) });
export const ZVisitRef = z.object({
  /** The appointment's id. */
  id: z.string(),
  kind: z.enum(["evaluation", "follow_up"]),
  status: z.string(),
  startsAt: ZIso,
  /** Null until the visit saw media (or for a visit never held). */
  modality: z.enum(["audio_video", "audio_only"]).nullish(),
});
export const ZVisitsSection = z.object({ kind: z.literal("visits"), sourceIds, visits: z.array(ZVisitRef) });
const ZBp = z.object({ systolic: z.number(), diastolic: z.number() });
export const ZDoseRef = z.object({
  id: z.string(),
  sequence: z.number(),
  scheduledDate: z.string(),
  takenAt: ZIso.nullable(),
  missedAt: ZIso.nullable(),
  unitsTaken: z.number().nullable(),
  doseMg: z.number().nullable(),
  /** "128/84": the deciding pre-dose reading; bpFirst is the first when a recheck followed. */
  bp: z.string().nullable(),
  bpFirst: z.string().nullable(),
  supportConfirmed: z.boolean(),
  supportSignoffName: z.string().nullable(),
  sideEffects: z.array(z.object({ code: z.string(), severity: z.enum(["mild", "moderate", "severe"]) })),
  dissociationMinutes: z.number().nullable(),
});
export const ZDosesSection = z.object({
  kind: z.literal("doses"),
  sourceIds,
  taken: z.array(ZDoseRef),
  missed: z.array(ZDoseRef),
  bpHighest: ZBp.nullable(),
  sideEffectCounts: z.record(z.string(), z.object({ count: z.number(), severe: z.number() })),
});
export const ZFollowUpSection = z.discriminatedUnion("kind", [ZScoresSection, ZDosesSection, ZAlertsSection, ZVisitsSection]);
export const ZFollowUpSnapshot = z.object({
  schemaVersion: z.literal(1),
  /** The window starts after this (the patient's last signed note, else the first visit); null = from the start. */
  since: ZIso.nullable(),
  generatedAt: ZIso,
  sections: z.array(ZFollowUpSection),
  sourceIds: z.object({ scores: sourceIds.optional(), doses: sourceIds.optional(), alerts: sourceIds.optional(), visits: sourceIds.optional() }),
});
export type TFollowUpSnapshot = z.infer<typeof ZFollowUpSnapshot>;

/**
 * A follow-up note's findings column as stored: the clinician's parts plus what the server writes:
 * the snapshot, and at signing the eligibility re-run the clinician saw (DOMAIN.md §8 "A").
 */
export const ZStoredFollowUpFindings = ZFollowUpFindings.extend({ snapshot: ZFollowUpSnapshot.nullable().optional(), eligibilityRecheck: ZEligibilityRecheck.nullable().optional() });
export type TStoredFollowUpFindings = z.infer<typeof ZStoredFollowUpFindings>;

/** What the regimen does with the plan once signed (packages/clinical `planEffects`). */
export const ZPlanEffects = z.object({ regimen: z.enum(["keep", "pause", "stop", "move_in_office"]), opensPrescriptionDraft: z.boolean() });

/** A follow-up note's structured content: the clinician's S/O/A parts and plan, the server's snapshot, and the plan's effects. */
export const ZFollowUpNote = ZFollowUpFindings.extend({ snapshot: ZFollowUpSnapshot.nullable(), planEffects: ZPlanEffects.nullable(), eligibilityRecheck: ZEligibilityRecheck.nullable() });
/** In the chart list: the plan and the snapshot only. */
export const ZFollowUpNoteSummary = z.object({ plan: ZFollowUpPlan.nullable(), planEffects: ZPlanEffects.nullable(), snapshot: ZFollowUpSnapshot.nullable() });

/** `findings` is an evaluation's; `followUp` a follow-up note's (null for other kinds). */
export const ZNoteDraftOutput = z.object({
  id: z.string(),
  kind: ZNoteKind,
  status: ZNoteStatus,
  sections: ZSections,
  findings: ZStoredFindings.nullable(),
  followUp: ZFollowUpNote.nullable(),
  updatedAt: z.date(),
  appointmentId: z.string().nullable(),
});

const ZPerson = z.object({ userId: z.string(), name: z.string() });

/** A signed addendum in its parent's chain, oldest first. */
export const ZNoteAddendum = z.object({
  id: z.string(),
  author: ZPerson,
  signer: ZPerson,
  signedAt: z.date(),
  contentSha256: z.string(),
  text: z.string(),
});

/** A note as the chart lists it: who wrote and signed it, when, its hash and its addenda. */
export const ZNoteSummary = z.object({
  id: z.string(),
  patientId: z.string(),
  appointmentId: z.string().nullable(),
  kind: ZNoteKind,
  status: ZNoteStatus,
  author: ZPerson,
  signer: ZPerson.nullable(),
  signedAt: z.date().nullable(),
  contentSha256: z.string().nullable(),
  discardedAt: z.date().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
  addenda: z.array(ZNoteAddendum),
  followUp: ZFollowUpNoteSummary.nullable(),
});
export const ZNoteListOutput = z.object({ notes: z.array(ZNoteSummary) });

/** One note in full; `signedContent` is the exact text whose SHA-256 is `contentSha256`. */
export const ZNoteDetail = ZNoteSummary.extend({
  sections: ZSections,
  findings: ZStoredFindings.nullable(),
  followUp: ZFollowUpNote.nullable(),
  signedContent: z.string().nullable(),
});

export const ZNoteSignOutput = z.object({ id: z.string(), status: ZNoteStatus, signedAt: z.date(), contentSha256: z.string() });
export const ZNoteDiscardOutput = z.object({ id: z.string(), status: ZNoteStatus, discardedAt: z.date() });
export const ZNoteAddendumOutput = z.object({ id: z.string(), parentNoteId: z.string(), signedAt: z.date(), contentSha256: z.string() });
