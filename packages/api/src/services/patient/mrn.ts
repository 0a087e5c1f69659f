import { randomInt } from "node:crypto";

// Crockford base32 without I, L, O, U: easy to read aloud on the phone.
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** A short medical record number, unique per clinic (unique index patient_clinic_mrn_uq). */
export function newMrn(): string {
  let s = "";
  for (let i = 0; i < 7; i++) s += ALPHABET[randomInt(ALPHABET.length)];
  return `CW-${s}`;
}
