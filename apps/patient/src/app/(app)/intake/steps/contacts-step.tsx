import { CONTACT_QUESTIONS } from "../questions";
import { Text, YNU } from "../fields";
import type { StepProps } from "../wizard-types";

export function ContactsStep({ form }: StepProps) {
  const p = { form };
  // Each person is one nested object: its fields are `key.name`, `key.relationship`, `key.phone`.
  const person = (key: "emergencyContact" | "supportPerson", legend: string, description: string) => (
    <fieldset className="flex flex-col gap-4">
      <legend className="mb-1 text-lg font-semibold text-slate-900">{legend}</legend>
      <p className="text-sm text-slate-600">{description}</p>
      <Text k={`${key}.name`} label={`${legend} name`} required {...p} />
      <Text k={`${key}.relationship`} label={`${legend} relationship`} placeholder="e.g. Spouse, friend" required {...p} />
      <Text k={`${key}.phone`} label={`${legend} phone`} type="tel" inputMode="tel" required {...p} />
    </fieldset>
  );
  return (
    <>
      {person("emergencyContact", "Emergency contact", "Someone we can call in an emergency.")}
      {person("supportPerson", "Support person", "An adult who will be with you during each at-home treatment and for a few hours after.")}
      <YNU k="supportPersonPresentEveryDose" label={CONTACT_QUESTIONS.supportPersonPresentEveryDose} {...p} />
      <YNU k="supportPersonIsAdult" label={CONTACT_QUESTIONS.supportPersonIsAdult} {...p} />
    </>
  );
}
