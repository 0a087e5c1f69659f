import type { z } from "zod";

/**
 * The one mapping from a zod issue to a sentence a person can act on: it names the field and says
 * what to do. Used by the form layer (packages/ui/src/form.tsx) and by the server's error formatter
 * (packages/api/src/trpc.ts), so a message reads the same wherever it is caught.
 *
 * A message the schema wrote itself is kept ("Choose a state.", "Enter a date of birth in the past."),
 * unless it is zod's default wording ("Invalid input: expected string, received undefined"), one of
 * the old generic ones ("Required.", "Too long.") or a length bound that does not name the limit.
 */
export type Issue = z.core.$ZodIssue & { input?: unknown };

// zod v4's English defaults all start like this (zod/v4/locales/en).
const ZOD_DEFAULT = /^(Invalid (input|option|string|number|key|value|discriminator|email|URL|UUID|date|time|datetime|ISO)|Invalid\b|Too (big|small): |Unrecognized keys?: )/;
/** What the shared schemas say about an empty field, and a date, when they do not know which (common.ts). */
export const REQUIRED_UNLABELLED_MESSAGE = "Fill in this field.";
export const DATE_REQUIRED_MESSAGE = "Enter the date.";
export const DATE_FORMAT_MESSAGE = "Enter the date as month, day and year.";
// Generic messages: the unlabelled ones the shared schemas use, and those used before the mapping existed.
const GENERIC = new Set([
  DATE_REQUIRED_MESSAGE,
  DATE_FORMAT_MESSAGE,
  "Required.",
  "Required",
  "Too long.",
  "Too large.",
  "Too short.",
  "Enter text.",
  "Enter a value.",
  "Enter a date as YYYY-MM-DD.",
]);

/**
 * True when the schema's own message says nothing a person could act on, or says it without naming
 * the field ("Fill in this field."): the form layer words those again with the field's label.
 */
export function isGenericMessage(message: string | undefined): boolean {
  if (!message) return true;
  return ZOD_DEFAULT.test(message) || GENERIC.has(message.trim()) || /\bthis field\b/i.test(message);
}

// Field keys whose humanised form would read badly (used only when no label is given).
const KNOWN_KEYS: Record<string, string> = {
  line1: "street address",
  line2: "apartment, suite or unit",
  postalCode: "ZIP code",
  zip: "ZIP code",
  dob: "date of birth",
  npi: "NPI",
  dea: "DEA number",
  url: "web address",
  id: "ID",
  addressLine1: "street address",
  addressLine2: "apartment, suite or unit",
  givenName: "first name",
  familyName: "last name",
  stateOfResidence: "state",
  signedName: "full name",
  tz: "time zone",
  timeZone: "time zone",
  timezone: "time zone",
};

/** "dateOfBirth" → "date of birth", "line1" → "street address"; the last named segment of a path. */
export function humanizePath(path: readonly PropertyKey[]): string | null {
  const key = [...path].reverse().find((p): p is string => typeof p === "string" && !/^\d+$/.test(p));
  if (!key) return null;
  if (KNOWN_KEYS[key]) return KNOWN_KEYS[key];
  return key
    .replace(/([a-z])([A-Z0-9])/g, "$1 $2")
    .replace(/[_-]+/g, " ")
    .toLowerCase()
    .trim();
}

const DETERMINER = /^(the|your|a|an|this|that|their|his|her|my|our|each|every|any|at least)\b/i;

/** "Street address" → "the street address"; "ZIP code" keeps its capitals; "Your name" keeps "your". */
function nounPhrase(label: string): string {
  const trimmed = label.trim().replace(/[:*]+$/, "").trim();
  // Lower the first letter unless the first word is an acronym ("ZIP code", "NPI").
  const first = /^[A-Z][a-z]/.test(trimmed) ? trimmed[0]!.toLowerCase() + trimmed.slice(1) : trimmed;
  return DETERMINER.test(first) ? first : `the ${first}`;
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const count = (n: number | bigint) => Number(n).toLocaleString("en-US");
const plural = (n: number | bigint, one: string, many = `${one}s`) => `${count(n)} ${Number(n) === 1 ? one : many}`;
const day = (ms: number | bigint) =>
  new Date(Number(ms)).toLocaleDateString("en-US", { year: "numeric", month: "long", day: "numeric", timeZone: "UTC" });

/** For schemas that word their own messages: "Enter the street address." / "Fill in this field." */
export function requiredMessage(label?: string): string {
  return label ? `Enter ${nounPhrase(label)}.` : REQUIRED_UNLABELLED_MESSAGE;
}

/** "Keep the reason to 500 characters or fewer (it has 612)." — `length` when it is known. */
export function maxLengthMessage(max: number, label?: string, length?: number | null): string {
  return `Keep ${label ? nounPhrase(label) : "this field"} to ${plural(max, "character")} or fewer${length != null ? ` (it has ${count(length)})` : ""}.`;
}

/** "Use at least 12 characters for the password (it has 5)." */
export function minLengthMessage(min: number, label?: string, length?: number | null): string {
  return `Use at least ${plural(min, "character")} for ${label ? nounPhrase(label) : "this field"}${length != null ? ` (it has ${count(length)})` : ""}.`;
}

/** A schema's own "too long" sentence without the limit gets it: "Too long for one section. Keep it to 20,000 characters or fewer." */
export function withLengthLimit(message: string, max: number, length?: number | null): string {
  if (/\d/.test(message)) return message;
  return `${message} Keep it to ${plural(max, "character")} or fewer${length != null ? ` (it has ${count(length)})` : ""}.`;
}

/** Characters (not UTF-16 units) in a string input; null for anything else. */
export function inputLength(input: unknown): number | null {
  return typeof input === "string" ? [...input].length : null;
}

function hasInput(issue: Issue): boolean {
  return Object.prototype.hasOwnProperty.call(issue, "input");
}

/**
 * Nothing was entered: undefined, null or only white space. Without the input (the server does not
 * report it) the message tells: zod's default names what it received, the shared schemas say so, and
 * a value of the wrong type (`wrongTypeMeansEmpty`) is almost always a field the form did not send.
 */
function isEmpty(issue: Issue, wrongTypeMeansEmpty = false): boolean {
  if (hasInput(issue)) {
    const v = issue.input;
    return v === undefined || v === null || (typeof v === "string" && v.trim() === "");
  }
  const message = issue.message ?? "";
  const received = / received (\w+)$/.exec(message);
  if (received) return received[1] === "undefined" || received[1] === "null";
  if (message === REQUIRED_UNLABELLED_MESSAGE || message === DATE_REQUIRED_MESSAGE) return true;
  return wrongTypeMeansEmpty;
}

/** The length typed: from the input when reported, else from the schema's own "(it has N)". */
function lengthOf(issue: Issue): number | null {
  if (hasInput(issue)) {
    if (typeof issue.input === "string") return [...issue.input].length;
    if (Array.isArray(issue.input)) return issue.input.length;
    return null;
  }
  const said = /\(it has ([\d,]+)\)/.exec(issue.message ?? "");
  return said ? Number(said[1]!.replace(/,/g, "")) : null;
}

/**
 * A schema's own bound message is kept when it names the bound (has a number in it), when the bound
 * is not a length, or when it is the "required" bound (min 1); "Too long for one section." is not.
 */
function keepsBound(message: string, origin: string, bound: number | bigint, isMin: boolean): boolean {
  if (isGenericMessage(message)) return false;
  return /\d/.test(message) || (origin !== "string" && origin !== "array" && origin !== "set") || (isMin && Number(bound) <= 1);
}

function required(name: string | null, verb = "Enter"): string {
  return name ? `${verb} ${name}.` : verb === "Enter" ? REQUIRED_UNLABELLED_MESSAGE : `${verb} an option.`;
}

function fromNested(issues: readonly Issue[], label: string | undefined, path: readonly PropertyKey[]): string | null {
  // The schema's own words, where a branch has them, say more than "check the field".
  const authored = issues.find((i) => !isGenericMessage(i.message) && i.code !== "invalid_value");
  if (authored) return authored.message;
  const first = issues[0];
  return first ? plainMessage({ ...first, path: [...path, ...first.path] } as Issue, label) : null;
}

/**
 * A plain sentence for one zod issue. `label` is the field's visible label ("Street address"); without
 * one the field's key is humanised ("postalCode" → "ZIP code"), so a server message still names it.
 */
export function plainMessage(issue: Issue, label?: string): string {
  const labelled = label ?? humanizePath(issue.path) ?? null;
  const name = labelled ? nounPhrase(labelled) : null;
  const Name = name ? capitalise(name) : "This field";
  const own = issue.message ?? "";

  switch (issue.code) {
    case "invalid_type": {
      if (!isGenericMessage(own)) return own;
      if (isEmpty(issue, true)) {
        if (issue.expected === "boolean") return required(name, "Choose");
        if (issue.expected === "array") return name ? `Choose at least one option for ${name}.` : "Choose at least one option.";
        return required(name);
      }
      switch (issue.expected) {
        case "number":
        case "nan":
          return name ? `Enter ${name} as a number.` : "Enter a number.";
        case "int":
          return name ? `Enter ${name} as a whole number.` : "Enter a whole number.";
        case "bigint":
          return name ? `Enter ${name} as a whole number.` : "Enter a whole number.";
        case "boolean":
          return name ? `Choose yes or no for ${name}.` : "Choose yes or no.";
        case "date":
          return name ? `Enter ${name} as a date: month, day and year.` : "Enter a date: month, day and year.";
        case "string":
          return name ? `Enter ${name} as text.` : "Enter text.";
        case "array":
          return name ? `Choose the options for ${name} again.` : "Choose the options again.";
        default:
          return `${Name} is not in a form we can read. Reload the page and try again.`;
      }
    }

    case "too_small": {
      if (keepsBound(own, issue.origin, issue.minimum, true)) return own;
      const min = issue.minimum;
      switch (issue.origin) {
        case "string": {
          if (Number(min) <= 1 || isEmpty(issue)) return required(name);
          const have = lengthOf(issue);
          const tail = have !== null ? ` (it has ${count(have)})` : "";
          if (issue.exact) return `Enter ${name ?? "this field"} with exactly ${plural(min, "character")}${tail}.`;
          return `Use at least ${plural(min, "character")} for ${name ?? "this field"}${tail}.`;
        }
        case "array":
        case "set":
          if (Number(min) <= 1) return name ? `Choose at least one option for ${name}.` : "Choose at least one option.";
          return `Choose at least ${count(min)} options for ${name ?? "this field"}.`;
        case "date":
          return `Enter ${name ?? "a date"} ${issue.inclusive === false ? "after" : "on or after"} ${day(min)}.`;
        case "file":
          return `Choose a larger file for ${name ?? "this field"} (at least ${plural(min, "byte")}).`;
        default:
          if (isEmpty(issue)) return required(name);
          return `Enter ${name ?? "a number"} of ${issue.inclusive === false ? "more than" : "at least"} ${count(min)}.`;
      }
    }

    case "too_big": {
      if (keepsBound(own, issue.origin, issue.maximum, false)) return own;
      const max = issue.maximum;
      switch (issue.origin) {
        case "string": {
          const have = lengthOf(issue);
          const tail = have !== null ? ` (it has ${count(have)})` : "";
          if (issue.exact) return `Enter ${name ?? "this field"} with exactly ${plural(max, "character")}${tail}.`;
          return `Keep ${name ?? "this field"} to ${plural(max, "character")} or fewer${tail}.`;
        }
        case "array":
        case "set":
          return `Choose at most ${count(max)} ${Number(max) === 1 ? "option" : "options"} for ${name ?? "this field"}.`;
        case "date":
          return `Enter ${name ?? "a date"} ${issue.inclusive === false ? "before" : "on or before"} ${day(max)}.`;
        case "file":
          return `Choose a smaller file for ${name ?? "this field"} (at most ${plural(max, "byte")}).`;
        default:
          return `Enter ${name ?? "a number"} of ${issue.inclusive === false ? "less than" : "at most"} ${count(max)}.`;
      }
    }

    case "invalid_format": {
      if (isEmpty(issue)) return required(name);
      if (!isGenericMessage(own)) return own;
      switch (issue.format) {
        case "email":
          return `Enter ${name ?? "the email address"} as an email address, like name@example.com.`;
        case "date":
          return `Enter ${name ?? "the date"} as month, day and year.`;
        case "datetime":
          return `Enter ${name ?? "the date and time"} as a date and a time.`;
        case "time":
          return `Enter ${name ?? "the time"} as a time, like 9:30 AM.`;
        case "url":
          return `Enter ${name ?? "the web address"} as a full web address, starting with https://.`;
        case "e164":
          return `Enter ${name ?? "the phone number"} with its country code, like +1 555 010 0100.`;
        case "uuid":
        case "guid":
        case "cuid":
        case "cuid2":
        case "ulid":
        case "nanoid":
        case "xid":
        case "ksuid":
          return `${Name} is not a valid reference. Reload the page and try again.`;
        case "starts_with":
          return `Start ${name ?? "this field"} with “${(issue as { prefix?: string }).prefix ?? ""}”.`;
        case "ends_with":
          return `End ${name ?? "this field"} with “${(issue as { suffix?: string }).suffix ?? ""}”.`;
        case "includes":
          return `Include “${(issue as { includes?: string }).includes ?? ""}” in ${name ?? "this field"}.`;
        default:
          return `Check ${name ?? "this field"}: it is not in the expected format.`;
      }
    }

    case "not_multiple_of":
      if (!isGenericMessage(own)) return own;
      return `Enter ${name ?? "a number"} in steps of ${count(issue.divisor)}.`;

    case "unrecognized_keys":
      return `This form sent ${issue.keys.length === 1 ? "a field" : "fields"} we do not recognise (${issue.keys.join(", ")}). Reload the page and try again.`;

    case "invalid_union": {
      if (!isGenericMessage(own)) return own;
      if (isEmpty(issue)) return required(name);
      const branches = issue.errors as Issue[][];
      // The branch that came closest (fewest issues) says what was meant.
      const closest = branches.length ? branches.reduce((a, b) => (b.length < a.length ? b : a)) : [];
      return fromNested(closest, label, issue.path) ?? `Check ${name ?? "this field"}.`;
    }

    case "invalid_key":
      if (!isGenericMessage(own)) return own;
      return fromNested(issue.issues as Issue[], label, issue.path) ?? `Check ${name ?? "this field"}: one of its entries is not valid.`;

    case "invalid_element":
      if (!isGenericMessage(own)) return own;
      return fromNested(issue.issues as Issue[], label, issue.path) ?? `Check ${name ?? "this field"}: one of its items is not valid.`;

    case "invalid_value": {
      if (!isGenericMessage(own)) return own;
      if (issue.values.length === 1 && issue.values[0] === true) return name ? `Confirm ${name}.` : "Tick the box to confirm.";
      return required(name, "Choose");
    }

    case "custom":
      if (!isGenericMessage(own)) return own;
      return isEmpty(issue) ? required(name) : `Check ${name ?? "this field"}.`;

    default: {
      const unknown = issue as Issue;
      return isGenericMessage(unknown.message) ? `Check ${name ?? "this field"}.` : unknown.message;
    }
  }
}

/** Issues keyed by dotted path ("address.line1"), each mapped through plainMessage with its label. */
export function plainFieldErrors(issues: readonly Issue[], labels: Readonly<Record<string, string>> = {}): { fieldErrors: Record<string, string[]>; formErrors: string[] } {
  const fieldErrors: Record<string, string[]> = {};
  const formErrors: string[] = [];
  for (const issue of issues) {
    const key = issue.path.map(String).join(".");
    const message = plainMessage(issue, labelFor(labels, key));
    if (!key) formErrors.push(message);
    else if (!(fieldErrors[key] ??= []).includes(message)) fieldErrors[key].push(message);
  }
  return { fieldErrors, formErrors };
}

/** The label for a dotted path: exact, else with array indexes wildcarded ("people.*.name"). */
export function labelFor(labels: Readonly<Record<string, string>>, key: string): string | undefined {
  return labels[key] ?? labels[key.replace(/\.\d+(?=\.|$)/g, ".*")];
}
