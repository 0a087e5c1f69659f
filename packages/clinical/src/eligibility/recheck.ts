import type { EligibilityOutcome } from "./outcome";
import type { EligibilityProposal } from "./proposal";
import { EFFECT_ORDER, type Effect } from "./types";

/**
 * DOMAIN.md §8 "A": continued eligibility is the §3 rules re-run at the follow-up, with the changes
 * since the patient's current decision highlighted. This file compares; the api re-runs.
 */

/** The parts of a recorded decision the comparison reads. */
export interface DecisionRules {
  outcome: EligibilityOutcome;
  /** The rules that fired at the decision (after the evaluation). */
  rules: readonly { ruleId: string; effect: Effect }[];
  /** OV rule ids the prescriber overrode: they stay overridden while the rule is still only OV. */
  overriddenRuleIds: readonly string[];
}

export type RuleChangeKind = "new" | "gone" | "stricter" | "milder";

export interface RuleChange {
  ruleId: string;
  kind: RuleChangeKind;
  /** The rule's most restrictive effect at the decision (null: it did not fire). */
  before: Effect | null;
  /** Its most restrictive effect now (null: it no longer fires). */
  now: Effect | null;
  /** Plain words with the rule id, e.g. "E04 fires now (in-office only): Active substance use disorder." */
  text: string;
}

export interface DecisionComparison {
  /** The re-run's outcome once the decision's overrides still cover every OV rule it needs. */
  effectiveOutcome: EligibilityOutcome;
  /** The re-run authorizes less than the decided outcome. */
  outcomeStricter: boolean;
  /** When stricter: the rules that now stand in the way of the decided outcome. */
  reasonRuleIds: string[];
  /** Every rule whose effect differs, new and stricter first, then by rule id. */
  changes: RuleChange[];
  /** Nothing changed since the decision. */
  unchanged: boolean;
}

export const EFFECT_WORDS: Record<Effect, string> = {
  not_eligible: "not eligible",
  in_office_only: "in-office only",
  override_required: "override required",
  deferred: "deferred",
  warning: "warning",
};

/** How little an outcome authorizes: higher is stricter (a deferral is stricter than in-office, less than not eligible). */
const STRICTNESS: Record<EligibilityOutcome, number> = { eligible_at_home: 0, in_office_only: 1, deferred: 2, not_eligible: 3 };

/** The effects that keep a patient from each outcome (an OV only while not overridden). */
const BLOCKS: Record<EligibilityOutcome, readonly Effect[]> = {
  eligible_at_home: ["not_eligible", "in_office_only", "deferred", "override_required"],
  in_office_only: ["not_eligible", "deferred"],
  deferred: ["not_eligible"],
  not_eligible: [],
};

const rank = (e: Effect) => EFFECT_ORDER.indexOf(e);
const KIND_ORDER: Record<RuleChangeKind, number> = { new: 0, stricter: 1, milder: 2, gone: 3 };

/** Each rule's most restrictive effect (a rule may fire on several answers), with that flag's finding. */
function worstByRule(rules: readonly { ruleId: string; effect: Effect; finding?: string }[]) {
  const out = new Map<string, { effect: Effect; finding: string | undefined }>();
  for (const r of rules) {
    const cur = out.get(r.ruleId);
    if (!cur || rank(r.effect) < rank(cur.effect)) out.set(r.ruleId, { effect: r.effect, finding: r.finding });
  }
  return out;
}

/** What the comparison reads of a proposal: its outcome and each fired rule's id, effect and finding. */
export type ProposalRules = Pick<EligibilityProposal, "outcome" | "overridable" | "atHomeByOverride"> & { rules: readonly Pick<EligibilityProposal["rules"][number], "ruleId" | "effect" | "finding">[] };

/**
 * Compares the rules recorded on a decision with a proposal re-run now (DOMAIN.md §3 effects):
 * rules that fire now and did not, rules that no longer fire, effects that became stricter or
 * milder; and whether the outcome the re-run allows is stricter than the decided one. An OV rule
 * the decision overrode keeps counting as overridden (the override still stands), so an at-home
 * decision by override is not reported as stricter while only those OV rules fire.
 */
export function compareWithDecision(decision: DecisionRules, proposal: ProposalRules): DecisionComparison {
  const overridden = new Set(decision.overriddenRuleIds);
  const effectiveOutcome: EligibilityOutcome = proposal.atHomeByOverride && proposal.overridable.every((id) => overridden.has(id)) ? "eligible_at_home" : proposal.outcome;
  const before = worstByRule(decision.rules);
  const now = worstByRule(proposal.rules);

  const changes: RuleChange[] = [];
  for (const [ruleId, n] of now) {
    const b = before.get(ruleId);
    const finding = n.finding ? `: ${n.finding}` : "";
    if (!b) changes.push({ ruleId, kind: "new", before: null, now: n.effect, text: `${ruleId} fires now (${EFFECT_WORDS[n.effect]})${finding}.` });
    else if (rank(n.effect) < rank(b.effect))
      changes.push({ ruleId, kind: "stricter", before: b.effect, now: n.effect, text: `${ruleId} is stricter: ${EFFECT_WORDS[b.effect]} at the decision, ${EFFECT_WORDS[n.effect]} now${finding}.` });
    else if (rank(n.effect) > rank(b.effect))
      changes.push({ ruleId, kind: "milder", before: b.effect, now: n.effect, text: `${ruleId} is milder: ${EFFECT_WORDS[b.effect]} at the decision, ${EFFECT_WORDS[n.effect]} now${finding}.` });
  }
  for (const [ruleId, b] of before) {
    if (!now.has(ruleId)) changes.push({ ruleId, kind: "gone", before: b.effect, now: null, text: `${ruleId} no longer fires (was ${EFFECT_WORDS[b.effect]}).` });
  }
  changes.sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.ruleId.localeCompare(b.ruleId));

  const outcomeStricter = STRICTNESS[effectiveOutcome] > STRICTNESS[decision.outcome];
  const blocking = (ruleId: string, effect: Effect) => BLOCKS[decision.outcome].includes(effect) && !(effect === "override_required" && overridden.has(ruleId));
  let reasonRuleIds: string[] = [];
  if (outcomeStricter) {
    const changed = changes.filter((c) => (c.kind === "new" || c.kind === "stricter") && blocking(c.ruleId, c.now!)).map((c) => c.ruleId);
    // Nothing new explains it (e.g. the decision was more permissive than its own rules): name every blocker.
    reasonRuleIds = changed.length ? changed : [...now].filter(([id, n]) => blocking(id, n.effect)).map(([id]) => id);
    reasonRuleIds.sort();
  }
  return { effectiveOutcome, outcomeStricter, reasonRuleIds, changes, unchanged: changes.length === 0 && !outcomeStricter };
}
