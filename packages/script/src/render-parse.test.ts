import { describe, expect, it } from "vitest";

import { sampleNewRx, sampleResponse } from "./fixtures";
import type { ScriptMessageInput } from "./model";
import { ZScriptMessage } from "./model";
import { parseMessage } from "./parse";
import { renderMessage } from "./render";

const roundTrip = (m: ScriptMessageInput) => {
  const xml = renderMessage(m);
  const parsed = parseMessage(xml);
  if (!parsed.ok) throw new Error(parsed.problem);
  expect(parsed.message).toEqual(ZScriptMessage.parse(m));
  expect(parsed.version).toBe("2017071");
  return xml;
};

const newRxBody = sampleNewRx().body as Extract<ScriptMessageInput["body"], { type: "NewRx" }>;

describe("renderMessage", () => {
  it("writes the SCRIPT envelope and the NewRx elements of DOMAIN §5.2", () => {
    const xml = renderMessage(sampleNewRx());
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?><Message xmlns="http:\/\/www.ncpdp.org\/schema\/SCRIPT" version="2017071"><Header>/);
    for (const el of [
      '<To Qualifier="P">7654321</To>',
      '<From Qualifier="D">clearwell-test</From>',
      "<MessageID>11111111-1111-4111-8111-111111111111</MessageID>",
      "<SentTime>2026-11-20T15:04:05.000Z</SentTime>",
      "<PrescriberOrderNumber>22222222-2222-4222-8222-222222222222</PrescriberOrderNumber>",
      "<NCPDPID>7654321</NCPDPID>",
      "<DEANumber>AP1234563</DEANumber>",
      "<Quantity><Value>4</Value><CodeListQualifier>38</CodeListQualifier><QuantityUnitOfMeasure><Code>C48548</Code></QuantityUnitOfMeasure></Quantity>",
      "<DaysSupply>28</DaysSupply>",
      "<WrittenDate><Date>2026-11-20</Date></WrittenDate>",
      "<Substitutions>1</Substitutions>",
      "<NumberOfRefills>0</NumberOfRefills>",
      "<DEASchedule><Code>C48676</Code></DEASchedule>",
      "<FinalCompoundPharmaceuticalDosageForm>C48548</FinalCompoundPharmaceuticalDosageForm>",
    ])
      expect(xml).toContain(el);
    expect(xml).not.toContain("RelatesToMessageID");
  });

  it("escapes text: markup in a note stays text", () => {
    const m = sampleNewRx();
    const body = { ...newRxBody, medicationPrescribed: { ...newRxBody.medicationPrescribed, note: `A & B <Note>x</Note> "q" 'a' ]]> café` } };
    const xml = roundTrip({ ...m, body });
    expect(xml).toContain("A &amp; B &lt;Note&gt;x&lt;/Note&gt;");
  });

  it("refuses an invalid model (programming error, thrown)", () => {
    const bad = { ...sampleNewRx(), body: { ...newRxBody, medicationPrescribed: { ...newRxBody.medicationPrescribed, daysSupply: 0 } } };
    expect(() => renderMessage(bad)).toThrow();
    const nul = { ...sampleNewRx(), body: { ...newRxBody, medicationPrescribed: { ...newRxBody.medicationPrescribed, sig: "take\u0000one" } } };
    expect(() => renderMessage(nul)).toThrow();
  });

  it("writes numbers in plain decimal notation", () => {
    const body = { ...newRxBody, medicationPrescribed: { ...newRxBody.medicationPrescribed, quantity: { value: 2.5, codeListQualifier: "38", unitOfMeasure: "C28254" } } };
    expect(renderMessage({ ...sampleNewRx(), body })).toContain("<Value>2.5</Value>");
  });
});

describe("round trip (render then parse gives the same model)", () => {
  const rel = "11111111-1111-4111-8111-111111111111";
  it("NewRx, with and without optional parts", () => {
    roundTrip(sampleNewRx());
    const { compoundInformation: _c, note: _n, deaSchedule: _d, ...med } = newRxBody.medicationPrescribed;
    roundTrip({ ...sampleNewRx(), body: { ...newRxBody, medicationPrescribed: med } });
    // A patient without a phone on file: the message is still valid and carries no phone element.
    const { phone: _p, ...patient } = newRxBody.patient;
    const noPhone = { ...sampleNewRx(), body: { ...newRxBody, patient } };
    roundTrip(noPhone);
    expect(renderMessage(noPhone).match(/<PrimaryTelephone>/g)).toHaveLength(1);
  });
  it("CancelRx refers to the original by RelatesToMessageID and PrescriberOrderNumber", () => {
    const m = sampleNewRx({ messageId: "cancel-1" });
    const xml = roundTrip({ ...m, header: { ...m.header, relatesToMessageId: rel }, body: { ...newRxBody, type: "CancelRx" } });
    expect(xml).toContain("<CancelRx>");
    expect(xml).toContain(`<RelatesToMessageID>${rel}</RelatesToMessageID>`);
  });
  it("Status, Verify, Error, CancelRxResponse, RxFill", () => {
    const status = roundTrip(sampleResponse({ type: "Status", code: "010", description: "Received by pharmacy" }, rel));
    expect(status).toContain('<To Qualifier="D">clearwell-test</To>');
    expect(status).toContain("<Status><Code>010</Code>");
    roundTrip(sampleResponse({ type: "Status", code: "000" }, rel));
    roundTrip(sampleResponse({ type: "Verify", code: "010" }, rel));
    roundTrip(sampleResponse({ type: "Verify" }, rel));
    for (const code of ["600", "601", "602", "900"] as const) roundTrip(sampleResponse({ type: "Error", code, description: "simulated" }, rel));
    expect(roundTrip(sampleResponse({ type: "CancelRxResponse", response: "Approved" }, rel))).toContain("<Approved/>");
    roundTrip(sampleResponse({ type: "CancelRxResponse", response: "Approved", reason: "Not yet dispensed" }, rel));
    expect(roundTrip(sampleResponse({ type: "CancelRxResponse", response: "Denied", reason: "Already dispensed" }, rel))).toContain("<Denied><DenialReason>Already dispensed</DenialReason></Denied>");
    const fill = sampleResponse(
      { type: "RxFill", fillStatus: "PartiallyDispensed", quantity: { value: 2, codeListQualifier: "38", unitOfMeasure: "C48548" }, dispensedDate: "2026-11-21", note: "2 of 4" },
      rel,
    );
    roundTrip({ ...fill, header: { ...fill.header, rxReferenceNumber: "SIM-RX-1" } });
  });
});

describe("parseMessage refuses", () => {
  const xml = renderMessage(sampleNewRx());
  const expectRefused = (input: string, kind: string) => {
    const r = parseMessage(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.kind).toBe(kind);
    return r;
  };

  it("the billion laughs (any DOCTYPE) before parsing", () => {
    const lol =
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>' +
      `<Message xmlns="http://www.ncpdp.org/schema/SCRIPT" version="2017071"><Header><To>&lol3;</To></Header><Body/></Message>`;
    expectRefused(lol, "refused_construct");
  });

  it("an external entity (XXE)", () => {
    const xxe = `<?xml version="1.0"?><!DOCTYPE m [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${xml.replace(/^<\?xml[^>]*\?>/, "").replace("<SigText>", "<SigText>&xxe;")}`;
    const r = expectRefused(xxe, "refused_construct");
    if (!r.ok) expect(r.problem).not.toContain("root:");
    // Lower case, no DOCTYPE keyword at the top: an undeclared entity reference is refused too.
    expectRefused(xml.replace("<SigText>", "<SigText>&xxe;"), "refused_construct");
    expectRefused(xml.replace("<SigText>", "<!doctype x><SigText>"), "refused_construct");
  });

  it("NUL bytes, raw or as a character reference, and other forbidden characters", () => {
    expectRefused(xml.replace("<SigText>", "<SigText>\u0000"), "refused_construct");
    expectRefused(xml.replace("<SigText>", "<SigText>&#0;"), "refused_construct");
    expectRefused(xml.replace("<SigText>", "<SigText>&#x0;"), "refused_construct");
    expectRefused(xml.replace("<SigText>", "<SigText>\u0007"), "refused_construct");
    expectRefused(xml.replace("<SigText>", "<SigText>&#7;"), "refused_construct");
    expectRefused(xml.replace("<SigText>", "<SigText>\uD800"), "refused_construct");
  });

  it("control characters XML allows but the text schema does not (a tab in a sig)", () => {
    expectRefused(xml.replace("<SigText>", "<SigText>a&#9;b "), "invalid");
  });

  it("oversize input", () => {
    expectRefused(xml.replace("<SigText>", `<SigText>${"x".repeat(300 * 1024)}`), "too_large");
    expect(parseMessage(xml, { maxBytes: 100 }).ok).toBe(false);
  });

  it("malformed XML", () => {
    for (const bad of ["", "not xml", "<Message>", xml.slice(0, -5), xml.replace("</Header>", ""), "<a></b>", "<Message xmlns='x'><a & b/></Message>"]) {
      const r = parseMessage(bad);
      expect(r.ok, bad.slice(0, 40)).toBe(false);
    }
    expectRefused(xml.replace("<SigText>", "<SigText>A & B"), "not_xml");
  });

  it("deep nesting", () => {
    const deep = `<Message xmlns="http://www.ncpdp.org/schema/SCRIPT" version="2017071">${"<a>".repeat(5000)}${"</a>".repeat(5000)}</Message>`;
    expect(parseMessage(deep).ok).toBe(false);
  });

  it("documents that are not SCRIPT: another root, namespace or version", () => {
    expectRefused("<Other/>", "not_script");
    expectRefused(xml.replace('xmlns="http://www.ncpdp.org/schema/SCRIPT"', 'xmlns="urn:x"'), "not_script");
    expectRefused(xml.replace(' version="2017071"', ""), "not_script");
    expect(parseMessage(`${xml}<Message/>`).ok).toBe(false);
  });

  it("an unknown transaction or two transactions in one Body", () => {
    expectRefused(xml.replace(/<NewRx>[\s\S]*<\/NewRx>/, "<RxChangeRequest/>"), "not_script");
    expectRefused(xml.replace("</NewRx>", "</NewRx><Status><Code>010</Code></Status>"), "not_script");
  });

  it("a message that breaks the model, naming the field but never echoing the value, and keeping the MessageID", () => {
    const r = expectRefused(xml.replace("<DEANumber>AP1234563</DEANumber>", "<DEANumber>SECRET-VALUE</DEANumber>"), "invalid");
    if (!r.ok) {
      expect(r.problem).toContain("body.prescriber.deaNumber");
      expect(r.problem).not.toContain("SECRET-VALUE");
      expect(r.messageId).toBe("11111111-1111-4111-8111-111111111111");
    }
    expectRefused(xml.replace("<NumberOfRefills>0</NumberOfRefills>", "<NumberOfRefills>-1</NumberOfRefills>"), "invalid");
    expectRefused(xml.replace("<NumberOfRefills>0</NumberOfRefills>", "<NumberOfRefills>0</NumberOfRefills><NumberOfRefills>1</NumberOfRefills>"), "invalid");
    expectRefused(xml.replace(/<MessageID>[^<]*<\/MessageID>/, ""), "invalid");
    const err = renderMessage(sampleResponse({ type: "Error", code: "600" }, "x")).replace("<Code>600</Code>", "<Code>700</Code>");
    expectRefused(err, "invalid");
  });

  it("accepts entities and character references it can decode safely", () => {
    const r = parseMessage(xml.replace("<SigText>", "<SigText>caf&#233; &#x263A; &quot;x&apos; "));
    expect(r.ok).toBe(true);
    if (r.ok && r.message.body.type === "NewRx") expect(r.message.body.medicationPrescribed.sig.startsWith("café ☺ \"x' ")).toBe(true);
  });

  it("a prototype-pollution attempt (refused, nothing polluted)", () => {
    const r = parseMessage(xml.replace("<Sig>", "<__proto__><polluted>yes</polluted></__proto__><Sig>"));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(r.ok).toBe(false);
  });
});
