"use client";

import { useId } from "react";
import type { ProviderOutputs } from "@clearwell/api/provider";
import { Badge } from "@clearwell/ui/badge";

import { useClinicFormat } from "~/lib/use-clinic-time-zone";

export type EligibilityRecheckView = ProviderOutputs["decision"]["recheck"];
type Outcome = NonNullable<EligibilityRecheckView["decision"]>["outcome"];
type Change = NonNullable<EligibilityRecheckView["comparison"]>["changes"][number];

const OUTCOME_LABEL: Record<Outcome, string> = {
  eligible_at_home: "Eligible at home",
  in_office_only: "In-office only",
  deferred: "Deferred",
  not_eligible: "Not eligible",
};
const STATUS_LABEL: Record<NonNullable<EligibilityRecheckView["decision"]>["status"], string> = {
  current: "current",
  expired: "expired",
  invalidated: "no longer valid",
  pending: "waiting on a recheck",
  awaiting_co_sign: "awaiting co-signature, not in effect",
  co_sign_declined: "co-signature declined, never in effect",
};
const CHANGE_BADGE: Record<Change["kind"], [string, "danger" | "warning" | "success" | "neutral"]> = {
  new: ["Fires now", "danger"],
  stricter: ["Stricter", "danger"],
  milder: ["Milder", "success"],
  gone: ["No longer fires", "success"],
};


/**
 * DOMAIN.md §8 "A" continued eligibility: the §3 rules re-run (latest intake + latest signed
 * evaluation) beside the current decision, with what changed since it. `frozen`: as kept in a
 * signed note (what the clinician saw at signing).
 */
export function EligibilityRecheck({ recheck, frozen }: { recheck: EligibilityRecheckView; frozen: boolean }) {
  const { dateTime: formatDateTime, day } = useClinicFormat();
  const { decision, rerun, comparison } = recheck;
  const heading = useId();
  const effective = comparison && rerun && comparison.effectiveOutcome !== rerun.outcome ? comparison.effectiveOutcome : null;
  return (
    <section aria-labelledby={heading} className="flex flex-col gap-2 rounded-md border border-slate-200 bg-slate-50 p-3 text-sm">
      <h4 id={heading} className="font-semibold text-slate-900">
        Screening rules re-run{frozen ? ` (as at signing, ${formatDateTime(recheck.checkedAt)})` : ""}
      </h4>
      <dl className="grid grid-cols-1 gap-x-3 gap-y-1 sm:grid-cols-[9rem_minmax(0,1fr)]">
        <dt className="text-slate-600">Current decision</dt>
        <dd className="text-slate-900">
          {decision ? (
            <>
              <span className="font-medium">{OUTCOME_LABEL[decision.outcome]}</span>, {STATUS_LABEL[decision.status]} · decided {day(decision.decidedAt)}
              {decision.overriddenRuleIds.length ? ` · overrides ${decision.overriddenRuleIds.join(", ")}` : ""}
            </>
          ) : (
            "No eligibility decision recorded for this patient."
          )}
        </dd>
        <dt className="text-slate-600">Re-run proposes</dt>
        <dd className="text-slate-900">
          {rerun ? (
            <>
              <span className="font-medium">{OUTCOME_LABEL[rerun.outcome]}</span>
              {effective ? ` (${OUTCOME_LABEL[effective].toLowerCase()} with the decision's overrides still standing)` : ""}
              <span className="text-slate-600">
                {" "}
                · intake version {rerun.intakeVersion}
                {rerun.rules.length ? ` · ${rerun.rules.length === 1 ? "rule" : "rules"} ${[...new Set(rerun.rules.map((r) => r.ruleId))].join(", ")}` : " · no rule fires"}
              </span>
            </>
          ) : (
            (recheck.unavailable ?? "Not available.")
          )}
        </dd>
      </dl>
      {decision?.statusReasons.length ? (
        <ul className="list-disc pl-5 text-amber-900">
          {decision.statusReasons.map((r) => (
            <li key={r.ruleId + r.message}>{r.message}</li>
          ))}
        </ul>
      ) : null}
      {decision?.statusReason ? <p className="text-amber-900">{decision.statusReason}</p> : null}
      {comparison ? (
        comparison.unchanged ? (
          <p className="font-medium text-emerald-800">No change since the decision of {day(decision!.decidedAt)}.</p>
        ) : (
          <>
            {comparison.outcomeStricter ? (
              <p className="font-medium text-red-800">
                Stricter than the decision: {OUTCOME_LABEL[comparison.effectiveOutcome].toLowerCase()} now
                {comparison.reasonRuleIds.length ? `, because of ${comparison.reasonRuleIds.join(", ")}` : ""}.
              </p>
            ) : null}
            {comparison.changes.length ? (
              <ul className="flex flex-col gap-1" aria-label={`Changes since the decision of ${day(decision!.decidedAt)}`}>
                {comparison.changes.map((c) => (
                  <li key={`${c.kind}-${c.ruleId}`} className="flex flex-wrap items-baseline gap-2">
                    <Badge variant={CHANGE_BADGE[c.kind][1]}>{CHANGE_BADGE[c.kind][0]}</Badge>
                    <span className="min-w-0 text-slate-800">{c.text}</span>
                  </li>
                ))}
              </ul>
            ) : null}
          </>
        )
      ) : null}
    </section>
  );
}
