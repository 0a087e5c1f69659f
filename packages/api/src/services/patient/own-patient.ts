import type { DbOrTx } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import { and, eq } from "drizzle-orm";

import type { Actor } from "../../actor";
import { DomainError } from "../../errors";

/** The signed-in patient's own record (DOMAIN.md §1 "O"): the row must belong to the caller's account. */
export async function ownPatient(tx: DbOrTx, actor: Actor, patientId: string) {
  const row = await tx.query.patient.findFirst({ where: and(eq(schema.patient.id, patientId), eq(schema.patient.userId, actor.userId ?? "")) });
  if (!row) throw new DomainError("NOT_FOUND", "Your record could not be found.");
  return row;
}
