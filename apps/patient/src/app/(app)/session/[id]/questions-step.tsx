"use client";

import { GATE_FAIL_MESSAGES, type GateFailCode } from "@clearwell/clinical";
import type { TPrecheckAnswers } from "@clearwell/validators/regimen";

import { CrisisPanel } from "~/components/crisis-panel";
import { RadioGroup } from "~/components/radio-group";
import type { FieldErrors } from "~/lib/form-errors";

import { YesNo } from "./yes-no";

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

export function QuestionsStep({
  answers,
  onChange,
  errors,
  supportName,
  fastingRule,
}: {
  answers: DraftAnswers;
  onChange: (next: DraftAnswers) => void;
  errors: FieldErrors;
  supportName: string | null;
  fastingRule: string;
}) {
  const set = <K extends keyof TPrecheckAnswers>(k: K, v: TPrecheckAnswers[K]) => onChange({ ...answers, [k]: v });
  const err = (k: keyof TPrecheckAnswers) => errors[`answers.${k}`] ?? errors[k] ?? null;
  return (
    <div className="flex flex-col gap-6">
      <YesNo
        legend={supportName ? `Is ${supportName}, your support person, with you now?` : "Is your support person with you now?"}
        hint="They need to stay with you during the session and until the next day, after you have slept."
        name="support-present"
        value={answers.supportPresent}
        onChange={(v) => set("supportPresent", v)}
        error={err("supportPresent")}
      />
      <YesNo
        legend="Today, have you had any alcohol, or any sedatives or sleep medicines that were not prescribed to you?"
        name="alcohol"
        value={answers.alcoholOrSedativesToday}
        onChange={(v) => set("alcoholOrSedativesToday", v)}
        error={err("alcoholOrSedativesToday")}
      />
      <YesNo
        legend="Do you plan to drive, cycle or use machinery before tomorrow, after you have slept?"
        name="driving"
        value={answers.drivingPlan}
        onChange={(v) => set("drivingPlan", v)}
        error={err("drivingPlan")}
      />
      <RadioGroup
        legend="How are you feeling right now?"
        name="feeling"
        options={FEELING_OPTIONS}
        value={answers.feeling}
        onChange={(v) => set("feeling", v)}
        error={err("feeling")}
      />
      {/* At once (DOMAIN.md §6): never wait for the end of the form to show crisis help. */}
      {answers.feeling === "in_crisis" ? <CrisisPanel afterword="Do not take your medicine now. Your care team is here for you: call the clinic when you can." /> : null}
      <YesNo
        legend="Have you followed your clinic's fasting rule?"
        hint={fastingRule}
        name="fasting"
        value={answers.fastingFollowed}
        onChange={(v) => set("fastingFollowed", v)}
        error={err("fastingFollowed")}
      />
      <YesNo
        legend="Are you in a calm, safe place where you can sit or lie down?"
        name="calm-place"
        value={answers.calmPlace}
        onChange={(v) => set("calmPlace", v)}
        error={err("calmPlace")}
      />
    </div>
  );
}
