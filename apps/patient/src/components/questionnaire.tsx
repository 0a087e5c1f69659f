import { RadioGroup } from "~/components/radio-group";
import { FREQUENCY_OPTIONS, FUNCTIONAL_ITEM, FUNCTIONAL_OPTIONS, STEM } from "~/lib/questionnaires";

import type { StepProps } from "./wizard-types";

/** The PHQ-9 / GAD-7 layout: shared stem, one frequency group per item, then the functional item. */
export function Questionnaire({ items, values, set, err }: { items: readonly string[] } & StepProps) {
  const arr = Array.isArray(values.items) ? (values.items as (number | undefined)[]) : [];
  const itemsErr = err("items");
  return (
    <div className="flex flex-col gap-6">
      <p className="text-base font-medium text-slate-900">{STEM}</p>
      {itemsErr ? <p className="text-sm font-medium text-red-700">{itemsErr.join(" ")}</p> : null}
      {items.map((item, i) => (
        <RadioGroup
          key={item}
          legend={
            <>
              <span className="text-slate-500">{i + 1}. </span>
              {item}
            </>
          }
          name={`item-${i}`}
          options={FREQUENCY_OPTIONS}
          value={arr[i]}
          onChange={(v) =>
            set("items", (prev: unknown) => {
              const current = Array.isArray(prev) ? (prev as (number | undefined)[]) : [];
              const next = Array.from({ length: items.length }, (_, j) => current[j]);
              next[i] = v;
              return next;
            })
          }
          error={err(`items.${i}`)}
        />
      ))}
      <RadioGroup
        legend={FUNCTIONAL_ITEM}
        name="functional"
        options={FUNCTIONAL_OPTIONS}
        value={typeof values.functional === "number" ? values.functional : undefined}
        onChange={(v) => set("functional", v)}
        error={err("functional")}
      />
    </div>
  );
}
