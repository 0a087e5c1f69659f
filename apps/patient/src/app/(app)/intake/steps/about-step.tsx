import { StateSelect } from "~/components/state-select";

import { Text } from "../fields";
import { str } from "../step-data";
import type { StepProps } from "../wizard-types";

export function AboutStep({ values, set, err }: StepProps) {
  const p = { values, set, err };
  return (
    <>
      <div className="grid gap-4 sm:grid-cols-2">
        <Text k="givenName" label="First name" autoComplete="given-name" required {...p} />
        <Text k="familyName" label="Last name" autoComplete="family-name" required {...p} />
      </div>
      <Text k="preferredName" label="Preferred name (optional)" {...p} />
      <Text k="dateOfBirth" label="Date of birth" type="date" required {...p} />
      <Text k="phone" label="Mobile phone" type="tel" inputMode="tel" autoComplete="tel" required {...p} />
      <Text k="addressLine1" label="Street address" autoComplete="address-line1" required {...p} />
      <Text k="addressLine2" label="Apartment, suite, etc. (optional)" autoComplete="address-line2" {...p} />
      <div className="grid gap-4 sm:grid-cols-2">
        <Text k="city" label="City" autoComplete="address-level2" required {...p} />
        <Text k="postalCode" label="ZIP code" inputMode="numeric" autoComplete="postal-code" required {...p} />
      </div>
      <StateSelect
        label="State of residence"
        name="stateOfResidence"
        value={str(values.stateOfResidence)}
        onChange={(v) => set("stateOfResidence", v)}
        error={err("stateOfResidence")}
        required
      />
      <Text k="timezone" label="Time zone" hint="For example America/Denver. We use it to show appointment times." required {...p} />
    </>
  );
}
