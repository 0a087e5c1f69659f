"use client";

import { RadioGroup } from "~/components/radio-group";

const YES_NO = [
  { value: "yes", label: "Yes" },
  { value: "no", label: "No" },
] as const;

/** A yes/no question as two large radio buttons, holding a boolean (undefined until answered). */
export function YesNo({
  legend,
  name,
  value,
  onChange,
  error,
  hint,
}: {
  legend: React.ReactNode;
  name: string;
  value: boolean | undefined;
  onChange: (v: boolean) => void;
  error?: string[] | null;
  hint?: React.ReactNode;
}) {
  return (
    <RadioGroup
      legend={legend}
      name={name}
      hint={hint}
      options={YES_NO}
      value={value === undefined ? undefined : value ? "yes" : "no"}
      onChange={(v) => onChange(v === "yes")}
      error={error}
    />
  );
}
