"use client";

import { Field } from "@clearwell/ui/field";
import { Input } from "@clearwell/ui/input";

/** The 6-digit code the support person reads out: one wide field, digits only, big and spaced. */
export function SupportCodeField({ value, onChange, error }: { value: string; onChange: (v: string) => void; error?: string[] | null }) {
  return (
    <Field label="Code from your support person" hint="6 digits. It works once, for 15 minutes." error={error} required>
      {(wiring) => (
        <Input
          {...wiring}
          name="supportCode"
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={6}
          value={value}
          onChange={(e) => onChange(e.target.value.replace(/[^\d]/g, "").slice(0, 6))}
          className="h-16 max-w-64 text-center font-mono text-3xl font-bold tracking-[0.3em] tabular-nums sm:text-3xl"
        />
      )}
    </Field>
  );
}
