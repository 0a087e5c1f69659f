import { sql } from "drizzle-orm";
import { foreignKey, index, jsonb, pgEnum, pgTable, text, timestamp, unique, uniqueIndex, uuid } from "drizzle-orm/pg-core";

import { user } from "./auth";
import { clinic, timestamps } from "./clinic";
import { patient } from "./patient";
import { appointment } from "./scheduling";

// DOMAIN.md §2 "Clinical note": draft -> signed -> addended*; draft -> discarded.
export const noteStatus = pgEnum("note_status", ["draft", "signed", "discarded"]);

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
    status: noteStatus().notNull().default("draft"),
    sections: jsonb().$type<NoteSections>().notNull(),
    signedAt: timestamp({ withTimezone: true }),
    contentSha256: text(),
    ...timestamps,
  },
  (t) => [
    // For addenda and other rows that will point at a note of the same clinic.
    unique("clinical_note_clinic_id_uq").on(t.clinicId, t.id),
    foreignKey({ name: "clinical_note_patient_fk", columns: [t.clinicId, t.patientId], foreignColumns: [patient.clinicId, patient.id] }),
    foreignKey({ name: "clinical_note_appointment_fk", columns: [t.clinicId, t.appointmentId], foreignColumns: [appointment.clinicId, appointment.id] }),
    // One open draft per author and visit: reopening the visit reopens the same draft.
    uniqueIndex("clinical_note_open_draft_uq").on(t.appointmentId, t.authorUserId).where(sql`${t.status} = 'draft'`),
    index("clinical_note_patient_idx").on(t.patientId, t.createdAt),
  ],
);
