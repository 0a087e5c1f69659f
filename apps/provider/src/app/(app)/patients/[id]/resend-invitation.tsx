"use client";

import { useMutation } from "@tanstack/react-query";
import { Alert } from "@clearwell/ui/alert";
import { Button } from "@clearwell/ui/button";

import { errorMessage } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";

/**
 * For a patient still at "Invited": the link went to their inbox only, so staff never see
 * it; they can send a fresh one (the earlier link stops working).
 */
export function ResendInvitation({ patientId, email }: { patientId: string; email: string }) {
  const trpc = useTRPC();
  const resend = useMutation(trpc.patient.resendInvitation.mutationOptions());
  return (
    <Alert
      variant={resend.isError ? "error" : resend.isSuccess ? "success" : "info"}
      title={resend.isSuccess ? "Invitation sent again" : "Invitation sent"}
      action={
        <Button size="sm" variant="secondary" loading={resend.isPending} onClick={() => resend.mutate({ patientId })}>
          Resend
        </Button>
      }
      className="mb-6"
    >
      {resend.isError
        ? errorMessage(resend.error)
        : resend.isSuccess
          ? `A new link went to ${email}. The earlier link no longer works.`
          : `The patient was sent a link at ${email} to set up their account.`}
    </Alert>
  );
}
