"use client";

import { FormField } from "@clearwell/ui/form";
import { Textarea } from "@clearwell/ui/input";
import { useMutation } from "@tanstack/react-query";
import { RefreshCw } from "lucide-react";

import { useTRPC } from "~/trpc/react";

import type { Regimen } from "./regimen-view";
import { RequestPanel, useRegimenRequest } from "./request-panel";

/** Ask the prescriber for a renewal; the answer says what happens next (an early ask is reviewed before you run out). */
export function RequestRenewal({ regimen }: { regimen: Regimen }) {
  const trpc = useTRPC();
  const request = useMutation(trpc.regimen.requestRenewal.mutationOptions());
  const { form, done, onSubmit } = useRegimenRequest({
    schema: () => import("./request-schemas").then((m) => m.ZRenewalForm),
    defaultValues: { note: "" },
    send: (v, idempotencyKey) => request.mutateAsync({ regimenId: regimen.id, note: v.note?.trim() ? v.note : undefined, idempotencyKey }),
    fallback: "We couldn't send your request. Please try again.",
  });
  return (
    <RequestPanel
      icon={RefreshCw}
      title="Ask for a renewal"
      intro={
        <>
          Your prescriber decides on a new prescription, usually at your follow-up visit
          {regimen.nextFollowUpDate ? "" : " (book one if you have none)"}. Asking early does not speed it up: they review it before you run out.
        </>
      }
      doneTitle="Request sent"
      done={done}
      form={form}
      onSubmit={onSubmit}
      submitLabel="Send request"
    >
      <FormField form={form} name="note" label="Anything your prescriber should know? (optional)">
        <Textarea maxLength={500} rows={3} />
      </FormField>
    </RequestPanel>
  );
}
