import type { DbOrTx } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import { and, eq, ne } from "drizzle-orm";

export type SupportPersonRow = typeof schema.supportPerson.$inferSelect;

const sp = schema.supportPerson;

/** The patient's support person who is not revoked (at most one: partial unique index). */
export async function currentSupportPerson(tx: DbOrTx, clinicId: string, patientId: string, lock = false): Promise<SupportPersonRow | null> {
  const q = tx
    .select()
    .from(sp)
    .where(and(eq(sp.clinicId, clinicId), eq(sp.patientId, patientId), ne(sp.status, "revoked")))
    .limit(1);
  const [row] = lock ? await q.for("no key update") : await q;
  return row ?? null;
}
