/**
 * Synthetic SCRIPT messages for tests (here, in the simulator and in the API's tests). No real
 * person, prescriber or pharmacy: names are invented, NPIs/DEA numbers are made up.
 */
import type { ScriptMessageInput } from "./model";
import { DEA_SCHEDULE_NCI } from "./model";

export const SAMPLE_PHARMACY_NCPDP = "7654321";

export function sampleNewRx(overrides: { messageId?: string; prescriberOrderNumber?: string; to?: string; sentTime?: string } = {}): ScriptMessageInput {
  const to = overrides.to ?? SAMPLE_PHARMACY_NCPDP;
  return {
    header: {
      to,
      from: "clearwell-test",
      messageId: overrides.messageId ?? "11111111-1111-4111-8111-111111111111",
      sentTime: overrides.sentTime ?? "2026-11-20T15:04:05.000Z",
      prescriberOrderNumber: overrides.prescriberOrderNumber ?? "22222222-2222-4222-8222-222222222222",
    },
    body: {
      type: "NewRx",
      patient: {
        name: { last: "Testperson", first: "Avery", middle: "Q" },
        gender: "F",
        dateOfBirth: "1985-04-12",
        address: { line1: "12 Example Street", line2: "Apt 3", city: "Springfield", state: "OR", postalCode: "97477" },
        phone: "5550100100",
      },
      pharmacy: { ncpdpId: to, npi: "1234567893", name: "Clearwater Compounding (simulator)" },
      prescriber: {
        name: { last: "Prescriber", first: "Demo" },
        npi: "1245319599",
        deaNumber: "AP1234563",
        stateLicence: "OR-MD-12345",
        address: { line1: "1 Clinic Way", city: "Portland", state: "OR", postalCode: "97201" },
        phone: "5550100200",
      },
      medicationPrescribed: {
        drugDescription: "Ketamine HCl 200 mg sublingual troche, compounded",
        quantity: { value: 4, codeListQualifier: "38", unitOfMeasure: "C48548" },
        daysSupply: 28,
        writtenDate: "2026-11-20",
        substitutions: "1",
        numberOfRefills: 0,
        sig: "Dissolve 1 troche (200 mg) under the tongue for 15 min without swallowing; spit remainder. Scheduled session days only, support person present. Max 1 session per 7 days.",
        note: "Compounded for a patient-specific at-home regimen.",
        deaSchedule: DEA_SCHEDULE_NCI.CIII,
        compoundInformation: {
          finalDosageForm: "C48548",
          ingredients: [{ name: "Ketamine hydrochloride", strength: { value: 200, unitOfMeasure: "C28253" }, quantity: { value: 800, codeListQualifier: "38", unitOfMeasure: "C28253" } }],
        },
      },
    },
  };
}

/** A response (Status by default) from the sample pharmacy answering `relatesTo`. */
export function sampleResponse(body: ScriptMessageInput["body"], relatesTo: string, messageId = "33333333-3333-4333-8333-333333333333"): ScriptMessageInput {
  return {
    header: {
      to: "clearwell-test",
      from: SAMPLE_PHARMACY_NCPDP,
      messageId,
      relatesToMessageId: relatesTo,
      sentTime: "2026-11-20T15:04:06.000Z",
      prescriberOrderNumber: "22222222-2222-4222-8222-222222222222",
    },
    body,
  };
}
