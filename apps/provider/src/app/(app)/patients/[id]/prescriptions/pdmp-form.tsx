"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useFieldArray, useForm, useWatch } from "react-hook-form";
import { z } from "zod";
import { Alert } from "@clearwell/ui/alert";
import { Button } from "@clearwell/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@clearwell/ui/card";
import { Field } from "@clearwell/ui/field";
import { Input, Textarea } from "@clearwell/ui/input";
import { ZPrescriptionRecordPdmpInput } from "@clearwell/validators/prescription";
import { US_STATE_CODES } from "@clearwell/validators/us-states";

import { StateSelect } from "~/components/state-select";
import { formatDateTime } from "~/lib/appointments";
import { stateName } from "~/lib/format";
import { errorMessage } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";
import type { RxContext } from "./rx-labels";

/** A local date-time input's value ("YYYY-MM-DDTHH:mm") for an instant, in the browser's zone. */
const localInput = (d: Date) => new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);

const ZLocal = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/, "Enter a date and time.");
const ZPdmpForm = z
  .object({
    state: z.enum(US_STATE_CODES, { message: "Choose the state whose PDMP was checked." }),
    result: z.enum(["reviewed", "unavailable"], { message: "Say whether the PDMP was reviewed or could not be reached." }),
    checkedAt: z.string(),
    interpretation: z.string().max(2000),
    attempts: z.array(z.object({ at: ZLocal, reason: z.string().trim().min(3, "Say why the PDMP could not be checked.").max(300) })).max(10),
  })
  .superRefine((v, ctx) => {
    if (v.result === "reviewed") {
      if (!ZLocal.safeParse(v.checkedAt).success) ctx.addIssue({ code: "custom", path: ["checkedAt"], message: "Enter when you reviewed it." });
      else if (new Date(v.checkedAt).getTime() > Date.now() + 60_000) ctx.addIssue({ code: "custom", path: ["checkedAt"], message: "That time is in the future." });
      if (v.interpretation.trim().length < 3) ctx.addIssue({ code: "custom", path: ["interpretation"], message: "Write what you found and what it means for this prescription." });
    }
    if (v.result === "unavailable" && !v.attempts.length) ctx.addIssue({ code: "custom", path: ["attempts"], message: "Record each attempt to reach the PDMP: when, and why it failed." });
  });
type PdmpValues = z.input<typeof ZPdmpForm>;

/**
 * DOMAIN.md §4.3 PDMP / §4.5 "PDMP result and interpretation" (RX17): the prescriber records that
 * they reviewed the state's PDMP (when, what it showed) or that it could not be reached (each
 * attempt). Records are append-only; the checklist picks the latest recent one.
 */
export function PdmpForm({ patientId, ctx, state }: { patientId: string; ctx: RxContext; state: string | null }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const [key, setKey] = useState(() => crypto.randomUUID());
  const required = ctx.settings.pdmpRequiredStates.find((s) => s.state === state)?.required;
  const latest = ctx.latestPdmp[0];
  const form = useForm<PdmpValues>({
    resolver: zodResolver(ZPdmpForm),
    defaultValues: { state: (state ?? ctx.patient.stateOfResidence) as PdmpValues["state"], result: "reviewed", checkedAt: localInput(new Date()), interpretation: "", attempts: [] },
  });
  const attempts = useFieldArray({ control: form.control, name: "attempts" });
  const result = useWatch({ control: form.control, name: "result" });
  const record = useMutation(
    trpc.prescription.recordPdmp.mutationOptions({
      onSuccess: async () => {
        await qc.invalidateQueries({ queryKey: trpc.prescription.context.queryKey({ patientId }) });
        await qc.invalidateQueries({ queryKey: trpc.prescription.check.pathKey() });
        setOpen(false);
        setKey(crypto.randomUUID());
        form.reset({ ...form.getValues(), checkedAt: localInput(new Date()), interpretation: "", attempts: [] });
      },
    }),
  );
  const submit = form.handleSubmit((v) => {
    const input = ZPrescriptionRecordPdmpInput.safeParse({
      patientId,
      state: v.state,
      result: v.result,
      ...(v.result === "reviewed" ? { checkedAt: new Date(v.checkedAt), interpretation: v.interpretation.trim() } : { attempts: v.attempts.map((a) => ({ at: new Date(a.at), reason: a.reason.trim() })) }),
      idempotencyKey: key,
    });
    if (!input.success) {
      form.setError("root", { message: input.error.issues[0]?.message ?? "Check the fields." });
      return;
    }
    record.mutate(input.data);
  });
  const err = form.formState.errors;

  return (
    <Card aria-labelledby="pdmp-heading" id="rx-pdmp" tabIndex={-1} className="outline-none focus-visible:ring-2 focus-visible:ring-brand-600">
      <CardHeader>
        <CardTitle id="pdmp-heading">PDMP check</CardTitle>
        <CardDescription>
          {state ? `${stateName(state)}: ` : ""}
          {required === true
            ? "this clinic requires a PDMP check before signing."
            : required === false
              ? "a PDMP check is recorded but not required by this clinic."
              : "record the prescription drug monitoring program check."}{" "}
          A check counts for {ctx.settings.pdmpMaxAgeHours} hours.
        </CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        {latest ? (
          <div className="rounded-lg bg-slate-50 p-3 text-sm" data-testid="pdmp-latest">
            <p className="font-medium text-slate-900">
              Latest: {latest.result === "reviewed" ? "reviewed" : "unavailable"} · {stateName(latest.state)} · {formatDateTime(latest.checkedAt)} · {latest.checkedBy.name}
            </p>
            {latest.interpretation ? <p className="mt-1 text-slate-700">{latest.interpretation}</p> : null}
            {latest.attempts.length ? <p className="mt-1 text-slate-700">{latest.attempts.length} attempt(s) recorded; a supply of at most {ctx.settings.pdmpUnavailableMaxDaysSupply} days may be written.</p> : null}
          </div>
        ) : (
          <p className="text-sm text-slate-700">No PDMP check recorded for this patient yet.</p>
        )}
        {!open ? (
          <div>
            <Button variant="secondary" onClick={() => setOpen(true)}>
              Record a PDMP check
            </Button>
          </div>
        ) : (
          <form onSubmit={submit} noValidate aria-label="PDMP check" className="flex flex-col gap-4 border-t border-slate-100 pt-4">
            <Field label="State" required error={err.state?.message}>
              <StateSelect {...form.register("state")} autoFocus />
            </Field>
            <fieldset className="flex flex-col gap-1" aria-describedby={err.result ? "pdmp-result-error" : undefined}>
              <legend className="mb-1 text-sm font-medium text-slate-800">Result</legend>
              <div className="flex flex-wrap gap-x-4 gap-y-1">
                <label className="flex min-h-8 items-center gap-2 text-sm text-slate-800">
                  <input type="radio" value="reviewed" {...form.register("result")} className="size-4 accent-teal-700" />I reviewed the PDMP
                </label>
                <label className="flex min-h-8 items-center gap-2 text-sm text-slate-800">
                  <input type="radio" value="unavailable" {...form.register("result")} className="size-4 accent-teal-700" />
                  The PDMP could not be reached
                </label>
              </div>
              {err.result ? (
                <p id="pdmp-result-error" className="text-sm font-medium text-red-700">
                  {err.result.message}
                </p>
              ) : null}
            </fieldset>
            {result === "reviewed" ? (
              <>
                <Field label="Reviewed at" required error={err.checkedAt?.message}>
                  <Input type="datetime-local" {...form.register("checkedAt")} />
                </Field>
                <Field label="What it showed" required hint="Other controlled-substance prescriptions, prescribers and pharmacies, and what that means for this prescription." error={err.interpretation?.message}>
                  <Textarea rows={3} maxLength={2000} {...form.register("interpretation")} />
                </Field>
              </>
            ) : (
              <fieldset className="flex flex-col gap-3">
                <legend className="text-sm font-medium text-slate-800">Attempts to reach it</legend>
                {attempts.fields.map((a, i) => (
                  <div key={a.id} className="grid gap-3 rounded-lg border border-slate-200 p-3 sm:grid-cols-[14rem_1fr_auto] sm:items-end">
                    <Field label={`Attempt ${i + 1}: when`} error={err.attempts?.[i]?.at?.message}>
                      <Input type="datetime-local" {...form.register(`attempts.${i}.at`)} />
                    </Field>
                    <Field label={`Attempt ${i + 1}: what went wrong`} error={err.attempts?.[i]?.reason?.message}>
                      <Input maxLength={300} {...form.register(`attempts.${i}.reason`)} />
                    </Field>
                    <Button variant="ghost" onClick={() => attempts.remove(i)}>
                      Remove<span className="sr-only"> attempt {i + 1}</span>
                    </Button>
                  </div>
                ))}
                {err.attempts?.message ? <p className="text-sm font-medium text-red-700">{err.attempts.message}</p> : null}
                <div>
                  <Button variant="secondary" size="sm" disabled={attempts.fields.length >= 10} onClick={() => attempts.append({ at: localInput(new Date()), reason: "" })}>
                    Add an attempt
                  </Button>
                </div>
              </fieldset>
            )}
            {err.root?.message ? <Alert variant="error">{err.root.message}</Alert> : null}
            {record.isError ? (
              <Alert variant="error" title="PDMP check not recorded">
                {errorMessage(record.error)}
              </Alert>
            ) : null}
            <div className="flex flex-wrap gap-2">
              <Button type="submit" loading={record.isPending}>
                Record PDMP check
              </Button>
              <Button variant="ghost" onClick={() => setOpen(false)}>
                Close
              </Button>
            </div>
          </form>
        )}
      </CardContent>
    </Card>
  );
}
