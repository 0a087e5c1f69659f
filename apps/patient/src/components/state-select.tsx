"use client";

import { Field } from "@clearwell/ui/field";
import { Select } from "@clearwell/ui/select";
import { US_STATES } from "@clearwell/validators/us-states";

const OPTIONS = Object.entries(US_STATES).sort((a, b) => a[1].localeCompare(b[1]));

export interface StateSelectProps {
  label: string;
  name: string;
  value: string;
  onChange: (value: string) => void;
  error?: string[] | null;
  hint?: string;
  required?: boolean;
}

/** The options of a state select (for a form's own <Select>). */
export function StateOptions() {
  return (
    <>
      <option value="">Choose a state</option>
      {OPTIONS.map(([code, name]) => (
        <option key={code} value={code}>
          {name}
        </option>
      ))}
    </>
  );
}

/** Native select of US states and territories, labelled by full name. */
export function StateSelect({ label, name, value, onChange, error, hint, required }: StateSelectProps) {
  return (
    <Field label={label} error={error} hint={hint} required={required}>
      {(wiring) => (
        <Select
          {...wiring}
          name={name}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          required={required}
          autoComplete="address-level1"
          className="h-12 sm:h-11"
        >
          <StateOptions />
        </Select>
      )}
    </Field>
  );
}
