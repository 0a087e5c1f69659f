import { z } from "zod";

import { ZNoteKind, ZStoredFindings } from "../note";

/** Output schemas of the note procedures (DOMAIN.md §1 "A": the patient's clinicians only). */
export const ZNoteStatus = z.enum(["draft", "signed", "discarded"]);
const ZSections = z.object({ subjective: z.string(), objective: z.string(), assessment: z.string(), plan: z.string() });

export const ZNoteDraftOutput = z.object({
  id: z.string(),
  kind: ZNoteKind,
  status: ZNoteStatus,
  sections: ZSections,
  findings: ZStoredFindings.nullable(),
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
});
export const ZNoteListOutput = z.object({ notes: z.array(ZNoteSummary) });

/** One note in full; `signedContent` is the exact text whose SHA-256 is `contentSha256`. */
export const ZNoteDetail = ZNoteSummary.extend({
  sections: ZSections,
  findings: ZStoredFindings.nullable(),
  signedContent: z.string().nullable(),
});

export const ZNoteSignOutput = z.object({ id: z.string(), status: ZNoteStatus, signedAt: z.date(), contentSha256: z.string() });
export const ZNoteDiscardOutput = z.object({ id: z.string(), status: ZNoteStatus, discardedAt: z.date() });
export const ZNoteAddendumOutput = z.object({ id: z.string(), parentNoteId: z.string(), signedAt: z.date(), contentSha256: z.string() });
