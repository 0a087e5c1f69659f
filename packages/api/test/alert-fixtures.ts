import { createHash } from "node:crypto";

import type { AlertRuleHit } from "@clearwell/clinical";
import { schema } from "@clearwell/db/client";
import { JOB_SCHEMA } from "@clearwell/db/jobs";
import { and, eq, sql } from "drizzle-orm";

import { systemActor } from "../src/actor";
import { type SealedMail, openMail } from "../src/services/mail/outbox";
import { mailEnv } from "../src/services/safety/notify";
import { raiseRuleAlert } from "../src/services/safety/raise";
import { makeClinic, makePatient, staffSession, testDb } from "./harness";

export const META = { requestId: "test:alerts", ipAddress: null, userAgent: "vitest" };
export type Session = Awaited<ReturnType<typeof staffSession>>;

/**
 * A clinic with the people of the alert matrix (DOMAIN.md §1): the patient's provider (care team),
 * a colleague who is not assigned, an on-call and a backup on-call clinician (clinic safety
 * settings), an admin and a staff member; a second patient of the provider.
 */
export async function alertWorld(o: { onCall?: boolean } = {}) {
  const clinic = await makeClinic("Alert Clinic");
  const [provider, colleague, onCall, backup, admin, staff] = await Promise.all([
    staffSession(clinic.id, ["provider"]),
    staffSession(clinic.id, ["provider"]),
    staffSession(clinic.id, ["provider"]),
    staffSession(clinic.id, ["prescriber"]),
    staffSession(clinic.id, ["admin"]),
    staffSession(clinic.id, ["staff"]),
  ]);
  const p = await makePatient(clinic.id);
  const other = await makePatient(clinic.id);
  // The colleague looks after a patient of their own (their care-team rows must not open p's alerts).
  const theirs = await makePatient(clinic.id);
  await testDb()
    .insert(schema.careTeamMember)
    .values([
      { clinicId: clinic.id, patientId: p.patient.id, userId: provider.user.id, role: "primary_provider" },
      { clinicId: clinic.id, patientId: other.patient.id, userId: provider.user.id, role: "primary_provider" },
      { clinicId: clinic.id, patientId: theirs.patient.id, userId: colleague.user.id, role: "primary_provider" },
    ]);
  if (o.onCall !== false) {
    await testDb().insert(schema.clinicSafetySettings).values({ clinicId: clinic.id, onCallUserId: onCall.user.id, backupOnCallUserId: backup.user.id });
  }
  return { clinic, provider, colleague, onCall, backup, admin, staff, p, other };
}
export type AlertWorld = Awaited<ReturnType<typeof alertWorld>>;

/** Raises a rule hit as the system would, in its own transaction, at `now`. */
export function raise(clinicId: string, patientId: string, hit: AlertRuleHit, o: { now?: Date; sourceId?: string } = {}) {
  return testDb().transaction((tx) =>
    raiseRuleAlert(tx, systemActor(clinicId, META), { clinicId, patientId, hit, sourceType: "test", sourceId: o.sourceId ?? null, ...(o.now ? { now: o.now } : {}) }),
  );
}

export const alertRow = async (id: string) => (await testDb().select().from(schema.safetyAlert).where(eq(schema.safetyAlert.id, id)))[0]!;
export const alertsOf = (patientId: string) => testDb().select().from(schema.safetyAlert).where(eq(schema.safetyAlert.patientId, patientId));
export const eventsOf = (alertId: string) => testDb().select().from(schema.alertEvent).where(eq(schema.alertEvent.alertId, alertId)).orderBy(schema.alertEvent.id);
export const auditOf = (clinicId: string, action: string) =>
  testDb()
    .select()
    .from(schema.auditEvent)
    .where(and(eq(schema.auditEvent.clinicId, clinicId), eq(schema.auditEvent.action, action)));

/** A signed note of `patientId` written straight to the table (signing itself is tested in note-signing). */
export async function signedNoteOf(clinicId: string, patientId: string, authorUserId: string) {
  const content = `signed note ${Math.random()}`;
  const [row] = await testDb()
    .insert(schema.clinicalNote)
    .values({
      clinicId,
      patientId,
      authorUserId,
      kind: "evaluation",
      status: "signed",
      sections: { subjective: "s", objective: "o", assessment: "a", plan: "p" },
      signedAt: new Date(),
      signedByUserId: authorUserId,
      signedContent: content,
      contentSha256: createHash("sha256").update(content).digest("hex"),
    })
    .returning({ id: schema.clinicalNote.id });
  return row!.id;
}

/** Every queued mail to `to`, opened (the queue holds them sealed). */
export async function mailsTo(to: string) {
  const rows = await testDb().execute<{ data: SealedMail }>(sql`select data from ${sql.identifier(JOB_SCHEMA)}.job where name = 'mail.send'`);
  // Files run in parallel on one database: only mail this environment sealed is opened.
  return rows
    .flatMap((r) => {
      try {
        return [openMail(r.data, mailEnv().secret)];
      } catch {
        return [];
      }
    })
    .filter((m) => m.to === to);
}
