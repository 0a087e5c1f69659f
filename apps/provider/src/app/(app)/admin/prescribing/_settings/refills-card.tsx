"use client";

import { useState } from "react";
import { useForm } from "react-hook-form";
import { Button } from "@clearwell/ui/button";
import { Field } from "@clearwell/ui/field";
import { Input } from "@clearwell/ui/input";
import { applyServerError } from "@clearwell/ui/form";

import { type Settings, SettingsCard, type Update, resolverVia, useSave } from "./card";
import { errorMessage } from "~/lib/trpc-errors";

// The refills card (21 CFR 1306.22(a)).

interface RefillsForm {
  maxRefills: number;
  defaultRefills: number;
}

export function RefillsCard({ s }: { s: Settings }) {
  const save = useSave();
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const form = useForm<RefillsForm, unknown, Update>({
    resolver: resolverVia((v: RefillsForm) => v),
    defaultValues: { maxRefills: s.maxRefills, defaultRefills: s.defaultRefills },
  });
  const { register, handleSubmit, formState } = form;
  const onSubmit = handleSubmit(async (input) => {
    setNotice(null);
    setError(null);
    try {
      const saved = await save.mutateAsync(input);
      form.reset({ maxRefills: saved.maxRefills, defaultRefills: saved.defaultRefills });
      setNotice(`Saved. New prescriptions start with ${saved.defaultRefills} refill${saved.defaultRefills === 1 ? "" : "s"}; at most ${saved.maxRefills}.`);
    } catch (err) {
      setError(applyServerError({ setError: form.setError }, err, { fields: { maxRefills: "maxRefills", defaultRefills: "defaultRefills" }, message: errorMessage }));
    }
  });
  return (
    <form onSubmit={onSubmit} noValidate>
      <SettingsCard
        id="refills"
        title="Refills"
        description={`Schedule III: at most 5 refills, and nothing can be filled more than ${s.fillableMonths} months after the prescription is written (21 CFR 1306.22(a)).`}
        notice={notice}
        error={error}
        footer={
          <Button type="submit" loading={formState.isSubmitting}>
            Save refills
          </Button>
        }
      >
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="Default refills" required error={formState.errors.defaultRefills?.message} hint="What a new prescription starts with. 0 is recommended: a new fill after each follow-up.">
            <Input inputMode="numeric" autoComplete="off" {...register("defaultRefills", { valueAsNumber: true })} />
          </Field>
          <Field label="Maximum refills" required error={formState.errors.maxRefills?.message} hint="0 to 5. A prescription with more is blocked.">
            <Input inputMode="numeric" autoComplete="off" {...register("maxRefills", { valueAsNumber: true })} />
          </Field>
        </div>
      </SettingsCard>
    </form>
  );
}
