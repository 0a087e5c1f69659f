"use client";

import { lazyZodResolver } from "~/lib/lazy-zod-resolver";
import { useMemo } from "react";
import type { Resolver } from "react-hook-form";
import { useForm } from "react-hook-form";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Alert } from "@clearwell/ui/alert";
import { Button } from "@clearwell/ui/button";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@clearwell/ui/dialog";
import { Field } from "@clearwell/ui/field";
import { Select } from "@clearwell/ui/select";
import { applyServerError } from "@clearwell/ui/form";
import type { TAlertEscalateInput } from "@clearwell/validators/alert";
import { ALERT_ESCALATION_REASONS } from "@clearwell/validators/choices/alert";
import type { TAlertRow } from "@clearwell/validators/output/alert";

import { useTRPC } from "~/trpc/react";
import { tierLabel } from "./alert-labels";
import { errorMessage } from "~/lib/trpc-errors";

export const ESCALATION_REASON_LABEL: Record<(typeof ALERT_ESCALATION_REASONS)[number], string> = {
  owner_unavailable: "The owner is not available",
  needs_urgent_review: "It needs urgent review",
  needs_prescriber: "It needs a prescriber",
  other: "Another reason",
};

interface EscalateForm {
  reason: string;
}

/**
 * Hand an alert to the next tier now (DOMAIN.md §1: clinicians, admin and staff may escalate): the
 * care team's alert goes to the on-call clinician, the on-call's to the backup, and the admin is told.
 */
export function EscalateDialog({ row, onOpenChange, onEscalated }: { row: TAlertRow | null; onOpenChange: (open: boolean) => void; onEscalated: (message: string) => void }) {
  return (
    <Dialog open={row !== null} onOpenChange={onOpenChange}>
      <DialogContent size="md">{row ? <EscalateBody key={row.id} row={row} onEscalated={onEscalated} /> : null}</DialogContent>
    </Dialog>
  );
}

function EscalateBody({ row, onEscalated }: { row: TAlertRow; onEscalated: (message: string) => void }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const escalate = useMutation(trpc.alert.escalate.mutationOptions());
  const resolver = useMemo<Resolver<EscalateForm, unknown, TAlertEscalateInput>>(() => {
    const base = lazyZodResolver(() => import("@clearwell/validators/alert").then((m) => m.ZAlertEscalateInput));
    return (values, ctx, opts) => base({ alertId: row.id, reason: values.reason || undefined } as never, ctx, opts as never) as never;
  }, [row.id]);
  const form = useForm<EscalateForm, unknown, TAlertEscalateInput>({ resolver, defaultValues: { reason: "" } });
  const { register, handleSubmit, formState, setError } = form;
  const next = tierLabel(Math.min(row.tier + 1, 2)).toLowerCase();

  const onSubmit = handleSubmit(async (input) => {
    try {
      const out = await escalate.mutateAsync(input);
      await qc.invalidateQueries({ queryKey: trpc.alert.pathKey() });
      onEscalated(`Escalated to the ${tierLabel(out.tier).toLowerCase()} tier. The admin has been told.`);
    } catch (err) {
      const rest = applyServerError({ setError }, err, { fields: { reason: "reason" }, message: errorMessage });
      if (rest) setError("root.server", { type: "server", message: rest });
    }
  });

  return (
    <form onSubmit={onSubmit} noValidate>
      <DialogHeader>
        <DialogTitle>Escalate alert</DialogTitle>
        <DialogDescription>
          {row.patient.name}: {row.summary}. It moves to the {next} clinician with a new response time, and the clinic admin is told.
        </DialogDescription>
      </DialogHeader>
      <div className="flex flex-col gap-4">
        <Field label="Why escalate?" required error={formState.errors.reason?.message}>
          <Select {...register("reason")} autoFocus>
            <option value="">Choose…</option>
            {ALERT_ESCALATION_REASONS.map((r) => (
              <option key={r} value={r}>
                {ESCALATION_REASON_LABEL[r]}
              </option>
            ))}
          </Select>
        </Field>
        {formState.errors.root?.server?.message ? <Alert variant="error">{formState.errors.root.server.message}</Alert> : null}
      </div>
      <DialogFooter>
        <DialogClose asChild>
          <Button variant="secondary">Cancel</Button>
        </DialogClose>
        <Button type="submit" loading={formState.isSubmitting}>
          Escalate
        </Button>
      </DialogFooter>
    </form>
  );
}
