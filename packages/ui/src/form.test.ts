import { createFormControl } from "react-hook-form";
import type { FieldValues, ResolverOptions, UseFormReturn } from "react-hook-form";
import { describe, expect, it } from "vitest";
import { z } from "zod";

import { applyServerError, formErrorMessage, lazyZodFormResolver } from "./form";
import { zodFormResolver } from "./form-resolver";

const schema = z.object({
  givenName: z.string().trim().min(1).max(100),
  address: z.object({ line1: z.string().min(1), postalCode: z.string().regex(/^\d{5}$/, "Enter a 5-digit ZIP code.") }),
  consent: z.literal(true),
});
const options = { shouldUseNativeValidation: false, fields: {} } as unknown as ResolverOptions<z.input<typeof schema>>;

/** A form as useForm builds it, without React; fields are "mounted" the way register marks them. */
function formWith(mounted: string[]) {
  const { formControl } = createFormControl<FieldValues>({ defaultValues: {} });
  for (const name of mounted) formControl.register(name);
  (formControl.control as unknown as { _names: { mount: Set<string> } })._names.mount = new Set(mounted);
  return formControl as unknown as UseFormReturn<FieldValues>;
}

class TRPCClientError extends Error {
  override name = "TRPCClientError";
  constructor(message: string, public data?: unknown) {
    super(message);
  }
}

describe("zodFormResolver", () => {
  it("words every empty required field with its label, never zod's default", async () => {
    const resolver = zodFormResolver(schema, () => ({ givenName: "First name", "address.line1": "Street address", consent: "Consent to treatment" }));
    const { errors } = await resolver({ givenName: " ", address: {} } as never, undefined, options);
    expect(errors).toMatchObject({
      givenName: { message: "Enter the first name." },
      address: { line1: { message: "Enter the street address." }, postalCode: { message: "Enter the ZIP code." } },
      consent: { message: "Confirm the consent to treatment." },
    });
  });

  it("names the limit and the length for too-long text, and returns parsed values on success", async () => {
    const resolver = zodFormResolver(schema, () => ({}));
    const long = await resolver({ givenName: "x".repeat(120), address: { line1: "1 Main St", postalCode: "12" }, consent: true }, undefined, options);
    expect(long.errors).toMatchObject({ givenName: { message: "Keep the first name to 100 characters or fewer (it has 120)." }, address: { postalCode: { message: "Enter a 5-digit ZIP code." } } });
    const ok = await resolver({ givenName: " Ann ", address: { line1: "1 Main St", postalCode: "12345" }, consent: true }, undefined, options);
    expect(ok.errors).toEqual({});
    expect(ok.values).toMatchObject({ givenName: "Ann" });
  });
});

describe("lazyZodFormResolver", () => {
  it("loads the schema once and checks as zodFormResolver does", async () => {
    let loads = 0;
    const { resolver, preload } = lazyZodFormResolver(async () => {
      loads++;
      return schema;
    }, () => ({ givenName: "First name" }));
    preload();
    const bad = await resolver({ givenName: " ", address: { line1: "1 Main St", postalCode: "12345" }, consent: true } as never, undefined, options);
    expect(bad.errors).toMatchObject({ givenName: { message: "Enter the first name." } });
    const ok = await resolver({ givenName: " Ann ", address: { line1: "1 Main St", postalCode: "12345" }, consent: true }, undefined, options);
    expect(ok.values).toMatchObject({ givenName: "Ann" });
    expect(loads).toBe(1);
  });

  it("takes a schema as is, and retries a load that failed", async () => {
    const direct = lazyZodFormResolver(schema, () => ({}));
    expect((await direct.resolver({ givenName: "x".repeat(120), address: { line1: "a", postalCode: "12345" }, consent: true }, undefined, options)).errors).toMatchObject({
      givenName: { message: "Keep the first name to 100 characters or fewer (it has 120)." },
    });
    let attempts = 0;
    const flaky = lazyZodFormResolver(async () => {
      if (++attempts === 1) throw new Error("chunk failed to load");
      return schema;
    }, () => ({}));
    await expect(flaky.resolver({} as never, undefined, options)).rejects.toThrow("chunk failed to load");
    expect((await flaky.resolver({} as never, undefined, options)).errors).toHaveProperty("givenName");
    expect(attempts).toBe(2);
  });
});

describe("applyServerError", () => {
  it("puts dotted field errors beside their fields and leaves no form message", () => {
    const form = formWith(["address.line1", "givenName"]);
    const err = new TRPCClientError("Enter the street address.", { code: "BAD_REQUEST", fieldErrors: { address: ["Enter the street address."] }, fieldErrorsByPath: { "address.line1": ["Enter the street address."] }, formErrors: [] });
    expect(applyServerError(form, err)).toBeNull();
    expect(form.getFieldState("address.line1").error?.message).toBe("Enter the street address.");
  });

  it("maps a server key onto a differently named field, and reports what found no field", () => {
    const form = formWith(["strength.value"]);
    const err = new TRPCClientError("x", { code: "BAD_REQUEST", fieldErrors: { strength: ["Enter the strength of at least 1."], other: ["Check the other."] }, formErrors: [] });
    // With only setError (no control), only the mapped keys are placed.
    expect(applyServerError({ setError: form.setError }, err, { fields: { strength: "strength.value", other: undefined } })).toBe("Check the other.");
    expect(form.getFieldState("strength.value").error?.message).toBe("Enter the strength of at least 1.");
    expect((form.getFieldState("root.server") as { error?: { message?: string } }).error?.message).toBe("Check the other.");
  });

  it("places refusals whose reasons name a field, else returns the refusal", () => {
    const form = formWith(["ncpdpId", "reason"]);
    expect(applyServerError(form, new TRPCClientError("That NCPDP ID is already listed.", { code: "CONFLICT", reasons: ["ncpdpId"] }))).toBeNull();
    expect(form.getFieldState("ncpdpId").error?.message).toBe("That NCPDP ID is already listed.");
    expect(applyServerError(form, new TRPCClientError("Write why.", { code: "BAD_REQUEST", reasons: ["reason: Write why."] }))).toBeNull();
    expect(form.getFieldState("reason").error?.message).toBe("Write why.");
    expect(applyServerError(form, new TRPCClientError("Not yours.", { code: "FORBIDDEN", reasons: ["nope"] }))).toBe("Not yours.");
    // Several bare field names: the sentence beside each.
    const two = formWith(["code", "email"]);
    expect(applyServerError(two, new TRPCClientError("That code is not right.", { code: "BAD_REQUEST", reasons: ["code", "email"] }))).toBeNull();
    expect(two.getFieldState("email").error?.message).toBe("That code is not right.");
    // An unexpected failure takes the form's fallback; a refusal keeps its own words.
    expect(applyServerError(two, new TRPCClientError("db said X", { code: "INTERNAL_SERVER_ERROR" }), { fallback: "We couldn't save." })).toBe("We couldn't save.");
    expect(applyServerError(two, new TRPCClientError("Link closed.", { code: "NOT_FOUND" }), { fallback: "We couldn't save." })).toBe("Link closed.");
  });

  it("never shows a network stack or an internal error's details", () => {
    expect(formErrorMessage(new TRPCClientError("fetch failed"))).toMatch(/couldn't reach Clearwell/);
    expect(formErrorMessage(new TRPCClientError("db said X", { code: "INTERNAL_SERVER_ERROR" }))).toBe("Something went wrong. Please try again.");
  });
});
