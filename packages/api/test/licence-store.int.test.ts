import { Room } from "@livekit/rtc-node";
import { addCalendarDays, calendarDateIn } from "@clearwell/clinical";
import { schema } from "@clearwell/db/client";
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";

import { ALL_WEEK, readyPatient } from "./booking-fixtures";
import { CUFF, evaluated } from "./decision-fixtures";
import { PASSWORD, captureMailer, makeClinic, markMfaEnrolled, providerCaller, signIn, staffSession, testAuth, testDb } from "./harness";

// Issue 12 (audit A2): one licence store. What an admin records on the Prescribers page
// (prescriber_licence, clinic-scoped) is what booking and visit admission read: a clinician invited
// through the product is bookable and can admit once their licence is recorded, and a removed or
// expired licence stops both.

const MIN = 60_000;
const rooms: Room[] = [];
afterEach(async () => {
  await Promise.all(rooms.splice(0).map((r) => r.disconnect().catch(() => {})));
});

async function connect(url: string, token: string) {
  const room = new Room();
  rooms.push(room);
  await room.connect(url, token, { autoSubscribe: true, dynacast: false });
  return room;
}

async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, ms = 8_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`condition not met in ${ms} ms; last value ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const linkToken = (text: string) => /\/invite\/([A-Za-z0-9_-]{20,})/.exec(text)?.[1] ?? null;
const visitOf = (appointmentId: string) => testDb().query.visit.findFirst({ where: eq(schema.visit.appointmentId, appointmentId) });
const notLicensed = { code: "UNPROCESSABLE_CONTENT" };

/** A clinician invited by the clinic's admin, who accepts and signs in: no credentials of any kind yet. */
async function invitedClinician(clinicId: string, admin: { headers: Headers }) {
  const { sent, mailer } = captureMailer();
  const address = `invited-${Math.random().toString(36).slice(2, 10)}@example.test`;
  await (await providerCaller(admin.headers, { mailer })).staff.invite({ email: address, roles: ["provider"] });
  await (await providerCaller()).invitation.accept({ token: linkToken(sent.at(-1)!.text)!, name: "Dr. Newly Invited", password: PASSWORD });
  const user = (await testDb().query.user.findFirst({ where: eq(schema.user.email, address) }))!;
  const s = await signIn(testAuth("provider"), address);
  await markMfaEnrolled(user.id);
  const caller = await providerCaller(s.headers);
  expect((await caller.session.me()).activeClinic).toMatchObject({ clinicId, roles: ["provider"] });
  return { user, caller };
}

describe("one licence store: booking and admission read what the admin records", () => {
  it("a newly invited clinician is bookable and admits once the admin records their licence; a removed or expired licence stops both", async () => {
    const clinic = await makeClinic();
    const admin = await staffSession(clinic.id, ["admin"]);
    const clinician = await invitedClinician(clinic.id, admin);
    const providerUserId = clinician.user.id;
    await admin.caller.availability.setWeekly({ providerUserId, timezone: "America/Denver", windows: ALL_WEEK });
    const today = calendarDateIn(clinic.timezone, new Date());

    // A patient in NM, and a visit with the clinician starting in five minutes.
    const patient = await readyPatient(clinic.id, "NM");
    const slotsOf = async () => (await patient.caller.booking.slots({ kind: "evaluation" })).slots.filter((s) => s.providerUserId === providerUserId);
    const startsAt = new Date(Date.now() + 5 * MIN);
    const [appointment] = await testDb()
      .insert(schema.appointment)
      .values({
        clinicId: clinic.id,
        patientId: patient.patient.id,
        providerUserId,
        kind: "evaluation",
        startsAt,
        endsAt: new Date(startsAt.getTime() + 60 * MIN),
        patientState: "NM",
        patientTimezone: "America/Denver",
        bookedByUserId: patient.user!.id,
      })
      .returning();
    const appointmentId = appointment!.id;

    // Nothing recorded: not offered, and the patient cannot join from NM.
    expect(await slotsOf()).toEqual([]);
    await expect(patient.caller.visit.join({ appointmentId, currentState: "NM" })).rejects.toMatchObject(notLicensed);

    // The admin records an NM licence on the Prescribers page (unverified: verification is for EPCS and signing).
    const saved = await admin.caller.prescriber.saveLicence({ userId: providerUserId, state: "NM", number: "NM-40021", expiresOn: "2030-12-31" });
    expect((await testDb().query.prescriberLicence.findFirst({ where: eq(schema.prescriberLicence.id, saved.id) }))!.verifiedAt).toBeNull();
    expect((await slotsOf()).length).toBeGreaterThan(0);
    // The Staff page shows it, from the same record.
    expect((await admin.caller.staff.list()).members.find((m) => m.userId === providerUserId)).toMatchObject({ licensedStates: ["NM"] });

    // The patient joins from NM and waits; the clinician is in the room.
    const joined = await patient.caller.visit.join({ appointmentId, currentState: "NM" });
    const host = await clinician.caller.visit.join({ appointmentId });
    await connect(joined.url, joined.token);
    await connect(host.url, host.token);
    await until(() => visitOf(appointmentId), (v) => v?.status === "patient_waiting");

    // Removed: no slots, no admission, no (re)joining.
    await admin.caller.prescriber.removeLicence({ id: saved.id });
    expect(await slotsOf()).toEqual([]);
    await expect(clinician.caller.visit.admit({ appointmentId })).rejects.toMatchObject(notLicensed);
    await expect(patient.caller.visit.join({ appointmentId, currentState: "NM" })).rejects.toMatchObject(notLicensed);
    expect((await admin.caller.staff.list()).members.find((m) => m.userId === providerUserId)).toMatchObject({ licensedStates: [] });

    // Recorded again but expired yesterday (the clinic's calendar day): still neither.
    const again = await admin.caller.prescriber.saveLicence({ userId: providerUserId, state: "NM", number: "NM-40021", expiresOn: addCalendarDays(today, -1) });
    expect(await slotsOf()).toEqual([]);
    await expect(clinician.caller.visit.admit({ appointmentId })).rejects.toMatchObject(notLicensed);
    expect((await visitOf(appointmentId))!.patientAdmitted).toBe(false);

    // Valid through today: admitted now; only slots on or before today are offered.
    await admin.caller.prescriber.saveLicence({ id: again.id, userId: providerUserId, state: "NM", number: "NM-40021", expiresOn: today });
    for (const s of await slotsOf()) expect(calendarDateIn(clinic.timezone, s.start) <= today).toBe(true);
    await clinician.caller.visit.admit({ appointmentId });
    expect(await visitOf(appointmentId)).toMatchObject({ status: "in_call", patientAdmitted: true });

    // Another clinic's record counts only there: the same person in a second clinic is not bookable in NM.
    const other = await makeClinic("Other");
    await testDb().insert(schema.clinicMembership).values({ clinicId: other.id, userId: providerUserId, role: "provider" });
    const otherAdmin = await staffSession(other.id, ["admin"]);
    await otherAdmin.caller.availability.setWeekly({ providerUserId, timezone: "America/Denver", windows: ALL_WEEK });
    const otherPatient = await readyPatient(other.id, "NM");
    expect((await otherPatient.caller.booking.slots({ kind: "evaluation" })).slots).toEqual([]);
  });

  it("the decision's E20 notice reads the same record: a prescriber with a licence and DEA registration recorded in this clinic (not another) is not flagged", async () => {
    const clinic = await makeClinic();
    const admin = await staffSession(clinic.id, ["admin"]);
    const decider = await staffSession(clinic.id, ["provider", "prescriber"]);
    const { patientId, noteId } = await evaluated(clinic.id, decider);
    const e20 = async () => (await decider.caller.decision.propose({ patientId, noteId, attestations: CUFF })).proposal.signingBlocks.map((b) => b.ruleId);
    expect(await e20()).toEqual(["E20"]);

    // Recorded in another clinic the prescriber also works for: does not count here.
    const other = await makeClinic("Other");
    await testDb().insert(schema.clinicMembership).values({ clinicId: other.id, userId: decider.user.id, role: "prescriber" });
    const otherAdmin = await staffSession(other.id, ["admin"]);
    await otherAdmin.caller.prescriber.saveLicence({ userId: decider.user.id, state: "CO", number: "CO-1", expiresOn: "2030-12-31" });
    await otherAdmin.caller.prescriber.saveDea({ userId: decider.user.id, number: "FO1000013", state: "CO", schedules: ["3N"], expiresOn: "2030-12-31" });
    expect(await e20()).toEqual(["E20"]);

    // A licence alone is not enough; with the DEA registration (unverified) the notice goes.
    await admin.caller.prescriber.saveLicence({ userId: decider.user.id, state: "CO", number: "CO-1", expiresOn: "2030-12-31" });
    expect(await e20()).toEqual(["E20"]);
    const dea = await admin.caller.prescriber.saveDea({ userId: decider.user.id, number: "FO1000013", state: "CO", schedules: ["3N"], expiresOn: "2030-12-31" });
    expect(await e20()).toEqual([]);
    // Removed: back.
    await admin.caller.prescriber.removeDea({ id: dea.id });
    expect(await e20()).toEqual(["E20"]);
  });
});
