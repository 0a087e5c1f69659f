"use client";

import { Badge } from "@clearwell/ui/badge";

import { formatDate } from "~/lib/format";
import { EligibilityRecheck } from "./eligibility-recheck";
import { IntervalSnapshot } from "./interval-snapshot";
import { Block, MentalStatusBlock, RiskBlock, Rows, VitalsBlock } from "./note-blocks";
import type { FollowUpView } from "./note-labels";
import { CADENCE_LABEL, ELIGIBILITY_LABEL, FUNCTIONAL_LABEL, PLAN_ACTION_LABEL, RESPONSE_LABEL, TITRATION_LABEL, TOLERABILITY_LABEL, planEffectsText } from "./note-labels";

type Plan = NonNullable<FollowUpView["plan"]>;

/** "Titrate (increase the dose)", "Refer to Denver Health IOP": the plan's action in a few words. */
export function planAction(p: Plan) {
  if (p.action === "titrate" && p.titrationDirection) return `Titrate: ${TITRATION_LABEL[p.titrationDirection].toLowerCase()}`;
  if (p.action === "refer" && p.referralTo) return `Refer to ${p.referralTo}`;
  return PLAN_ACTION_LABEL[p.action];
}

/** One line for lists: action, next follow-up, check-ins. */
export function planSummary(p: Plan) {
  return [planAction(p), p.nextFollowUpOn ? `next follow-up ${formatDate(p.nextFollowUpOn)}` : "no follow-up booked", `check-ins ${CADENCE_LABEL[p.checkInCadence].toLowerCase()}`].join(" · ");
}

export function PlanBlock({ plan, effects }: { plan: FollowUpView["plan"]; effects: FollowUpView["planEffects"] }) {
  return (
    <Block title="Plan">
      {plan ? (
        <>
          <Rows
            rows={[
              ["Action", <Badge key="a" variant="brand">{planAction(plan)}</Badge>],
              ["Next follow-up", plan.nextFollowUpOn ? formatDate(plan.nextFollowUpOn) : "None"],
              ["Check-ins", CADENCE_LABEL[plan.checkInCadence]],
              ["Rationale", plan.rationale],
            ]}
          />
          {effects ? (
            <ul className="list-disc pl-5 text-sm text-slate-700" aria-label="What the plan does">
              {planEffectsText(effects).map((t) => (
                <li key={t}>{t}</li>
              ))}
            </ul>
          ) : null}
        </>
      ) : (
        <p className="text-sm text-slate-500">Not recorded</p>
      )}
    </Block>
  );
}

/**
 * A signed follow-up note's structured content (DOMAIN.md §8), read-only: the interval data as it
 * was frozen at signing, then S, O, A (with the eligibility re-run kept at signing) and the plan with what it does.
 */
export function FollowUpContent({ followUp, since }: { followUp: FollowUpView; since: string | null }) {
  const s = followUp.subjective ?? {};
  const o = followUp.objective ?? {};
  const a = followUp.assessment ?? {};
  return (
    <div className="flex flex-col gap-4">
      {followUp.snapshot ? <IntervalSnapshot snapshot={followUp.snapshot} since={since} frozen /> : null}
      <Block title="Subjective">
        <Rows
          rows={[
            ["Patient report", s.patientReport],
            ["Session experience", s.sessionExperience],
            ["Functional difficulty", s.functionalDifficulty === undefined ? undefined : FUNCTIONAL_LABEL[s.functionalDifficulty]],
          ]}
        />
      </Block>
      <MentalStatusBlock ms={o.mentalStatus} />
      <VitalsBlock vitals={o.vitals} title="Vitals" extra={o.homeBpSummary ? <p className="text-sm whitespace-pre-wrap text-slate-800">Home readings: {o.homeBpSummary}</p> : null} />
      <Block title="Assessment">
        <Rows
          rows={[
            ["Response", a.response ? RESPONSE_LABEL[a.response] : undefined],
            ["Tolerability", a.tolerability ? TOLERABILITY_LABEL[a.tolerability] : undefined],
            ["Side effects", a.tolerabilityComment],
            ["Eligibility", a.continuedEligibility ? ELIGIBILITY_LABEL[a.continuedEligibility] : undefined],
            ["Eligibility comment", a.eligibilityComment],
          ]}
        />
        {followUp.eligibilityRecheck ? <EligibilityRecheck recheck={followUp.eligibilityRecheck} frozen /> : null}
      </Block>
      <RiskBlock risk={a.riskAssessment} />
      <PlanBlock plan={followUp.plan} effects={followUp.planEffects} />
    </div>
  );
}

