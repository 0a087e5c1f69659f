import { describe, expect, it } from "vitest";
import { z } from "zod";

import { ZDateOfBirth, ZPersonName, text } from "./common";
import type { Issue } from "./messages";
import { humanizePath, isGenericMessage, labelFor, plainFieldErrors, plainMessage } from "./messages";

/** Parses like the form layer does (with the input reported) and maps the first issue. */
function messageOf(schema: z.ZodType, value: unknown, label?: string, reportInput = true): string {
  const r = schema.safeParse(value, { reportInput });
  if (r.success) throw new Error("expected a failure");
  return plainMessage(r.error.issues[0] as Issue, label);
}

const RAW = /Invalid input|expected string|received undefined|Too (big|small)|^Required\.$|^Too long\.$/;

describe("plainMessage: every zod v4 issue code", () => {
  it("invalid_type on an empty field asks for the field by name (not 'expected string, received undefined')", () => {
    expect(messageOf(z.string(), undefined, "Street address")).toBe("Enter the street address.");
    expect(messageOf(z.object({ city: z.string() }), {})).toBe("Enter the city.");
    // The server does not report the input: the default wording still tells it was empty.
    expect(messageOf(z.object({ postalCode: z.string() }), {}, undefined, false)).toBe("Enter the ZIP code.");
    expect(messageOf(z.boolean(), undefined, "Consent")).toBe("Choose the consent.");
    expect(messageOf(z.array(z.string()), undefined, "Days")).toBe("Choose at least one option for the days.");
  });

  it("invalid_type on a wrong value says what kind of value to enter", () => {
    expect(messageOf(z.number(), Number.NaN, "Strength")).toBe("Enter the strength as a number.");
    expect(messageOf(z.number(), "12", "Dose")).toBe("Enter the dose as a number.");
    expect(messageOf(z.date(), "soon", "Start")).toBe("Enter the start as a date: month, day and year.");
    expect(messageOf(z.boolean(), "maybe", "Smoker")).toBe("Choose yes or no for the smoker.");
    expect(messageOf(z.string(), 5, "Name")).toBe("Enter the name as text.");
  });

  it("too_small names the bound and what to do", () => {
    expect(messageOf(z.string().min(1), "", "City")).toBe("Enter the city.");
    expect(messageOf(z.string().min(12), "short", "Password")).toBe("Use at least 12 characters for the password (it has 5).");
    expect(messageOf(z.string().length(5), "123", "ZIP code")).toBe("Enter the ZIP code with exactly 5 characters (it has 3).");
    expect(messageOf(z.number().min(1), 0, "Sessions")).toBe("Enter the sessions of at least 1.");
    expect(messageOf(z.number().gt(0), 0, "Dose")).toBe("Enter the dose of more than 0.");
    expect(messageOf(z.array(z.string()).min(1), [], "Roles")).toBe("Choose at least one option for the roles.");
    expect(messageOf(z.array(z.string()).min(2), ["a"], "Days")).toBe("Choose at least 2 options for the days.");
    expect(messageOf(z.date().min(new Date("1900-01-01T00:00:00Z")), new Date("1800-01-01T00:00:00Z"), "Date of birth")).toBe(
      "Enter the date of birth on or after January 1, 1900.",
    );
  });

  it("too_big names the limit, and the length when the input is known", () => {
    expect(messageOf(z.string().max(500), "x".repeat(612), "Reason")).toBe("Keep the reason to 500 characters or fewer (it has 612).");
    expect(messageOf(z.string().max(500), "x".repeat(612), "Reason", false)).toBe("Keep the reason to 500 characters or fewer.");
    expect(messageOf(z.string().max(100, "Too long."), "x".repeat(101), "First name")).toBe("Keep the first name to 100 characters or fewer (it has 101).");
    expect(messageOf(z.string().max(10, "Too long for one section."), "x".repeat(11), "Plan")).toBe("Keep the plan to 10 characters or fewer (it has 11).");
    expect(messageOf(z.number().max(9), 10, "Score")).toBe("Enter the score of at most 9.");
    expect(messageOf(z.number().lt(9), 9, "Score")).toBe("Enter the score of less than 9.");
    expect(messageOf(z.array(z.string()).max(1), ["a", "b"], "Role")).toBe("Choose at most 1 option for the role.");
    expect(messageOf(z.date().max(new Date("2199-12-31T00:00:00Z")), new Date("2300-01-01T00:00:00Z"), "Start")).toBe("Enter the start on or before December 31, 2199.");
  });

  it("invalid_format says the expected shape; an empty field is asked for", () => {
    expect(messageOf(z.email(), "nope", "Email")).toBe("Enter the email as an email address, like name@example.com.");
    expect(messageOf(z.iso.date(), "31/12/1990", "Date of birth")).toBe("Enter the date of birth as month, day and year.");
    expect(messageOf(z.iso.date(), "", "Date of birth")).toBe("Enter the date of birth.");
    expect(messageOf(z.iso.datetime(), "later", "Start")).toBe("Enter the start as a date and a time.");
    expect(messageOf(z.url(), "example", "Website")).toBe("Enter the website as a full web address, starting with https://.");
    expect(messageOf(z.uuid(), "abc", "Patient")).toBe("The patient is not a valid reference. Reload the page and try again.");
    expect(messageOf(z.string().regex(/^\d+$/), "abc", "Code")).toBe("Check the code: it is not in the expected format.");
    expect(messageOf(z.string().startsWith("+"), "1", "Phone")).toBe("Start the phone with “+”.");
    expect(messageOf(z.string().endsWith(".pdf"), "a.doc", "File name")).toBe("End the file name with “.pdf”.");
    expect(messageOf(z.string().includes("@"), "a", "Handle")).toBe("Include “@” in the handle.");
    // The schema's own words win when it wrote them.
    expect(messageOf(z.string().regex(/^\d{5}$/, "Enter a 5-digit ZIP code."), "12", "ZIP code")).toBe("Enter a 5-digit ZIP code.");
  });

  it("not_multiple_of, unrecognized_keys", () => {
    expect(messageOf(z.number().multipleOf(5), 12, "Minutes")).toBe("Enter the minutes in steps of 5.");
    expect(messageOf(z.strictObject({ a: z.string() }), { a: "x", b: 1 })).toBe("This form sent a field we do not recognise (b). Reload the page and try again.");
  });

  it("invalid_union takes the closest branch's words", () => {
    const phone = z.union([z.string().regex(/^\+?[0-9 ]{7,20}$/, "Enter a phone number, e.g. (555) 010-0100."), z.literal("")]);
    expect(messageOf(phone, "abc", "Phone")).toBe("Enter a phone number, e.g. (555) 010-0100.");
    expect(messageOf(z.union([z.string(), z.number()]), undefined, "Amount")).toBe("Enter the amount.");
    expect(messageOf(z.union([z.number().min(5), z.literal("none")]), 2, "Dose")).toBe("Enter the dose of at least 5.");
  });

  it("invalid_key and invalid_element map their inner issue", () => {
    expect(messageOf(z.record(z.string().min(3), z.number()), { ab: 1 }, "Answers")).toBe("Use at least 3 characters for the answers (it has 2).");
    expect(messageOf(z.set(z.number()), new Set(["x"]), "Days")).toBe("Enter the days as a number.");
  });

  it("invalid_value asks to choose, or to confirm a required tick", () => {
    expect(messageOf(z.enum(["a", "b"]), "", "Visit type")).toBe("Choose the visit type.");
    expect(messageOf(z.enum(["a", "b"]), "c")).toBe("Choose an option.");
    expect(messageOf(z.literal(true), false, "Consent to treatment")).toBe("Confirm the consent to treatment.");
    expect(messageOf(z.enum(["CA", "NY"], { message: "Choose a state." }), "", "State")).toBe("Choose a state.");
  });

  it("custom keeps the refinement's sentence, and replaces an empty 'Invalid input'", () => {
    expect(messageOf(z.string().refine(() => false, "Enter a date of birth in the past."), "2999-01-01", "Date of birth")).toBe("Enter a date of birth in the past.");
    expect(messageOf(z.string().refine(() => false), "x", "Nickname")).toBe("Check the nickname.");
  });

  it("never lets a raw or limitless message through, over many schemas and inputs", () => {
    const schemas: [z.ZodType, unknown][] = [
      [z.string(), undefined],
      [z.string(), null],
      [z.string().min(1), ""],
      [z.string().max(3, "Too long."), "abcd"],
      [z.number(), undefined],
      [z.object({ a: z.string() }), undefined],
      [z.iso.date(), ""],
      [z.enum(["x"]), undefined],
      [z.literal(true), undefined],
      [z.union([z.string(), z.number()]), true],
    ];
    for (const [schema, value] of schemas) {
      for (const report of [true, false]) {
        const msg = messageOf(schema, value, "Field", report);
        expect(msg).not.toMatch(RAW);
        expect(msg).toMatch(/\.$/);
      }
    }
  });

  it("without a label, names the field from its path", () => {
    expect(humanizePath(["address", "line1"])).toBe("street address");
    expect(humanizePath(["dateOfBirth"])).toBe("date of birth");
    expect(humanizePath(["contacts", 0, "phoneNumber"])).toBe("phone number");
    expect(humanizePath([])).toBeNull();
    expect(plainMessage({ code: "invalid_type", expected: "string", path: [], message: "Invalid input: expected string, received undefined" })).toBe("Fill in this field.");
  });

  it("words the shared schemas' unlabelled messages with the field, also on the server (no input reported)", () => {
    const about = z.object({ addressLine1: text({ min: 1, max: 200 }), givenName: ZPersonName, dateOfBirth: ZDateOfBirth });
    const r = about.safeParse({ givenName: "x".repeat(101), dateOfBirth: "" });
    const out = plainFieldErrors(r.error!.issues as Issue[]);
    expect(out.fieldErrors).toEqual({
      addressLine1: ["Enter the street address."],
      givenName: ["Keep the first name to 100 characters or fewer (it has 101)."],
      dateOfBirth: ["Enter the date of birth."],
    });
    expect(plainFieldErrors(about.safeParse({ addressLine1: "1 Main St", givenName: "A", dateOfBirth: "2999-01-01" }).error!.issues as Issue[]).fieldErrors).toEqual({
      dateOfBirth: ["Enter a date of birth in the past."],
    });
  });

  it("keeps determiners and acronyms in labels", () => {
    expect(messageOf(z.string().min(1), "", "Your name")).toBe("Enter your name.");
    expect(messageOf(z.string().min(1), "", "NPI")).toBe("Enter the NPI.");
  });

  it("recognises zod's defaults and the old generic messages", () => {
    expect(isGenericMessage("Invalid input: expected string, received undefined")).toBe(true);
    expect(isGenericMessage("Too big: expected string to have <=5 characters")).toBe(true);
    expect(isGenericMessage("Required.")).toBe(true);
    expect(isGenericMessage("Enter a date as YYYY-MM-DD.")).toBe(true);
    expect(isGenericMessage("Choose a state.")).toBe(false);
  });

  it("plainFieldErrors keys by dotted path and labels with wildcards", () => {
    const schema = z.object({ address: z.object({ line1: z.string().min(1) }), people: z.array(z.object({ name: z.string() })) });
    const r = schema.safeParse({ address: { line1: "" }, people: [{}] }, { reportInput: true });
    const out = plainFieldErrors(r.error!.issues as Issue[], { "address.line1": "Street address", "people.*.name": "Name" });
    expect(out.fieldErrors).toEqual({ "address.line1": ["Enter the street address."], "people.0.name": ["Enter the name."] });
    expect(labelFor({ "a.*.b": "B" }, "a.12.b")).toBe("B");
  });
});
