import { describe, expect, it } from "vitest";

import { checkPrescription } from "./check";
import {
  checkDraftCreation,
  PRESCRIPTION_EDGES,
  PRESCRIPTION_STATUSES,
  PRESCRIPTION_TRANSITIONS,
  type PrescriptionEvent,
  type PrescriptionGuard,
  type PrescriptionStatus,
  prescriptionContentEditable,
  TERMINAL_PRESCRIPTION_STATUSES,
  transitionPrescription,
} from "./lifecycle";
import { CONTEXT, NOW, passingInput, TZ } from "./test-fixtures";

const clear: PrescriptionGuard = { blockingFindings: [] };
const signing: PrescriptionGuard = { blockingFindings: [], signerId: "prescriber-1", prescriberId: "prescriber-1", secondFactorVerified: true };
const deadLetterReplay: PrescriptionGuard = { replayOfDeadLetter: true };
const EVENTS = Object.keys(PRESCRIPTION_TRANSITIONS) as PrescriptionEvent[];

// DOMAIN.md §2 "Prescription": every row of the table.
const LEGAL: [PrescriptionStatus, PrescriptionEvent, PrescriptionStatus, PrescriptionGuard][] = [
  ["draft", "mark_ready", "pending_signature", clear],
  ["pending_signature", "edit", "draft", {}],
  ["pending_signature", "sign", "signed", signing],
  ["signed", "transmit", "transmitted", {}],
  ["transmitted", "acknowledge", "acknowledged", {}],
  ["transmitted", "fail", "error", {}],
  ["transmitted", "request_cancel", "cancel_requested", {}],
  ["acknowledged", "request_cancel", "cancel_requested", {}],
  ["cancel_requested", "cancel_approved", "cancelled", {}],
  ["cancel_requested", "cancel_denied", "cancel_denied", {}],
  ["draft", "void", "voided", {}],
  ["pending_signature", "void", "voided", {}],
  // The DOMAIN.md §2 extension (lifecycle.ts header): an admin's replay of a dead letter.
  ["error", "replay", "transmitted", deadLetterReplay],
  ["cancel_denied", "replay", "cancel_requested", deadLetterReplay],
];

describe("every allowed transition (DOMAIN.md §2 table)", () => {
  it.each(LEGAL)("%s --%s--> %s", (from, event, to, guard) => {
    expect(transitionPrescription(from, event, guard)).toEqual({ ok: true, from, to });
  });

  it("the table has exactly these transitions", () => {
    const fromData = EVENTS.flatMap((e) => PRESCRIPTION_TRANSITIONS[e].flatMap((r) => r.from.map((f) => `${f}:${e}:${r.to}`))).sort();
    expect(fromData).toEqual(LEGAL.map(([f, e, t]) => `${f}:${e}:${t}`).sort());
    expect(PRESCRIPTION_EDGES.map((x) => `${x.from}:${x.event}:${x.to}`).sort()).toEqual(fromData);
  });
});

describe("every other (state, event) pair is refused with a typed code", () => {
  const legal = new Set(LEGAL.map(([f, e]) => `${f}:${e}`));
  const refused = PRESCRIPTION_STATUSES.flatMap((s) => EVENTS.filter((e) => !legal.has(`${s}:${e}`)).map((e) => [s, e] as const));
  // 10 statuses x 11 events, less the 14 legal pairs.
  it("96 refused pairs", () => expect(refused).toHaveLength(96));
  it.each(refused)("%s cannot %s", (from, event) => {
    const r = transitionPrescription(from, event, { ...signing, ...deadLetterReplay });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(["invalid_transition", "already_in_state"]).toContain(r.code);
  });

  it.each<[PrescriptionStatus, PrescriptionEvent, string]>([
    ["signed", "edit", "invalid_transition"], // a signed prescription is never modified
    ["signed", "void", "invalid_transition"], // a change after signing is cancel + new Rx
    ["draft", "sign", "invalid_transition"], // must be marked ready first
    ["error", "transmit", "invalid_transition"], // never auto-reissue
    ["signed", "request_cancel", "invalid_transition"],
    ["cancel_denied", "request_cancel", "invalid_transition"],
    ["acknowledged", "acknowledge", "already_in_state"], // a Verify after a Status
    ["cancelled", "cancel_approved", "already_in_state"],
    ["error", "acknowledge", "invalid_transition"], // a replayed message is acknowledged only after the replay
    ["error", "sign", "invalid_transition"],
    ["cancel_denied", "cancel_approved", "invalid_transition"], // only after the replay (cancel_requested)
    ["cancelled", "replay", "invalid_transition"],
    ["voided", "replay", "invalid_transition"],
    ["acknowledged", "replay", "invalid_transition"],
    ["transmitted", "replay", "already_in_state"],
  ])("sample: %s + %s -> %s", (from, event, code) => {
    expect(transitionPrescription(from, event, signing)).toMatchObject({ ok: false, code });
  });

  it("terminal statuses take no event, except an admin's replay of the dead letter that caused error / cancel_denied", () => {
    for (const s of TERMINAL_PRESCRIPTION_STATUSES) for (const e of EVENTS) expect(transitionPrescription(s, e, signing).ok).toBe(false);
    const reopened = TERMINAL_PRESCRIPTION_STATUSES.flatMap((s) => EVENTS.filter((e) => transitionPrescription(s, e, { ...signing, ...deadLetterReplay }).ok).map((e) => `${s}:${e}`));
    expect(reopened).toEqual(["error:replay", "cancel_denied:replay"]);
  });
});

describe("guards", () => {
  const blocked = checkPrescription({ ...passingInput(), refills: 6 }, CONTEXT).blocking;

  it("mark ready and sign need the checklist run and clear (fail closed without it)", () => {
    expect(transitionPrescription("draft", "mark_ready")).toMatchObject({ ok: false, code: "hard_blocks" });
    const r = transitionPrescription("draft", "mark_ready", { blockingFindings: blocked });
    expect(r).toMatchObject({ ok: false, code: "hard_blocks", message: "Fix the checklist first: RX02." });
    expect(transitionPrescription("pending_signature", "sign", { ...signing, blockingFindings: blocked })).toMatchObject({ ok: false, code: "hard_blocks" });
  });

  it("only the named prescriber signs (1311.135), and only with the second factor (1311.140)", () => {
    expect(transitionPrescription("pending_signature", "sign", { ...signing, signerId: "agent-2" })).toMatchObject({ ok: false, code: "not_named_prescriber" });
    expect(transitionPrescription("pending_signature", "sign", { ...signing, signerId: undefined })).toMatchObject({ ok: false, code: "not_named_prescriber" });
    expect(transitionPrescription("pending_signature", "sign", { ...signing, secondFactorVerified: false })).toMatchObject({ ok: false, code: "second_factor_required" });
    expect(transitionPrescription("pending_signature", "sign", { ...signing, secondFactorVerified: undefined })).toMatchObject({ ok: false, code: "second_factor_required" });
  });

  it("replay fails closed unless the caller vouches the failure was a dead letter (not a 601/900 or a Denied answer)", () => {
    for (const from of ["error", "cancel_denied"] as const) {
      expect(transitionPrescription(from, "replay")).toMatchObject({ ok: false, code: "not_a_dead_letter" });
      expect(transitionPrescription(from, "replay", { replayOfDeadLetter: false })).toMatchObject({ ok: false, code: "not_a_dead_letter" });
    }
    expect(transitionPrescription("error", "replay", deadLetterReplay)).toEqual({ ok: true, from: "error", to: "transmitted" });
    expect(transitionPrescription("cancel_denied", "replay", deadLetterReplay)).toEqual({ ok: true, from: "cancel_denied", to: "cancel_requested" });
  });

  it("after a replay the prescription follows the pharmacy's answer as usual", () => {
    expect(transitionPrescription("transmitted", "acknowledge")).toMatchObject({ ok: true, to: "acknowledged" });
    expect(transitionPrescription("transmitted", "fail")).toMatchObject({ ok: true, to: "error" });
    expect(transitionPrescription("cancel_requested", "cancel_approved")).toMatchObject({ ok: true, to: "cancelled" });
    expect(transitionPrescription("cancel_requested", "cancel_denied")).toMatchObject({ ok: true, to: "cancel_denied" });
  });

  it("only a draft's content is editable", () => {
    expect(PRESCRIPTION_STATUSES.filter(prescriptionContentEditable)).toEqual(["draft"]);
  });
});

describe("create guard: current eligible_at_home decision and a linked audio-video visit", () => {
  const base = passingInput();
  it("passes with both", () => {
    expect(checkDraftCreation(base, NOW, TZ)).toEqual({ ok: true });
  });
  it("refuses with the failing rules", () => {
    const r = checkDraftCreation({ eligibility: { ...base.eligibility!, status: "expired" }, basisVisit: null }, NOW, TZ);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.findings.map((f) => f.ruleId)).toEqual(["RX10", "RX13"]);
  });
});
