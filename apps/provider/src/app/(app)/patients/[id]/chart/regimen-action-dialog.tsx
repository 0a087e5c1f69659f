"use client";

import { useEffect } from "react";
import { useForm } from "react-hook-form";
import { Alert } from "@clearwell/ui/alert";
import { Button } from "@clearwell/ui/button";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@clearwell/ui/dialog";
import { Field } from "@clearwell/ui/field";
import { Textarea } from "@clearwell/ui/input";
import type { ZRegimenActionInput } from "@clearwell/validators/regimen";
import type { z } from "zod";

import { lazyZodResolver } from "~/lib/lazy-zod-resolver";

type ReasonForm = Pick<z.input<typeof ZRegimenActionInput>, "reason">;
// The action's own reason check; the schema (zod) loads on the form's first check, not with the page.
const reasonResolver = lazyZodResolver(() => import("@clearwell/validators/regimen").then((m) => m.ZRegimenActionInput.pick({ reason: true })));

export type RegimenAction = "pause" | "resume" | "stop";

const COPY: Record<RegimenAction, { title: string; description: string; confirm: string; danger: boolean }> = {
  pause: {
    title: "Pause the home regimen?",
    description: "The patient can't start a session until it is resumed. They are told their sessions are on hold and that the care team will contact them.",
    confirm: "Pause regimen",
    danger: false,
  },
  resume: {
    title: "Resume the home regimen?",
    description: "The patient can start their next session again once the minimum interval has passed. Each session still goes through the pre-dose safety check.",
    confirm: "Resume regimen",
    danger: false,
  },
  stop: {
    title: "Stop the home regimen?",
    description: "Stopping is final: no more home sessions on this prescription. A new prescription is needed to start again.",
    confirm: "Stop regimen",
    danger: true,
  },
};

/**
 * Pause, resume or stop with a reason (kept on the regimen's history, DOMAIN.md §2). The server's
 * refusal (for example a resume while the A1 alert that paused it is open) stays in the dialog.
 */
export function RegimenActionDialog({
  action,
  onOpenChange,
  pending,
  serverError,
  fieldError,
  onSubmit,
}: {
  action: RegimenAction | null;
  onOpenChange: (open: boolean) => void;
  pending: boolean;
  serverError: string | null;
  fieldError: string | null;
  onSubmit: (reason: string) => void;
}) {
  const form = useForm<ReasonForm>({ resolver: reasonResolver, defaultValues: { reason: "" } });
  const { register, handleSubmit, formState, reset, setError } = form;
  useEffect(() => {
    if (action) reset({ reason: "" });
  }, [action, reset]);
  useEffect(() => {
    if (fieldError) setError("reason", { type: "server", message: fieldError }, { shouldFocus: true });
  }, [fieldError, setError]);
  const copy = action ? COPY[action] : null;
  return (
    <Dialog open={action !== null} onOpenChange={onOpenChange}>
      <DialogContent size="md">
        {copy ? (
          <form onSubmit={handleSubmit((v) => onSubmit(v.reason))} noValidate>
            <DialogHeader>
              <DialogTitle>{copy.title}</DialogTitle>
              <DialogDescription>{copy.description}</DialogDescription>
            </DialogHeader>
            <div className="flex flex-col gap-4">
              <Field label="Reason" required error={formState.errors.reason?.message} hint="Kept on the regimen's history. The patient sees only that their sessions are on hold or stopped.">
                <Textarea rows={3} maxLength={500} autoFocus {...register("reason")} />
              </Field>
              {serverError ? <Alert variant="error">{serverError}</Alert> : null}
            </div>
            <DialogFooter>
              <DialogClose asChild>
                <Button variant="secondary">Cancel</Button>
              </DialogClose>
              <Button type="submit" variant={copy.danger ? "danger" : "primary"} loading={pending}>
                {copy.confirm}
              </Button>
            </DialogFooter>
          </form>
        ) : null}
      </DialogContent>
    </Dialog>
  );
}
