import { describe, expect, it } from "vitest";

import { auditWindow, idPayload } from "./feed";

describe("idPayload", () => {
  const parse = idPayload({ c: "clinicId", p: "prescriptionId" });

  it("renames every short key to its id", () => {
    expect(parse(JSON.stringify({ c: "clinic-1", p: "rx-1" }))).toEqual({ clinicId: "clinic-1", prescriptionId: "rx-1" });
  });

  it("drops a payload with a key missing, empty or not text", () => {
    expect(parse(JSON.stringify({ c: "clinic-1" }))).toBeNull();
    expect(parse(JSON.stringify({ c: "clinic-1", p: "" }))).toBeNull();
    expect(parse(JSON.stringify({ c: "clinic-1", p: 7 }))).toBeNull();
  });

  it("drops what is not a JSON object", () => {
    for (const bad of ["", "{", "null", "42", '"c"']) expect(parse(bad)).toBeNull();
  });

  it("keeps only the named keys", () => {
    expect(parse(JSON.stringify({ c: "clinic-1", p: "rx-1", name: "Someone" }))).toEqual({ clinicId: "clinic-1", prescriptionId: "rx-1" });
  });
});

describe("auditWindow", () => {
  it("says yes once per key per window", () => {
    const audit = auditWindow(60_000);
    expect(audit("patient-1:read")).toBe(true);
    expect(audit("patient-1:read")).toBe(false);
    expect(audit("patient-2:read")).toBe(true);
  });

  it("says yes again once the window has passed", () => {
    const audit = auditWindow(0);
    expect(audit("k")).toBe(true);
    expect(audit("k")).toBe(true);
  });
});
