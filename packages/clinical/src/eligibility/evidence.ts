import type { DecisionChoice } from "./decision";
import type { EligibilityProposal } from "./proposal";

/**
 * A deterministic JSON text (object keys sorted, no whitespace) so the same evidence always
 * hashes the same; the caller hashes it (SHA-256) outside this pure package. `undefined` fields
 * are dropped as in JSON.stringify; Dates become ISO strings.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/**
 * The evidence an eligibility decision stores a hash of (DOMAIN.md §2 "evidence hash"): the
 * proposal it was checked against and what the clinician chose. Pass the result to `canonicalJson`.
 */
export function decisionEvidence(proposal: EligibilityProposal, chosen: DecisionChoice, refs: { intakeId: string; intakeVersion: number; noteId: string }) {
  return {
    refs,
    proposal,
    chosen: {
      outcome: chosen.outcome,
      overrides: [...chosen.overrides].sort((a, b) => a.ruleId.localeCompare(b.ruleId)),
      acknowledgedWarnings: [...chosen.acknowledgedWarnings].sort(),
      decider: { userId: chosen.decider.userId, roles: [...chosen.decider.roles].sort() },
    },
  };
}
