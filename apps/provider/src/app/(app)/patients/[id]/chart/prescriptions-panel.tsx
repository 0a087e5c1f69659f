"use client";

import Link from "next/link";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Pill, Plus } from "lucide-react";
import { Alert } from "@clearwell/ui/alert";
import { Badge } from "@clearwell/ui/badge";
import { Button } from "@clearwell/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@clearwell/ui/card";

import { LoadingBlock, RetryAlert } from "~/components/query-states";
import { useMe } from "~/components/shell/use-me";
import { formatDate } from "~/lib/format";
import { errorMessage } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";
import { useClinicFormat } from "~/lib/use-clinic-time-zone";
import { ReasonDialog } from "../prescriptions/reason-dialog";
import type { RxContext, RxSummary } from "../prescriptions/rx-labels";
import { isCancellable, isEditable, plural, rxHref, rxStatus, signHref } from "../prescriptions/rx-labels";
import { useLivePrescriptions } from "../prescriptions/use-live-prescriptions";

/** Why "New prescription" is not offered, in plain words; null when it is. */
export function whyNoNewPrescription(ctx: RxContext): string | null {
  if (!ctx.settings.canDraft) return "Your role can't start prescriptions in this clinic. A prescriber on the care team can.";
  const d = ctx.decision;
  if (!d) return "A prescription starts from an eligibility decision of 'Eligible at home'. There is no decision yet.";
  if (d.outcome !== "eligible_at_home") return "A prescription starts from a current 'Eligible at home' decision. The current decision is not for treatment at home.";
  if (!d.inEffect) return "The 'Eligible at home' decision is not in effect (expired, no longer valid or awaiting co-signature). Record a new decision first.";
  if (!ctx.basisVisits.length) return "A prescription needs a completed audio-video visit with the patient's state recorded. There is none yet.";
  return null;
}

/**
 * The chart's prescriptions (issue 12 item 11): each with its live status, pharmacy, written date and
 * what was prescribed; what can be done next depends on the status (DOMAIN.md §2).
 */
export function PrescriptionsPanel({ patientId }: { patientId: string }) {
  const trpc = useTRPC();
  const me = useMe();
  const myId = me.data?.user.id;
  const { list } = useLivePrescriptions(patientId);
  const ctx = useQuery(trpc.prescription.context.queryOptions({ patientId }));
  const items = list.data?.items ?? [];
  const readyForMe = items.filter((p) => p.status === "pending_signature" && p.prescriber.userId === myId).length;
  const blocked = ctx.data ? whyNoNewPrescription(ctx.data) : null;

  return (
    <Card aria-labelledby="rx-heading" id="prescriptions" className="scroll-mt-20">
      <CardHeader className="flex-row flex-wrap items-center justify-between gap-2">
        <CardTitle id="rx-heading">Prescriptions</CardTitle>
        {ctx.data && !blocked ? (
          <Button asChild size="sm">
            <Link href={rxHref(patientId)}>
              <Plus aria-hidden="true" />
              New prescription
            </Link>
          </Button>
        ) : null}
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        {blocked ? <p className="text-sm text-slate-700">{blocked}</p> : null}
        {ctx.isError ? <Alert variant="warning">We couldn&apos;t check whether a new prescription can be started: {errorMessage(ctx.error)}</Alert> : null}
        {readyForMe ? (
          <Alert
            variant="info"
            title={`${plural(readyForMe, "prescription")} ready for your signature`}
            action={
              <Button asChild size="sm">
                <Link href={signHref(patientId)}>Review and sign</Link>
              </Button>
            }
          />
        ) : null}
        {list.isPending ? <LoadingBlock label="Loading prescriptions…" className="h-20" /> : null}
        {list.isError ? <RetryAlert title="Prescriptions not loaded" error={list.error} onRetry={() => void list.refetch()} retrying={list.isFetching} /> : null}
        {list.isSuccess && !items.length ? <p className="text-sm text-slate-600">No prescriptions yet.</p> : null}
        {items.length ? (
          <ul className="flex flex-col divide-y divide-slate-100" aria-live="polite">
            {items.map((p) => (
              <PrescriptionRow key={p.id} patientId={patientId} rx={p} myId={myId} />
            ))}
          </ul>
        ) : null}
      </CardContent>
    </Card>
  );
}

function PrescriptionRow({ patientId, rx, myId }: { patientId: string; rx: RxSummary; myId: string | undefined }) {
  const { dateTime: formatDateTime } = useClinicFormat();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [dialog, setDialog] = useState<"void" | "cancel" | null>(null);
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.prescription.forPatient.queryKey({ patientId }) });
  const voidRx = useMutation(trpc.prescription.void.mutationOptions({ onSuccess: async () => (await refresh(), setDialog(null)) }));
  const cancelRx = useMutation(trpc.prescription.cancel.mutationOptions({ onSuccess: async () => (await refresh(), setDialog(null)) }));
  const status = rxStatus(rx.status);
  const issuer = rx.prescriber.userId === myId;
  const name = rx.drugDescription ?? "Prescription (no medication chosen yet)";

  return (
    <li className="flex flex-col gap-2 py-3 first:pt-0 last:pb-0" aria-label={`${name}: ${status.label}`}>
      <div className="flex flex-wrap items-start justify-between gap-2">
        <p className="flex min-w-0 items-start gap-2 font-medium text-slate-900">
          <Pill aria-hidden="true" className="mt-0.5 size-4 shrink-0 text-brand-700" />
          <span className="min-w-0">{name}</span>
        </p>
        <Badge variant={status.variant} data-testid="rx-status">
          {status.label}
        </Badge>
      </div>
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-sm">
        {rx.doseMgPerSession !== null ? (
          <>
            <dt className="text-slate-600">Dose</dt>
            <dd className="text-slate-900">{rx.doseMgPerSession} mg per session</dd>
          </>
        ) : null}
        {rx.quantity !== null ? (
          <>
            <dt className="text-slate-600">Quantity</dt>
            <dd className="text-slate-900">
              {rx.quantity} · {rx.refills === null ? "refills not set" : rx.refills === 0 ? "no refills" : plural(rx.refills, "refill")}
            </dd>
          </>
        ) : null}
        {rx.sig ? (
          <>
            <dt className="text-slate-600">Directions</dt>
            <dd className="text-slate-900">{rx.sig}</dd>
          </>
        ) : null}
        <dt className="text-slate-600">Pharmacy</dt>
        <dd className="text-slate-900">{rx.pharmacyName ?? "Not chosen"}</dd>
        <dt className="text-slate-600">Written</dt>
        <dd className="text-slate-900">{rx.writtenDate ? formatDate(rx.writtenDate) : `Not signed · started ${formatDateTime(rx.createdAt)}`}</dd>
        <dt className="text-slate-600">Prescriber</dt>
        <dd className="text-slate-900">{rx.prescriber.name}</dd>
      </dl>
      {rx.status === "acknowledged" && rx.acknowledgedAt ? <p className="text-xs text-slate-600">Pharmacy confirmed receipt {formatDateTime(rx.acknowledgedAt)}</p> : null}
      {rx.status === "transmitted" ? <p className="text-xs text-slate-600">Sent; waiting for the pharmacy to confirm.</p> : null}
      {rx.status === "error" ? (
        <p className="text-sm text-red-800">
          {rx.errorCode === "dead_lettered"
            ? "It could not be delivered to the pharmacy after repeated tries. An admin can send the same message again from the outbox (the pharmacy never gets it twice); otherwise write a new prescription."
            : `The pharmacy could not accept it${rx.errorCode ? ` (code ${rx.errorCode})` : ""}. It will not be sent again: write a new prescription.`}
        </p>
      ) : null}
      <div className="flex flex-wrap gap-2">
        {isEditable(rx.status) ? (
          <Button asChild size="sm" variant="secondary">
            <Link href={rxHref(patientId, rx.id)}>{rx.status === "draft" ? "Open draft" : "Review"}</Link>
          </Button>
        ) : (
          <Button asChild size="sm" variant="ghost">
            <Link href={rxHref(patientId, rx.id)}>Details</Link>
          </Button>
        )}
        {rx.status === "pending_signature" && issuer ? (
          <Button asChild size="sm">
            <Link href={signHref(patientId)}>Sign</Link>
          </Button>
        ) : null}
        {isEditable(rx.status) ? (
          <Button size="sm" variant="ghost" onClick={() => setDialog("void")}>
            Void
          </Button>
        ) : null}
        {isCancellable(rx.status) && issuer ? (
          <Button size="sm" variant="ghost" onClick={() => setDialog("cancel")}>
            Cancel prescription
          </Button>
        ) : null}
      </div>
      <ReasonDialog
        open={dialog === "void"}
        onOpenChange={(o) => {
          if (!o) voidRx.reset();
          setDialog(o ? "void" : null);
        }}
        title="Void this prescription?"
        description="It was never signed or sent. Voiding keeps it in the history and it can't be used again."
        confirmLabel="Void prescription"
        pending={voidRx.isPending}
        error={voidRx.isError ? errorMessage(voidRx.error) : null}
        onSubmit={(reason) => voidRx.mutate({ id: rx.id, reason })}
      />
      <ReasonDialog
        open={dialog === "cancel"}
        onOpenChange={(o) => {
          if (!o) cancelRx.reset();
          setDialog(o ? "cancel" : null);
        }}
        title="Ask the pharmacy to cancel?"
        description="A cancel request goes to the pharmacy now. It is cancelled once the pharmacy approves; if it was already dispensed, they may deny it."
        confirmLabel="Send cancel request"
        pending={cancelRx.isPending}
        error={cancelRx.isError ? errorMessage(cancelRx.error) : null}
        onSubmit={(reason) => cancelRx.mutate({ id: rx.id, reason })}
      />
    </li>
  );
}
