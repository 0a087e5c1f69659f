"use client";

import { useState } from "react";
import { useMutation } from "@tanstack/react-query";
import { Alert } from "@clearwell/ui/alert";
import { Button } from "@clearwell/ui/button";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@clearwell/ui/dialog";
import { TextField } from "@clearwell/ui/field";

import { checkWith } from "~/lib/check-with";
import { RoleCheckboxes } from "~/components/role-checkboxes";
import type { StaffRole } from "~/lib/roles";
import { errorMessage, fieldErrorsOf, trpcCode } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";

interface Errors {
  email?: string[];
  roles?: string[];
}

export function InviteStaffDialog({ open, onOpenChange, onInvited }: { open: boolean; onOpenChange: (open: boolean) => void; onInvited: () => void }) {
  const trpc = useTRPC();
  const invite = useMutation(trpc.staff.invite.mutationOptions());
  const resend = useMutation(trpc.staff.resendInvitation.mutationOptions());
  const [email, setEmail] = useState("");
  const [roles, setRoles] = useState<StaffRole[]>([]);
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<string | null>(null);
  // Only where it went: the link itself reaches the invitee's inbox and nobody else.
  const [result, setResult] = useState<{ invitationId: string; sentTo: string } | null>(null);

  function reset() {
    setEmail("");
    setRoles([]);
    setErrors({});
    setFormError(null);
    setResult(null);
    invite.reset();
    resend.reset();
  }

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setFormError(null);
    const parsed = await checkWith(() => import("@clearwell/validators/account").then((m) => m.ZStaffInviteInput), { email, roles });
    if (!parsed.success) {
      setErrors(parsed.fieldErrors);
      return;
    }
    setErrors({});
    try {
      const res = await invite.mutateAsync(parsed.data);
      setResult(res);
      onInvited();
    } catch (err) {
      const fields: Errors = fieldErrorsOf(err);
      // "Already on staff" / "belongs to a patient" are about the address.
      if (trpcCode(err) === "CONFLICT") fields.email = [errorMessage(err)];
      setErrors(fields);
      if (!Object.keys(fields).length) setFormError(errorMessage(err));
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
      <DialogContent>
        {result ? (
          <>
            <DialogHeader>
              <DialogTitle>Invitation sent</DialogTitle>
              <DialogDescription>
                Invitation sent to {result.sentTo}. The link in it works for 7 days and only that inbox receives it.
              </DialogDescription>
            </DialogHeader>
            {resend.isSuccess ? <Alert variant="success">Sent again. The earlier link no longer works.</Alert> : null}
            {resend.isError ? <Alert variant="error">{errorMessage(resend.error)}</Alert> : null}
            <DialogFooter>
              <Button variant="secondary" loading={resend.isPending} onClick={() => resend.mutate({ invitationId: result.invitationId })}>
                Resend
              </Button>
              <Button variant="secondary" onClick={reset}>
                Invite someone else
              </Button>
              <DialogClose asChild>
                <Button>Done</Button>
              </DialogClose>
            </DialogFooter>
          </>
        ) : (
          <>
            <DialogHeader>
              <DialogTitle>Invite staff</DialogTitle>
              <DialogDescription>They get an email link to create an account (or join with an existing one).</DialogDescription>
            </DialogHeader>
            <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
              {formError ? <Alert variant="error">{formError}</Alert> : null}
              <TextField
                label="Work email"
                type="email"
                name="email"
                autoComplete="off"
                required
                value={email}
                onChange={(e) => setEmail(e.target.value)}
                error={errors.email}
              />
              <RoleCheckboxes idPrefix="invite-roles" legend="Roles" value={roles} onChange={setRoles} error={errors.roles?.[0]} />
              <DialogFooter>
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
