"use client";

import type { ReactNode } from "react";
import type { FieldValues, Resolver } from "react-hook-form";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Alert } from "@clearwell/ui/alert";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@clearwell/ui/card";
import { Switch } from "@clearwell/ui/switch";
import type { ZPrescribingSettingsOutput } from "@clearwell/validators/output/prescribing-admin";
import type { TPrescribingSettingsUpdateInput } from "@clearwell/validators/prescribing-admin";
import type { ZPrescribingSettingsUpdateInput } from "@clearwell/validators/prescribing-admin";
import type { z } from "zod";

import { lazyZodResolver } from "~/lib/lazy-zod-resolver";
import { useTRPC } from "~/trpc/react";

// What the four prescribing-settings cards share: each saves its own values through the one update.

export type Settings = z.infer<typeof ZPrescribingSettingsOutput>;
export type Update = z.output<typeof ZPrescribingSettingsUpdateInput>;

// The schema (zod) loads on a card's first check, not with the page.
const updateResolver = lazyZodResolver(() => import("@clearwell/validators/prescribing-admin").then((m) => m.ZPrescribingSettingsUpdateInput));

/** A resolver that turns the card's form values into the update input first, then checks it with the server's schema. */
export function resolverVia<T extends FieldValues>(toInput: (v: T) => TPrescribingSettingsUpdateInput): Resolver<T, unknown, Update> {
  return (values, ctx, opts) => updateResolver(toInput(values), ctx, opts as never) as never;
}

export function useSave() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  return useMutation(
    trpc.prescribingSettings.update.mutationOptions({
      onSuccess: (saved) => qc.setQueryData(trpc.prescribingSettings.get.queryKey(), saved),
    }),
  );
}

export function SettingsCard({ id, title, description, children, footer, notice, error }: { id: string; title: string; description: ReactNode; children: ReactNode; footer: ReactNode; notice: string | null; error: string | null }) {
  return (
    <Card aria-labelledby={`${id}-heading`}>
      <CardHeader>
        <CardTitle id={`${id}-heading`}>{title}</CardTitle>
        <CardDescription>{description}</CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        {error ? <Alert variant="error">{error}</Alert> : notice ? <Alert variant="success">{notice}</Alert> : null}
        {children}
      </CardContent>
      <CardFooter>{footer}</CardFooter>
    </Card>
  );
}

export function SwitchRow({ id, label, description, checked, onChange }: { id: string; label: string; description: ReactNode; checked: boolean; onChange: (v: boolean) => void }) {
  return (
    <div className="flex items-start justify-between gap-4 rounded-lg border border-slate-200 p-4">
      <div>
        <p id={`${id}-label`} className="text-sm font-medium text-slate-900">
          {label}
        </p>
        <p id={`${id}-desc`} className="text-sm text-slate-600">
          {description}
        </p>
      </div>
      <Switch checked={checked} onChange={onChange} labelledBy={`${id}-label`} describedBy={`${id}-desc`} />
    </div>
  );
}
