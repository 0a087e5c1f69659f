import { sql } from "drizzle-orm";
import { check, foreignKey, index, jsonb, pgEnum, pgTable, text, timestamp, unique, uniqueIndex, uuid } from "drizzle-orm/pg-core";

import { user } from "./auth";
import { clinic, timestamps } from "./clinic";
import { patient } from "./patient";
import { appointment } from "./scheduling";

// DOMAIN.md §2 "Clinical note": draft -> signed -> addended*; draft -> discarded.
export const noteStatus = pgEnum("note_status", ["draft", "signed", "discarded"]);
// An addendum is a separate signed record pointing at its signed parent (DOMAIN.md §2, §8).
export const noteKind = pgEnum("note_kind", ["evaluation", "follow_up", "addendum"]);

/** SOAP sections (DOMAIN.md §8), free text while drafting. */
export interface NoteSections {
  subjective: string;
  objective: string;
  assessment: string;
  plan: string;
}

export const clinicalNote = pgTable(
  "clinical_note",
  {
    id: uuid().primaryKey().defaultRandom(),
    clinicId: uuid()
      .notNull()
      .references(() => clinic.id),
    patientId: uuid().notNull(),
    appointmentId: uuid(),
    authorUserId: text()
      .notNull()
      .references(() => user.id),
    kind: noteKind().notNull().default("evaluation"),
    status: noteStatus().notNull().default("draft"),
    sections: jsonb().$type<NoteSections>().notNull(),
    // The structured part of the note (evaluation findings; validated by @clearwell/validators/note).
    findings: jsonb().$type<Record<string, unknown>>(),
    // An addendum's text; null for other kinds.
    body: text(),
    parentNoteId: uuid(),
    signedAt: timestamp({ withTimezone: true }),
    signedByUserId: text().references(() => user.id),
    // The exact canonical text that was signed, and its SHA-256 (DOMAIN.md §9 (c) integrity).
    signedContent: text(),
    contentSha256: text(),
    discardedAt: timestamp({ withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    // For addenda and other rows that will point at a note of the same clinic.
    unique("clinical_note_clinic_id_uq").on(t.clinicId, t.id),
    // An addendum's parent is a note of the same clinic and the same patient.
    unique("clinical_note_clinic_patient_id_uq").on(t.clinicId, t.patientId, t.id),
    foreignKey({ name: "clinical_note_patient_fk", columns: [t.clinicId, t.patientId], foreignColumns: [patient.clinicId, patient.id] }),
    foreignKey({ name: "clinical_note_appointment_fk", columns: [t.clinicId, t.appointmentId], foreignColumns: [appointment.clinicId, appointment.id] }),
    foreignKey({ name: "clinical_note_parent_fk", columns: [t.clinicId, t.patientId, t.parentNoteId], foreignColumns: [t.clinicId, t.patientId, t.id] }),
    // One open draft per author and visit: reopening the visit reopens the same draft.
    uniqueIndex("clinical_note_open_draft_uq").on(t.appointmentId, t.authorUserId).where(sql`${t.status} = 'draft'`),
    index("clinical_note_patient_idx").on(t.patientId, t.createdAt),
    index("clinical_note_parent_idx").on(t.parentNoteId, t.signedAt),
    check("clinical_note_addendum_parent_ck", sql`(${t.kind} = 'addendum') = (${t.parentNoteId} is not null)`),
    check("clinical_note_addendum_body_ck", sql`${t.kind} <> 'addendum' or (${t.body} is not null and ${t.status} = 'signed')`),
    check(
      "clinical_note_signed_ck",
      sql`${t.status} <> 'signed' or (${t.signedAt} is not null and ${t.signedByUserId} is not null and ${t.signedContent} is not null and ${t.contentSha256} is not null)`,
    ),
    check("clinical_note_discarded_ck", sql`(${t.status} = 'discarded') = (${t.discardedAt} is not null)`),
  ],
);
