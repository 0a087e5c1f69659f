"use client";

import { GATE_FAIL_MESSAGES, type GateFailCode } from "@clearwell/clinical";
import type { TPrecheckAnswers } from "@clearwell/validators/regimen";

import type { AnyForm } from "@clearwell/ui/form";
import { type FieldPath, useWatch } from "react-hook-form";

import { CrisisPanel } from "~/components/crisis-panel";
import { FormRadioGroup, FormYesNo } from "~/components/form-controls";

export type DraftAnswers = Partial<TPrecheckAnswers>;

export const FEELING_OPTIONS = [
  { value: "calm", label: "Calm and ready" },
  { value: "anxious", label: "A bit anxious or nervous" },
  { value: "unwell", label: "Unwell (sick, feverish or in pain)" },
  { value: "in_crisis", label: "In crisis, or thinking about hurting myself" },
] as const;

/**
 * The answers that already rule today's session out (DOMAIN.md §2 pre-check; the same codes and
 * words as the gate), so the patient hears it before measuring anything.
 */
export function blockingReasons(a: DraftAnswers): { code: GateFailCode; message: string }[] {
  const codes: GateFailCode[] = [];
  if (a.feeling === "in_crisis") codes.push("in_crisis");
  else if (a.feeling === "unwell") codes.push("feeling_unwell");
  if (a.supportPresent === false) codes.push("support_absent");
  if (a.alcoholOrSedativesToday === true) codes.push("alcohol_or_sedatives");
  if (a.drivingPlan === true) codes.push("driving_plan");
  return codes.map((code) => ({ code, message: GATE_FAIL_MESSAGES[code] }));
}

type WithAnswers = { answers: DraftAnswers };

/** The pre-dose questions at `answers.*` of the gate's form. */
export function QuestionsStep<T extends WithAnswers>({ form, supportName, fastingRule }: { form: AnyForm<T>; supportName: string | null; fastingRule: string }) {
  const n = (k: keyof TPrecheckAnswers) => `answers.${k}` as FieldPath<T>;
  const feeling = useWatch({ control: form.control, name: n("feeling") }) as DraftAnswers["feeling"];
  return (
    <div className="flex flex-col gap-6">
      <FormYesNo
        form={form}
        name={n("supportPresent")}
        inputName="support-present"
        legend={supportName ? `Is ${supportName}, your support person, with you now?` : "Is your support person with you now?"}
        hint="They need to stay with you during the session and until the next day, after you have slept."
      />
      <FormYesNo
        form={form}
        name={n("alcoholOrSedativesToday")}
        inputName="alcohol"
        legend="Today, have you had any alcohol, or any sedatives or sleep medicines that were not prescribed to you?"
      />
      <FormYesNo form={form} name={n("drivingPlan")} inputName="driving" legend="Do you plan to drive, cycle or use machinery before tomorrow, after you have slept?" />
      <FormRadioGroup form={form} name={n("feeling")} inputName="feeling" legend="How are you feeling right now?" options={FEELING_OPTIONS} />
      {/* At once (DOMAIN.md §6): never wait for the end of the form to show crisis help. */}
      {feeling === "in_crisis" ? <CrisisPanel afterword="Do not take your medicine now. Your care team is here for you: call the clinic when you can." /> : null}
      <FormYesNo form={form} name={n("fastingFollowed")} inputName="fasting" legend="Have you followed your clinic's fasting rule?" hint={fastingRule} />
      <FormYesNo form={form} name={n("calmPlace")} inputName="calm-place" legend="Are you in a calm, safe place where you can sit or lie down?" />
    </div>
  );
}
