import { parseMessage } from "@clearwell/script";
import type { TSignedPrescriptionContent } from "@clearwell/validators/prescription";
import { describe, expect, it } from "vitest";

import { syntheticSignedContent } from "../../../test/signed-content";
import { RenderError, renderOutbound } from "./render";

// DOMAIN.md §5.2: the SCRIPT message is rendered at the edge from the signed canonical content only,
// identically on every retry (same MessageID, same bytes). Synthetic data.
// The shared synthetic content, with what the render must reformat: a middle name, a ZIP+4, phones
// written with punctuation and a country code, and a sex that maps to a SCRIPT gender.
const base = syntheticSignedContent(
  {
    prescriptionId: "22222222-2222-4222-8222-222222222222",
    clinicId: "33333333-3333-4333-8333-333333333333",
    patientId: "p",
    prescriberUserId: "u",
    deaRegistrationId: "d",
    pharmacyId: "ph",
    formularyEntryId: "f",
    decisionId: "dec",
    appointmentId: "a",
  },
  new Date("2026-11-20T15:04:05.000Z"),
);
const address = { ...base.patient.address, postalCode: "80202-1234" };
const content: TSignedPrescriptionContent = {
  ...base,
  patient: { ...base.patient, givenName: "Avery", familyName: "Testperson", fullName: "Avery Testperson", sex: "female", address, phone: "(555) 010-0100" },
  prescriber: { ...base.prescriber, fullName: "Demo Q Prescriber", phone: "+1 555 010 0200" },
};
const env = { messageId: "11111111-1111-4111-8111-111111111111", type: "NewRx" as const, toNcpdpId: "7654321", createdAt: new Date("2026-11-20T15:04:06.000Z"), relatesToMessageId: null };

describe("renderOutbound", () => {
  it("renders the signed content as a NewRx, the same bytes every time", () => {
    const xml = renderOutbound(JSON.stringify(content), env);
    expect(renderOutbound(JSON.stringify(content), env)).toBe(xml);
    const parsed = parseMessage(xml);
    if (!parsed.ok) throw new Error(parsed.problem);
    expect(parsed.message.header).toMatchObject({ to: "7654321", from: "1245319599", messageId: env.messageId, sentTime: "2026-11-20T15:04:06.000Z", prescriberOrderNumber: content.prescriptionId });
    expect(parsed.message.body).toMatchObject({
      type: "NewRx",
      patient: { name: { first: "Avery", last: "Testperson" }, gender: "F", phone: "5550100100", address: { postalCode: "802021234" } },
      prescriber: { name: { first: "Demo Q", last: "Prescriber" }, deaNumber: "AT1234563", npi: "1245319599", phone: "5550100200" },
      medicationPrescribed: {
        drugDescription: "Ketamine HCl 200 mg sublingual troche, compounded",
        quantity: { value: "4", codeListQualifier: "38", unitOfMeasure: "C48548" },
        daysSupply: 28,
        writtenDate: "2026-11-20",
        // Substitutions not allowed by the prescriber.
        substitutions: "1",
        numberOfRefills: 0,
        deaSchedule: "C48676",
        compoundInformation: { finalDosageForm: "C48548", ingredients: [{ name: "Ketamine hydrochloride", strength: { value: "200", unitOfMeasure: "C28253" }, quantity: { value: "800" } }] },
      },
    });
  });

  it("a CancelRx names the NewRx it cancels", () => {
    const xml = renderOutbound(JSON.stringify(content), { ...env, type: "CancelRx", messageId: "44444444-4444-4444-8444-444444444444", relatesToMessageId: env.messageId });
    const parsed = parseMessage(xml);
    expect(parsed.ok && parsed.message.body.type).toBe("CancelRx");
    expect(parsed.ok && parsed.message.header.relatesToMessageId).toBe(env.messageId);
  });

  it("a patient without a phone on file still gets a valid NewRx (SCRIPT's patient phone is optional)", () => {
    const noPhone = { ...content, patient: { ...content.patient, phone: null } };
    const parsed = parseMessage(renderOutbound(JSON.stringify(noPhone), env));
    expect(parsed.ok && parsed.message.body.type === "NewRx" && parsed.message.body.patient.phone).toBeUndefined();
  });

  it("content that cannot be rendered is refused naming fields, never values", () => {
    const badPhone = { ...content, patient: { ...content.patient, phone: "12" } };
    const e = (() => {
      try {
        renderOutbound(JSON.stringify(badPhone), env);
      } catch (err) {
        return err;
      }
    })();
    expect(e).toBeInstanceOf(RenderError);
    expect((e as RenderError).message).toContain("patient.phone");
    expect((e as RenderError).message).not.toContain("Testperson");
    expect(() => renderOutbound("{not json", env)).toThrow(RenderError);
    expect(() => renderOutbound(JSON.stringify({ ...content, v: 2 }), env)).toThrow(/v/);
  });
});
