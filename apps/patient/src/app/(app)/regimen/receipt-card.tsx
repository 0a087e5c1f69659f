"use client";

import { Alert } from "@clearwell/ui/alert";
import { Button } from "@clearwell/ui/button";
import { Card, CardContent } from "@clearwell/ui/card";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { PackageCheck } from "lucide-react";
import { useState } from "react";

import { useTRPC } from "~/trpc/react";

import type { Regimen } from "./regimen-view";
import { unitsText } from "./words";
import { refusalMessage } from "../refusal";

/**
 * A planned regimen starts when the pharmacy's fill notice arrives or the patient confirms the
 * medicine is in hand (DOMAIN.md §2 "Regimen"). One key per card: a retry confirms once.
 */
export function ReceiptCard({ regimen, headingLevel = "h2" }: { regimen: Pick<Regimen, "id" | "productLabel" | "unitLabel" | "unitsPerSession">; headingLevel?: "h2" | "h3" }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const confirm = useMutation(trpc.regimen.confirmReceipt.mutationOptions());
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const [error, setError] = useState<string | null>(null);
  const Heading = headingLevel;

  async function onConfirm() {
    setError(null);
    try {
      const view = await confirm.mutateAsync({ regimenId: regimen.id, idempotencyKey });
      queryClient.setQueryData(trpc.regimen.mine.queryKey(), view);
      void queryClient.invalidateQueries({ queryKey: trpc.regimen.mine.queryKey() });
    } catch (e) {
      setError(refusalMessage(e, "We couldn't record that. Please try again."));
    }
  }

  return (
    <Card aria-labelledby="receipt-heading" className="border-sky-200 bg-sky-50/50">
      <CardContent className="flex flex-col gap-3 py-5">
        <Heading id="receipt-heading" className="flex items-center gap-2 text-lg font-semibold text-slate-900">
          <PackageCheck aria-hidden="true" className="size-5 shrink-0 text-brand-700" />
          Has your medicine arrived?
        </Heading>
        <p className="text-base text-slate-800">
          When you have your {regimen.productLabel} in hand, confirm it here. Your sessions can then start, {unitsText(regimen.unitsPerSession, regimen.unitLabel)} each time.
        </p>
        <p className="text-sm text-slate-700">Check the pharmacy label has your name on it. Keep the medicine locked away, out of reach of others.</p>
        {error ? <Alert variant="error">{error}</Alert> : null}
        <Button size="lg" loading={confirm.isPending} onClick={() => void onConfirm()} className="self-stretch sm:self-start">
          Yes, I have my medicine
        </Button>
      </CardContent>
    </Card>
  );
}
