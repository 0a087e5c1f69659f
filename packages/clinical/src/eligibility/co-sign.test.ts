import { describe, expect, it } from "vitest";

import { type CoSignAttempt, type CoSignature, checkCoSign, coSignState } from "./co-sign";
import type { DecisionStatus } from "./lifecycle";
import type { ClinicRole } from "./outcome";

const named = (...userIds: (string | null)[]) => userIds.map((u) => ({ coSigner: u ? { userId: u } : null }));

describe("coSignState: who must co-sign and where each stands", () => {
  it.each<[string, ReturnType<typeof named>, CoSignature[], { required: string[]; coSigned: string[]; declined: string[]; awaiting: string[] }]>([
    ["no override names a co-signer", named(null, null), [], { required: [], coSigned: [], declined: [], awaiting: [] }],
    ["named, not signed yet", named("u-b"), [], { required: ["u-b"], coSigned: [], declined: [], awaiting: ["u-b"] }],
    ["two overrides name the same co-signer once", named("u-b", "u-b"), [], { required: ["u-b"], coSigned: [], declined: [], awaiting: ["u-b"] }],
    ["co-signed", named("u-b"), [{ userId: "u-b", verdict: "co_signed" }], { required: ["u-b"], coSigned: ["u-b"], declined: [], awaiting: [] }],
    ["declined", named("u-b"), [{ userId: "u-b", verdict: "declined" }], { required: ["u-b"], coSigned: [], declined: ["u-b"], awaiting: [] }],
    ["two named, one co-signed", named("u-b", "u-c"), [{ userId: "u-c", verdict: "co_signed" }], { required: ["u-b", "u-c"], coSigned: ["u-c"], declined: [], awaiting: ["u-b"] }],
    ["a signature by someone not named counts for nothing", named("u-b"), [{ userId: "u-x", verdict: "co_signed" }], { required: ["u-b"], coSigned: [], declined: [], awaiting: ["u-b"] }],
  ])("%s", (_label, overrides, signatures, expected) => {
    expect(coSignState(overrides, signatures)).toEqual(expected);
  });
});

describe("checkCoSign: who may co-sign or decline, and when (DOMAIN.md §1 'co-sign C')", () => {
  const waiting = coSignState(named("u-b"), []);
  const attempt = (extra: Partial<CoSignAttempt> = {}): CoSignAttempt => ({
    actor: { userId: "u-b", roles: ["prescriber"] },
    verdict: "co_signed",
    deciderUserId: "u-a",
    state: waiting,
    superseded: false,
    status: "awaiting_co_sign",
    ...extra,
  });
  const as = (userId: string, ...roles: ClinicRole[]) => ({ actor: { userId, roles } });
  const result = (c: ReturnType<typeof checkCoSign>) => (c.ok ? (c.replay ? "replay" : "ok") : c.code);

  it.each<[string, Partial<CoSignAttempt>, string]>([
    ["the named prescriber, awaiting", {}, "ok"],
    ["the named prescriber declines", { verdict: "declined" }, "ok"],
    ["named, also a provider", as("u-b", "provider", "prescriber"), "ok"],
    ["a provider (named by a crafted row)", as("u-b", "provider"), "not_a_prescriber"],
    ["an admin", as("u-b", "admin"), "not_a_prescriber"],
    ["staff", as("u-b", "staff"), "not_a_prescriber"],
    ["the decider", as("u-a", "prescriber"), "own_decision"],
    ["another prescriber, not named", as("u-c", "prescriber"), "not_named"],
    ["retry after co-signing", { state: coSignState(named("u-b"), [{ userId: "u-b", verdict: "co_signed" }]), status: "current" }, "replay"],
    ["retry after declining", { verdict: "declined", state: coSignState(named("u-b"), [{ userId: "u-b", verdict: "declined" }]), status: "co_sign_declined" }, "replay"],
    ["decline after co-signing", { verdict: "declined", state: coSignState(named("u-b"), [{ userId: "u-b", verdict: "co_signed" }]), status: "current" }, "already_co_signed"],
    ["co-sign after declining", { state: coSignState(named("u-b"), [{ userId: "u-b", verdict: "declined" }]), status: "co_sign_declined" }, "already_declined"],
    ["superseded", { superseded: true }, "superseded"],
    ["replay after being superseded", { superseded: true, state: coSignState(named("u-b"), [{ userId: "u-b", verdict: "co_signed" }]), status: "current" }, "replay"],
    ["another co-signer declined", { state: coSignState(named("u-b", "u-c"), [{ userId: "u-c", verdict: "declined" }]), status: "co_sign_declined" }, "declined_by_another"],
    ["expired", { status: "expired" }, "expired"],
    ["invalidated", { status: "invalidated" }, "invalidated"],
    ["no longer awaiting (current)", { status: "current" }, "not_awaiting"],
  ])("%s → %s", (_label, extra, expected) => {
    expect(result(checkCoSign(attempt(extra)))).toBe(expected);
  });

  it("explains a refusal in words", () => {
    const c = checkCoSign(attempt({ status: "expired" satisfies DecisionStatus["status"] }));
    expect(c).toEqual({ ok: false, code: "expired", message: "This decision has expired. The decider must record a new one." });
  });
});
