import { describe, expect, it } from "vitest";

import { type LoginSheet, displayWidth, formatLogins, notes, outputWidth, table, wrap } from "./login-table";

const LONG_EMAIL = "maximiliana.okonkwo-hale-vanderbilt@clearwater-ketamine-care.test";
const sheet: LoginSheet = {
  password: "Clearwell-demo-2026",
  providerUrl: "http://localhost:3000",
  patientUrl: "http://localhost:3001",
  staff: [
    { email: "admin@clearwater.test", roles: "admin", clinic: "Clearwater Ketamine Care (demo)", totpSecret: "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP" },
    { email: LONG_EMAIL, roles: "provider+prescriber", clinic: "Harbor Light Wellness (demo)" },
  ],
  patients: [
    { email: "patient1@clearwater.test", name: "Quinn Avery", clinic: "Clearwater Ketamine Care (demo)" },
    { email: "p@x.test", name: "Maximiliana Okonkwo-Hale Vanderbilt-Ruiz", clinic: "Harbor Light Wellness (demo)" },
  ],
  notes: [
    {
      label: "Demo video visit",
      text: "patient1@clearwater.test with provider@clearwater.test, 9:05 AM–10:05 AM (America/Denver)",
      more: ["patient:  http://localhost:3001/visit/0b6f1c2e-3f0a-4c1e-9d55-2a7f3f1f9e01 (or Appointments → Join video visit)"],
    },
    { label: "Self-enrolment", text: "http://localhost:3001/enrol/clearwater-demo-enrol" },
  ],
};

const lines = (text: string) => text.split("\n");
const widest = (text: string) => Math.max(...lines(text).map(displayWidth));
/** Within `width`, or over it only because of one word (a URL) longer than any line could hold beside a label. */
const fits = (line: string, width: number) => displayWidth(line) <= width || Math.max(...line.trim().split(/ +/).map(displayWidth)) > width - 20;

describe("the demo login sheet", () => {
  it("lines every row's columns up under the header, measured from the longest cell", () => {
    const out = lines(formatLogins(sheet, 200));
    const header = out.find((l) => l.trim().startsWith("Email") && l.includes("Role"))!;
    const admin = out.find((l) => l.includes("admin@clearwater.test"))!;
    const long = out.find((l) => l.includes(LONG_EMAIL))!;
    // The Role and Clinic columns start at the same place in the header and in every row, past the longest email.
    for (const [word, row] of [
      ["Role", admin.indexOf("admin", 8)],
      ["Role", long.indexOf("provider+prescriber")],
      ["Clinic", admin.indexOf("Clearwater Ketamine")],
      ["Clinic", long.indexOf("Harbor Light")],
    ] as const) {
      expect(row).toBe(header.indexOf(word));
    }
    expect(header.indexOf("Role")).toBeGreaterThan(2 + LONG_EMAIL.length);
    // The TOTP secret sits under its staff member, not in a column of its own.
    expect(out[out.indexOf(admin) + 1]).toMatch(/^ {4}TOTP secret JBSWY3DPEHPK3PXP/);
    expect(lines(formatLogins(sheet, 200)).some((l) => /Name +Clinic/.test(l))).toBe(true);
  });

  it("stacks each entry when the columns do not fit, and nothing runs past the terminal's width (except a single unbreakable word)", () => {
    const text = formatLogins(sheet, 56);
    const out = lines(text);
    expect(out.some((l) => /Email +Role/.test(l))).toBe(false);
    const at = out.indexOf(`  ${LONG_EMAIL}`);
    expect(at).toBeGreaterThan(0);
    expect(out[at + 1]).toBe("    provider+prescriber · Harbor Light Wellness (demo)");
    for (const l of out) expect(fits(l, 56), l).toBe(true);
    // The labels go above their text when a label column would leave too little room.
    expect(out).toContain("  Demo video visit");
    expect(out[out.indexOf("  Demo video visit") + 1]).toMatch(/^ {4}patient1@clearwater.test with/);
  });

  it("keeps the labels in one column on a wide terminal and wraps long text under its own column", () => {
    const out = notes(sheet.notes, 80);
    expect(out[0]).toMatch(/^ {2}Demo video visit {2}patient1@clearwater\.test with/);
    const column = out[0]!.indexOf("patient1");
    expect(out.find((l) => l.includes("Self-enrolment"))!.indexOf("http")).toBe(column);
    // Continuation lines hang under the text, never under the label.
    for (const l of out.filter((l) => !/^ {2}\S/.test(l))) expect(l.length - l.trimStart().length).toBe(column);
    for (const l of out) expect(fits(l, 80), l).toBe(true);
    expect(out.filter((l) => displayWidth(l) > 80)).toEqual([expect.stringMatching(/^ +patient: +http:\/\/\S+$/)]);
  });

  it("never wraps when the output is not a terminal (a log file keeps each entry on one line)", () => {
    expect(outputWidth({ isTTY: false, columns: 80 })).toBe(Number.POSITIVE_INFINITY);
    expect(outputWidth({ isTTY: true, columns: 92 })).toBe(92);
    const text = formatLogins(sheet, outputWidth({ isTTY: false }));
    expect(text).toContain(sheet.notes[0]!.text);
    expect(widest(text)).toBeGreaterThan(100);
  });

  it("wraps at spaces and keeps an over-long word whole", () => {
    expect(wrap("one two three four", 9)).toEqual(["one two", "three", "four"]);
    expect(wrap("see http://localhost:3001/a-very-long-link now", 10)).toEqual(["see http://localhost:3001/a-very-long-link", "now"]);
    expect(displayWidth("\x1b[36m[provider]\x1b[0m →")).toBe(12);
  });

  it("falls back to stacked rows for a table with one overlong cell", () => {
    const out = table(["A", "B"], [{ cells: ["x".repeat(50), "y"] }], 40);
    expect(out).toEqual([`  ${"x".repeat(50)}`, "    y"]);
  });
});
