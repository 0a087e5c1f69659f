import { z } from "zod";
import type { ProviderOutputs } from "@clearwell/api/provider";
import type { TLegalBasis, TPrescriptionDraftFields } from "@clearwell/validators/prescription";
import { NOTE_TO_PHARMACY_MAX, ZLegalBasis, ZPrescriptionDraftFields } from "@clearwell/validators/prescription";

import type { RxContext } from "./rx-labels";

const S = ZPrescriptionDraftFields.shape;
const choose = (message: string) => z.string({ error: message }).min(1, message);

export const LEGAL_BASIS_KINDS = ["temporary_flexibility", "prior_in_person_eval", "special_registration", "telemedicine_exception"] as const;
export type LegalBasisKind = (typeof LEGAL_BASIS_KINDS)[number];

/**
 * The builder's form: the validators' draft fields (same bounds and messages as the server), with
 * the choices as select values ("" = not chosen yet) and the legal basis spread over its inputs.
 */
export const ZBuilderForm = z
  .object({
    prescriberUserId: choose("Choose the prescriber who will sign."),
    basisAppointmentId: choose("Choose the audio-video visit this prescription rests on."),
    formularyEntryId: choose("Choose what to prescribe from the formulary."),
    pharmacyId: choose("Choose the pharmacy."),
    unitsPerSession: S.unitsPerSession,
    daysBetweenSessions: S.daysBetweenSessions,
    quantity: S.quantity,
    refills: S.refills,
    firstSessionDate: z.union([z.literal(""), z.iso.date("Enter a date.")]),
    substitutionsAllowed: z.boolean(),
    noteToPharmacy: z.string().max(NOTE_TO_PHARMACY_MAX, `At most ${NOTE_TO_PHARMACY_MAX} characters (the pharmacy's note field).`),
    legalBasisKind: z.union([z.literal(""), z.enum(LEGAL_BASIS_KINDS)]),
    priorEvalDate: z.string(),
    priorEvalPractitioner: z.string(),
    specialRegistrationNumber: z.string(),
    telemedicineException: z.string(),
  })
  .superRefine((v, ctx) => {
    if (!v.legalBasisKind) ctx.addIssue({ code: "custom", path: ["legalBasisKind"], message: "Choose the legal basis for prescribing by telemedicine." });
    if (v.legalBasisKind === "prior_in_person_eval") {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(v.priorEvalDate)) ctx.addIssue({ code: "custom", path: ["priorEvalDate"], message: "Enter the date of the in-person evaluation." });
      if (!v.priorEvalPractitioner.trim()) ctx.addIssue({ code: "custom", path: ["priorEvalPractitioner"], message: "Name the practitioner who saw the patient in person." });
    }
    if (v.legalBasisKind === "special_registration" && !v.specialRegistrationNumber.trim())
      ctx.addIssue({ code: "custom", path: ["specialRegistrationNumber"], message: "Enter the special registration number." });
    if (v.legalBasisKind === "telemedicine_exception" && !v.telemedicineException.trim())
      ctx.addIssue({ code: "custom", path: ["telemedicineException"], message: "Name the exception that applies." });
  });

export type BuilderValues = z.input<typeof ZBuilderForm>;

/** The flexibility in force today, from the clinic's settings (DOMAIN.md §4.4: fails closed after `valid_until`). */
export function flexibilityInForce(ctx: RxContext): Extract<TLegalBasis, { kind: "temporary_flexibility" }> | null {
  const d = ctx.settings.legalBasisDefault;
  if (!d || d.kind !== "temporary_flexibility") return null;
  return d.validUntil >= ctx.today ? d : null;
}

export function legalBasisOf(v: BuilderValues, ctx: RxContext): TLegalBasis | null {
  let basis: unknown;
  switch (v.legalBasisKind) {
    case "temporary_flexibility":
      basis = flexibilityInForce(ctx) ?? ctx.settings.legalBasisDefault;
      break;
    case "prior_in_person_eval":
      basis = { kind: "prior_in_person_eval", date: v.priorEvalDate, practitioner: v.priorEvalPractitioner.trim() };
      break;
    case "special_registration":
      basis = { kind: "special_registration", number: v.specialRegistrationNumber.trim() };
      break;
    case "telemedicine_exception":
      basis = { kind: "telemedicine_exception", exception: v.telemedicineException.trim() };
      break;
    default:
      return null;
  }
  const parsed = ZLegalBasis.safeParse(basis);
  return parsed.success ? parsed.data : null;
}

/**
 * What can be sent now: every field that is valid on its own (an empty or half-typed one is left
 * out, so the checklist and the saved draft follow what is already right).
 */
export function draftFieldsOf(v: BuilderValues, ctx: RxContext): Partial<TPrescriptionDraftFields> {
  const out: Partial<Record<keyof TPrescriptionDraftFields, unknown>> = {};
  const put = <K extends keyof TPrescriptionDraftFields>(key: K, value: unknown) => {
    const r = S[key].safeParse(value);
    if (r.success) out[key] = r.data;
  };
  put("prescriberUserId", v.prescriberUserId);
  put("basisAppointmentId", v.basisAppointmentId);
  put("formularyEntryId", v.formularyEntryId);
  put("pharmacyId", v.pharmacyId);
  put("unitsPerSession", v.unitsPerSession);
  put("daysBetweenSessions", v.daysBetweenSessions);
  put("quantity", v.quantity);
  put("refills", v.refills);
  put("firstSessionDate", v.firstSessionDate === "" ? null : v.firstSessionDate);
  put("substitutionsAllowed", v.substitutionsAllowed);
  put("noteToPharmacy", v.noteToPharmacy.trim() === "" ? null : v.noteToPharmacy.trim());
  const basis = legalBasisOf(v, ctx);
  if (basis) out.legalBasis = basis;
  return out as Partial<TPrescriptionDraftFields>;
}

/** createDraft needs these (validators ZPrescriptionCreateDraftInput). */
export const CREATE_REQUIRED = ["basisAppointmentId", "formularyEntryId", "pharmacyId", "unitsPerSession", "daysBetweenSessions"] as const;

export const emptyNumber = Number.NaN;

/** A saved prescription, as the builder opens it. */
export type RxDetail = ProviderOutputs["prescription"]["get"]["prescription"];

/** Values of a saved prescription, or the defaults of a new one (DOMAIN.md §4.3 refills default; §4.4 legal basis default). */
export function initialValues(ctx: RxContext, rx: RxDetail | null, myId: string | undefined): BuilderValues {
  const flex = flexibilityInForce(ctx);
  const lb = rx?.legalBasis ?? null;
  const meNamed = ctx.prescribers.find((p) => p.userId === myId);
  return {
    prescriberUserId: rx?.prescriber.userId ?? meNamed?.userId ?? (ctx.prescribers.length === 1 ? ctx.prescribers[0]!.userId : ""),
    basisAppointmentId: rx?.basisAppointmentId ?? ctx.basisVisits[0]?.appointmentId ?? "",
    formularyEntryId: rx?.formularyEntryId ?? "",
    pharmacyId: rx?.pharmacyId ?? "",
    unitsPerSession: rx?.unitsPerSession ?? 1,
    daysBetweenSessions: rx?.daysBetweenSessions ?? Number.NaN,
    quantity: rx?.quantity ?? Number.NaN,
    refills: rx?.refills ?? ctx.settings.defaultRefills,
    firstSessionDate: rx?.firstSessionDate ?? "",
    substitutionsAllowed: rx?.substitutionsAllowed ?? false,
    noteToPharmacy: rx?.noteToPharmacy ?? "",
    legalBasisKind: lb?.kind ?? (flex ? "temporary_flexibility" : ""),
    priorEvalDate: lb?.kind === "prior_in_person_eval" ? lb.date : "",
    priorEvalPractitioner: lb?.kind === "prior_in_person_eval" ? lb.practitioner : "",
    specialRegistrationNumber: lb?.kind === "special_registration" ? lb.number : "",
    telemedicineException: lb?.kind === "telemedicine_exception" ? lb.exception : "",
  };
}
