"use client";

import { useState } from "react";
import { useForm } from "react-hook-form";
import { useMutation } from "@tanstack/react-query";
import { Alert } from "@clearwell/ui/alert";
import { Button } from "@clearwell/ui/button";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@clearwell/ui/dialog";
import { Field } from "@clearwell/ui/field";
import { Input, Textarea } from "@clearwell/ui/input";
import { applyServerError } from "@clearwell/ui/form";
import type { ZEpcsChangeItem } from "@clearwell/validators/output/prescribing-admin";
import type { z } from "zod";

import { formatInstant } from "~/lib/format";
import { lazyZodResolver } from "~/lib/lazy-zod-resolver";
import { useTRPC } from "~/trpc/react";
import { errorMessage } from "~/lib/trpc-errors";

export type EpcsChange = z.infer<typeof ZEpcsChangeItem>;
export type Decision = "approve" | "reject";

/** What the change does, in words. */
export const changeWords = (c: Pick<EpcsChange, "action" | "subjectName">) =>
  c.action === "grant" ? `Grant ${c.subjectName ?? "this prescriber"} permission to sign controlled-substance prescriptions` : `Revoke ${c.subjectName ?? "this prescriber"}'s permission to sign controlled-substance prescriptions`;

/**
 * The second person's decision on an EPCS access change (21 CFR 1311.125(a)): a DEA registrant
 * approves or rejects it with a fresh authenticator code (each code is accepted once).
 */
export function DecideDialog({ change, decision, onOpenChange, onDone }: { change: EpcsChange | null; decision: Decision; onOpenChange: (open: boolean) => void; onDone: (c: EpcsChange) => void }) {
  return (
    <Dialog open={change !== null} onOpenChange={onOpenChange}>
      <DialogContent>{change ? <DecideForm key={`${change.id}-${decision}`} change={change} decision={decision} onDone={onDone} /> : null}</DialogContent>
    </Dialog>
  );
}

type Values = { id: string; totp: string; note?: string };

// The schemas (zod) load on the form's first check, not with the page.
const approveResolver = lazyZodResolver(() => import("@clearwell/validators/prescribing-admin").then((m) => m.ZEpcsApproveChangeInput));
const rejectResolver = lazyZodResolver(() => import("@clearwell/validators/prescribing-admin").then((m) => m.ZEpcsRejectChangeInput));

function DecideForm({ change, decision, onDone }: { change: EpcsChange; decision: Decision; onDone: (c: EpcsChange) => void }) {
  const trpc = useTRPC();
  const approve = useMutation(trpc.epcs.approveChange.mutationOptions());
  const reject = useMutation(trpc.epcs.rejectChange.mutationOptions());
  const [error, setError] = useState<string | null>(null);
  const form = useForm<Values, unknown, Values>({
    resolver: (decision === "approve" ? approveResolver : rejectResolver) as never,
    mode: "onTouched",
    defaultValues: { id: change.id, totp: "", note: "" },
  });
  const submit = form.handleSubmit(async (values) => {
    setError(null);
    const input = { id: values.id, totp: values.totp.trim(), ...(values.note?.trim() ? { note: values.note.trim() } : {}) };
    try {
      const done = decision === "approve" ? await approve.mutateAsync(input) : await reject.mutateAsync({ ...input, note: input.note ?? "" });
      onDone(done);
    } catch (err) {
      // A spent or wrong code is about the code: clear it so the next one is typed fresh.
      form.setValue("totp", "");
      setError(applyServerError({ setError: form.setError }, err, { fields: { totp: "totp", note: "note" }, message: errorMessage }));
    }
  });
  const verb = decision === "approve" ? "Approve" : "Reject";
  return (
    <>
      <DialogHeader>
        <DialogTitle>
          {verb}: {change.action === "grant" ? "grant" : "revoke"} EPCS signing for {change.subjectName ?? "this prescriber"}
        </DialogTitle>
        <DialogDescription>
          {changeWords(change)}. Entered by {change.enteredByName ?? "an admin"} on {formatInstant(change.enteredAt)}.
        </DialogDescription>
      </DialogHeader>
      <form onSubmit={submit} noValidate className="flex flex-col gap-4" aria-label={`${verb} EPCS access change`}>
        <blockquote className="rounded-lg border-l-4 border-slate-300 bg-slate-50 px-3 py-2 text-sm text-slate-800">Reason given: {change.reason}</blockquote>
        {error ? <Alert variant="error">{error}</Alert> : null}
        <Field
          label="Authenticator code"
          required
          error={form.formState.errors.totp?.message}
          hint="The 6-digit code your authenticator app shows now. It confirms it is you deciding (two-factor, 21 CFR 1311.125); each code works once."
        >
          <Input inputMode="numeric" autoComplete="one-time-code" maxLength={7} className="font-mono tracking-widest sm:max-w-40" {...form.register("totp")} />
        </Field>
        <Field label={decision === "approve" ? "Note (optional)" : "Why you reject it"} required={decision === "reject"} error={form.formState.errors.note?.message}>
          <Textarea rows={2} {...form.register("note")} />
        </Field>
        <DialogFooter className="mt-0">
          <DialogClose asChild>
            <Button variant="secondary">Cancel</Button>
          </DialogClose>
          <Button type="submit" variant={decision === "approve" ? "primary" : "danger"} loading={form.formState.isSubmitting}>
            {verb} with code
          </Button>
        </DialogFooter>
      </form>
    </>
  );
}
