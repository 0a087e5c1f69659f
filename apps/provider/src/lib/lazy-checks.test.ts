import { zodResolver } from "@hookform/resolvers/zod";
import { describe, expect, it } from "vitest";
import { z } from "zod";

import { ZClinicSchedulingInput } from "@clearwell/validators/scheduling";

import { checkWith } from "./check-with";
import { lazyZodResolver } from "./lazy-zod-resolver";

const options = { shouldUseNativeValidation: false, fields: {} } as never;
const Z = z.object({ email: z.email("Enter an email."), roles: z.array(z.string()).min(1, "Pick a role."), nested: z.object({ n: z.number().max(3, "At most 3.") }) });

describe("checkWith", () => {
  it("gives the data, or the same field errors as z.flattenError", async () => {
    const bad = { email: "x", roles: [], nested: { n: 9 } };
    const r = await checkWith(async () => Z, bad);
    expect(r.success).toBe(false);
    if (!r.success) expect(r.fieldErrors).toEqual(z.flattenError(Z.safeParse(bad).error!).fieldErrors);
    const ok = await checkWith(async () => Z, { email: "a@b.co", roles: ["admin"], nested: { n: 1 } });
    expect(ok).toEqual({ success: true, data: { email: "a@b.co", roles: ["admin"], nested: { n: 1 } } });
  });

  it("keeps a shared schema's own messages", async () => {
    const draft = { slotMinutes: -1 };
    const r = await checkWith(async () => ZClinicSchedulingInput, draft);
    expect(r.success).toBe(false);
    if (!r.success) expect(r.fieldErrors).toEqual(z.flattenError(ZClinicSchedulingInput.safeParse(draft).error!).fieldErrors);
  });
});

describe("lazyZodResolver", () => {
  it("answers as zodResolver does, loading the schema once, and retries a failed load", async () => {
    let loads = 0;
    const lazy = lazyZodResolver(async () => {
      if (++loads === 1) throw new Error("chunk failed to load");
      return Z;
    });
    const values = { email: "x", roles: [], nested: { n: 9 } };
    await expect(lazy(values as never, undefined, options)).rejects.toThrow("chunk failed to load");
    const got = await lazy(values as never, undefined, options);
    expect(got).toEqual(await zodResolver(Z)(values as never, undefined, options));
    await lazy({ email: "a@b.co", roles: ["a"], nested: { n: 1 } }, undefined, options);
    expect(loads).toBe(2);
  });
});
