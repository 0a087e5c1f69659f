import { describe, expect, it } from "vitest";

import { ZDecimal, ZMessageId } from "./model";
import { toScriptPhone, toScriptPostalCode } from "./normalize";

describe("model scalars", () => {
  it("decimals: plain notation, no exponent, no negatives", () => {
    expect(ZDecimal.parse(4)).toBe("4");
    expect(ZDecimal.parse(0.1 + 0.2)).toBe("0.3");
    expect(ZDecimal.parse("12.5")).toBe("12.5");
    for (const bad of [-1, Infinity, NaN, "1e3", "-2", "1.", ".5", "1,5"]) expect(ZDecimal.safeParse(bad).success, String(bad)).toBe(false);
  });
  it("message ids: no spaces, markup or NUL", () => {
    expect(ZMessageId.safeParse("4f1c2a9e-0b7d-4c51-9f3e-1a2b3c4d5e6f").success).toBe(true);
    for (const bad of ["", "a b", "<x>", "a\u0000", "x".repeat(65)]) expect(ZMessageId.safeParse(bad).success, bad).toBe(false);
  });
});

describe("normalise to SCRIPT formats", () => {
  it("phone", () => {
    expect(toScriptPhone("(555) 010-0100")).toBe("5550100100");
    expect(toScriptPhone("+1 555 010 0100")).toBe("5550100100");
    expect(toScriptPhone("12")).toBe("12");
  });
  it("postal code", () => {
    expect(toScriptPostalCode("97477-1234")).toBe("974771234");
    expect(toScriptPostalCode("97477")).toBe("97477");
    expect(toScriptPostalCode("ABC")).toBe("ABC");
  });
});
