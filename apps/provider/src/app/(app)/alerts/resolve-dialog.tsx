"use client";

import { lazyZodResolver } from "~/lib/lazy-zod-resolver";
import { useMemo } from "react";
import type { Resolver } from "react-hook-form";
import { Controller, useForm, useWatch } from "react-hook-form";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { ResolutionCode } from "@clearwell/clinical/alerts/sla";
import { RESOLUTION_CODE_LABELS, RESOLUTION_CODES, requiresClinicalRecord } from "@clearwell/clinical/alerts/sla";
import { Alert } from "@clearwell/ui/alert";
import { Button } from "@clearwell/ui/button";
import { Checkbox } from "@clearwell/ui/checkbox";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@clearwell/ui/dialog";
import { Field } from "@clearwell/ui/field";
import { Textarea } from "@clearwell/ui/input";
import { Select } from "@clearwell/ui/select";
import { Skeleton } from "@clearwell/ui/skeleton";
import { applyServerError } from "@clearwell/ui/form";
import type { TAlertResolveInput } from "@clearwell/validators/alert";
import { OUTREACH_METHODS } from "@clearwell/validators/choices/alert";
import type { TAlertRow } from "@clearwell/validators/output/alert";

import { RadioGroup } from "~/components/notes/radio-group";
import { noteKind } from "~/components/notes/note-labels";
import { formatDateTime } from "~/lib/appointments";
import { RetryAlert } from "~/components/query-states";
import { useTRPC } from "~/trpc/react";
import { errorMessage } from "~/lib/trpc-errors";

const METHOD_LABEL: Record<(typeof OUTREACH_METHODS)[number], string> = { phone: "Phone call", video: "Video call", message: "Secure message", in_person: "In person" };

interface ResolveForm {
  code: string;
  record: "note" | "outreach";
  noteId: string;
  outreach: { method: string; reached: "" | "yes" | "no"; riskAssessment: string; plan: string };
  comment: string;
  resumeRegimen: boolean;
}

const EMPTY: ResolveForm = { code: "", record: "outreach", noteId: "", outreach: { method: "", reached: "", riskAssessment: "", plan: "" }, comment: "", resumeRegimen: false };

/** Codes that fit this alert (packages/clinical validateResolution: 'rebooked' closes A8 only; emergency services a clinical alert only). */
function codesFor(row: TAlertRow): ResolutionCode[] {
  return RESOLUTION_CODES.filter((c) => (c !== "rebooked" || row.type === "A8") && (c !== "emergency_services" || row.clinical));
}

/**
 * Resolve with a disposition code (DOMAIN.md §7 "closing the loop"): a clinical alert needs a signed
 * note of the patient or an outreach record written here (method, reached, risk assessment, plan);
 * an A1/A4 alert that paused the home regimen may resume it in the same step. The server's
 * refusals appear beside the field they are about.
 */
export function ResolveDialog({ row, onOpenChange, onResolved }: { row: TAlertRow | null; onOpenChange: (open: boolean) => void; onResolved: (message: string) => void }) {
  return (
    <Dialog open={row !== null} onOpenChange={onOpenChange}>
      <DialogContent size="lg">{row ? <ResolveBody key={row.id} row={row} onResolved={onResolved} /> : null}</DialogContent>
    </Dialog>
  );
}

function ResolveBody({ row, onResolved }: { row: TAlertRow; onResolved: (message: string) => void }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const detail = useQuery(trpc.alert.get.queryOptions({ alertId: row.id }));
  const resolve = useMutation(trpc.alert.resolve.mutationOptions());
  const d = detail.data;
  const notes = d?.signedNotes ?? [];
  const canResume = d?.regimen?.status === "paused" && d.regimen.pausedByThisRule;

  const resolver = useMemo<Resolver<ResolveForm, unknown, TAlertResolveInput>>(() => {
    const base = lazyZodResolver(() => import("@clearwell/validators/alert").then((m) => m.ZAlertResolveInput));
    return async (values, ctx, opts) => {
      const needsRecord = values.code ? requiresClinicalRecord(values.code as ResolutionCode, row.clinical) : false;
      const useNote = needsRecord && row.clinical && values.record === "note";
      const input = {
        alertId: row.id,
        code: values.code || undefined,
        ...(useNote ? { noteId: values.noteId || undefined } : {}),
        ...(needsRecord && !useNote
          ? {
              outreach: {
                method: values.outreach.method || undefined,
                reached: values.outreach.reached === "" ? undefined : values.outreach.reached === "yes",
                riskAssessment: values.outreach.riskAssessment.trim() ? values.outreach.riskAssessment : undefined,
                plan: values.outreach.plan,
              },
            }
          : {}),
        comment: values.comment.trim() ? values.comment : undefined,
        ...(canResume ? { resumeRegimen: values.resumeRegimen } : {}),
      };
      const result = await base(input as never, ctx, opts as never);
      // A note must be picked when that is the chosen record (the schema leaves noteId optional).
      if (useNote && !values.noteId) {
        return { values: {}, errors: { ...result.errors, noteId: { type: "required", message: "Pick the signed note that documents your response." } } } as never;
      }
      return result as never;
    };
  }, [row.id, row.clinical, canResume]);

  const form = useForm<ResolveForm, unknown, TAlertResolveInput>({ resolver, defaultValues: EMPTY });
  const { register, control, handleSubmit, formState, setError } = form;
  const code = useWatch({ control, name: "code" });
  const record = useWatch({ control, name: "record" });
  const reached = useWatch({ control, name: "outreach.reached" });
  const needsRecord = code ? requiresClinicalRecord(code as ResolutionCode, row.clinical) : false;
  const showNote = needsRecord && row.clinical && record === "note";
  const showOutreach = needsRecord && !showNote;
  const e = formState.errors;

  const onSubmit = handleSubmit(async (input) => {
    try {
      const out = await resolve.mutateAsync(input);
      await qc.invalidateQueries({ queryKey: trpc.alert.pathKey() });
      onResolved(`Resolved: ${RESOLUTION_CODE_LABELS[input.code]}.${out.regimenResumed ? " The home regimen is active again." : ""}`);
    } catch (err) {
      const rest = applyServerError({ setError }, err, {
        fields: {
          code: "code",
          noteId: "noteId",
          outreach: "outreach.plan",
          "outreach.method": "outreach.method",
          "outreach.reached": "outreach.reached",
          "outreach.riskAssessment": "outreach.riskAssessment",
          "outreach.plan": "outreach.plan",
          comment: "comment",
          resumeRegimen: "resumeRegimen",
        },
        message: errorMessage,
      });
      if (rest) setError("root.server", { type: "server", message: rest });
    }
  });

  return (
    <form onSubmit={onSubmit} noValidate>
      <DialogHeader>
        <DialogTitle>Resolve alert</DialogTitle>
        <DialogDescription>
          {row.patient.name}
          {row.type ? ` · ${row.type}` : ""}: {row.summary}
        </DialogDescription>
      </DialogHeader>
      {detail.isPending ? (
        <div aria-busy="true" className="flex flex-col gap-3">
          <span className="sr-only" role="status">
            Loading the alert…
          </span>
          <Skeleton className="h-10" />
          <Skeleton className="h-24" />
        </div>
      ) : detail.isError ? (
        <RetryAlert title="The alert could not be loaded" error={detail.error} onRetry={() => void detail.refetch()} retrying={detail.isFetching} />
      ) : (
        <div className="flex flex-col gap-4">
          <Field label="How was it resolved?" required error={e.code?.message}>
            <Select {...register("code")}>
              <option value="">Choose…</option>
              {codesFor(row).map((c) => (
                <option key={c} value={c}>
                  {RESOLUTION_CODE_LABELS[c]}
                </option>
              ))}
            </Select>
          </Field>

          {needsRecord && row.clinical ? (
            <Controller
              control={control}
              name="record"
              render={({ field }) => (
                <RadioGroup
                  legend="Close the loop with"
                  hint={notes.length ? "A clinical alert is resolved with a signed note of this patient or an outreach record." : "This patient has no signed note yet: write an outreach record."}
                  options={
                    notes.length
                      ? ([
                          ["outreach", "An outreach record, written now"],
                          ["note", "A signed note"],
                        ] as const)
                      : ([["outreach", "An outreach record, written now"]] as const)
                  }
                  value={field.value}
                  onChange={field.onChange}
                />
              )}
            />
          ) : null}

          {showNote ? (
            <Field label="Signed note" required error={e.noteId?.message} hint="Newest first. The note should document your review and the plan.">
              <Select {...register("noteId")}>
                <option value="">Choose a note…</option>
                {notes.map((n) => (
                  <option key={n.id} value={n.id}>
                    {noteKind(n.kind)} · signed {formatDateTime(n.signedAt)} · {n.authorName}
                  </option>
                ))}
              </Select>
            </Field>
          ) : null}

          {showOutreach ? (
            <fieldset className="flex flex-col gap-4 rounded-lg border border-slate-200 p-4">
              <legend className="px-1 text-sm font-semibold text-slate-900">Outreach record</legend>
              <div className="grid gap-4 sm:grid-cols-2">
                <Field label="How you reached out" required error={e.outreach?.method?.message}>
                  <Select {...register("outreach.method")}>
                    <option value="">Choose…</option>
                    {OUTREACH_METHODS.map((m) => (
                      <option key={m} value={m}>
                        {METHOD_LABEL[m]}
                      </option>
                    ))}
                  </Select>
                </Field>
                <Controller
                  control={control}
                  name="outreach.reached"
                  render={({ field }) => (
                    <RadioGroup
                      legend={
                        <>
                          Did you reach the patient?<span className="text-red-700"> *</span>
                        </>
                      }
                      options={[
                        ["yes", "Yes"],
                        ["no", "No"],
                      ]}
                      value={field.value || undefined}
                      onChange={field.onChange}
                      error={e.outreach?.reached?.message ? [e.outreach.reached.message] : null}
                    />
                  )}
                />
              </div>
              <Field
                label="Risk assessment"
                required={reached === "yes"}
                error={e.outreach?.riskAssessment?.message}
                hint={row.type === "A1" ? "Suicide risk: ideation, plan, intent, means, protective factors." : "Your assessment of the risk now."}
              >
                <Textarea rows={3} maxLength={4000} {...register("outreach.riskAssessment")} />
              </Field>
              <Field label="Plan" required error={e.outreach?.plan?.message} hint="What was agreed, or the next step if you did not reach them.">
                <Textarea rows={3} maxLength={4000} {...register("outreach.plan")} />
              </Field>
            </fieldset>
          ) : null}

          {canResume ? (
            <div className="flex flex-col gap-1">
              <Checkbox
                label="Resume the home regimen"
                description="This alert paused the patient's home sessions. Leave it unticked to keep them paused; you can resume later from the chart."
                aria-invalid={e.resumeRegimen ? true : undefined}
                {...register("resumeRegimen")}
              />
              {e.resumeRegimen?.message ? <p className="text-sm font-medium text-red-700">{e.resumeRegimen.message}</p> : null}
            </div>
          ) : null}

          <Field label="Comment" error={e.comment?.message} hint="Optional. Kept with the resolution.">
            <Textarea rows={2} maxLength={1000} {...register("comment")} />
          </Field>

          {e.root?.server?.message ? <Alert variant="error">{e.root.server.message}</Alert> : null}
        </div>
      )}
      <DialogFooter>
        <DialogClose asChild>
          <Button variant="secondary">Cancel</Button>
        </DialogClose>
        <Button type="submit" loading={formState.isSubmitting} disabled={!d}>
          Resolve
        </Button>
      </DialogFooter>
    </form>
  );
}
