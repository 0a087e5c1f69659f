"use client";

import type { PatientOutputs } from "@clearwell/api/patient";
import { Alert } from "@clearwell/ui/alert";
import { Badge } from "@clearwell/ui/badge";
import { Button } from "@clearwell/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@clearwell/ui/card";
import { EmptyState } from "@clearwell/ui/empty-state";
import { Skeleton } from "@clearwell/ui/skeleton";
import { useQuery } from "@tanstack/react-query";
import { ArrowLeft, Phone, Pill } from "lucide-react";
import Link from "next/link";

import { formatCalendarDate } from "~/lib/format";
import { useTRPC } from "~/trpc/react";

type Item = PatientOutputs["prescription"]["mine"]["items"][number];

/** Statuses that mean the pharmacy has it (or is about to): the ones a patient acts on. */
const CURRENT = new Set(["signed", "transmitted", "acknowledged", "cancel_requested", "cancel_denied"]);

const variantOf = (status: Item["status"]) =>
  status === "acknowledged" ? ("success" as const) : status === "error" || status === "cancelled" ? ("danger" as const) : status === "transmitted" || status === "signed" ? ("info" as const) : ("neutral" as const);

/**
 * "Your prescription" (issue 12 item 11): the patient's own prescriptions in plain words: where to
 * get it (pharmacy and phone), where it stands, how to take it. Never the checklist or the signing
 * record (DOMAIN.md §1 "O": own record).
 */
export function PrescriptionView() {
  const trpc = useTRPC();
  const mine = useQuery(trpc.prescription.mine.queryOptions());

  let body: React.ReactNode;
  if (mine.isPending) {
    body = (
      <div aria-busy="true" className="flex flex-col gap-3">
        <span role="status" className="sr-only">
          Loading your prescription
        </span>
        <Skeleton className="h-64 w-full" />
      </div>
    );
  } else if (mine.isError) {
    body = (
      <Alert
        variant="error"
        title="We couldn't load your prescription"
        action={
          <Button variant="secondary" className="h-11" loading={mine.isFetching} onClick={() => void mine.refetch()}>
            Retry
          </Button>
        }
      >
        Check your connection and try again.
      </Alert>
    );
  } else if (!mine.data.items.length) {
    body = (
      <EmptyState
        icon={Pill}
        title="No prescription yet"
        description="When your prescriber sends a prescription to the pharmacy, it shows here with how to take it and who to call."
        action={
          <Button asChild variant="secondary" className="h-11">
            <Link href="/">Back to home</Link>
          </Button>
        }
      />
    );
  } else {
    const items = mine.data.items;
    const current = items.filter((p) => CURRENT.has(p.status));
    const earlier = items.filter((p) => !CURRENT.has(p.status));
    body = (
      <div className="flex flex-col gap-6">
        {current.length ? (
          current.map((p) => <PrescriptionCard key={p.id} rx={p} />)
        ) : (
          <p className="text-base text-slate-700">You have no prescription at a pharmacy right now.</p>
        )}
        {earlier.length ? (
          <section aria-labelledby="earlier-heading" className="flex flex-col gap-3">
            <h2 id="earlier-heading" className="text-lg font-semibold text-slate-900">
              Earlier
            </h2>
            {earlier.map((p) => (
              <PrescriptionCard key={p.id} rx={p} compact />
            ))}
          </section>
        ) : null}
      </div>
    );
  }

  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-col gap-2">
        <Link href="/" className="inline-flex min-h-11 items-center gap-1 self-start text-base font-medium text-brand-700 underline underline-offset-4">
          <ArrowLeft aria-hidden="true" className="size-4" />
          Home
        </Link>
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900 sm:text-3xl">Your prescription</h1>
      </div>
      {body}
    </div>
  );
}

function PrescriptionCard({ rx, compact = false }: { rx: Item; compact?: boolean }) {
  const phone = rx.pharmacy.phone;
  return (
    <Card aria-labelledby={`rx-${rx.id}`}>
      <CardHeader className="gap-2">
        <p>
          <Badge variant={variantOf(rx.status)} className="text-sm">
            {rx.statusText}
          </Badge>
        </p>
        <CardTitle id={`rx-${rx.id}`} as={compact ? "h3" : "h2"} className="text-lg">
          {rx.medication}
        </CardTitle>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        {!compact ? (
          <div className="rounded-lg bg-brand-50/60 p-4">
            <h3 className="text-sm font-semibold text-slate-900">How to take it</h3>
            <p className="mt-1 text-base leading-relaxed text-slate-900">{rx.directions}</p>
          </div>
        ) : null}
        <dl className="divide-y divide-slate-100">
          {compact ? <Row label="Directions">{rx.directions}</Row> : null}
          <Row label="Quantity">{rx.quantity}</Row>
          <Row label="Refills">{rx.refills === 0 ? "No refills" : `${rx.refills} refill${rx.refills === 1 ? "" : "s"}`}</Row>
          <Row label="Written">{formatCalendarDate(rx.writtenDate)}</Row>
          <Row label="No fill after">{formatCalendarDate(rx.lastFillDate)}</Row>
          <Row label="Prescriber">{rx.prescriberName}</Row>
          <Row label="Pharmacy">
            <span className="block font-medium">{rx.pharmacy.name}</span>
            <span className="block text-slate-700">{rx.pharmacy.address}</span>
          </Row>
        </dl>
        {phone && !compact ? (
          <a href={`tel:${phone.replace(/[^\d+]/g, "")}`} className="inline-flex min-h-11 items-center gap-2 self-start text-base font-medium text-brand-700 underline underline-offset-4">
            <Phone aria-hidden="true" className="size-4" />
            Call the pharmacy: {phone}
          </a>
        ) : null}
      </CardContent>
    </Card>
  );
}

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="flex flex-col gap-0.5 py-3 sm:grid sm:grid-cols-[9rem_1fr] sm:gap-4">
      <dt className="text-sm font-medium text-slate-600">{label}</dt>
      <dd className="text-base break-words text-slate-900">{children}</dd>
    </div>
  );
}
