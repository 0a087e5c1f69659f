import { RadioGroup } from "~/components/radio-group";
import { FREQUENCY_OPTIONS, FUNCTIONAL_ITEM, FUNCTIONAL_OPTIONS, STEM } from "~/lib/questionnaires";

export interface QuestionnaireProps {
  /** The instrument's verbatim items (DOMAIN.md §6). */
  items: readonly string[];
  values: Record<string, unknown>;
  /** `v` may be a function of the previous value, so quick taps never overwrite each other. */
  set: (k: string, v: unknown) => void;
  err: (k: string) => string[] | null;
  /** Keeps radio names apart when two questionnaires are on one page. */
  idPrefix?: string;
}

/**
 * The PHQ-9 / GAD-7 layout: shared stem, one frequency group per item, then the functional item.
 * Used by intake and by the visit waiting room.
 */
export function Questionnaire({ items, values, set, err, idPrefix = "" }: QuestionnaireProps) {
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
          name={`${idPrefix}item-${i}`}
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
        name={`${idPrefix}functional`}
        options={FUNCTIONAL_OPTIONS}
        value={typeof values.functional === "number" ? values.functional : undefined}
        onChange={(v) => set("functional", v)}
        error={err("functional")}
      />
    </div>
  );
}
