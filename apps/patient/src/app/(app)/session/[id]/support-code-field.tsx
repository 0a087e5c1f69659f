"use client";

import { type AnyForm, FormField } from "@clearwell/ui/form";
import { Input } from "@clearwell/ui/input";
import type { FieldPath } from "react-hook-form";

/** The 6-digit code the support person reads out, at `supportCode`: one wide field, digits only, big and spaced. */
export function SupportCodeField<T extends { supportCode: unknown }>({ form }: { form: AnyForm<T> }) {
  return (
    <FormField form={form} name={"supportCode" as FieldPath<T>} label="Code from your support person" hint="6 digits. It works once, for 15 minutes." required controlled>
      {(p) => (
        <Input
          {...p}
          value={(p.value as string | undefined) ?? ""}
          onChange={(e) => p.onChange(e.target.value.replace(/[^\d]/g, "").slice(0, 6))}
          name="supportCode"
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={6}
          className="h-16 max-w-64 text-center font-mono text-3xl font-bold tracking-[0.3em] tabular-nums sm:text-3xl"
        />
      )}
    </FormField>
  );
}
