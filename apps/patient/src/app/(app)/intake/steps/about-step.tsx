import { FormField } from "@clearwell/ui/form";
import { Select } from "@clearwell/ui/select";
import { TimeZoneSelect } from "@clearwell/ui/time-zone-select";

import { StateOptions } from "~/components/state-select";
import { todayIso } from "~/lib/format";

import { Text } from "../fields";
import { SEX_HINT, SEX_OPTIONS, SEX_QUESTION } from "../questions";
import type { StepProps } from "../wizard-types";

export function AboutStep({ form }: StepProps) {
  const p = { form };
  return (
    <>
      <div className="grid gap-4 sm:grid-cols-2">
        <Text k="givenName" label="First name" autoComplete="given-name" required {...p} />
        <Text k="familyName" label="Last name" autoComplete="family-name" required {...p} />
      </div>
      <Text k="preferredName" label="Preferred name (optional)" {...p} />
      <Text k="dateOfBirth" label="Date of birth" type="date" max={todayIso()} autoComplete="bday" required {...p} />
      <FormField form={form} name="sex" label={SEX_QUESTION} hint={SEX_HINT}>
        <Select autoComplete="sex" className="h-12 sm:h-11">
          {SEX_OPTIONS.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </Select>
      </FormField>
      <Text k="phone" label="Mobile phone" type="tel" inputMode="tel" autoComplete="tel" required {...p} />
      <Text k="addressLine1" label="Street address" autoComplete="address-line1" required {...p} />
      <Text k="addressLine2" label="Apartment, suite, etc. (optional)" autoComplete="address-line2" {...p} />
      <div className="grid gap-4 sm:grid-cols-2">
        <Text k="city" label="City" autoComplete="address-level2" required {...p} />
        <Text k="postalCode" label="ZIP code" inputMode="numeric" autoComplete="postal-code" required {...p} />
      </div>
      <FormField form={form} name="stateOfResidence" label="State of residence" required>
        <Select autoComplete="address-level1" className="h-12 sm:h-11">
          <StateOptions />
        </Select>
      </FormField>
      <FormField form={form} name="timezone" label="Time zone" hint="Type your city or region. We use it to show appointment times." required controlled>
        {(f) => <TimeZoneSelect {...f} inputClassName="h-12 sm:h-11" />}
      </FormField>
    </>
  );
}
