import { z } from "zod";

import { DATE_FORMAT_MESSAGE, DATE_REQUIRED_MESSAGE, inputLength, maxLengthMessage, minLengthMessage, requiredMessage, withLengthLimit } from "./messages";
import { US_STATE_CODES } from "./us-states";

// C0 controls and DEL. Postgres refuses NUL in text outright, and the rest have no place in a
// name, a note or an id; tab, newline and carriage return are allowed only in multi-line text.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_ANY = /[\u0000-\u001F\u007F]/;
// eslint-disable-next-line no-control-regex -- as above
const CONTROL_MULTILINE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
// A UTF-16 surrogate without its partner: not valid Unicode, so Postgres cannot store it.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const CONTROL_CHARACTER_MESSAGE = "Remove the hidden control character (it may have come with pasted text) and try again.";
export const BROKEN_CHARACTER_MESSAGE = "This text has a broken character in it. Please retype it rather than pasting it.";

/** Why `value` cannot be stored as text, in words a person can act on; null when it is fine. */
export function unsafeTextReason(value: string, multiline = false): string | null {
  if ((multiline ? CONTROL_MULTILINE : CONTROL_ANY).test(value)) return CONTROL_CHARACTER_MESSAGE;
  if (LONE_SURROGATE.test(value)) return BROKEN_CHARACTER_MESSAGE;
  return null;
}

export interface TextOptions {
  /** Upper bound in characters; every text field has one. */
  max: number;
  min?: number;
  /** Trim surrounding white space first (default true; passwords and tokens turn it off). */
  trim?: boolean;
  /** Allow tab and line breaks (notes, free-text answers). */
  multiline?: boolean;
  /** Names the field in the messages ("street address"); without it the form layer supplies its label. */
  label?: string;
  minMessage?: string;
  maxMessage?: string;
}

/**
 * The one schema for text that reaches the server: refuses control characters (NUL above all)
 * and broken Unicode at the boundary, so bad input is a field error, never a database error.
 * Chain `.regex()` or `.refine()` on the result for field-specific rules.
 */
export function text(opts: TextOptions) {
  const multiline = opts.multiline ?? false;
  const { label } = opts;
  // Messages name the limit (and the length typed); without a label they say "this field", which
  // the form layer's mapping (messages.ts) words again with the field's own label.
  let s = z.string({ error: () => requiredMessage(label) }).superRefine((value, ctx) => {
    const reason = unsafeTextReason(value, multiline);
    if (reason) ctx.addIssue({ code: "custom", message: reason });
  });
  if (opts.trim ?? true) s = s.trim();
  const min = opts.min;
  // Nothing typed is "enter it", whatever the minimum; something too short says how long.
  if (min) s = s.min(min, { error: (iss) => opts.minMessage ?? (min === 1 || !inputLength(iss.input) ? requiredMessage(label) : minLengthMessage(min, label, inputLength(iss.input))) });
  return s.max(opts.max, {
    error: (iss) => (opts.maxMessage ? withLengthLimit(opts.maxMessage, opts.max, inputLength(iss.input)) : maxLengthMessage(opts.max, label, inputLength(iss.input))),
  });
}

/** better-auth user ids (UUIDs here, random alphanumerics from better-auth itself). */
export const ZUserId = text({ min: 1, max: 64 }).regex(/^[A-Za-z0-9_-]+$/, "Not a valid id.");

export const ZEmail = z
  .email("Enter a valid email address.")
  .max(254, { error: (iss) => maxLengthMessage(254, "email address", inputLength(iss.input)) })
  .transform((s) => s.trim().toLowerCase());
export const ZPassword = text({
  trim: false,
  min: 12,
  max: 128,
  label: "password",
});
export const ZPersonName = text({ min: 1, max: 100 });
export const ZPhone = text({ max: 40 }).regex(/^\+?[0-9 ()\-.]{7,20}$/, "Enter a phone number, e.g. (555) 010-0100.");
export const ZOptionalPhone = z.union([ZPhone, z.literal("").transform(() => undefined)]).optional();
export const ZState = z.enum(US_STATE_CODES, { message: "Choose a state." });
// A calendar date as a date input gives it (YYYY-MM-DD); people are asked for "month, day and year".
const isoDate = () =>
  z.iso.date({ error: (iss) => (iss.input === undefined || iss.input === null || iss.input === "" ? DATE_REQUIRED_MESSAGE : DATE_FORMAT_MESSAGE) });
const ISO_SHAPE = /^\d{4}-\d{2}-\d{2}$/;
// Postgres has no year 0 and JavaScript dates run far past its range, so dates stay in a sane window.
const inDateRange = (iso: string) => !ISO_SHAPE.test(iso) || (iso >= "1900-01-01" && iso <= "2199-12-31");
export const ZIsoDate = isoDate().refine(inDateRange, "Enter a date between 1900 and 2199.");

/** The oldest age a date of birth may give: older is a typo in the year. */
export const MAX_AGE_YEARS = 120;
const isoDay = (d: Date) => d.toISOString().slice(0, 10);
// Today where the calendar is furthest ahead (UTC+14): no one is refused for being born "tomorrow" in UTC.
const latestToday = (now = Date.now()) => isoDay(new Date(now + 14 * 3_600_000));
const oldestBirthDate = (now = Date.now()) => {
  const d = new Date(now - 12 * 3_600_000);
  d.setUTCFullYear(d.getUTCFullYear() - MAX_AGE_YEARS);
  return isoDay(d);
};
/** A date of birth: in the past, and not more than 120 years ago. Checked at parse time (not module load). */
export const ZDateOfBirth = isoDate()
  .refine((iso) => !ISO_SHAPE.test(iso) || iso <= latestToday(), "Enter a date of birth in the past.")
  .refine((iso) => !ISO_SHAPE.test(iso) || iso >= oldestBirthDate(), `Check the year of birth: that date is more than ${MAX_AGE_YEARS} years ago.`);
/** A point in time from the client (Date or ISO string), kept inside the range Postgres stores. */
export const ZInstant = z.coerce
  .date({ error: "Enter a date and time." })
  .min(new Date("1900-01-01T00:00:00Z"), "Enter a date after 1900.")
  .max(new Date("2200-01-01T00:00:00Z"), "Enter a date before 2200.");
export const ZUuid = z.uuid("Not a valid id.");
export const ZToken = text({ trim: false, min: 20, max: 200 });
export const ZStaffRole = z.enum(["admin", "provider", "prescriber", "staff"]);
