"use client";

import { Field, TextField } from "@clearwell/ui/field";
import { Textarea } from "@clearwell/ui/input";

import type { PlanEffects } from "~/components/notes/note-labels";
import { CADENCE_LABEL, PLAN_ACTION_LABEL, TITRATION_LABEL, planEffectsText } from "~/components/notes/note-labels";
import { RadioGroup } from "~/components/notes/radio-group";
import { Section } from "./evaluation-fields";
import type { PlanDraft, PlanErrors } from "./follow-up-draft";

const options = <K extends string>(labels: Record<K, string>) => Object.entries(labels) as [K, string][];

const ACTION_HINT: Record<NonNullable<PlanDraft["action"]>, string> = {
  continue: "Keep the current regimen.",
  titrate: "Change the dose: a prescription draft opens for the prescriber.",
  pause: "Hold doses at home for now.",
  stop: "End treatment.",
  switch_to_in_office: "Doses only under supervision in the office.",
  refer: "Hand care to another service or clinician.",
};

/**
 * DOMAIN.md §8 "P": one action, the next follow-up and the check-in cadence, and what the signed
 * plan will do. `errors` are by field: the shape checked here and the server's rules on save.
 */
export function FollowUpPlan({
  plan,
  set,
  errors,
  effects,
  effectsCurrent,
}: {
  plan: PlanDraft;
  set: (patch: Partial<PlanDraft>) => void;
  errors: PlanErrors;
  /** The saved plan's effects (from the server); `effectsCurrent`: that plan is what is on screen. */
  effects: PlanEffects | null;
  effectsCurrent: boolean;
}) {
  return (
    <Section title="Plan" description="Choose what happens next. Needed to sign.">
      <RadioGroup
        legend="What happens next"
        hint={plan.action ? ACTION_HINT[plan.action] : undefined}
        options={options(PLAN_ACTION_LABEL)}
        value={plan.action}
        onChange={(action) => set({ action })}
        error={errors.action}
      />
      {plan.action === "titrate" ? (
        <RadioGroup legend="Dose change" options={options(TITRATION_LABEL)} value={plan.titrationDirection} onChange={(titrationDirection) => set({ titrationDirection })} error={errors.titrationDirection} />
      ) : null}
      {plan.action === "refer" ? (
        <TextField label="Referred to" hint="The service or clinician taking over." maxLength={200} value={plan.referralTo} onChange={(e) => set({ referralTo: e.target.value })} error={errors.referralTo} />
      ) : null}
      <TextField
        label="Next follow-up"
        type="date"
        hint={plan.action === "stop" || plan.action === "refer" ? "Optional when treatment stops or care is referred on." : "A date after today."}
        value={plan.nextFollowUpOn}
        onChange={(e) => set({ nextFollowUpOn: e.target.value })}
        error={errors.nextFollowUpOn}
        className="max-w-48"
      />
      <RadioGroup legend="Check-ins (PHQ-9 and GAD-7)" options={options(CADENCE_LABEL)} value={plan.checkInCadence} onChange={(checkInCadence) => set({ checkInCadence })} error={errors.checkInCadence} />
      <Field label="Rationale (optional)" hint="Why this plan, for the care team." error={errors.rationale}>
        <Textarea rows={2} className="min-h-16" maxLength={2000} value={plan.rationale} onChange={(e) => set({ rationale: e.target.value })} />
      </Field>
      <div className="rounded-lg border border-slate-200 bg-slate-50 px-3 py-2 text-sm" aria-live="polite">
        <p className="font-medium text-slate-900">What this plan will do once signed</p>
        {effects && effectsCurrent ? (
          <ul className="list-disc pl-5 text-slate-700">
            {planEffectsText(effects).map((t) => (
              <li key={t}>{t}</li>
            ))}
          </ul>
        ) : (
          <p className="text-slate-600">{plan.action ? "Shown once the plan is complete and saved." : "Choose what happens next."}</p>
        )}
      </div>
    </Section>
  );
}
