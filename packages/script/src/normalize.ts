/**
 * Small helpers turning Clearwell's stored formats into SCRIPT's (digits-only phone and ZIP).
 * They return the input unchanged when it cannot be normalised, so the zod model reports the field.
 */

/** "(555) 010-0100", "+1 555 010 0100" -> "5550100100". */
export function toScriptPhone(phone: string): string {
  const digits = phone.replace(/[\s()+.-]/g, "");
  if (/^1\d{10}$/.test(digits)) return digits.slice(1);
  return /^\d{10}$/.test(digits) ? digits : phone;
}

/** "12345-6789" -> "123456789"; "12345" stays. */
export function toScriptPostalCode(zip: string): string {
  const m = /^(\d{5})(?:-?(\d{4}))?$/.exec(zip.trim());
  return m ? `${m[1]}${m[2] ?? ""}` : zip;
}
