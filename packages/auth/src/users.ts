import { randomUUID } from "node:crypto";

import type { DbOrTx } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";

import { hashPassword } from "./password";

/**
 * Creates a user with an email + password credential the way better-auth stores it,
 * inside the caller's transaction so the account and its clinic records land together.
 */
export async function createCredentialUser(
  tx: DbOrTx,
  input: { name: string; email: string; kind: "staff" | "patient"; emailVerified?: boolean } & ({ password: string } | { passwordHash: string }),
) {
  const id = randomUUID();
  // A hash made earlier (a pending enrolment keeps the hash, never the password).
  const passwordHash = "passwordHash" in input ? input.passwordHash : await hashPassword(input.password);
  const [created] = await tx
    .insert(schema.user)
    .values({ id, name: input.name, email: input.email.toLowerCase(), kind: input.kind, emailVerified: input.emailVerified ?? false })
    .returning();
  await tx.insert(schema.account).values({ id: randomUUID(), accountId: id, providerId: "credential", userId: id, password: passwordHash });
  if (!created) throw new Error("user insert returned nothing");
  return created;
}
