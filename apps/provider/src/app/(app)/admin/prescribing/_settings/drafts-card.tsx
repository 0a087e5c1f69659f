"use client";

import { useState } from "react";
import { Controller, useForm } from "react-hook-form";
import { Button } from "@clearwell/ui/button";
import { applyServerError } from "@clearwell/ui/form";

import { type Settings, SettingsCard, SwitchRow, type Update, resolverVia, useSave } from "./card";
import { errorMessage } from "~/lib/trpc-errors";

// Who may prepare drafts (DOMAIN.md §1 "Create Rx draft: Provider A (C)").

export function DraftsCard({ s }: { s: Settings }) {
  const save = useSave();
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const form = useForm<{ allowProviderDrafts: boolean }, unknown, Update>({
    resolver: resolverVia((v: { allowProviderDrafts: boolean }) => v),
    defaultValues: { allowProviderDrafts: s.allowProviderDrafts },
  });
  const onSubmit = form.handleSubmit(async (input) => {
    setNotice(null);
    setError(null);
    try {
      const saved = await save.mutateAsync(input);
      form.reset({ allowProviderDrafts: saved.allowProviderDrafts });
      setNotice(saved.allowProviderDrafts ? "Providers may prepare prescription drafts." : "Only prescribers may prepare prescription drafts.");
    } catch (err) {
      setError(applyServerError({ setError: form.setError }, err, { fields: {}, message: errorMessage }));
    }
  });
  return (
    <form onSubmit={onSubmit} noValidate>
      <SettingsCard
        id="drafts"
        title="Prescription drafts"
        description="Who may prepare a prescription. Only the prescriber named on it can sign it, with their own DEA registration (21 CFR 1311.135)."
        notice={notice}
        error={error}
        footer={
          <Button type="submit" loading={form.formState.isSubmitting}>
            Save drafts setting
          </Button>
        }
      >
        <Controller
          control={form.control}
          name="allowProviderDrafts"
          render={({ field }) => (
            <SwitchRow
              id="provider-drafts"
              label="Allow providers to prepare drafts"
              description="A provider without a DEA registration may prepare a draft for a prescriber on the care team to review and sign."
              checked={field.value}
              onChange={field.onChange}
            />
          )}
        />
      </SettingsCard>
    </form>
  );
}
