import { describe, expect, it } from "vitest";

import { BROKEN_CHARACTER_MESSAGE, CONTROL_CHARACTER_MESSAGE, ZInstant, ZIsoDate, ZPassword, ZUserId, text } from "./common";
import { ZNoteSections } from "./note";

const messages = (r: { success: boolean; error?: { issues: { message: string }[] } }) => r.error?.issues.map((i) => i.message) ?? [];

describe("text()", () => {
  const name = text({ min: 1, max: 20 });
  const notes = text({ max: 200, multiline: true });

  it.each([
    ["a NUL byte", "a\u0000b", CONTROL_CHARACTER_MESSAGE],
    ["a bell", "a\u0007b", CONTROL_CHARACTER_MESSAGE],
    ["DEL", "a\u007fb", CONTROL_CHARACTER_MESSAGE],
    ["a lone high surrogate", "x\ud800y", BROKEN_CHARACTER_MESSAGE],
    ["a lone low surrogate", "x\udc00y", BROKEN_CHARACTER_MESSAGE],
    ["a reversed pair", "\udc00\ud800", BROKEN_CHARACTER_MESSAGE],
  ])("refuses %s with a message that says what to do", (_, value, message) => {
    expect(messages(name.safeParse(value))).toContain(message);
    expect(messages(notes.safeParse(value))).toContain(message);
  });

  it("keeps line breaks and tabs to multi-line text only", () => {
    expect(notes.safeParse("line one\n\tline two\r\n").success).toBe(true);
    expect(messages(name.safeParse("Ann\nLee"))).toContain(CONTROL_CHARACTER_MESSAGE);
  });

  it("accepts real Unicode, surrogate pairs included, and trims", () => {
    expect(name.parse("  Zoë 🙂 ")).toBe("Zoë 🙂");
    expect(ZPassword.parse(" pass phrase 🙂 ")).toBe(" pass phrase 🙂 ");
  });

  it("bounds length", () => {
    expect(name.safeParse("x".repeat(21)).success).toBe(false);
    expect(name.safeParse("   ").success).toBe(false);
  });

  it("user ids are a plain identifier, not free text", () => {
    expect(ZUserId.safeParse("6f1c2a4e-9b7d-4c1e-8f00-123456789abc").success).toBe(true);
    expect(ZUserId.safeParse("abc' OR 1=1").success).toBe(false);
    expect(ZUserId.safeParse("a\u0000").success).toBe(false);
  });

  it("note sections refuse NUL but keep the author's exact text", () => {
    const ok = { subjective: "  indented\n", objective: "", assessment: "", plan: "" };
    expect(ZNoteSections.parse(ok)).toEqual(ok);
    expect(ZNoteSections.safeParse({ ...ok, plan: "a\u0000" }).success).toBe(false);
  });
});

describe("dates stay inside what Postgres stores", () => {
  it("refuses year 0 and far-off instants", () => {
    expect(ZIsoDate.safeParse("0000-01-01").success).toBe(false);
    expect(ZIsoDate.safeParse("1985-05-05").success).toBe(true);
    expect(ZInstant.safeParse(-8.64e15).success).toBe(false);
    expect(ZInstant.safeParse("2026-11-02T10:00:00Z").success).toBe(true);
  });
});
