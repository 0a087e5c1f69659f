"use client";

import Link from "next/link";
import { useRef, useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { z } from "zod";
import { Alert } from "@clearwell/ui/alert";
import { Button } from "@clearwell/ui/button";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@clearwell/ui/dialog";
import { Field, TextField } from "@clearwell/ui/field";
import type { TPatientInviteInput } from "@clearwell/validators/patient";
import { ZPatientInviteInput } from "@clearwell/validators/patient";

import { StateSelect } from "~/components/state-select";
import { errorMessage, fieldErrorsOf, trpcCode } from "~/lib/trpc-errors";
import { useFocusFirstError } from "~/lib/use-focus-first-error";
import { useTRPC } from "~/trpc/react";

type FormValues = Required<{ [K in keyof TPatientInviteInput]: string }>;
type Errors = Partial<Record<keyof FormValues, string[]>>;

const EMPTY: FormValues = { givenName: "", familyName: "", email: "", dateOfBirth: "", stateOfResidence: "", phone: "" };

export function InvitePatientDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const invite = useMutation(trpc.patient.invite.mutationOptions());
  const resend = useMutation(trpc.patient.resendInvitation.mutationOptions());
  const formRef = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState<FormValues>(EMPTY);
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  // Only where it went: the link itself reaches the patient's inbox and nobody else.
  const [result, setResult] = useState<{ patientId: string; mrn: string; sentTo: string; name: string } | null>(null);
  useFocusFirstError(formRef, attempt);

  const set = (key: keyof FormValues) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => {
    setValues((v) => ({ ...v, [key]: e.target.value }));
    if (errors[key]) setErrors((er) => ({ ...er, [key]: undefined }));
  };

  function reset() {
    setValues(EMPTY);
    setErrors({});
    setFormError(null);
    setResult(null);
    invite.reset();
    resend.reset();
  }

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setFormError(null);
    // Same schema as the server, so most mistakes are caught without a round trip.
    const parsed = ZPatientInviteInput.safeParse(values);
    if (!parsed.success) {
      setErrors(z.flattenError(parsed.error).fieldErrors as Errors);
      setAttempt((n) => n + 1);
      return;
    }
    setErrors({});
    try {
      const res = await invite.mutateAsync(parsed.data);
      setResult({ ...res, name: `${parsed.data.givenName} ${parsed.data.familyName}` });
      await queryClient.invalidateQueries({ queryKey: trpc.patient.list.pathKey() });
    } catch (err) {
      const fields = fieldErrorsOf(err) as Errors;
      const code = trpcCode(err);
      // Business-rule failures belong to one field; put them there.
      if (code === "CONFLICT") fields.email = [errorMessage(err)];
      if (code === "UNPROCESSABLE_CONTENT") fields.dateOfBirth = ["Patients must be 18 or older."];
      setErrors(fields);
      setFormError(Object.keys(fields).length ? "Please correct the highlighted fields." : errorMessage(err));
      setAttempt((n) => n + 1);
    }
  }

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
            <form ref={formRef} onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
              {formError ? <Alert variant="error">{formError}</Alert> : null}
              <div className="grid gap-4 sm:grid-cols-2">
                <TextField label="Given name" name="givenName" autoComplete="off" required value={values.givenName} onChange={set("givenName")} error={errors.givenName} />
                <TextField label="Family name" name="familyName" autoComplete="off" required value={values.familyName} onChange={set("familyName")} error={errors.familyName} />
              </div>
              <TextField label="Email" type="email" name="email" autoComplete="off" required value={values.email} onChange={set("email")} error={errors.email} />
              <div className="grid gap-4 sm:grid-cols-2">
                <TextField
                  label="Date of birth"
                  type="date"
                  name="dateOfBirth"
                  required
                  max={new Date().toISOString().slice(0, 10)}
                  value={values.dateOfBirth}
                  onChange={set("dateOfBirth")}
                  error={errors.dateOfBirth}
                  hint="Patients must be 18 or older."
                />
                <Field label="State of residence" required error={errors.stateOfResidence} hint="Where they live; determines licensing.">
                  <StateSelect name="stateOfResidence" value={values.stateOfResidence} onChange={set("stateOfResidence")} required />
                </Field>
              </div>
              <TextField
                label="Phone (optional)"
                type="tel"
                name="phone"
                autoComplete="off"
                value={values.phone}
                onChange={set("phone")}
                error={errors.phone}
              />
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
