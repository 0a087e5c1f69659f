"use client";

import { Alert } from "@clearwell/ui/alert";
import { Button } from "@clearwell/ui/button";
import { Card, CardContent } from "@clearwell/ui/card";
import { type AnyForm, FormError, type SchemaSource } from "@clearwell/ui/form";
import { ChevronDown, type LucideIcon } from "lucide-react";
import { type ReactNode, useId, useState } from "react";
import type { DefaultValues, FieldValues } from "react-hook-form";
import type { z } from "zod";

import { useSendForm } from "~/components/form-controls";

/**
 * A request the patient sends about their regimen (a renewal, lost medicine): once sent, the
 * server's answer shows above the form, emptied for another.
 */
export function useRegimenRequest<S extends z.ZodType<FieldValues, FieldValues>>({
  schema,
  defaultValues,
  send,
  fallback,
}: {
  schema: SchemaSource<S>;
  defaultValues: DefaultValues<z.input<S>>;
  send: (values: z.output<S>, idempotencyKey: string) => Promise<{ message: string }>;
  fallback: string;
}) {
  const [done, setDone] = useState<string | null>(null);
  const { form, onSubmit } = useSendForm({
    schema,
    defaultValues,
    send,
    fallback,
    onSent: (res, reset) => {
      reset();
      setDone(res.message);
    },
  });
  return { form, done, onSubmit };
}

interface RequestPanelProps<T extends FieldValues> {
  icon: LucideIcon;
  title: string;
  /** What happens next, above the form. */
  intro: ReactNode;
  doneTitle: string;
  done: string | null;
  form: AnyForm<T>;
  onSubmit: (e: React.FormEvent<HTMLFormElement>) => void;
  submitLabel: string;
  children: ReactNode;
}

/** A closed card under a heading button that opens the request's form (a disclosure, keyboard and screen-reader friendly). */
export function RequestPanel<T extends FieldValues>({ icon: Icon, title, intro, doneTitle, done, form, onSubmit, submitLabel, children }: RequestPanelProps<T>) {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  return (
    <Card>
      <CardContent className="flex flex-col gap-3 py-4">
        <h3>
          <button
            type="button"
            aria-expanded={open}
            aria-controls={panelId}
            onClick={() => setOpen((o) => !o)}
            className="flex min-h-11 w-full items-center gap-2 rounded-md text-left text-base font-semibold text-slate-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600"
          >
            <Icon aria-hidden="true" className="size-5 shrink-0 text-brand-700" />
            <span className="flex-1">{title}</span>
            <ChevronDown aria-hidden="true" className={`size-5 shrink-0 transition-transform ${open ? "rotate-180" : ""}`} />
          </button>
        </h3>
        <div id={panelId} hidden={!open} className="flex flex-col gap-4">
          {done ? (
            <Alert variant="success" title={doneTitle}>
              {done}
            </Alert>
          ) : null}
          <p className="text-base text-slate-700">{intro}</p>
          <form noValidate onSubmit={onSubmit} className="flex flex-col gap-4">
            <FormError form={form} />
            {children}
            <Button type="submit" size="lg" variant="secondary" loading={form.formState.isSubmitting} className="self-stretch sm:self-start">
              {submitLabel}
            </Button>
          </form>
        </div>
      </CardContent>
    </Card>
  );
}
