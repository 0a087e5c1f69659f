import { describe, expect, it } from "vitest";

import { DEFAULT_SAFETY_SETTINGS as S } from "./settings";
import {
  ALERT_STATUSES,
  ALERT_TRANSITIONS,
  type AlertEvent,
  type CareTeamEntry,
  escalationStep,
  manualEscalation,
  ownerFor,
  RESOLUTION_CODES,
  requiresClinicalRecord,
  slaDueAt,
  transitionAlert,
  validateResolution,
} from "./sla";

const T0 = new Date("2026-05-04T14:00:00Z");
const min = (m: number) => new Date(T0.getTime() + m * 60_000);

describe("slaDueAt per severity (DOMAIN §7 defaults)", () => {
  it("critical 60 min, high 8 h, medium 24 h", () => {
    expect(slaDueAt("critical", T0, S)).toEqual(min(60));
    expect(slaDueAt("high", T0, S)).toEqual(min(480));
    expect(slaDueAt("medium", T0, S)).toEqual(min(1440));
  });
  it("low is a worklist item without an SLA", () => expect(slaDueAt("low", T0, S)).toBeNull());
  it("follows the clinic's minutes, including a low SLA when set", () => {
    expect(slaDueAt("critical", T0, { ...S, slaCriticalMinutes: 15 })).toEqual(min(15));
    expect(slaDueAt("low", T0, { ...S, slaLowMinutes: 4320 })).toEqual(min(4320));
  });
});

const team: CareTeamEntry[] = [
  { userId: "coord", role: "care_coordinator" },
  { userId: "prov", role: "primary_provider" },
  { userId: "rx", role: "prescriber" },
];

describe("ownerFor", () => {
  it("clinical alerts go to the primary provider at tier 0", () => {
    expect(ownerFor({ ruleId: "A2", severity: "high", careTeam: team, onCallUserId: "oncall" })).toEqual({ ownerUserId: "prov", tier: 0, route: "care_team", notifyUserIds: [] });
  });
  it("A6 goes to the prescriber; without one, the primary provider", () => {
    expect(ownerFor({ ruleId: "A6", severity: "high", careTeam: team, onCallUserId: "oncall" }).ownerUserId).toBe("rx");
    expect(ownerFor({ ruleId: "A6", severity: "high", careTeam: team.filter((m) => m.role !== "prescriber"), onCallUserId: "oncall" }).ownerUserId).toBe("prov");
  });
  it("A7/A8 go to the primary provider", () => {
    expect(ownerFor({ ruleId: "A7", severity: "low", careTeam: team, onCallUserId: null }).ownerUserId).toBe("prov");
    expect(ownerFor({ ruleId: "A8", severity: "medium", careTeam: team, onCallUserId: null }).ownerUserId).toBe("prov");
  });
  it("without a primary provider, the prescriber", () => {
    expect(ownerFor({ ruleId: "A4", severity: "high", careTeam: [{ userId: "rx", role: "prescriber" }], onCallUserId: "oncall" }).ownerUserId).toBe("rx");
  });
  it("critical with no clinician on the care team routes to on-call at tier 1 (a coordinator is not a clinician)", () => {
    expect(ownerFor({ ruleId: "A1", severity: "critical", careTeam: [{ userId: "coord", role: "care_coordinator" }], onCallUserId: "oncall" })).toEqual({
      ownerUserId: "oncall",
      tier: 1,
      route: "on_call",
      notifyUserIds: [],
    });
  });
  it("with no on-call either, the backup at tier 2; with nobody, unassigned", () => {
    expect(ownerFor({ ruleId: "A1", severity: "critical", careTeam: [], onCallUserId: null, backupOnCallUserId: "backup" })).toMatchObject({ ownerUserId: "backup", tier: 2, route: "backup_on_call" });
    expect(ownerFor({ ruleId: "A1", severity: "critical", careTeam: [], onCallUserId: null })).toMatchObject({ ownerUserId: null, tier: 0, route: "unassigned" });
  });
  it("critical pages on-call besides the owner; A1 item 9 >= 2 pages the backup too", () => {
    expect(ownerFor({ ruleId: "A4", severity: "critical", careTeam: team, onCallUserId: "oncall", backupOnCallUserId: "backup" }).notifyUserIds).toEqual(["oncall"]);
    expect(ownerFor({ ruleId: "A1", severity: "critical", careTeam: team, onCallUserId: "oncall", backupOnCallUserId: "backup", pageBackup: true }).notifyUserIds).toEqual(["oncall", "backup"]);
    expect(ownerFor({ ruleId: "A2", severity: "high", careTeam: team, onCallUserId: "oncall" }).notifyUserIds).toEqual([]);
  });
  it("an on-call clinician already on the care team keeps owning it", () => {
    expect(ownerFor({ ruleId: "A1", severity: "critical", careTeam: [{ userId: "oncall", role: "on_call" }], onCallUserId: "oncall" })).toMatchObject({ ownerUserId: "oncall", tier: 0, notifyUserIds: [] });
  });
});

describe("escalationStep (tiers 0 -> 1 -> 2 max)", () => {
  const routing = { onCallUserId: "oncall", backupOnCallUserId: "backup", settings: S };
  const base = { status: "open" as const, tier: 0 as const, severity: "critical" as const, slaDueAt: min(60), ownerUserId: "prov" };

  it("nothing before the SLA lapses", () => expect(escalationStep({ ...base, now: min(59) }, routing)).toBeNull());
  it("at the SLA: tier 1, the on-call owns it, a new clock, admin told", () => {
    expect(escalationStep({ ...base, now: min(60) }, routing)).toEqual({ tier: 1, ownerUserId: "oncall", slaDueAt: min(120), notifyAdmin: true });
  });
  it("tier 1 lapsed: tier 2 (backup), no further clock", () => {
    expect(escalationStep({ ...base, status: "escalated", tier: 1, ownerUserId: "oncall", slaDueAt: min(120), now: min(121) }, routing)).toEqual({ tier: 2, ownerUserId: "backup", slaDueAt: null, notifyAdmin: true });
  });
  it("tier 2 is the maximum", () => expect(escalationStep({ ...base, status: "escalated", tier: 2, slaDueAt: min(1), now: min(500) }, routing)).toBeNull());
  it("acknowledged and resolved alerts do not escalate", () => {
    expect(escalationStep({ ...base, status: "acknowledged", now: min(500) }, routing)).toBeNull();
    expect(escalationStep({ ...base, status: "resolved", now: min(500) }, routing)).toBeNull();
  });
  it("low (no SLA) never escalates", () => expect(escalationStep({ ...base, severity: "low", slaDueAt: null, now: min(100_000) }, routing)).toBeNull());
  it("no on-call configured: skips to the backup", () => {
    expect(escalationStep({ ...base, now: min(60) }, { ...routing, onCallUserId: null })).toMatchObject({ tier: 2, ownerUserId: "backup" });
  });
  it("nobody configured: still escalates (admin told), the owner stays", () => {
    expect(escalationStep({ ...base, now: min(60) }, { onCallUserId: null, backupOnCallUserId: null, settings: S })).toEqual({ tier: 1, ownerUserId: "prov", slaDueAt: min(120), notifyAdmin: true });
  });
  it("manual escalation ignores the clock but not the top tier or a resolved alert", () => {
    expect(manualEscalation({ ...base, status: "acknowledged", now: min(1) }, routing)).toMatchObject({ tier: 1, ownerUserId: "oncall" });
    expect(manualEscalation({ ...base, tier: 2, now: min(1) }, routing)).toHaveProperty("refused");
    expect(manualEscalation({ ...base, status: "resolved", now: min(1) }, routing)).toHaveProperty("refused");
  });
});

describe("alert state machine (DOMAIN §2)", () => {
  const events: AlertEvent[] = ["acknowledge", "escalate", "resolve"];
  it.each([
    ["open", "acknowledge", "acknowledged"],
    ["open", "escalate", "escalated"],
    ["open", "resolve", "resolved"],
    ["escalated", "escalate", "escalated"],
    ["escalated", "acknowledge", "acknowledged"],
    ["escalated", "resolve", "resolved"],
    ["acknowledged", "escalate", "escalated"],
    ["acknowledged", "resolve", "resolved"],
  ] as const)("%s --%s--> %s", (from, ev, to) => expect(transitionAlert(from, ev)).toEqual({ ok: true, to }));
  it("everything else is refused with a message", () => {
    const legal = ALERT_STATUSES.flatMap((s) => events.filter((e) => ALERT_TRANSITIONS[s][e]).map((e) => `${s}:${e}`));
    expect(legal).toHaveLength(8);
    for (const s of ALERT_STATUSES) {
      for (const e of events) {
        if (legal.includes(`${s}:${e}`)) continue;
        const r = transitionAlert(s, e);
        expect(r.ok).toBe(false);
        if (!r.ok) expect(r.message.length).toBeGreaterThan(10);
      }
    }
  });
});

describe("resolution", () => {
  it("clinical alerts always need a note or outreach record; non-clinical only for outreach_completed", () => {
    for (const c of RESOLUTION_CODES) expect(requiresClinicalRecord(c, true)).toBe(true);
    expect(RESOLUTION_CODES.filter((c) => requiresClinicalRecord(c, false))).toEqual(["outreach_completed"]);
  });
  it("validateResolution names what is missing", () => {
    expect(validateResolution({ code: "reviewed_no_action", clinical: true, ruleId: "A2", hasNote: false, hasOutreach: false })).toEqual([{ field: "noteId", message: expect.stringMatching(/signed note or an outreach/) }]);
    expect(validateResolution({ code: "reviewed_no_action", clinical: true, ruleId: "A2", hasNote: true, hasOutreach: false })).toEqual([]);
    expect(validateResolution({ code: "outreach_completed", clinical: true, ruleId: "A1", hasNote: false, hasOutreach: true })).toEqual([]);
    expect(validateResolution({ code: "rebooked", clinical: false, ruleId: "A8", hasNote: false, hasOutreach: false })).toEqual([]);
    expect(validateResolution({ code: "rebooked", clinical: true, ruleId: "A3", hasNote: true, hasOutreach: false })[0]?.field).toBe("code");
    expect(validateResolution({ code: "emergency_services", clinical: false, ruleId: "A7", hasNote: false, hasOutreach: false })[0]?.field).toBe("code");
    expect(validateResolution({ code: "nope", clinical: false, ruleId: "A7", hasNote: false, hasOutreach: false })).toEqual([{ field: "code", message: "Choose how the alert was resolved." }]);
    expect(validateResolution({ code: "outreach_completed", clinical: false, ruleId: "A7", hasNote: false, hasOutreach: false })[0]?.field).toBe("outreach");
  });
});
