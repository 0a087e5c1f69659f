"use client";

import { toNestErrors } from "@hookform/resolvers";
import { Plus, Trash2 } from "lucide-react";
import { useState } from "react";
import type { FieldError, Resolver } from "react-hook-form";
import { useFieldArray, useForm, useWatch } from "react-hook-form";
import { DEFAULT_ACK_MAPPING, type ErrorDisposition, type StatusMeaning } from "@clearwell/clinical/prescribing/ack";
import { Alert } from "@clearwell/ui/alert";
import { Badge } from "@clearwell/ui/badge";
import { Button } from "@clearwell/ui/button";
import { ConfirmDialog } from "@clearwell/ui/confirm-dialog";
import { Field } from "@clearwell/ui/field";
import { Input } from "@clearwell/ui/input";
import { Select } from "@clearwell/ui/select";
import { applyServerError } from "@clearwell/ui/form";
import type { TPrescribingSettingsUpdateInput } from "@clearwell/validators/prescribing-admin";

import { type Settings, SettingsCard, type Update, resolverVia, useSave } from "./card";
import { errorMessage } from "~/lib/trpc-errors";

// "Pharmacy answers": how the clinic reads the SCRIPT Status and Error codes a pharmacy sends back
// (DOMAIN.md §5.4: sources disagree on Status codes, so the code -> state map is configuration),
// and when a message waiting to go out raises A9. The same map applies to answers in the HTTP reply
// and to answers posted later (packages/api transmission vendor.ts / inbound.ts).

type Kind = "status" | "errors";
interface Row {
  code: string;
  value: string;
  /** Typed in this session: the code is editable until saved. */
  added: boolean;
}
interface AckForm {
  status: Row[];
  statusDefault: StatusMeaning;
  errors: Row[];
  errorDefault: ErrorDisposition;
  pendingAlertMinutes: number;
}

// Short enough for a phone-width select; the section's description says what each means.
const STATUS_LABEL: Record<StatusMeaning, string> = {
  acknowledged: "Acknowledged",
  in_transit: "Still in transit",
};
const ERROR_LABEL: Record<ErrorDisposition, string> = {
  retry: "Retry",
  terminal: "Stop and alert",
};
/** What the published sources say each standard code means (DOMAIN.md §5.2, §5.4). */
const KNOWN: Record<Kind, Record<string, string>> = {
  status: { "010": "Accepted by the pharmacy", "000": "Received by a network in between (sources disagree)" },
  errors: { "600": "Communication problem", "601": "The pharmacy cannot process it", "602": "The pharmacy's system had an error", "900": "Rejected" },
};
const DEFAULTS: Record<Kind, Readonly<Record<string, string>>> = { status: DEFAULT_ACK_MAPPING.status, errors: DEFAULT_ACK_MAPPING.errors };
const KIND_WORD: Record<Kind, string> = { status: "Status", errors: "Error" };
const A_KIND: Record<Kind, string> = { status: "a Status", errors: "an Error" };

const rowsOf = (map: Readonly<Record<string, string>>): Row[] =>
  Object.entries(map)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([code, value]) => ({ code, value, added: false }));

const formOf = (s: Settings): AckForm => ({
  status: rowsOf(s.ackMapping.status),
  statusDefault: s.ackMapping.statusDefault,
  errors: rowsOf(s.ackMapping.errors),
  errorDefault: s.ackMapping.errorDefault,
  pendingAlertMinutes: s.pendingAlertMinutes,
});

/** Only what differs from the defaults is stored: null when nothing does. */
function overridesOf(v: AckForm): TPrescribingSettingsUpdateInput["ackStatusMap"] {
  const diff = (rows: Row[], defaults: Readonly<Record<string, string>>) => Object.fromEntries(rows.filter((r) => defaults[r.code] !== r.value).map((r) => [r.code.trim(), r.value]));
  const status = diff(v.status, DEFAULTS.status) as Record<string, StatusMeaning>;
  const errors = diff(v.errors, DEFAULTS.errors) as Record<string, ErrorDisposition>;
  const o = {
    ...(Object.keys(status).length ? { status } : {}),
    ...(v.statusDefault !== DEFAULT_ACK_MAPPING.statusDefault ? { statusDefault: v.statusDefault } : {}),
    ...(Object.keys(errors).length ? { errors } : {}),
    ...(v.errorDefault !== DEFAULT_ACK_MAPPING.errorDefault ? { errorDefault: v.errorDefault } : {}),
  };
  return Object.keys(o).length ? o : null;
}

const ackInput = (v: AckForm): TPrescribingSettingsUpdateInput => ({ ackStatusMap: overridesOf(v), pendingAlertMinutes: v.pendingAlertMinutes });

/** Each row's code: three digits, once per table; messages name the row. Then the server's schema. */
const base = resolverVia(ackInput);
const ackResolver: Resolver<AckForm, unknown, Update> = async (values, ctx, opts) => {
  const flat: Record<string, FieldError> = {};
  for (const kind of ["status", "errors"] as const) {
    const seen = new Set<string>();
    values[kind].forEach((r, i) => {
      const code = r.code.trim();
      if (!/^\d{3}$/.test(code)) flat[`${kind}.${i}.code`] = { type: "pattern", message: `${KIND_WORD[kind]} code in row ${i + 1}: enter 3 digits, like ${kind === "status" ? "010" : "600"}.` };
      else if (seen.has(code)) flat[`${kind}.${i}.code`] = { type: "duplicate", message: `${KIND_WORD[kind]} code ${code} is listed twice: keep one row for it.` };
      seen.add(code);
    });
  }
  if (Object.keys(flat).length) return { values: {}, errors: toNestErrors(flat, opts) };
  return base(values, ctx, opts);
};

/** Choices that make a prescription look delivered when it is not, or retry what will never go. */
function risksOf(v: AckForm): string[] {
  const risks: string[] = [];
  for (const r of v.errors) {
    if ((r.code === "601" || r.code === "900") && r.value === "retry") {
      risks.push(`Error ${r.code} set to retry: the pharmacy has said it ${r.code === "900" ? "rejects" : "cannot process"} this prescription. Clearwell would keep sending the same message for up to a day before anyone is told.`);
    }
  }
  for (const r of v.status) {
    if (r.code === "010" && r.value === "in_transit") risks.push("Status 010 set to still in transit: prescriptions the pharmacy has accepted would never show as acknowledged, and the waiting-message alert would fire for them.");
    if (r.code === "000" && r.value === "acknowledged") risks.push("Status 000 set to acknowledged: a prescription would show as with the pharmacy when only a network in between has it.");
  }
  if (v.statusDefault === "acknowledged") risks.push("Unknown Status codes set to acknowledged: any code nobody listed would mark a prescription as with the pharmacy.");
  if (v.errorDefault === "retry") risks.push("Unknown Error codes set to retry: an error nobody listed would be retried silently instead of alerting you.");
  return risks;
}

export function AcknowledgementCard({ s }: { s: Settings }) {
  const save = useSave();
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirm, setConfirm] = useState<{ input: Update; risks: string[] } | null>(null);
  const [resetOpen, setResetOpen] = useState(false);
  const form = useForm<AckForm, unknown, Update>({ resolver: ackResolver, defaultValues: formOf(s) });
  const { register, control, handleSubmit, formState } = form;
  const v = useWatch({ control }) as AckForm;
  const risks = risksOf(v);
  const changedCount = s.ackStatusMap ? Object.keys(s.ackStatusMap.status ?? {}).length + Object.keys(s.ackStatusMap.errors ?? {}).length + (s.ackStatusMap.statusDefault ? 1 : 0) + (s.ackStatusMap.errorDefault ? 1 : 0) : 0;

  const persist = async (input: Update, said: (saved: Settings) => string) => {
    setNotice(null);
    setError(null);
    try {
      const saved = await save.mutateAsync(input);
      form.reset(formOf(saved));
      setNotice(said(saved));
    } catch (err) {
      setError(applyServerError({ setError: form.setError }, err, { fields: { pendingAlertMinutes: "pendingAlertMinutes" }, message: errorMessage }));
    }
  };
  const savedSentence = (saved: Settings) =>
    `Pharmacy answers saved. ${saved.ackStatusMap ? "Your changes to the standard codes apply" : "The standard codes apply"} from the next answer; a message waiting more than ${saved.pendingAlertMinutes} minute${saved.pendingAlertMinutes === 1 ? "" : "s"} raises an alert.`;

  const onSubmit = handleSubmit(async (input) => {
    const r = risksOf(form.getValues());
    if (r.length) {
      setConfirm({ input, risks: r });
      return;
    }
    await persist(input, savedSentence);
  });

  return (
    <form onSubmit={onSubmit} noValidate>
      <SettingsCard
        id="acknowledgement"
        title="Pharmacy answers"
        description="How Clearwell reads the codes a pharmacy sends back about a prescription, and when a message still waiting to go out raises an alert. Published sources disagree on some Status codes, so your clinic decides."
        notice={notice}
        error={error}
        footer={
          <div className="flex flex-wrap gap-3">
            <Button type="submit" loading={formState.isSubmitting || save.isPending}>
              Save pharmacy answers
            </Button>
            <Button variant="secondary" onClick={() => setResetOpen(true)} disabled={!s.ackStatusMap}>
              Reset codes to defaults
            </Button>
          </div>
        }
      >
        <p className="text-sm text-slate-700">
          {s.ackStatusMap ? `${changedCount === 1 ? "1 change" : `${changedCount} changes`} from the standard codes ${changedCount === 1 ? "is" : "are"} in effect.` : "The standard codes are in effect."} Codes not listed use the rule for unknown codes.
        </p>
        <CodeTable kind="status" form={form} />
        <Field label="Unknown Status codes" hint="A Status code not listed above." error={formState.errors.statusDefault?.message}>
          <Select {...register("statusDefault")}>
            {(["in_transit", "acknowledged"] as const).map((m) => (
              <option key={m} value={m}>
                {STATUS_LABEL[m]}
              </option>
            ))}
          </Select>
        </Field>
        <CodeTable kind="errors" form={form} />
        <Field label="Unknown Error codes" hint="An Error code not listed above." error={formState.errors.errorDefault?.message}>
          <Select {...register("errorDefault")}>
            {(["terminal", "retry"] as const).map((m) => (
              <option key={m} value={m}>
                {ERROR_LABEL[m]}
              </option>
            ))}
          </Select>
        </Field>
        {risks.length ? (
          <Alert variant="warning" title="Check these choices before saving">
            <ul className="list-disc pl-5">
              {risks.map((r) => (
                <li key={r}>{r}</li>
              ))}
            </ul>
          </Alert>
        ) : null}
        <Field
          label="Alert when a message has waited (minutes)"
          required
          error={formState.errors.pendingAlertMinutes?.message}
          hint="Prescriptions go to the pharmacy at once. If the oldest one still waiting to go out is older than this, the prescriber and admins get an alert. 1 to 1440."
        >
          <Input inputMode="numeric" autoComplete="off" className="sm:w-40" {...register("pendingAlertMinutes", { valueAsNumber: true })} />
        </Field>
      </SettingsCard>

      <ConfirmDialog
        open={!!confirm}
        onOpenChange={(open) => !open && setConfirm(null)}
        title="Save these risky choices?"
        description="They change how prescriptions are shown to prescribers and patients."
        confirmLabel="Save anyway"
        pending={save.isPending}
        onConfirm={() => {
          const c = confirm;
          setConfirm(null);
          if (c) void persist(c.input, savedSentence);
        }}
      >
        <ul className="list-disc pl-5 text-sm text-slate-700">{confirm?.risks.map((r) => <li key={r}>{r}</li>)}</ul>
      </ConfirmDialog>
      <ConfirmDialog
        open={resetOpen}
        onOpenChange={setResetOpen}
        title="Go back to the standard codes?"
        description="Status 010 acknowledged, 000 still in transit; Errors 600 and 602 retried, 601 and 900 stopped with an alert; unknown codes kept waiting or stopped. Your added codes are removed. The alert time stays as it is."
        confirmLabel="Reset codes"
        pending={save.isPending}
        onConfirm={() => {
          setResetOpen(false);
          void persist({ ackStatusMap: null }, () => "Pharmacy answers reset: the standard codes apply from the next answer.");
        }}
      />
    </form>
  );
}

function CodeTable({ kind, form }: { kind: Kind; form: ReturnType<typeof useForm<AckForm, unknown, Update>> }) {
  const { register, control, formState } = form;
  const rows = useFieldArray({ control, name: kind });
  const values = useWatch({ control, name: kind });
  const word = KIND_WORD[kind];
  const labels = kind === "status" ? STATUS_LABEL : ERROR_LABEL;
  const legendId = `ack-${kind}-legend`;
  return (
    <fieldset className="flex flex-col gap-3" aria-labelledby={legendId}>
      <legend id={legendId} className="mb-1 text-sm font-medium text-slate-800">
        {word} codes
      </legend>
      <p className="-mt-2 text-sm text-slate-600">
        {kind === "status"
          ? "A Status says where the prescription is. “Acknowledged”: the pharmacy has it, and the prescription shows as acknowledged. “Still in transit”: keep waiting for the pharmacy."
          : "An Error says the message did not get through. “Retry” sends the same message again later (same MessageID). “Stop and alert” marks the prescription as an error and alerts the prescriber and admins."}
      </p>
      <ul className="flex flex-col gap-2">
        {rows.fields.map((row, i) => {
          const current = values?.[i];
          const code = current?.code ?? row.code;
          const def = DEFAULTS[kind][code];
          const tag = row.added || def === undefined ? { label: "Added", variant: "info" as const } : def === current?.value ? { label: "Default", variant: "neutral" as const } : { label: "Changed", variant: "warning" as const };
          const error = formState.errors[kind]?.[i]?.code?.message;
          return (
            <li key={row.id} className="flex flex-col gap-2 rounded-lg border border-slate-200 p-3 sm:flex-row sm:items-end">
              {row.added ? (
                <Field label={`New ${word} code`} className="sm:w-56" error={error} hint="3 digits">
                  <Input inputMode="numeric" autoComplete="off" maxLength={3} {...register(`${kind}.${i}.code`)} />
                </Field>
              ) : (
                <div className="flex flex-col gap-1 sm:w-56">
                  <p className="text-sm font-medium text-slate-900">
                    {word} {row.code} <Badge variant={tag.variant}>{tag.label}</Badge>
                  </p>
                  <p className="text-sm text-slate-600">{KNOWN[kind][row.code] ?? "Not a standard code"}</p>
                </div>
              )}
              <Field label={row.added ? `What the new ${word} code means` : `What ${word} ${row.code} means`} className="sm:flex-1">
                <Select {...register(`${kind}.${i}.value`)}>
                  {Object.entries(labels).map(([value, label]) => (
                    <option key={value} value={value}>
                      {label}
                    </option>
                  ))}
                </Select>
              </Field>
              {def === undefined || row.added ? (
                <Button variant="ghost" className="text-red-700 hover:bg-red-50 hover:text-red-800" onClick={() => rows.remove(i)} aria-label={`Remove ${word} code ${code || `in row ${i + 1}`}`}>
                  <Trash2 aria-hidden="true" />
                  <span aria-hidden="true" className="sm:sr-only">
                    Remove
                  </span>
                </Button>
              ) : null}
            </li>
          );
        })}
      </ul>
      <div>
        <Button size="sm" variant="secondary" onClick={() => rows.append({ code: "", value: kind === "status" ? "in_transit" : "terminal", added: true })}>
          <Plus aria-hidden="true" />
          Add {A_KIND[kind]} code
        </Button>
      </div>
    </fieldset>
  );
}
