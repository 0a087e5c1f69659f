/**
 * SCRIPT XML -> internal model (fast-xml-parser), for messages from the network: hostile until
 * proven otherwise. Refused before any parsing: oversize input, NUL and other characters XML 1.0
 * forbids, any DOCTYPE or ENTITY declaration (billion laughs, external entities). The parser runs
 * with entity processing off; only the five predefined entities and character references are
 * decoded, here, by one bounded pass. The result is validated through the zod model, so callers
 * get either a whole valid message or a short problem that never echoes the input (no PHI in logs).
 */
import { XMLParser, XMLValidator } from "fast-xml-parser";
import type { z } from "zod";

import { BODY_ELEMENTS, SCRIPT_NAMESPACE } from "./elements";
import type { ScriptMessage } from "./model";
import { ZMessageId, ZScriptMessage } from "./model";

export type ParseProblemKind = "too_large" | "refused_construct" | "not_xml" | "not_script" | "invalid";

export type ParseResult =
  | { ok: true; message: ScriptMessage; version: string }
  | {
      ok: false;
      kind: ParseProblemKind;
      /** Short, input-free description, safe to log and to put in an Error's Description. */
      problem: string;
      /** The message's MessageID when it could be read, so a receiver can answer with an Error. */
      messageId?: string;
    };

export interface ParseOptions {
  /** Largest accepted message in UTF-8 bytes (default 256 KiB; a NewRx is a few KiB). */
  maxBytes?: number;
}

export const DEFAULT_MAX_MESSAGE_BYTES = 256 * 1024;

class Problem extends Error {
  constructor(
    readonly kind: ParseProblemKind,
    message: string,
  ) {
    super(message);
  }
}

// XML 1.0 Char excludes C0 controls other than tab/LF/CR, U+FFFE/U+FFFF and lone surrogates.
// eslint-disable-next-line no-control-regex -- finding forbidden characters is the point
const FORBIDDEN_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const PREDEFINED: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

/** Decodes predefined entities and character references in one pass; anything else is refused. */
function decodeEntities(s: string): string {
  if (!s.includes("&")) return s;
  return s.replace(/&([^;&]{0,10});?/g, (whole, ref: string) => {
    if (!whole.endsWith(";")) throw new Problem("not_xml", "stray '&' in text");
    if (ref in PREDEFINED) return PREDEFINED[ref]!;
    const num = /^#(\d{1,7})$/.exec(ref)?.[1];
    const hex = /^#x([0-9a-fA-F]{1,6})$/.exec(ref)?.[1];
    const cp = num !== undefined ? Number(num) : hex !== undefined ? parseInt(hex, 16) : undefined;
    if (cp === undefined) throw new Problem("refused_construct", "undeclared entity reference");
    if (cp === 0 || cp > 0x10ffff) throw new Problem("refused_construct", "character reference to NUL or out of range");
    const ch = String.fromCodePoint(cp);
    if (FORBIDDEN_CHARS.test(ch)) throw new Problem("refused_construct", "character reference to a character XML forbids");
    return ch;
  });
}

const parser = new XMLParser({
  processEntities: false,
  htmlEntities: false,
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  cdataPropName: "#cdata",
  // A NewRx nests about 8 deep; anything far deeper is an attack on the parser.
  maxNestedTags: 32,
  isArray: (name) => name === "CompoundIngredientsLotNotUsed",
});

type Node = Record<string, unknown>;
const isNode = (v: unknown): v is Node => typeof v === "object" && v !== null && !Array.isArray(v);

function child(n: unknown, name: string): Node | undefined {
  if (!isNode(n)) return undefined;
  const c = n[name];
  if (c === "") return {}; // <Approved/> and the like
  return isNode(c) ? c : undefined;
}

/** Text content of `<name>` under n; "" and absent are undefined; repeated or mixed content is left for zod to refuse. */
function str(n: unknown, name: string): unknown {
  if (!isNode(n)) return undefined;
  return textOf(n[name]);
}

function textOf(v: unknown): unknown {
  if (v === undefined || v === "") return undefined;
  if (typeof v === "string") return decodeEntities(v);
  if (isNode(v)) {
    const keys = Object.keys(v).filter((k) => !k.startsWith("@_"));
    if (keys.length === 1 && keys[0] === "#text") return textOf(v["#text"]);
    if (keys.length === 1 && keys[0] === "#cdata" && typeof v["#cdata"] === "string") return v["#cdata"] || undefined;
    if (keys.length === 0) return undefined;
  }
  return v; // not text: zod reports the field
}

/** Integers travel as digits; anything else is passed on as-is for zod to refuse. */
function int(v: unknown): unknown {
  return typeof v === "string" && /^\d{1,9}$/.test(v) ? Number(v) : v;
}

const code = (n: unknown, name: string) => str(child(n, name), "Code");
const date = (n: unknown, name: string) => str(child(n, name), "Date");

function readName(n: unknown) {
  const el = child(n, "Name");
  return { last: str(el, "LastName"), first: str(el, "FirstName"), middle: str(el, "MiddleName") };
}

function readAddress(n: unknown) {
  const el = child(n, "Address");
  return {
    line1: str(el, "AddressLine1"),
    line2: str(el, "AddressLine2"),
    city: str(el, "City"),
    state: str(el, "StateProvince"),
    postalCode: str(el, "PostalCode"),
    countryCode: str(el, "CountryCode"),
  };
}

const readPhone = (n: unknown) => str(child(child(n, "CommunicationNumbers"), "PrimaryTelephone"), "Number");

function readQuantity(n: unknown) {
  const q = child(n, "Quantity");
  return { value: str(q, "Value"), codeListQualifier: str(q, "CodeListQualifier"), unitOfMeasure: code(q, "QuantityUnitOfMeasure") };
}

function readMedication(n: unknown) {
  const m = child(n, "MedicationPrescribed");
  const ci = child(m, "CompoundInformation");
  const lots = isNode(m) && isNode(m.CompoundInformation) ? m.CompoundInformation.CompoundIngredientsLotNotUsed : undefined;
  return {
    drugDescription: str(m, "DrugDescription"),
    quantity: readQuantity(m),
    daysSupply: int(str(m, "DaysSupply")),
    writtenDate: date(m, "WrittenDate"),
    substitutions: str(m, "Substitutions"),
    numberOfRefills: int(str(m, "NumberOfRefills")),
    sig: str(child(m, "Sig"), "SigText"),
    note: str(m, "Note"),
    deaSchedule: code(m, "DEASchedule"),
    compoundInformation: ci
      ? {
          finalDosageForm: str(ci, "FinalCompoundPharmaceuticalDosageForm"),
          ingredients: Array.isArray(lots)
            ? lots.map((lot) => {
                const ing = child(lot, "CompoundIngredient");
                const st = child(ing, "Strength");
                return {
                  name: str(ing, "CompoundIngredientItemDescription"),
                  strength: { value: str(st, "StrengthValue"), unitOfMeasure: code(st, "StrengthUnitOfMeasure") },
                  quantity: readQuantity(lot),
                };
              })
            : lots,
        }
      : undefined,
  };
}

function readPrescriptionBody(type: "NewRx" | "CancelRx", tx: Node) {
  const p = child(child(tx, "Patient"), "HumanPatient");
  const ph = child(tx, "Pharmacy");
  const pr = child(child(tx, "Prescriber"), "NonVeterinarian");
  const prId = child(pr, "Identification");
  return {
    type,
    patient: { name: readName(p), gender: str(p, "Gender"), dateOfBirth: date(p, "DateOfBirth"), address: readAddress(p), phone: readPhone(p) || undefined },
    pharmacy: { ncpdpId: str(child(ph, "Identification"), "NCPDPID"), npi: str(child(ph, "Identification"), "NPI"), name: str(ph, "BusinessName") },
    prescriber: {
      name: readName(pr),
      npi: str(prId, "NPI"),
      deaNumber: str(prId, "DEANumber"),
      stateLicence: str(prId, "StateLicenseNumber"),
      address: readAddress(pr),
      phone: readPhone(pr),
    },
    medicationPrescribed: readMedication(tx),
  };
}

function readBody(body: Node): unknown {
  const present = Object.keys(body).filter((k) => !k.startsWith("@_"));
  if (present.length !== 1) throw new Problem("not_script", "Body must hold exactly one transaction");
  const type = present[0]!;
  if (!(BODY_ELEMENTS as readonly string[]).includes(type)) throw new Problem("not_script", "unsupported transaction type");
  const tx = child(body, type) ?? {};
  switch (type as (typeof BODY_ELEMENTS)[number]) {
    case "NewRx":
    case "CancelRx":
      return readPrescriptionBody(type as "NewRx" | "CancelRx", tx);
    case "Status":
    case "Error":
      return { type, code: str(tx, "Code"), description: str(tx, "Description") };
    case "Verify": {
      const vs = child(tx, "VerifyStatus");
      return { type, code: str(vs, "Code"), description: str(vs, "Description") };
    }
    case "CancelRxResponse": {
      const r = child(tx, "Response");
      const approved = child(r, "Approved");
      const denied = child(r, "Denied");
      if (approved && !denied) return { type, response: "Approved", reason: str(approved, "Note") };
      if (denied && !approved) return { type, response: "Denied", reason: str(denied, "DenialReason") };
      return { type, response: undefined };
    }
    case "RxFill": {
      const fs = child(tx, "FillStatus");
      const statuses = isNode(fs) ? Object.keys(fs).filter((k) => !k.startsWith("@_")) : [];
      const fillStatus = statuses.length === 1 ? statuses[0] : undefined;
      const md = child(tx, "MedicationDispensed");
      return {
        type,
        fillStatus,
        note: fillStatus ? str(child(fs, fillStatus), "Note") : undefined,
        drugDescription: str(md, "DrugDescription"),
        quantity: readQuantity(md),
        dispensedDate: date(md, "LastFillDate"),
      };
    }
  }
}

function describeIssues(issues: z.core.$ZodIssue[]): string {
  const shown = issues.slice(0, 5).map((i) => `${i.path.join(".") || "(message)"}: ${i.message}`);
  return `invalid SCRIPT message: ${shown.join("; ")}${issues.length > 5 ? ` (and ${issues.length - 5} more)` : ""}`;
}

/** Strips undefined leaves so zod's optional fields see "absent", not "undefined". */
function prune(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(prune);
  if (!isNode(v)) return v;
  const out: Node = {};
  for (const [k, val] of Object.entries(v)) if (val !== undefined) out[k] = prune(val);
  return out;
}

export function parseMessage(xml: string, opts: ParseOptions = {}): ParseResult {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  if (typeof xml !== "string") return { ok: false, kind: "not_xml", problem: "not a string" };
  // Cheap bound first (a UTF-16 unit is at most 3 UTF-8 bytes), then the exact one.
  if (xml.length > maxBytes || Buffer.byteLength(xml, "utf8") > maxBytes) return { ok: false, kind: "too_large", problem: `message larger than ${maxBytes} bytes` };
  if (xml.includes("\u0000")) return { ok: false, kind: "refused_construct", problem: "NUL byte in message" };
  if (FORBIDDEN_CHARS.test(xml)) return { ok: false, kind: "refused_construct", problem: "character XML forbids in message" };
  if (/<!DOCTYPE/i.test(xml) || /<!ENTITY/i.test(xml)) return { ok: false, kind: "refused_construct", problem: "DOCTYPE and ENTITY declarations are refused" };

  const valid = XMLValidator.validate(xml);
  if (valid !== true) return { ok: false, kind: "not_xml", problem: `not well-formed XML (line ${valid.err.line})` };

  let tree: unknown;
  try {
    tree = parser.parse(xml);
  } catch {
    return { ok: false, kind: "not_xml", problem: "XML could not be parsed" };
  }
  if (!isNode(tree)) return { ok: false, kind: "not_xml", problem: "no root element" };
  const roots = Object.keys(tree);
  const root = tree.Message;
  if (roots.length !== 1 || !isNode(root)) return { ok: false, kind: "not_script", problem: "root element must be Message" };
  if (root["@_xmlns"] !== SCRIPT_NAMESPACE) return { ok: false, kind: "not_script", problem: "Message is not in the SCRIPT namespace" };
  const version = root["@_version"];
  if (typeof version !== "string" || !/^\d{7}$/.test(version)) return { ok: false, kind: "not_script", problem: "Message has no SCRIPT version" };

  let messageId: string | undefined;
  try {
    const h = child(root, "Header");
    const id = ZMessageId.safeParse(str(h, "MessageID"));
    messageId = id.success ? id.data : undefined;
    const body = child(root, "Body");
    if (!h || !body) throw new Problem("not_script", "Message needs a Header and a Body");
    const candidate = prune({
      header: {
        to: str(h, "To"),
        from: str(h, "From"),
        messageId: str(h, "MessageID"),
        relatesToMessageId: str(h, "RelatesToMessageID"),
        sentTime: str(h, "SentTime"),
        prescriberOrderNumber: str(h, "PrescriberOrderNumber"),
        rxReferenceNumber: str(h, "RxReferenceNumber"),
      },
      body: readBody(body),
    });
    const parsed = ZScriptMessage.safeParse(candidate);
    if (!parsed.success) return { ok: false, kind: "invalid", problem: describeIssues(parsed.error.issues), ...(messageId ? { messageId } : {}) };
    return { ok: true, message: parsed.data, version };
  } catch (e) {
    if (e instanceof Problem) return { ok: false, kind: e.kind, problem: e.message, ...(messageId ? { messageId } : {}) };
    return { ok: false, kind: "not_xml", problem: "XML could not be read" };
  }
}
