"use client";

import { Button } from "@clearwell/ui/button";
import { Card, CardContent } from "@clearwell/ui/card";
import { FormError, applyServerError, useZodForm } from "@clearwell/ui/form";
import type { IntakeStep, TIntakeSaveStepInput } from "@clearwell/validators/intake";
import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import type { z } from "zod";

import { flagCheck } from "~/components/form-controls";
import { fieldsUnder } from "~/lib/form-values";
import { useTRPC } from "~/trpc/react";

import { clean } from "./step-data";
import { StepFields } from "./step-fields";
import type { Current, StepData } from "./wizard-types";

const CHECK_MESSAGE = "Please check the highlighted questions.";

/** What the step's form starts from: saved (or unsaved) answers, shaped so every question has a slot. */
function startingValues(step: IntakeStep, values: StepData, current: Current): StepData {
  const person = (v: unknown) => ({ name: "", relationship: "", phone: "", ...((v ?? {}) as StepData) });
  switch (step) {
    case "contacts":
      return { ...values, emergencyContact: person(values.emergencyContact), supportPerson: person(values.supportPerson) };
    case "phq9":
    case "gad7": {
      const items = Array.isArray(values.items) ? (values.items as unknown[]) : [];
      return { ...values, items: Array.from({ length: step === "phq9" ? 9 : 7 }, (_, i) => items[i] ?? undefined) };
    }
    case "consents":
      // Always the versions on screen now: accepting is for the text the patient just read.
      return {
        ...values,
        telehealthVersion: current.consents.find((x) => x.kind === "telehealth")?.version ?? "",
        controlledSubstanceVersion: current.consents.find((x) => x.kind === "controlled_substance_agreement")?.version ?? "",
        telehealthAccepted: values.telehealthAccepted === true,
        controlledSubstanceAccepted: values.controlledSubstanceAccepted === true,
      };
    default:
      return values;
  }
}

export interface StepFormProps {
  step: IntakeStep;
  intakeId: string;
  /** The step's answers: saved, or edited and left with Back. */
  values: StepData;
  current: Current;
  isFirst: boolean;
  onStatus: (s: string) => void;
  onSaved: (data: StepData, crisis: boolean) => void;
  /** Leaves the step unsaved; its edits come back when the patient returns. */
  onBack: (unsaved: StepData) => void;
}

/** One intake step as a form over its own schema (@clearwell/ui/form); saving moves to the next step. */
export function StepForm({ step, intakeId, values, current, isFirst, onStatus, onSaved, onBack }: StepFormProps) {
  const trpc = useTRPC();
  const save = useMutation(trpc.intake.saveStep.mutationOptions());
  const [defaultValues] = useState(() => startingValues(step, values, current));
  const form = useZodForm({
    schema: () => import("@clearwell/validators/intake").then((m) => m.INTAKE_STEP_SCHEMAS[step] as unknown as z.ZodType<StepData, StepData>),
    defaultValues,
  });
  // A failed check says so above the form too, as well as beside each question (the first takes focus).
  const onSubmit = form.handleSubmit(async (parsed) => {
    const data = clean(step, parsed);
    onStatus("Saving…");
    try {
      const res = await save.mutateAsync({ intakeId, step, data } as TIntakeSaveStepInput);
      onStatus("Saved.");
      onSaved(data, res.crisis);
    } catch (error) {
      onStatus("");
      applyServerError(form, error, { fields: fieldsUnder(error, "data.") });
    }
  }, flagCheck(form, CHECK_MESSAGE));

  return (
    <form noValidate onSubmit={(e) => void onSubmit(e)} className="flex flex-col gap-5">
      <FormError form={form} />
      <Card>
        <CardContent className="flex flex-col gap-6 py-5">
          <StepFields step={step} form={form} current={current} />
          <div className="flex flex-col-reverse gap-2 border-t border-slate-100 pt-4 sm:flex-row sm:justify-between">
            {isFirst ? (
              <Button asChild variant="secondary" size="lg">
                <Link href="/">Save for later</Link>
              </Button>
            ) : (
              <Button type="button" variant="secondary" size="lg" onClick={() => onBack(form.getValues())}>
                Back
              </Button>
            )}
            <Button type="submit" size="lg" loading={save.isPending} disabled={save.isPending}>
              Save &amp; continue
            </Button>
          </div>
        </CardContent>
      </Card>
    </form>
  );
}
