import { schema } from "@clearwell/db/client";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";

import { makeClinic, patientSession, testDb } from "./harness";

const contacts = {
  stateOfResidence: "CO" as const,
  supportPerson: { name: "Ren Example", relationship: "Partner", phone: "(555) 010-9999" },
  emergencyContact: { name: "Ida Example", relationship: "Aunt", phone: "(555) 010-9998" },
};

describe("the patient's time zone in the profile (issue 15 item 3)", () => {
  it("a patient changes their own time zone to an IANA zone; the audit row names the field, not the value", async () => {
    const clinic = await makeClinic();
    const me = await patientSession(clinic.id);
    expect(await me.caller.profile.update({ ...contacts, timezone: "America/Chicago" })).toMatchObject({ changed: expect.arrayContaining(["timezone"]) });
    const [row] = await testDb().select().from(schema.patient).where(eq(schema.patient.id, me.patient.id));
    expect(row!.timezone).toBe("America/Chicago");
    const audits = await testDb()
      .select()
      .from(schema.auditEvent)
      .where(and(eq(schema.auditEvent.action, "profile.update"), eq(schema.auditEvent.patientId, me.patient.id)));
    expect(audits).toHaveLength(1);
    expect(JSON.stringify(audits[0]!.detail)).not.toContain("America/Chicago");
    // Left out, the zone stays as it is.
    await me.caller.profile.update(contacts);
    const [again] = await testDb().select().from(schema.patient).where(eq(schema.patient.id, me.patient.id));
    expect(again!.timezone).toBe("America/Chicago");
  });

  it.each(["EST", "US/Eastern", "+05:00", "Mars/Olympus_Mons", "america/chicago"])("refuses %j (not a zone from the list) and changes nothing", async (tz) => {
    const clinic = await makeClinic();
    const me = await patientSession(clinic.id);
    const [before] = await testDb().select().from(schema.patient).where(eq(schema.patient.id, me.patient.id));
    const err = await me.caller.profile.update({ ...contacts, timezone: tz }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "BAD_REQUEST" });
    const issues = (err as { cause?: { issues?: { path: PropertyKey[]; message: string }[] } }).cause?.issues ?? [];
    expect(issues.map((i) => [i.path.join("."), i.message])).toEqual([["timezone", "Choose a time zone from the list."]]);
    const [after] = await testDb().select().from(schema.patient).where(eq(schema.patient.id, me.patient.id));
    expect(after).toEqual(before);
  });
});
