"use client";

import type { SelectProps } from "@clearwell/ui/select";
import { Select } from "@clearwell/ui/select";
import { US_STATES } from "@clearwell/validators/us-states";

const OPTIONS = Object.entries(US_STATES).sort((a, b) => a[1].localeCompare(b[1]));

/** Native select of US states and territories (USPS codes as values). */
export function StateSelect({ placeholder = "Choose a state", ...props }: SelectProps & { placeholder?: string }) {
  return (
    <Select {...props}>
      <option value="">{placeholder}</option>
      {OPTIONS.map(([code, name]) => (
        <option key={code} value={code}>
          {name}
        </option>
      ))}
    </Select>
  );
}
