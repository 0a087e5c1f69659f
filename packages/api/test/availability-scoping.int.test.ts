import { schema } from "@clearwell/db/client";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";

import { licenceIn } from "./booking-fixtures";
import { makeClinic, patientSession, staffSession, testDb } from "./harness";

// Issue 10 finding 10: a provider's time zone was one value shared by every clinic, readable and
// writable by any clinic's admin. It is now kept per (clinic, provider).
const MONDAY_NINE_TO_TEN = [{ weekday: 1, startMinute: 9 * 60, endMinute: 10 * 60 }];

const hourIn = (timeZone: string, d: Date) => Number(new Intl.DateTimeFormat("en-US", { timeZone, hour: "numeric", hourCycle: "h23" }).format(d));

describe("availability across clinics", () => {
  it("a provider of two clinics keeps one time zone per clinic: one clinic's admin never moves the other's slots", async () => {
    const [a, b] = [await makeClinic("A"), await makeClinic("B")];
    const provider = await staffSession(a.id, ["provider"]);
    const db = testDb();
    await db.insert(schema.clinicMembership).values({ clinicId: b.id, userId: provider.user.id, role: "provider" });
    // Licensed in CO as clinic A records it; clinic B has recorded no licence for them.
    await licenceIn(a.id, provider.user.id, ["CO"]);
    const [adminA, adminB] = [await staffSession(a.id, ["admin"]), await staffSession(b.id, ["admin"])];

    await adminA.caller.availability.setWeekly({ providerUserId: provider.user.id, timezone: "America/New_York", windows: MONDAY_NINE_TO_TEN });
    await adminB.caller.availability.setWeekly({ providerUserId: provider.user.id, timezone: "Pacific/Honolulu", windows: MONDAY_NINE_TO_TEN });

    expect(await adminA.caller.availability.get({ providerUserId: provider.user.id })).toMatchObject({ timezone: "America/New_York", displayTimezone: "America/New_York" });
    expect(await adminB.caller.availability.get({ providerUserId: provider.user.id })).toMatchObject({ timezone: "Pacific/Honolulu", displayTimezone: "Pacific/Honolulu" });
    expect(await provider.caller.availability.get({ providerUserId: provider.user.id })).toMatchObject({ timezone: "America/New_York" });

    // Clinic A's patients are offered Monday 09:00 New York time, as A's admin set it.
    const p = await patientSession(a.id);
    await db.update(schema.patient).set({ status: "ready_to_schedule", stateOfResidence: "CO" }).where(eq(schema.patient.id, p.patient.id));
    const { slots } = await p.caller.booking.slots({ kind: "evaluation" });
    expect(slots.length).toBeGreaterThan(0);
    expect(slots.map((s) => hourIn("America/New_York", s.start))).toEqual(slots.map(() => 9));

    // Licences are per clinic: clinic B's CO patients are not offered the provider B has no licence for.
    const pb = await patientSession(b.id);
    await db.update(schema.patient).set({ status: "ready_to_schedule", stateOfResidence: "CO" }).where(eq(schema.patient.id, pb.patient.id));
    expect((await pb.caller.booking.slots({ kind: "evaluation" })).slots).toEqual([]);
  });

  it("another clinic's admin can neither read nor set the hours of a provider who is not in their clinic", async () => {
    const [a, b] = [await makeClinic("A"), await makeClinic("B")];
    const provider = await staffSession(a.id, ["provider"]);
    await provider.caller.availability.setWeekly({ providerUserId: provider.user.id, timezone: "America/Chicago", windows: MONDAY_NINE_TO_TEN });
    const adminB = await staffSession(b.id, ["admin"]);

    await expect(adminB.caller.availability.get({ providerUserId: provider.user.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(adminB.caller.availability.setWeekly({ providerUserId: provider.user.id, timezone: "UTC", windows: [] })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await provider.caller.availability.get({ providerUserId: provider.user.id })).toMatchObject({ timezone: "America/Chicago", windows: { length: 1 } });
  });
});
