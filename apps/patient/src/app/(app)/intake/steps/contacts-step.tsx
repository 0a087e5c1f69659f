import { Text, YNU } from "../fields";
import { CONTACT_QUESTIONS } from "../questions";
import type { StepData, StepProps } from "../wizard-types";

export function ContactsStep({ values, set, err }: StepProps) {
  const p = { values, set, err };
  // Each person is one nested object, so its fields read and write under `key` and report errors as `key.field`.
  const person = (key: "emergencyContact" | "supportPerson", legend: string, description: string) => {
    const v = (values[key] ?? {}) as StepData;
    const setP = (k: string, val: unknown) => set(key, { ...v, [k]: val });
    const e = (k: string) => err(`${key}.${k}`);
    return (
      <fieldset className="flex flex-col gap-4">
        <legend className="mb-1 text-lg font-semibold text-slate-900">{legend}</legend>
        <p className="text-sm text-slate-600">{description}</p>
        <Text k="name" label={`${legend} name`} values={v} set={setP} err={e} required />
        <Text k="relationship" label={`${legend} relationship`} placeholder="e.g. Spouse, friend" values={v} set={setP} err={e} required />
        <Text k="phone" label={`${legend} phone`} type="tel" inputMode="tel" values={v} set={setP} err={e} required />
      </fieldset>
    );
  };
  return (
    <>
      {person("emergencyContact", "Emergency contact", "Someone we can call in an emergency.")}
      {person("supportPerson", "Support person", "An adult who will be with you during each at-home treatment and for a few hours after.")}
      <YNU k="supportPersonPresentEveryDose" label={CONTACT_QUESTIONS.supportPersonPresentEveryDose} {...p} />
      <YNU k="supportPersonIsAdult" label={CONTACT_QUESTIONS.supportPersonIsAdult} {...p} />
    </>
  );
}
