"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { ArrowLeft, FileX2 } from "lucide-react";
import type { ProviderOutputs } from "@clearwell/api/provider";
import { Badge } from "@clearwell/ui/badge";
import { Button } from "@clearwell/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@clearwell/ui/card";
import { EmptyState } from "@clearwell/ui/empty-state";
import { PageHeader } from "@clearwell/ui/page-header";

import { linkClass } from "~/components/auth-card";
import { PatientLoadError, PatientLoadSkeleton } from "~/components/patient-load-states";
import { formatDateTime } from "~/lib/appointments";
import { formatDate } from "~/lib/format";
import { trpcCode } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";
import { whyNoNewPrescription } from "../chart/prescriptions-panel";
import { PrescriptionBuilder } from "./builder";
import { LEGAL_BASIS_LABEL, RX_STATUS, isEditable, plural, rxStatus, unitWord } from "./rx-labels";
import { useLivePrescriptions } from "./use-live-prescriptions";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const backLink = (patientId: string) => (
  <Link href={`/patients/${patientId}/chart#prescriptions`} className={`${linkClass} inline-flex items-center gap-1`}>
    <ArrowLeft aria-hidden="true" className="size-4" />
    Chart
  </Link>
);

function NotAvailable({ patientId, description }: { patientId: string; description: string }) {
  return (
    <EmptyState
      icon={FileX2}
      headingLevel="h1"
      title="Prescription not available"
      description={description}
      action={
        <Button asChild variant="secondary">
          <Link href={`/patients/${patientId}/chart`}>Back to the chart</Link>
        </Button>
      }
    />
  );
}

/**
 * /patients/[id]/prescriptions/new and /[rxId]: the builder while the prescription can change
 * (draft, ready to sign), its record afterwards (DOMAIN.md §2: a signed prescription never changes).
 */
export function PrescriptionPage({ patientId, rxId }: { patientId: string; rxId: string | null }) {
  const trpc = useTRPC();
  const valid = UUID.test(patientId) && (rxId === null || UUID.test(rxId));
  const ctx = useQuery({ ...trpc.prescription.context.queryOptions({ patientId }), enabled: valid, retry: false, refetchOnWindowFocus: false });
  const rx = useQuery({ ...trpc.prescription.get.queryOptions({ id: rxId ?? "" }), enabled: valid && rxId !== null, retry: false, refetchOnWindowFocus: false });
  // Live status of a sent prescription (the builder keeps its own state while editing).
  useLivePrescriptions(patientId, valid && rxId !== null && !!rx.data && !isEditable(rx.data.prescription.status));

  const failed = ctx.error ?? rx.error;
  if (!valid || (failed && ["NOT_FOUND", "FORBIDDEN"].includes(trpcCode(failed) ?? "")))
    return <NotAvailable patientId={patientId} description="Only the patient's clinicians can open their prescriptions. This one doesn't exist in your current clinic, or the patient isn't assigned to you." />;
  if (failed)
    return (
      <PatientLoadError
        backLink={backLink(patientId)}
        heading="Prescription"
        title="We couldn't load this prescription"
        error={failed}
        onRetry={() => {
          void ctx.refetch();
          if (rxId) void rx.refetch();
        }}
        retrying={ctx.isFetching || rx.isFetching}
      />
    );
  if (ctx.isPending || (rxId && rx.isPending)) return <PatientLoadSkeleton label="Loading prescription…" eyebrow />;

  const data = rx.data ?? null;
  if (data && data.prescription.patientId !== patientId) return <NotAvailable patientId={patientId} description="This prescription belongs to another chart." />;
  if (data && !isEditable(data.prescription.status)) return <PrescriptionRecord patientId={patientId} data={data} />;
  if (!data) {
    const why = whyNoNewPrescription(ctx.data!);
    if (why) return <NotAvailable patientId={patientId} description={why} />;
  }
  return <PrescriptionBuilder patientId={patientId} ctx={ctx.data!} rx={data?.prescription ?? null} />;
}

type GetOutput = ProviderOutputs["prescription"]["get"];

/** A prescription once signed (or voided): what was signed, its SHA-256, and its history. */
function PrescriptionRecord({ patientId, data }: { patientId: string; data: GetOutput }) {
  const p = data.prescription;
  const s = p.signedContent;
  const status = rxStatus(p.status);
  const rows: [string, React.ReactNode][] = s
    ? [
        ["Patient", `${s.patient.fullName}, born ${formatDate(s.patient.dateOfBirth)} · ${addressLine(s.patient.address)}`],
        ["Medication", `${s.medication.drugDescription} (${s.medication.dosageForm})`],
        ["Quantity", `${s.quantity.value} ${unitWord(s.quantity.unit, s.quantity.value)} · ${plural(s.refills, "refill")} · ${plural(s.daysSupply, "day")} supply`],
        ["Directions", s.sig],
        ["Prescriber", `${s.prescriber.fullName}${s.prescriber.credentials ? `, ${s.prescriber.credentials}` : ""} · DEA ${s.prescriber.dea.number} · ${addressLine(s.prescriber.address)}`],
        ["Written", formatDate(s.writtenDate)],
        ["No fill after", formatDate(s.lastFillDate)],
        ["Pharmacy", `${s.pharmacy.name} · NCPDP ${s.pharmacy.ncpdpId} · ${addressLine(s.pharmacy.address)}`],
        ["Legal basis", LEGAL_BASIS_LABEL[s.legalBasis.kind] ?? s.legalBasis.kind],
        ["Signed", `${formatDateTime(p.signedAt!)} · SHA-256 ${p.signedSha256?.slice(0, 16)}…`],
      ]
    : [
        ["Medication", p.drugDescription ?? "—"],
        ["Directions", p.sig ?? "—"],
        ["Pharmacy", p.pharmacyName ?? "—"],
        ["Voided", p.voidedAt ? `${formatDateTime(p.voidedAt)}${p.voidedReason ? ` · ${p.voidedReason}` : ""}` : "—"],
      ];
  return (
    <div>
      <PageHeader
        eyebrow={backLink(patientId)}
        title={
          <span className="flex flex-wrap items-center gap-3">
            <span>Prescription</span>
            <Badge variant={status.variant} data-testid="rx-status">
              {status.label}
            </Badge>
          </span>
        }
        description={p.status === "error" ? "The pharmacy could not accept it. It is never sent again automatically: write a new prescription." : undefined}
      />
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-3">
        <Card aria-labelledby="record-heading" className="lg:col-span-2">
          <CardHeader>
            <CardTitle id="record-heading">{s ? "As signed" : "Record"}</CardTitle>
          </CardHeader>
          <CardContent>
            <dl className="divide-y divide-slate-100">
              {rows.map(([k, v]) => (
                <div key={k} className="flex flex-col gap-0.5 py-2 sm:grid sm:grid-cols-[10rem_1fr] sm:gap-4">
                  <dt className="text-sm font-medium text-slate-600">{k}</dt>
                  <dd className="text-sm break-words text-slate-900">{v}</dd>
                </div>
              ))}
            </dl>
          </CardContent>
        </Card>
        <Card aria-labelledby="history-heading">
          <CardHeader>
            <CardTitle id="history-heading">History</CardTitle>
          </CardHeader>
          <CardContent>
            <ol className="flex flex-col gap-2 text-sm">
              {data.events.map((e, i) => (
                <li key={i} className="flex flex-col">
                  <span className="font-medium text-slate-900">{RX_STATUS[e.toStatus]?.label ?? e.toStatus}</span>
                  <span className="text-slate-600">
                    {formatDateTime(e.at)} · {e.actorName ?? (e.actorKind === "pharmacy" ? "Pharmacy" : "Clearwell")}
                  </span>
                </li>
              ))}
            </ol>
          </CardContent>
        </Card>
      </div>
    </div>
  );
}

export function addressLine(a: { line1: string; line2: string | null; city: string; state: string; postalCode: string }) {
  return [a.line1, a.line2, `${a.city}, ${a.state} ${a.postalCode}`].filter(Boolean).join(", ");
}
