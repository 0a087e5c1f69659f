"use client";

import Link from "next/link";
import { useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Alert } from "@clearwell/ui/alert";
import { Button } from "@clearwell/ui/button";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@clearwell/ui/dialog";
import { FormError, FormField, applyServerError, useZodForm } from "@clearwell/ui/form";
import { Input } from "@clearwell/ui/input";

import { StateSelect } from "~/components/state-select";
import { errorMessage, trpcCode } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";

// Every field starts empty; the select's "" is its "Choose a state" option.
const EMPTY = { givenName: "", familyName: "", email: "", dateOfBirth: "", stateOfResidence: "" as never, phone: "" };

export function InvitePatientDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const invite = useMutation(trpc.patient.invite.mutationOptions());
  const resend = useMutation(trpc.patient.resendInvitation.mutationOptions());
  // Same schema as the server, so most mistakes are caught without a round trip.
  const form = useZodForm({ schema: () => import("@clearwell/validators/patient").then((m) => m.ZPatientInviteInput), defaultValues: EMPTY });
  // Only where it went: the link itself reaches the patient's inbox and nobody else.
  const [result, setResult] = useState<{ patientId: string; mrn: string; sentTo: string; name: string } | null>(null);

  function reset() {
    form.reset(EMPTY);
    setResult(null);
    invite.reset();
    resend.reset();
  }

  const onSubmit = form.handleSubmit(async (values) => {
    try {
      const res = await invite.mutateAsync(values);
      setResult({ ...res, name: `${values.givenName} ${values.familyName}` });
      await queryClient.invalidateQueries({ queryKey: trpc.patient.list.pathKey() });
    } catch (err) {
      const code = trpcCode(err);
      // Business-rule failures belong to one field; put them there.
      if (code === "CONFLICT") form.setError("email", { type: "server", message: (err as Error).message }, { shouldFocus: true });
      else if (code === "UNPROCESSABLE_CONTENT") form.setError("dateOfBirth", { type: "server", message: "Patients must be 18 or older." }, { shouldFocus: true });
      else applyServerError(form, err, { message: errorMessage });
    }
  });

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        onOpenChange(next);
        if (!next) reset();
      }}
    >
      <DialogContent size="lg">
        {result ? (
          <>
            <DialogHeader>
              <DialogTitle>Invitation sent</DialogTitle>
              <DialogDescription>
                Invitation sent to {result.sentTo}. The link in it works for 7 days and only that inbox receives it.
              </DialogDescription>
            </DialogHeader>
            <Alert variant="success" title={`${result.name} was added`}>
              MRN <span className="font-mono">{result.mrn}</span>. Their status stays “Invited” until they accept.
            </Alert>
            {resend.isSuccess ? <Alert variant="success" className="mt-4">Sent again. The earlier link no longer works.</Alert> : null}
            {resend.isError ? <Alert variant="error" className="mt-4">{errorMessage(resend.error)}</Alert> : null}
            <DialogFooter>
              <Button variant="secondary" loading={resend.isPending} onClick={() => resend.mutate({ patientId: result.patientId })}>
                Resend
              </Button>
              <Button variant="secondary" onClick={reset}>
                Invite another
              </Button>
              <Button asChild>
                <Link href={`/patients/${result.patientId}`} onClick={() => onOpenChange(false)}>
                  Open patient record
                </Link>
              </Button>
            </DialogFooter>
          </>
        ) : (
          <>
            <DialogHeader>
              <DialogTitle>Invite patient</DialogTitle>
              <DialogDescription>Creates the patient record and emails them a one-time link to set up their account.</DialogDescription>
            </DialogHeader>
            <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
              <FormError form={form} />
              <div className="grid gap-4 sm:grid-cols-2">
                <FormField form={form} name="givenName" label="Given name" required>
                  <Input autoComplete="off" />
                </FormField>
                <FormField form={form} name="familyName" label="Family name" required>
                  <Input autoComplete="off" />
                </FormField>
              </div>
              <FormField form={form} name="email" label="Email" required>
                <Input type="email" autoComplete="off" />
              </FormField>
              <div className="grid gap-4 sm:grid-cols-2">
                <FormField form={form} name="dateOfBirth" label="Date of birth" hint="Patients must be 18 or older." required>
                  <Input type="date" max={new Date().toISOString().slice(0, 10)} />
                </FormField>
                <FormField form={form} name="stateOfResidence" label="State of residence" hint="Where they live; determines licensing." required>
                  <StateSelect />
                </FormField>
              </div>
              <FormField form={form} name="phone" label="Phone (optional)" messageLabel="phone">
                <Input type="tel" autoComplete="off" />
              </FormField>
              <DialogFooter className="mt-2">
                <DialogClose asChild>
                  <Button variant="secondary">Cancel</Button>
                </DialogClose>
                <Button type="submit" loading={invite.isPending}>
                  Send invitation
                </Button>
              </DialogFooter>
            </form>
          </>
        )}
      </DialogContent>
    </Dialog>
  );
}
