import { FormCheckbox, useGroupError } from "~/components/form-controls";

import { Text } from "../fields";
import type { Current, StepProps } from "../wizard-types";

export function ConsentsStep({ form, consents }: StepProps & { consents: Current["consents"] }) {
  const tele = consents.find((x) => x.kind === "telehealth");
  const csa = consents.find((x) => x.kind === "controlled_substance_agreement");
  // The versions are not fields: a message on them means the consent text never arrived.
  const teleVersionError = useGroupError(form, "telehealthVersion");
  const csaVersionError = useGroupError(form, "controlledSubstanceVersion");
  const block = (c: typeof tele, k: string, label: string) =>
    c ? (
      <section className="flex flex-col gap-3" aria-labelledby={`consent-${k}`}>
        <h2 id={`consent-${k}`} className="text-lg font-semibold text-slate-900">
          {c.title}
        </h2>
        <div
          tabIndex={0}
          className="flex max-h-72 flex-col gap-3 overflow-y-auto rounded-lg border border-slate-200 bg-slate-50 p-4 text-base text-slate-800 focus-visible:outline-2 focus-visible:outline-brand-600"
        >
          {c.paragraphs.map((para) => (
            <p key={para}>{para}</p>
          ))}
        </div>
        <FormCheckbox form={form} name={k}>
          {label}
        </FormCheckbox>
      </section>
    ) : null;
  return (
    <>
      {block(tele, "telehealthAccepted", "I have read and accept the telehealth consent.")}
      {block(csa, "controlledSubstanceAccepted", "I have read and accept the controlled-substance agreement.")}
      <Text form={form} k="signedName" label="Type your full name to sign" autoComplete="name" required />
      {teleVersionError || csaVersionError ? <p className="text-sm font-medium text-red-700">The consent text could not be loaded. Please reload the page.</p> : null}
    </>
  );
}
