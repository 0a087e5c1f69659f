import { describe, expect, it } from "vitest";

import { type AckDecision, ackMappingWith, DEFAULT_ACK_MAPPING, type InboundResponse, mapAcknowledgement, outboxFailureEvent } from "./ack";
import type { OutboxMessageType } from "./outbox";

const d = (p: Partial<AckDecision>): AckDecision => ({ outbox: null, prescription: null, alert: null, unmappedCode: false, unexpected: false, ...p });

// DOMAIN.md §5.2 (Error codes) and §5.4 (mapping).
describe("default acknowledgement mapping", () => {
  it.each<[OutboxMessageType, InboundResponse, AckDecision]>([
    ["NewRx", { kind: "Status", code: "010" }, d({ outbox: "acked", prescription: "acknowledge" })],
    ["NewRx", { kind: "Status", code: "000" }, d({})],
    ["NewRx", { kind: "Status", code: "999" }, d({ unmappedCode: true })],
    ["NewRx", { kind: "Verify" }, d({ outbox: "acked", prescription: "acknowledge" })],
    ["NewRx", { kind: "Error", code: "600" }, d({ outbox: "transient_failure" })],
    ["NewRx", { kind: "Error", code: "602" }, d({ outbox: "transient_failure" })],
    ["NewRx", { kind: "Error", code: "601" }, d({ outbox: "terminal_failure", prescription: "fail", alert: "A9" })],
    ["NewRx", { kind: "Error", code: "900" }, d({ outbox: "terminal_failure", prescription: "fail", alert: "A9" })],
    ["NewRx", { kind: "Error", code: "777" }, d({ outbox: "terminal_failure", prescription: "fail", alert: "A9", unmappedCode: true })],
    ["NewRx", { kind: "CancelRxResponse", response: "Approved" }, d({ unexpected: true })],
    ["CancelRx", { kind: "Status", code: "010" }, d({ outbox: "acked" })],
    ["CancelRx", { kind: "Verify" }, d({ outbox: "acked" })],
    ["CancelRx", { kind: "CancelRxResponse", response: "Approved" }, d({ outbox: "acked", prescription: "cancel_approved" })],
    ["CancelRx", { kind: "CancelRxResponse", response: "Denied" }, d({ outbox: "acked", prescription: "cancel_denied", alert: "A9" })],
    ["CancelRx", { kind: "Error", code: "600" }, d({ outbox: "transient_failure" })],
    ["CancelRx", { kind: "Error", code: "900" }, d({ outbox: "terminal_failure", prescription: "cancel_denied", alert: "A9" })],
  ])("%s answered by %j", (answered, response, expected) => {
    expect(mapAcknowledgement(answered, response)).toEqual(expected);
  });

  it("601 and 900 are terminal, 600 and 602 retry", () => {
    expect(DEFAULT_ACK_MAPPING.errors).toEqual({ "600": "retry", "601": "terminal", "602": "retry", "900": "terminal" });
  });

  it("a dead letter or rejection fails a NewRx, and leaves a cancel denied", () => {
    expect(outboxFailureEvent("NewRx")).toBe("fail");
    expect(outboxFailureEvent("CancelRx")).toBe("cancel_denied");
  });
});

describe("configuration overrides the code tables", () => {
  it("a clinic whose intermediary uses 000 for 'accepted' maps it to acknowledged", () => {
    const m = ackMappingWith({ status: { "000": "acknowledged" } });
    expect(mapAcknowledgement("NewRx", { kind: "Status", code: "000" }, m)).toEqual(d({ outbox: "acked", prescription: "acknowledge" }));
    // Other entries stay.
    expect(m.status["010"]).toBe("acknowledged");
    expect(m.errors).toEqual(DEFAULT_ACK_MAPPING.errors);
  });

  it("defaults for unknown codes can change too", () => {
    const m = ackMappingWith({ statusDefault: "acknowledged", errorDefault: "retry" });
    expect(mapAcknowledgement("NewRx", { kind: "Status", code: "123" }, m)).toEqual(d({ outbox: "acked", prescription: "acknowledge", unmappedCode: true }));
    expect(mapAcknowledgement("NewRx", { kind: "Error", code: "777" }, m)).toEqual(d({ outbox: "transient_failure", unmappedCode: true }));
  });

  it("no overrides returns the defaults; inherited object keys are not codes", () => {
    expect(ackMappingWith(undefined)).toBe(DEFAULT_ACK_MAPPING);
    expect(mapAcknowledgement("NewRx", { kind: "Status", code: "toString" })).toEqual(d({ unmappedCode: true }));
  });
});
