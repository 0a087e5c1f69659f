import { describe, expect, it } from "vitest";

import { canonicalJson, sha256Hex } from "./canonical";

describe("canonicalJson (the signed form of a note, DOMAIN.md §9 (c))", () => {
  it.each([
    ["key order does not matter", { b: 1, a: { d: [1, "x"], c: null } }, '{"a":{"c":null,"d":[1,"x"]},"b":1}'],
    ["undefined members are left out", { a: undefined, b: false }, '{"b":false}'],
    ["dates are ISO-8601 UTC", { at: new Date("2026-03-02T15:05:00.123Z") }, '{"at":"2026-03-02T15:05:00.123Z"}'],
    ["strings are JSON-escaped", { t: 'line\n"quoted"' }, '{"t":"line\\n\\"quoted\\""}'],
    ["keys sort by code point, not locale", { b: 1, B: 2, a: 3 }, '{"B":2,"a":3,"b":1}'],
  ])("%s", (_name, value, expected) => {
    expect(canonicalJson(value)).toBe(expected);
  });

  it("gives the same text and hash for the same content however it was built", () => {
    const a = canonicalJson({ x: { p: 1, q: [2, 3] }, y: "z" });
    const b = canonicalJson(JSON.parse('{"y":"z","x":{"q":[2,3],"p":1}}'));
    expect(a).toBe(b);
    expect(sha256Hex(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(sha256Hex(a)).toBe(sha256Hex(b));
  });

  it("refuses values JSON cannot carry faithfully", () => {
    expect(() => canonicalJson({ n: Number.NaN })).toThrow();
    expect(() => canonicalJson({ f: () => 1 })).toThrow();
  });
});
