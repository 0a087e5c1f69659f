"use client";

import { useEffect, useState } from "react";
import { useMutation } from "@tanstack/react-query";
import { Alert } from "@clearwell/ui/alert";
import { Button } from "@clearwell/ui/button";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@clearwell/ui/dialog";

import { RoleCheckboxes } from "~/components/role-checkboxes";
import type { StaffRole } from "~/lib/roles";
import { errorMessage, fieldErrorsOf } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";

export function EditRolesDialog({
  member,
  onOpenChange,
  onSaved,
}: {
  member: { userId: string; name: string; roles: StaffRole[] } | null;
  onOpenChange: (open: boolean) => void;
  onSaved: (name: string) => void;
}) {
  const trpc = useTRPC();
  const setRoles = useMutation(trpc.staff.setRoles.mutationOptions());
  const [roles, setRolesValue] = useState<StaffRole[]>([]);
  const [error, setError] = useState<string | null>(null);
  const { reset } = setRoles;

  // Start from the member's current roles each time the dialog opens for someone.
  useEffect(() => {
    setRolesValue(member?.roles ?? []);
    setError(null);
    reset();
  }, [member, reset]);

  function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (!member) return;
    if (roles.length === 0) {
      setError("Choose at least one role. To take away all access, remove them from the clinic instead.");
      return;
    }
    setError(null);
    setRoles.mutate(
      { userId: member.userId, roles },
      {
        onSuccess: () => {
          onSaved(member.name);
          onOpenChange(false);
        },
        onError: (err) => setError(fieldErrorsOf(err).roles?.[0] ?? null),
      },
    );
  }

  const serverError = setRoles.isError && !error ? errorMessage(setRoles.error) : null;

  return (
    <Dialog open={member !== null} onOpenChange={onOpenChange}>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Edit roles</DialogTitle>
          <DialogDescription>Roles decide what {member?.name ?? "this person"} can see and do in this clinic.</DialogDescription>
        </DialogHeader>
        <form onSubmit={onSubmit} className="flex flex-col gap-4">
          {serverError ? <Alert variant="error">{serverError}</Alert> : null}
          <RoleCheckboxes idPrefix="edit-roles" legend={`Roles for ${member?.name ?? ""}`} value={roles} onChange={setRolesValue} error={error} />
          <DialogFooter>
            <DialogClose asChild>
              <Button variant="secondary">Cancel</Button>
            </DialogClose>
            <Button type="submit" loading={setRoles.isPending}>
              Save roles
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
