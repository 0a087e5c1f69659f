/**
 * Internal model -> SCRIPT 2017071 XML (xmlbuilder2). The model is validated first, so what goes
 * on the wire is exactly what the zod schemas allow; xmlbuilder2 escapes every text.
 */
import { create } from "xmlbuilder2";
import type { XMLBuilder } from "xmlbuilder2/lib/interfaces";

import { QUALIFIER, SCRIPT_NAMESPACE, SCRIPT_VERSION } from "./elements";
import type { ScriptBody, ScriptHeader, ScriptMessageInput } from "./model";
import { ZScriptMessage } from "./model";

type Med = Extract<ScriptBody, { type: "NewRx" }>["medicationPrescribed"];
type Patient = Extract<ScriptBody, { type: "NewRx" }>["patient"];
type Prescriber = Extract<ScriptBody, { type: "NewRx" }>["prescriber"];
type Pharmacy = Extract<ScriptBody, { type: "NewRx" }>["pharmacy"];
type Quantity = Med["quantity"];
type Address = Patient["address"];
type Name = Patient["name"];

/** Adds `<name>value</name>` unless value is undefined. */
function leaf(parent: XMLBuilder, name: string, value: string | number | undefined) {
  if (value === undefined) return;
  parent.ele(name).txt(String(value));
}

function header(parent: XMLBuilder, h: ScriptHeader, toPharmacy: boolean) {
  const el = parent.ele("Header");
  el.ele("To", { Qualifier: toPharmacy ? QUALIFIER.pharmacy : QUALIFIER.prescriber }).txt(h.to);
  el.ele("From", { Qualifier: toPharmacy ? QUALIFIER.prescriber : QUALIFIER.pharmacy }).txt(h.from);
  leaf(el, "MessageID", h.messageId);
  leaf(el, "RelatesToMessageID", h.relatesToMessageId);
  leaf(el, "SentTime", h.sentTime);
  leaf(el, "RxReferenceNumber", h.rxReferenceNumber);
  leaf(el, "PrescriberOrderNumber", h.prescriberOrderNumber);
}

function name(parent: XMLBuilder, n: Name) {
  const el = parent.ele("Name");
  leaf(el, "LastName", n.last);
  leaf(el, "FirstName", n.first);
  leaf(el, "MiddleName", n.middle);
}

function address(parent: XMLBuilder, a: Address) {
  const el = parent.ele("Address");
  leaf(el, "AddressLine1", a.line1);
  leaf(el, "AddressLine2", a.line2);
  leaf(el, "City", a.city);
  leaf(el, "StateProvince", a.state);
  leaf(el, "PostalCode", a.postalCode);
  leaf(el, "CountryCode", a.countryCode);
}

function phone(parent: XMLBuilder, number: string) {
  parent.ele("CommunicationNumbers").ele("PrimaryTelephone").ele("Number").txt(number);
}

function quantity(parent: XMLBuilder, q: Quantity) {
  const el = parent.ele("Quantity");
  leaf(el, "Value", q.value);
  leaf(el, "CodeListQualifier", q.codeListQualifier);
  el.ele("QuantityUnitOfMeasure").ele("Code").txt(q.unitOfMeasure);
}

function patient(parent: XMLBuilder, p: Patient) {
  const el = parent.ele("Patient").ele("HumanPatient");
  name(el, p.name);
  leaf(el, "Gender", p.gender);
  el.ele("DateOfBirth").ele("Date").txt(p.dateOfBirth);
  address(el, p.address);
  if (p.phone) phone(el, p.phone);
}

function pharmacy(parent: XMLBuilder, p: Pharmacy) {
  const el = parent.ele("Pharmacy");
  const id = el.ele("Identification");
  leaf(id, "NCPDPID", p.ncpdpId);
  leaf(id, "NPI", p.npi);
  leaf(el, "BusinessName", p.name);
}

function prescriber(parent: XMLBuilder, p: Prescriber) {
  const el = parent.ele("Prescriber").ele("NonVeterinarian");
  const id = el.ele("Identification");
  leaf(id, "StateLicenseNumber", p.stateLicence);
  leaf(id, "DEANumber", p.deaNumber);
  leaf(id, "NPI", p.npi);
  name(el, p.name);
  address(el, p.address);
  phone(el, p.phone);
}

function medication(parent: XMLBuilder, m: Med) {
  const el = parent.ele("MedicationPrescribed");
  leaf(el, "DrugDescription", m.drugDescription);
  quantity(el, m.quantity);
  leaf(el, "DaysSupply", m.daysSupply);
  el.ele("WrittenDate").ele("Date").txt(m.writtenDate);
  leaf(el, "Substitutions", m.substitutions);
  leaf(el, "NumberOfRefills", m.numberOfRefills);
  el.ele("Sig").ele("SigText").txt(m.sig);
  leaf(el, "Note", m.note);
  if (m.deaSchedule) el.ele("DEASchedule").ele("Code").txt(m.deaSchedule);
  if (m.compoundInformation) {
    const ci = el.ele("CompoundInformation");
    ci.ele("FinalCompoundPharmaceuticalDosageForm").txt(m.compoundInformation.finalDosageForm);
    for (const ing of m.compoundInformation.ingredients) {
      const lot = ci.ele("CompoundIngredientsLotNotUsed");
      const ci2 = lot.ele("CompoundIngredient");
      leaf(ci2, "CompoundIngredientItemDescription", ing.name);
      const st = ci2.ele("Strength");
      leaf(st, "StrengthValue", ing.strength.value);
      st.ele("StrengthUnitOfMeasure").ele("Code").txt(ing.strength.unitOfMeasure);
      quantity(lot, ing.quantity);
    }
  }
}

function body(parent: XMLBuilder, b: ScriptBody) {
  const el = parent.ele("Body");
  switch (b.type) {
    case "NewRx":
    case "CancelRx": {
      const tx = el.ele(b.type);
      patient(tx, b.patient);
      pharmacy(tx, b.pharmacy);
      prescriber(tx, b.prescriber);
      medication(tx, b.medicationPrescribed);
      return;
    }
    case "Status": {
      const tx = el.ele("Status");
      leaf(tx, "Code", b.code);
      leaf(tx, "Description", b.description);
      return;
    }
    case "Verify": {
      const vs = el.ele("Verify").ele("VerifyStatus");
      leaf(vs, "Code", b.code);
      leaf(vs, "Description", b.description);
      return;
    }
    case "Error": {
      const tx = el.ele("Error");
      leaf(tx, "Code", b.code);
      leaf(tx, "Description", b.description);
      return;
    }
    case "CancelRxResponse": {
      const r = el.ele("CancelRxResponse").ele("Response");
      if (b.response === "Approved") leaf(r.ele("Approved"), "Note", b.reason);
      else leaf(r.ele("Denied"), "DenialReason", b.reason);
      return;
    }
    case "RxFill": {
      const tx = el.ele("RxFill");
      leaf(tx.ele("FillStatus").ele(b.fillStatus), "Note", b.note);
      const md = tx.ele("MedicationDispensed");
      leaf(md, "DrugDescription", b.drugDescription);
      quantity(md, b.quantity);
      md.ele("LastFillDate").ele("Date").txt(b.dispensedDate);
      return;
    }
  }
}

export interface RenderOptions {
  /** Pretty-print (logs, fixtures); the wire format is compact. */
  pretty?: boolean;
}

/**
 * Renders a message as SCRIPT XML. Throws (ZodError) when the model is invalid: callers build it
 * from their own validated records, so that is a programming error, never a network one.
 */
export function renderMessage(input: ScriptMessageInput, opts: RenderOptions = {}): string {
  const m = ZScriptMessage.parse(input);
  const toPharmacy = m.body.type === "NewRx" || m.body.type === "CancelRx";
  const root = create({ version: "1.0", encoding: "UTF-8" }).ele(SCRIPT_NAMESPACE, "Message", { version: SCRIPT_VERSION });
  header(root, m.header, toPharmacy);
  body(root, m.body);
  return root.end({ prettyPrint: opts.pretty ?? false });
}
