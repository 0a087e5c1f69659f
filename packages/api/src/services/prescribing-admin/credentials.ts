import { clinicToday, isWellFormedDeaNumber } from "@clearwell/clinical";
import type { Database, DbOrTx } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import type {
  TPrescriberSaveDeaInput,
  TPrescriberSaveLicenceInput,
  TPrescriberSaveProfileInput,
  TPrescriberVerifyCredentialInput,
} from "@clearwell/validators/prescribing-admin";
import { and, asc, eq, inArray, isNull, ne } from "drizzle-orm";

import type { Actor } from "../../actor";
import { DomainError, denied } from "../../errors";
import type { StaffRole } from "../../policy";
import { recordAudit } from "../audit/record-audit";
import { clinicZone } from "./clinic-day";
import { epcsStatuses, totpEnrolled } from "./facts";

/**
 * Prescriber credentials (issue 12 §2; DOMAIN.md §1 Prescriber; 21 CFR 1311.125(a)): the admin records
 * NPI, state licences and DEA registrations after invitation; a second person verifies each as current
 * (never the one who recorded it: the table refuses it too); an edit of a credential clears its
 * verification (trigger, migration 0020). Audited as epcs.credential.* (EPCS-tagged, 1311.150).
 */

const CLINICIAN_ROLES = ["provider", "prescriber"] as const;

type LicenceRow = typeof schema.prescriberLicence.$inferSelect;
type DeaRow = typeof schema.prescriberDeaRegistration.$inferSelect;

async function namesOf(db: DbOrTx, ids: (string | null)[]) {
  const wanted = [...new Set(ids.filter((x): x is string => !!x))];
  if (wanted.length === 0) return new Map<string, string>();
  const rows = await db.select({ id: schema.user.id, name: schema.user.name }).from(schema.user).where(inArray(schema.user.id, wanted));
  return new Map(rows.map((r) => [r.id, r.name]));
}

function credentialView(r: LicenceRow | DeaRow, today: string, names: Map<string, string>) {
  const expired = r.expiresOn < today;
  const verified = r.verifiedAt !== null;
  return {
    id: r.id,
    state: r.state,
    number: r.number,
    expiresOn: r.expiresOn,
    expired,
    verified,
    current: verified && !expired,
    verifiedAt: r.verifiedAt,
    verifiedByUserId: r.verifiedByUserId,
    verifiedByName: r.verifiedByUserId ? (names.get(r.verifiedByUserId) ?? null) : null,
    verificationNote: r.verificationNote,
    recordedByUserId: r.createdByUserId,
    recordedByName: names.get(r.createdByUserId) ?? null,
    createdAt: r.createdAt,
  };
}

/**
 * The clinic's clinicians (provider or prescriber role) with their credential summary and EPCS
 * permission; `userId` narrows to one. Expiry is judged on the clinic's calendar day at `now`.
 */
export async function prescriberItems(db: DbOrTx, clinicId: string, now: Date, userId?: string) {
  const today = clinicToday(now, await clinicZone(db, clinicId));
  const m = schema.clinicMembership;
  const members = await db
    .select({ userId: m.userId, role: m.role, name: schema.user.name, email: schema.user.email })
    .from(m)
    .innerJoin(schema.user, eq(schema.user.id, m.userId))
    .where(and(eq(m.clinicId, clinicId), userId ? eq(m.userId, userId) : undefined))
    .orderBy(asc(schema.user.name), asc(m.userId));
  const people = new Map<string, { userId: string; name: string; email: string; roles: StaffRole[] }>();
  for (const r of members) {
    const p = people.get(r.userId) ?? { userId: r.userId, name: r.name, email: r.email, roles: [] };
    p.roles.push(r.role);
    people.set(r.userId, p);
  }
  const clinicians = [...people.values()].filter((p) => p.roles.some((r) => (CLINICIAN_ROLES as readonly string[]).includes(r)));
  const ids = clinicians.map((p) => p.userId);
  if (ids.length === 0) return [];

  const l = schema.prescriberLicence;
  const d = schema.prescriberDeaRegistration;
  const [profiles, licences, deas, epcs, totp] = await Promise.all([
    db.select().from(schema.prescriberProfile).where(and(eq(schema.prescriberProfile.clinicId, clinicId), inArray(schema.prescriberProfile.userId, ids))),
    db.select().from(l).where(and(eq(l.clinicId, clinicId), inArray(l.userId, ids), isNull(l.removedAt))).orderBy(asc(l.state), asc(l.createdAt)),
    db.select().from(d).where(and(eq(d.clinicId, clinicId), inArray(d.userId, ids), isNull(d.removedAt))).orderBy(asc(d.state), asc(d.createdAt)),
    epcsStatuses(db, clinicId, ids),
    totpEnrolled(db, ids),
  ]);
  const names = await namesOf(db, [
    ...licences.flatMap((x) => [x.createdByUserId, x.verifiedByUserId]),
    ...deas.flatMap((x) => [x.createdByUserId, x.verifiedByUserId]),
    ...[...epcs.values()].map((s) => s.pending?.enteredByUserId ?? null),
  ]);
  return clinicians.map((p) => {
    const profile = profiles.find((x) => x.userId === p.userId);
    const status = epcs.get(p.userId)!;
    const deaViews = deas.filter((x) => x.userId === p.userId).map((x) => ({ ...credentialView(x, today, names), schedules: x.schedules }));
    return {
      ...p,
      totpEnrolled: totp.has(p.userId),
      profile: profile
        ? {
            npi: profile.npi,
            address: { line1: profile.addressLine1, line2: profile.addressLine2, city: profile.city, state: profile.state, postalCode: profile.postalCode },
            phone: profile.phone,
            updatedAt: profile.updatedAt,
          }
        : null,
      licences: licences.filter((x) => x.userId === p.userId).map((x) => credentialView(x, today, names)),
      deaRegistrations: deaViews,
      epcs: {
        permission: status.permission,
        since: status.since,
        pending: status.pending ? { ...status.pending, enteredByName: names.get(status.pending.enteredByUserId) ?? null } : null,
      },
      deaRegistrant: deaViews.some((x) => x.current),
    };
  });
}

/** prescriber.list */
export async function listPrescribers(db: Database, clinicId: string, now = new Date()) {
  return { items: await prescriberItems(db, clinicId, now) };
}

const noSuchClinician = () => new DomainError("NOT_FOUND", "No provider or prescriber with this id works in this clinic.");

/** prescriber.get: one clinician of the clinic (another clinic's people are not found). */
export async function getPrescriber(db: DbOrTx, clinicId: string, userId: string, now = new Date()) {
  const [item] = await prescriberItems(db, clinicId, now, userId);
  if (!item) throw noSuchClinician();
  return item;
}

/** The subject of a credential write is a provider or prescriber of this clinic. */
async function requireClinician(tx: DbOrTx, clinicId: string, userId: string) {
  const m = schema.clinicMembership;
  const [row] = await tx
    .select({ userId: m.userId })
    .from(m)
    .where(and(eq(m.clinicId, clinicId), eq(m.userId, userId), inArray(m.role, [...CLINICIAN_ROLES])))
    .limit(1);
  if (!row) throw noSuchClinician();
}

/** prescriber.saveProfile: NPI (check digit checked at the boundary), practice address and phone for NewRx. */
export async function savePrescriberProfile(db: Database, actor: Actor, clinicId: string, input: TPrescriberSaveProfileInput, now = new Date()) {
  return db.transaction(async (tx) => {
    await requireClinician(tx, clinicId, input.userId);
    const p = schema.prescriberProfile;
    const [before] = await tx.select().from(p).where(and(eq(p.clinicId, clinicId), eq(p.userId, input.userId))).for("update");
    const values = {
      npi: input.npi,
      addressLine1: input.address.line1,
      addressLine2: input.address.line2 ?? null,
      city: input.address.city,
      state: input.address.state,
      postalCode: input.address.postalCode,
      phone: input.phone,
      updatedAt: now,
      updatedByUserId: actor.userId,
    };
    await tx
      .insert(p)
      .values({ clinicId, userId: input.userId, ...values })
      .onConflictDoUpdate({ target: [p.clinicId, p.userId], set: values });
    await recordAudit(tx, actor, {
      action: "epcs.credential.recorded",
      resourceType: "prescriber_profile",
      resourceId: input.userId,
      detail: { kind: "profile", op: before ? "update" : "create", subjectUserId: input.userId, npiChanged: before ? before.npi !== input.npi : true },
    });
    return { id: input.userId, prescriber: await getPrescriber(tx, clinicId, input.userId, now) };
  });
}

type Kind = "licence" | "dea";
const tableOf = (kind: Kind) => (kind === "licence" ? schema.prescriberLicence : schema.prescriberDeaRegistration);
const label = (kind: Kind) => (kind === "licence" ? "licence" : "DEA registration");

/**
 * Records a new credential or changes one. The person who recorded the values may not verify them
 * (1311.125(a)), and the recorder column never changes (trigger): the recorder's own correction is made
 * in place (the trigger clears its verification); another person's change retires the record and records
 * a new one in their name, so they cannot verify what they typed.
 */
async function saveCredential(
  db: Database,
  actor: Actor,
  clinicId: string,
  kind: Kind,
  input: { id?: string; userId: string; state: string; number: string; expiresOn: string; schedules?: string[] },
  now: Date,
) {
  const t = tableOf(kind);
  const values = { state: input.state, number: input.number, expiresOn: input.expiresOn, ...(kind === "dea" ? { schedules: input.schedules! } : {}) };
  return db.transaction(async (tx) => {
    await requireClinician(tx, clinicId, input.userId);
    // One live record per state (a DEA number belongs to one registration in the clinic).
    const [clash] = await tx
      .select({ id: t.id })
      .from(t)
      .where(
        and(
          eq(t.clinicId, clinicId),
          isNull(t.removedAt),
          input.id ? ne(t.id, input.id) : undefined,
          kind === "dea" ? eq(t.number, input.number) : and(eq(t.userId, input.userId), eq(t.state, input.state)),
        ),
      )
      .limit(1);
    if (clash) {
      throw new DomainError(
        "CONFLICT",
        kind === "dea" ? `DEA number ${input.number} is already recorded in this clinic. Edit that registration instead.` : `A ${input.state} licence is already recorded for this person. Edit it instead.`,
        [kind === "dea" ? "number" : "state"],
      );
    }
    if (!input.id) {
      const [row] = await tx
        .insert(t)
        .values({ clinicId, userId: input.userId, createdByUserId: actor.userId!, ...values } as typeof t.$inferInsert)
        .returning({ id: t.id });
      await recordAudit(tx, actor, { action: "epcs.credential.recorded", resourceType: `prescriber_${kind}`, resourceId: row!.id, detail: { kind, op: "create", subjectUserId: input.userId, state: input.state } });
      return { id: row!.id, prescriber: await getPrescriber(tx, clinicId, input.userId, now) };
    }
    const [before] = await tx
      .select()
      .from(t)
      .where(and(eq(t.id, input.id), eq(t.clinicId, clinicId), eq(t.userId, input.userId), isNull(t.removedAt)))
      .for("update");
    if (!before) throw new DomainError("NOT_FOUND", `This ${label(kind)} was not found.`);
    const unchanged =
      before.state === values.state &&
      before.number === values.number &&
      before.expiresOn === values.expiresOn &&
      (kind === "licence" || JSON.stringify((before as DeaRow).schedules) === JSON.stringify(values.schedules));
    if (unchanged) return { id: before.id, prescriber: await getPrescriber(tx, clinicId, input.userId, now) };
    let id = before.id;
    if (before.createdByUserId === actor.userId) {
      await tx.update(t).set(values).where(and(eq(t.id, before.id), eq(t.clinicId, clinicId)));
    } else {
      await tx.update(t).set({ removedAt: now }).where(and(eq(t.id, before.id), eq(t.clinicId, clinicId)));
      const [row] = await tx
        .insert(t)
        .values({ clinicId, userId: input.userId, createdByUserId: actor.userId!, ...values } as typeof t.$inferInsert)
        .returning({ id: t.id });
      id = row!.id;
    }
    await recordAudit(tx, actor, {
      action: "epcs.credential.recorded",
      resourceType: `prescriber_${kind}`,
      resourceId: id,
      detail: { kind, op: id === before.id ? "update" : "replace", replaces: id === before.id ? null : before.id, subjectUserId: input.userId, verificationCleared: before.verifiedAt !== null },
    });
    return { id, prescriber: await getPrescriber(tx, clinicId, input.userId, now) };
  });
}

export async function saveLicence(db: Database, actor: Actor, clinicId: string, input: TPrescriberSaveLicenceInput, now = new Date()) {
  return saveCredential(db, actor, clinicId, "licence", input, now);
}

/** DEA number: shape at the boundary, the check digit here (packages/clinical isWellFormedDeaNumber). */
export async function saveDea(db: Database, actor: Actor, clinicId: string, input: TPrescriberSaveDeaInput, now = new Date()) {
  if (!isWellFormedDeaNumber(input.number)) throw new DomainError("BAD_INPUT", "This DEA number's check digit does not match: check the number.", ["number"]);
  // Stored in a fixed order: a re-save of the same schedules is no change (and no lost verification).
  const order = ["2", "2N", "3", "3N", "4", "5"];
  const schedules = [...new Set(input.schedules)].sort((a, b) => order.indexOf(a) - order.indexOf(b));
  return saveCredential(db, actor, clinicId, "dea", { ...input, schedules }, now);
}

/** prescriber.removeLicence / removeDea: the record is kept, marked removed (audit trail, signed prescriptions). */
export async function removeCredential(db: Database, actor: Actor, clinicId: string, kind: Kind, id: string, now = new Date()) {
  const t = tableOf(kind);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(t)
      .set({ removedAt: now })
      .where(and(eq(t.id, id), eq(t.clinicId, clinicId), isNull(t.removedAt)))
      .returning({ id: t.id, userId: t.userId });
    if (!row) throw new DomainError("NOT_FOUND", `This ${label(kind)} was not found.`);
    await recordAudit(tx, actor, { action: "epcs.credential.removed", resourceType: `prescriber_${kind}`, resourceId: id, detail: { kind, subjectUserId: row.userId } });
    return { id, prescriber: await getPrescriber(tx, clinicId, row.userId, now) };
  });
}

/**
 * prescriber.verifyCredential (1311.125(a)/(b): DEA registration and state authority verified as
 * current before EPCS access is granted): by someone other than the person who recorded it and other
 * than its holder; an expired credential cannot be verified as current.
 */
export async function verifyCredential(db: Database, actor: Actor, clinicId: string, input: TPrescriberVerifyCredentialInput, now = new Date()) {
  const t = tableOf(input.kind);
  const event = { action: "epcs.credential.verified", resourceType: `prescriber_${input.kind}`, resourceId: input.id };
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(t)
      .where(and(eq(t.id, input.id), eq(t.clinicId, clinicId), isNull(t.removedAt)))
      .for("update");
    if (!row) throw new DomainError("NOT_FOUND", `This ${label(input.kind)} was not found.`);
    if (row.createdByUserId === actor.userId) {
      throw denied(actor, { ...event, detail: { kind: input.kind, reason: "recorder_cannot_verify" } }, "FORBIDDEN", "Someone other than the person who recorded this credential must verify it (21 CFR 1311.125).");
    }
    if (row.userId === actor.userId) {
      throw denied(actor, { ...event, detail: { kind: input.kind, reason: "holder_cannot_verify" } }, "FORBIDDEN", "You cannot verify your own credential: another admin must.");
    }
    if (row.verifiedAt) throw new DomainError("CONFLICT", `This ${label(input.kind)} is already verified.`);
    const today = clinicToday(now, await clinicZone(tx, clinicId));
    if (row.expiresOn < today) {
      throw new DomainError("RULE_FAILED", `This ${label(input.kind)} expired on ${row.expiresOn}. Record the renewed one and verify that.`);
    }
    await tx
      .update(t)
      .set({ verifiedAt: now, verifiedByUserId: actor.userId, verificationNote: input.note })
      .where(and(eq(t.id, row.id), eq(t.clinicId, clinicId)));
    await recordAudit(tx, actor, { ...event, detail: { kind: input.kind, subjectUserId: row.userId, expiresOn: row.expiresOn } });
    return { id: row.id, prescriber: await getPrescriber(tx, clinicId, row.userId, now) };
  });
}
