import { createHash } from "node:crypto";

/**
 * Canonical JSON (DOMAIN.md §9 (c) integrity): object keys sorted by code point, no white space,
 * undefined members left out, dates as ISO-8601 UTC. The same value always gives the same text,
 * whatever order jsonb hands its keys back in, so a signed note's hash can be recomputed later.
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return "null";
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? "null" : canonicalJson(v))).join(",")}]`;
  switch (typeof value) {
    case "string":
    case "boolean":
      return JSON.stringify(value);
    case "number":
      if (!Number.isFinite(value)) throw new Error("canonicalJson: numbers must be finite");
      return JSON.stringify(value);
    case "object": {
      const obj = value as Record<string, unknown>;
      const keys = Object.keys(obj)
        .filter((k) => obj[k] !== undefined)
        .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(",")}}`;
    }
    default:
      throw new Error(`canonicalJson: cannot serialise a ${typeof value}`);
  }
}

export const sha256Hex = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

/** The columns of a clinical_note row that a signature covers. */
export interface SignableNote {
  id: string;
  clinicId: string;
  patientId: string;
  appointmentId: string | null;
  kind: "evaluation" | "follow_up" | "addendum";
  authorUserId: string;
  sections: unknown;
  findings: unknown;
  body: string | null;
  parentNoteId: string | null;
}

/**
 * What a signature covers: the note's content and identity, the signer and the time. An addendum
 * also covers its parent's hash, so the chain cannot be re-pointed at other text. Version 1.
 */
export function signedPayload(note: SignableNote, signer: { userId: string; signedAt: Date }, parentSha256: string | null) {
  const content =
    note.kind === "addendum" ? { text: note.body, parentNoteId: note.parentNoteId, parentSha256 } : { sections: note.sections, findings: note.findings ?? null };
  return canonicalJson({
    v: 1,
    noteId: note.id,
    clinicId: note.clinicId,
    patientId: note.patientId,
    appointmentId: note.appointmentId,
    kind: note.kind,
    authorUserId: note.authorUserId,
    signerUserId: signer.userId,
    signedAt: signer.signedAt,
    content,
  });
}
