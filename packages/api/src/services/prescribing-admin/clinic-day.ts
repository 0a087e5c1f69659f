import { clinicToday } from "@clearwell/clinical";
import type { DbOrTx } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import { eq } from "drizzle-orm";

import { DomainError } from "../../errors";

/** The clinic's IANA zone: expiry dates and "today" are its calendar days (DOMAIN.md §4, packages/clinical dates). */
export async function clinicZone(db: DbOrTx, clinicId: string): Promise<string> {
  const [c] = await db.select({ timezone: schema.clinic.timezone }).from(schema.clinic).where(eq(schema.clinic.id, clinicId));
  if (!c) throw new DomainError("NOT_FOUND", "Clinic not found.");
  return c.timezone;
}

export async function clinicTodayOf(db: DbOrTx, clinicId: string, now: Date): Promise<string> {
  return clinicToday(now, await clinicZone(db, clinicId));
}
