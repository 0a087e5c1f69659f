import { type ScriptMessageInput, renderMessage, toScriptPhone, toScriptPostalCode } from "@clearwell/script";
import { type TSignedPrescriptionContent, ZSignedPrescriptionContent } from "@clearwell/validators/prescription";

/** The outbox fields the XML header needs besides the signed payload. */
export interface OutboundEnvelope {
  messageId: string;
  type: "NewRx" | "CancelRx";
  toNcpdpId: string;
  /** When the message was written (signing/cancel): SentTime, identical on every retry. */
  createdAt: Date;
  /** CancelRx: the MessageID of the NewRx it cancels. */
  relatesToMessageId: string | null;
}

export class RenderError extends Error {
  constructor(readonly fields: string[]) {
    // Field paths only, never values: this text lands in last_error and logs.
    super(`The signed content cannot be rendered as SCRIPT (${fields.join(", ") || "unknown field"}).`);
    this.name = "RenderError";
  }
}

/** NCI Thesaurus unit codes for ingredient strengths (DOMAIN.md §5.2; mg C28253 [S]). */
const STRENGTH_UNIT_NCI: Record<string, string> = { mg: "C28253", mL: "C28254" };
const GENDER = { male: "M", female: "F", unknown: "U" } as const;
/** Quantity code list qualifier 38 = original quantity [S]. */
const ORIGINAL_QUANTITY = "38";

function splitName(fullName: string) {
  const parts = fullName.trim().split(/\s+/);
  const last = parts.pop() ?? "";
  return { first: parts.join(" ") || last, last };
}

const address = (a: TSignedPrescriptionContent["patient"]["address"]) => ({
  line1: a.line1,
  ...(a.line2 ? { line2: a.line2 } : {}),
  city: a.city,
  state: a.state,
  postalCode: toScriptPostalCode(a.postalCode),
});

/**
 * The internal SCRIPT model of an outbox message, from the signed canonical content alone
 * (DOMAIN.md §5.2 "NewRx key content"): nothing is re-read from editable tables, so what leaves is
 * exactly what was signed (1311.170 "no content change in transit"). Deterministic: a retry
 * renders the same bytes with the same MessageID.
 */
export function toScriptMessage(content: TSignedPrescriptionContent, env: OutboundEnvelope): ScriptMessageInput {
  const m = content.medication;
  const parties = {
    patient: {
      name: { first: content.patient.givenName, last: content.patient.familyName },
      gender: GENDER[content.patient.sex],
      dateOfBirth: content.patient.dateOfBirth,
      address: address(content.patient.address),
      phone: content.patient.phone ? toScriptPhone(content.patient.phone) : undefined,
    },
    pharmacy: { ncpdpId: content.pharmacy.ncpdpId, npi: content.pharmacy.npi, name: content.pharmacy.name },
    prescriber: {
      name: splitName(content.prescriber.fullName),
      npi: content.prescriber.npi,
      // 1306.05(a): the DEA number of the registration this prescription was signed under.
      deaNumber: content.prescriber.dea.number,
      stateLicence: `${content.prescriber.licence.state} ${content.prescriber.licence.number}`,
      address: address(content.prescriber.address),
      phone: toScriptPhone(content.prescriber.phone ?? ""),
    },
    medicationPrescribed: {
      drugDescription: m.drugDescription,
      quantity: { value: content.quantity.value, codeListQualifier: ORIGINAL_QUANTITY, unitOfMeasure: content.quantity.unitCode },
      daysSupply: content.daysSupply,
      writtenDate: content.writtenDate,
      // SCRIPT Substitutions: "1" = substitution not allowed by the prescriber.
      substitutions: content.substitutionsAllowed ? ("0" as const) : ("1" as const),
      numberOfRefills: content.refills,
      sig: content.sig,
      ...(content.noteToPharmacy ? { note: content.noteToPharmacy } : {}),
      deaSchedule: m.deaScheduleCode,
      compoundInformation: {
        finalDosageForm: m.compound.finalDosageFormCode,
        ingredients: m.compound.ingredients.map((i) => {
          const unit = STRENGTH_UNIT_NCI[i.strength.unit] ?? i.strength.unit;
          return {
            name: i.name,
            strength: { value: i.strength.value, unitOfMeasure: unit },
            // Total of the ingredient in the dispensed quantity (e.g. 4 troches x 200 mg = 800 mg).
            quantity: { value: round6(i.strength.value * content.quantity.value), codeListQualifier: ORIGINAL_QUANTITY, unitOfMeasure: unit },
          };
        }),
      },
    },
  };
  return {
    header: {
      to: env.toNcpdpId,
      // The sender is the prescriber (NPI); responses come back by RelatesToMessageID.
      from: content.prescriber.npi,
      messageId: env.messageId,
      ...(env.relatesToMessageId ? { relatesToMessageId: env.relatesToMessageId } : {}),
      sentTime: env.createdAt.toISOString(),
      prescriberOrderNumber: content.prescriptionId,
    },
    body: env.type === "NewRx" ? { type: "NewRx", ...parties } : { type: "CancelRx", ...parties },
  };
}

const round6 = (n: number) => Math.round(n * 1e6) / 1e6;

/** Payload (signed canonical JSON) -> SCRIPT XML. Throws RenderError naming the fields (no values). */
export function renderOutbound(payload: string, env: OutboundEnvelope): string {
  let json: unknown;
  try {
    json = JSON.parse(payload);
  } catch {
    throw new RenderError(["payload"]);
  }
  const content = ZSignedPrescriptionContent.safeParse(json);
  if (!content.success) throw new RenderError([...new Set(content.error.issues.map((i) => i.path.join(".")))]);
  try {
    return renderMessage(toScriptMessage(content.data, env));
  } catch (e) {
    const issues = (e as { issues?: { path: PropertyKey[] }[] }).issues;
    if (issues) throw new RenderError([...new Set(issues.map((i) => i.path.map(String).join(".")))]);
    throw e;
  }
}
