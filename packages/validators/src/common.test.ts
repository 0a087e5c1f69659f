import { describe, expect, it } from "vitest";

import { BROKEN_CHARACTER_MESSAGE, CONTROL_CHARACTER_MESSAGE, MAX_AGE_YEARS, ZDateOfBirth, ZInstant, ZIsoDate, ZPassword, ZPersonName, ZUserId, text } from "./common";
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

describe("messages at the source name the limit and say what to do", () => {
  const issues = (schema: { safeParse: (v: unknown) => { success: boolean; error?: { issues: { message: string }[] } } }, v: unknown) => messages(schema.safeParse(v));

  it("an empty required text asks for it; too long names the limit and the length", () => {
    expect(issues(text({ min: 1, max: 20 }), undefined)).toEqual(["Fill in this field."]);
    expect(issues(text({ min: 1, max: 20 }), "   ")).toEqual(["Fill in this field."]);
    expect(issues(text({ min: 1, max: 20, label: "city" }), "")).toEqual(["Enter the city."]);
    expect(issues(ZPersonName, "x".repeat(101))).toEqual(["Keep this field to 100 characters or fewer (it has 101)."]);
    expect(issues(text({ max: 5, maxMessage: "Too long for one section." }), "abcdefg")).toEqual(["Too long for one section. Keep it to 5 characters or fewer (it has 7)."]);
    expect(issues(ZPassword, "short")).toEqual(["Use at least 12 characters for the password (it has 5)."]);
    expect(issues(ZPassword, "")).toEqual(["Enter the password."]);
  });

  it("dates ask for month, day and year, never YYYY-MM-DD", () => {
    expect(issues(ZIsoDate, "")).toEqual(["Enter the date."]);
    expect(issues(ZIsoDate, "12/31/1990")).toEqual(["Enter the date as month, day and year."]);
    expect(issues(ZIsoDate, "1800-01-01")).toEqual(["Enter a date between 1900 and 2199."]);
  });
});

describe("ZDateOfBirth", () => {
  const iso = (d: Date) => d.toISOString().slice(0, 10);
  const day = 86_400_000;

  it("refuses a date in the future and one more than 120 years ago, with a plain message", () => {
    expect(messages(ZDateOfBirth.safeParse(iso(new Date(Date.now() + 3 * day))))).toEqual(["Enter a date of birth in the past."]);
    expect(messages(ZDateOfBirth.safeParse("2999-01-01"))).toEqual(["Enter a date of birth in the past."]);
    const old = new Date();
    old.setUTCFullYear(old.getUTCFullYear() - 121);
    expect(messages(ZDateOfBirth.safeParse(iso(old)))).toEqual([`Check the year of birth: that date is more than ${MAX_AGE_YEARS} years ago.`]);
  });

  it("accepts real dates of birth, today and 119 years ago included", () => {
    expect(ZDateOfBirth.safeParse("1990-02-14").success).toBe(true);
    expect(ZDateOfBirth.safeParse(iso(new Date(Date.now() - 12 * 3_600_000))).success).toBe(true);
    const old = new Date();
    old.setUTCFullYear(old.getUTCFullYear() - 119);
    expect(ZDateOfBirth.safeParse(iso(old)).success).toBe(true);
  });

  it("says one thing about a malformed or empty date", () => {
    expect(messages(ZDateOfBirth.safeParse(""))).toEqual(["Enter the date."]);
    expect(messages(ZDateOfBirth.safeParse("14/02/1990"))).toEqual(["Enter the date as month, day and year."]);
  });
});
