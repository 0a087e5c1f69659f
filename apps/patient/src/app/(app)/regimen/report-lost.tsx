"use client";

import { FormField } from "@clearwell/ui/form";
import { Input, Textarea } from "@clearwell/ui/input";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { PackageX } from "lucide-react";

import { useTRPC } from "~/trpc/react";

import type { Regimen } from "./regimen-view";
import { RequestPanel, useRegimenRequest } from "./request-panel";
import { unitsText } from "./words";

/** Report lost or stolen medicine (DOMAIN.md §7 A6): the prescriber is told; the patient is told what happens next. */
export function ReportLost({ regimen }: { regimen: Regimen }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const report = useMutation(trpc.regimen.reportLostOrStolen.mutationOptions());
  const { form, done, onSubmit } = useRegimenRequest({
    schema: () => import("./request-schemas").then((m) => m.ZReportLostForm),
    defaultValues: { units: "", description: "" },
    send: async (v, idempotencyKey) => {
      const res = await report.mutateAsync({ regimenId: regimen.id, units: v.units as number, description: v.description, idempotencyKey });
      void queryClient.invalidateQueries({ queryKey: trpc.regimen.mine.queryKey() });
      return res;
    },
    fallback: "We couldn't send your report. Please try again, or call your care team.",
  });
  const units = regimen.unitLabel === "mL" ? "mL" : `${regimen.unitLabel}s`;
  return (
    <RequestPanel
      icon={PackageX}
      title="Report lost or stolen medicine"
      intro="Tell us as soon as you can. Your prescriber is told and will contact you. Do not take extra doses to make up for missing medicine."
      doneTitle="Report received"
      done={done}
      form={form}
      onSubmit={onSubmit}
      submitLabel="Send report"
    >
      <FormField form={form} name="units" label={`How many ${units} are missing?`} hint={`You have ${unitsText(regimen.unitsOnHand, regimen.unitLabel)} on record.`} required>
        <Input type="text" inputMode="decimal" autoComplete="off" required className="h-12 max-w-40 sm:h-11" />
      </FormField>
      <FormField form={form} name="description" label="What happened?" hint="A sentence or two is enough: when and where you last had it." required>
        <Textarea maxLength={1000} rows={3} />
      </FormField>
    </RequestPanel>
  );
}
