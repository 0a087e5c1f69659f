"use client";

import { Checkbox } from "@clearwell/ui/checkbox";

import type { StaffRole } from "~/lib/roles";
import { ROLE_INFO, STAFF_ROLES } from "~/lib/roles";

/** A fieldset of role checkboxes; the legend names the group for screen readers. */
export function RoleCheckboxes({
  idPrefix,
  legend,
  value,
  onChange,
  error,
}: {
  idPrefix: string;
  legend: string;
  value: StaffRole[];
  onChange: (roles: StaffRole[]) => void;
  error?: string | null;
}) {
  const errorId = `${idPrefix}-error`;
  return (
    <fieldset aria-describedby={error ? errorId : undefined} aria-invalid={error ? true : undefined} className="flex flex-col gap-1">
      <legend className="mb-1 text-sm font-medium text-slate-800">{legend}</legend>
      {STAFF_ROLES.map((role) => (
        <Checkbox
          key={role}
          id={`${idPrefix}-${role}`}
          label={ROLE_INFO[role].label}
          description={ROLE_INFO[role].description}
          checked={value.includes(role)}
          onChange={(e) => onChange(e.target.checked ? [...value, role] : value.filter((r) => r !== role))}
        />
      ))}
      {error ? (
        <p id={errorId} className="text-sm font-medium text-red-700">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
