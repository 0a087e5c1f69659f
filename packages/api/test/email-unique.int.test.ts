import { randomUUID } from "node:crypto";

import { schema } from "@clearwell/db/client";
import postgres from "postgres";
import { describe, expect, inject, it } from "vitest";

import { testDb } from "./harness";

// Issue 10 finding 14: e-mail is looked up with lower(email) everywhere, so uniqueness is
// case-insensitive too (no look-alike accounts) and those lookups have an index.
describe("user e-mail", () => {
  it("is unique whatever its case, whoever writes the row", async () => {
    const local = `Case.${randomUUID().slice(0, 8)}`;
    const user = (email: string) => testDb().insert(schema.user).values({ id: randomUUID(), name: "x", email, kind: "staff" });
    await user(`${local}@Example.test`);
    const err = await user(`${local.toLowerCase()}@example.test`).then(
      () => null,
      (e: { cause?: { constraint_name?: string }; constraint_name?: string }) => e.cause?.constraint_name ?? e.constraint_name ?? String(e),
    );
    expect(err).toBe("user_email_lower_uq");
  });

  it("lookups by lower(email) use the index", async () => {
    const sql = postgres(inject("databaseUrl"), { max: 1, onnotice: () => {} });
    try {
      const plan = await sql.begin(async (tx) => {
        // The table is small here, so rule out the sequential scan the planner would rightly prefer; without the
        // index there is no other plan and this shows a Seq Scan.
        await tx`set local enable_seqscan = off`;
        return tx`explain select id from "user" where lower(email) = lower(${"someone@example.test"})`;
      });
      const text = plan.map((r) => r["QUERY PLAN"] as string).join("\n");
      expect(text).toMatch(/Index (Only )?Scan using user_email_lower_uq/);
    } finally {
      await sql.end();
    }
  });
});
