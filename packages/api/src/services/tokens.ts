import { createHash, randomBytes } from "node:crypto";

/** A link token: the link carries it, the database keeps only its SHA-256. */
export function newToken() {
  const token = randomBytes(32).toString("base64url");
  return { token, tokenHash: hashToken(token) };
}

export const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");
