"use client";

import Link from "next/link";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { ArrowLeft, FileSignature, ShieldCheck } from "lucide-react";
import type { ProviderOutputs } from "@clearwell/api/provider";
import { Alert } from "@clearwell/ui/alert";
import { Badge } from "@clearwell/ui/badge";
import { Button } from "@clearwell/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@clearwell/ui/card";
import { EmptyState } from "@clearwell/ui/empty-state";
import { TextField } from "@clearwell/ui/field";
import { PageHeader } from "@clearwell/ui/page-header";
import { EPCS_SIGNING_STATEMENT } from "@clearwell/validators/prescription";

import { linkClass } from "~/components/auth-card";
import { PatientLoadError, PatientLoadSkeleton } from "~/components/patient-load-states";
import { formatDate } from "~/lib/format";
import { errorMessage, trpcCode } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";
import { addressLine } from "./prescription-page";
import { plural, rxHref, rxStatus, unitWord } from "./rx-labels";
import { useLivePrescriptions } from "./use-live-prescriptions";

type Ready = ProviderOutputs["prescription"]["readyForSigning"];
type ReadyRx = Ready["prescriptions"][number];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const backLink = (patientId: string) => (
  <Link href={`/patients/${patientId}/chart#prescriptions`} className={`${linkClass} inline-flex items-center gap-1`}>
    <ArrowLeft aria-hidden="true" className="size-4" />
    Chart
  </Link>
);

/**
 * The EPCS signing ceremony (21 CFR 1311.140(a), DOMAIN.md §5.1): the ready controlled-substance
 * prescriptions of ONE patient with every required element (1306.05(a)); the prescriber marks which to
 * sign; the statement verbatim; then password AND authenticator code while all of it stays on the
 * screen (no dialog covers it). The button says it signs (1311.140(b)).
 */
export function SigningCeremony({ patientId }: { patientId: string }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const valid = UUID.test(patientId);
  const ready = useQuery({ ...trpc.prescription.readyForSigning.queryOptions({ patientId }), enabled: valid, retry: false, refetchOnWindowFocus: false });
  const [marked, setMarked] = useState<string[]>([]);
  const [password, setPassword] = useState("");
  const [code, setCode] = useState("");
  const [problem, setProblem] = useState<{ password?: string; code?: string; marked?: string }>({});
  const [idempotencyKey, setIdempotencyKey] = useState(() => crypto.randomUUID());
  const [signedIds, setSignedIds] = useState<string[] | null>(null);
  const codeRef = useRef<HTMLInputElement>(null);
  const resultRef = useRef<HTMLDivElement>(null);
  const sign = useMutation(trpc.prescription.sign.mutationOptions());
  const { list } = useLivePrescriptions(patientId, valid && signedIds !== null);

  // Marked prescriptions that left the list (sent back to draft, voided elsewhere) are unmarked.
  const items = ready.data?.prescriptions ?? [];
  useEffect(() => {
    setMarked((m) => m.filter((id) => items.some((p) => p.id === id)));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [ready.data]);

  useEffect(() => {
    if (signedIds) resultRef.current?.focus();
  }, [signedIds]);

  if (!valid || (ready.isError && ["NOT_FOUND", "FORBIDDEN"].includes(trpcCode(ready.error) ?? "")))
    return (
      <EmptyState
        icon={FileSignature}
        headingLevel="h1"
        title="Nothing to sign here"
        description="Only the prescriber named on a patient's prescriptions can sign them, from that patient's chart."
        action={
          <Button asChild variant="secondary">
            <Link href="/patients">Back to patients</Link>
          </Button>
        }
      />
    );
  if (ready.isError)
    return <PatientLoadError backLink={backLink(patientId)} heading="Sign prescriptions" title="We couldn't load the prescriptions to sign" error={ready.error} onRetry={() => void ready.refetch()} retrying={ready.isFetching} />;
  if (ready.isPending) return <PatientLoadSkeleton label="Loading prescriptions to sign…" eyebrow />;

  const data = ready.data;
  const n = marked.length;
  const signLabel = `Sign and send ${plural(n, "prescription")}`;

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const next: typeof problem = {};
    if (!n) next.marked = "Mark at least one prescription to sign.";
    if (!password) next.password = "Enter your password.";
    const totp = code.replace(/\s/g, "");
    if (!/^\d{6}$/.test(totp)) next.code = "Enter the 6-digit code your authenticator app shows now.";
    setProblem(next);
    if (Object.keys(next).length) {
      document.getElementById(next.marked ? "ceremony-list" : next.password ? "ceremony-password" : "ceremony-code")?.focus();
      return;
    }
    const chosen = items.filter((p) => marked.includes(p.id));
    sign.mutate(
      { patientId, prescriptionIds: chosen.map((p) => p.id), readyVersions: chosen.map((p) => p.readyVersion), password, totp, idempotencyKey },
      {
        onSuccess: async (out) => {
          setSignedIds(out.signed.map((s) => s.id));
          setPassword("");
          setCode("");
          setMarked([]);
          setIdempotencyKey(crypto.randomUUID());
          await qc.invalidateQueries({ queryKey: trpc.prescription.forPatient.queryKey({ patientId }) });
          await ready.refetch();
        },
        onError: async (err) => {
          // A code is good once (1311.115): whatever went wrong, the next try needs a new one.
          setCode("");
          // Changed or no longer passing its checks: the server put it back in draft, so the list changes.
          if (["CONFLICT", "UNPROCESSABLE_CONTENT"].includes(trpcCode(err) ?? "")) await ready.refetch();
          if (trpcCode(err) === "PRECONDITION_FAILED") codeRef.current?.focus();
        },
      },
    );
  };

  if (signedIds) return <Signed patientId={patientId} ids={signedIds} list={list.data?.items ?? []} resultRef={resultRef} moreToSign={items.length} onMore={() => setSignedIds(null)} />;

  return (
    <div>
      <PageHeader
        eyebrow={backLink(patientId)}
        title="Sign prescriptions"
        description={`${data.patient.fullName} · born ${formatDate(data.patient.dateOfBirth)} · signing as ${data.prescriber.name}`}
      />
      {!items.length ? (
        <EmptyState
          icon={FileSignature}
          title="No prescription is waiting for your signature"
          description="Prescriptions for this patient that name you as prescriber appear here once they are marked ready to sign."
          action={
            <Button asChild variant="secondary">
              <Link href={`/patients/${patientId}/chart#prescriptions`}>Back to the chart</Link>
            </Button>
          }
        />
      ) : (
        <form onSubmit={submit} noValidate className="flex flex-col gap-6" aria-label="Sign prescriptions">
          <fieldset id="ceremony-list" tabIndex={-1} className="flex flex-col gap-4 outline-none" aria-describedby={problem.marked ? "ceremony-list-error" : undefined}>
            <legend className="mb-2 text-base font-semibold text-slate-900">Mark the prescriptions to sign</legend>
            {items.map((p) => (
              <ReadyCard
                key={p.id}
                patientId={patientId}
                rx={p}
                checked={marked.includes(p.id)}
                disabled={sign.isPending}
                onChange={(on) => setMarked(on ? [...marked, p.id] : marked.filter((id) => id !== p.id))}
              />
            ))}
            {problem.marked ? (
              <p id="ceremony-list-error" className="text-sm font-medium text-red-700">
                {problem.marked}
              </p>
            ) : null}
          </fieldset>

          <Card aria-labelledby="statement-heading" className="border-brand-300">
            <CardHeader>
              <CardTitle id="statement-heading" className="flex items-center gap-2">
                <ShieldCheck aria-hidden="true" className="size-5 text-brand-700" />
                Signing statement
              </CardTitle>
            </CardHeader>
            <CardContent className="flex flex-col gap-4">
              <blockquote className="rounded-lg bg-brand-50/60 p-4 text-base leading-relaxed text-slate-900" data-testid="epcs-statement">
                {EPCS_SIGNING_STATEMENT}
              </blockquote>
              <div className="grid gap-4 sm:grid-cols-2">
                <TextField
                  id="ceremony-password"
                  label="Password"
                  type="password"
                  autoComplete="current-password"
                  required
                  maxLength={128}
                  value={password}
                  onChange={(e) => setPassword(e.target.value)}
                  error={problem.password}
                  disabled={sign.isPending}
                />
                <TextField
                  id="ceremony-code"
                  ref={codeRef}
                  label="Authenticator code"
                  hint="The 6-digit code your authenticator app shows now. Each code signs once."
                  inputMode="numeric"
                  autoComplete="one-time-code"
                  required
                  maxLength={7}
                  value={code}
                  onChange={(e) => setCode(e.target.value)}
                  error={problem.code}
                  disabled={sign.isPending}
                />
              </div>
              {sign.isError ? (
                <Alert variant="error" title="Not signed">
                  {errorMessage(sign.error)}
                  {trpcCode(sign.error) === "PRECONDITION_FAILED" ? " Nothing was signed; enter a new code to try again." : null}
                </Alert>
              ) : null}
              {sign.isPending ? (
                <p role="status" className="text-sm text-slate-700">
                  Signing: checking your password and code, re-running every check, signing and queuing {plural(n, "prescription")} for the pharmacy…
                </p>
              ) : null}
              <div className="flex flex-wrap items-center gap-3">
                <Button type="submit" size="lg" loading={sign.isPending}>
                  {signLabel}
                </Button>
                <span className="text-sm text-slate-600">{n ? `${plural(n, "prescription")} marked.` : "None marked yet."}</span>
              </div>
            </CardContent>
          </Card>
        </form>
      )}
    </div>
  );
}

/** One ready prescription with every 1306.05(a) element, and its checkbox. */
function ReadyCard({ patientId, rx, checked, disabled, onChange }: { patientId: string; rx: ReadyRx; checked: boolean; disabled: boolean; onChange: (on: boolean) => void }) {
  const c = rx.content;
  const id = `mark-${rx.id}`;
  // A hard block with today's facts (an expired decision, a lapsed registration...): shown, never signable.
  if (!c)
    return (
      <Card aria-labelledby={`${id}-label`}>
        <CardHeader className="flex-row flex-wrap items-center justify-between gap-2">
          <p id={`${id}-label`} className="text-base font-semibold text-slate-900">
            A prescription that can&apos;t be signed now
          </p>
          <Link className={`${linkClass} text-sm`} href={rxHref(patientId, rx.id)}>
            Review it
          </Link>
        </CardHeader>
        <CardContent>
          <Alert variant="warning" title="Blocked by the checklist">
            <ul className="list-disc pl-5">
              {rx.blocking.map((b) => (
                <li key={b}>{b}</li>
              ))}
            </ul>
          </Alert>
        </CardContent>
      </Card>
    );
  const rows: [string, string][] = [
    ["Patient", `${c.patient.fullName}, born ${formatDate(c.patient.dateOfBirth)}`],
    ["Patient address", addressLine(c.patient.address)],
    ["Drug", c.medication.drugName],
    ["Strength", `${c.medication.strength.value} ${c.medication.strength.unit}`],
    ["Dosage form", c.medication.dosageForm],
    ["Quantity", `${c.quantity.value} ${unitWord(c.quantity.unit, c.quantity.value)} (${plural(c.daysSupply, "day")} supply)`],
    ["Directions", c.sig],
    ["Refills", `${c.refills} · no fill after ${formatDate(c.lastFillDate)}`],
    ["Written date", formatDate(c.writtenDate)],
    ["Prescriber", `${c.prescriber.fullName}${c.prescriber.credentials ? `, ${c.prescriber.credentials}` : ""}`],
    ["Prescriber address", addressLine(c.prescriber.address)],
    ["DEA number", `${c.prescriber.dea.number} (${c.prescriber.dea.state}, schedule ${c.medication.deaSchedule})`],
    ["Pharmacy", `${c.pharmacy.name} · NCPDP ${c.pharmacy.ncpdpId} · ${addressLine(c.pharmacy.address)}`],
    ["Substitution", c.substitutionsAllowed ? "Allowed" : "Not allowed"],
  ];
  return (
    <Card className={checked ? "border-brand-500 ring-1 ring-brand-500" : undefined} aria-labelledby={`${id}-label`}>
      <CardHeader className="flex-row flex-wrap items-center justify-between gap-2">
        <label htmlFor={id} className="flex cursor-pointer items-center gap-3" id={`${id}-label`}>
          <input id={id} type="checkbox" checked={checked} disabled={disabled} onChange={(e) => onChange(e.target.checked)} className="size-5 accent-teal-700" />
          <span className="text-base font-semibold text-slate-900">Sign {c.medication.drugDescription}</span>
        </label>
        <Link className={`${linkClass} text-sm`} href={rxHref(patientId, rx.id)}>
          Review or change
        </Link>
      </CardHeader>
      <CardContent className="flex flex-col gap-3">
        {rx.changedSinceReady ? (
          <Alert variant="warning" title="Changed since it was marked ready">
            Something it is built from changed (formulary, pharmacy, patient or credentials). Signing will send it back to draft instead: review it and mark it ready again.
          </Alert>
        ) : null}
        <dl className="grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[10rem_1fr]">
          {rows.map(([k, v]) => (
            <div key={k} className="contents">
              <dt className="font-medium text-slate-600">{k}</dt>
              <dd className="mb-1 break-words text-slate-900 sm:mb-0">{v}</dd>
            </div>
          ))}
        </dl>
      </CardContent>
    </Card>
  );
}

type Summary = ProviderOutputs["prescription"]["forPatient"]["items"][number];

/** After signing: the statuses as the pharmacy answers (pushed live), and what else is waiting. */
function Signed({
  patientId,
  ids,
  list,
  resultRef,
  moreToSign,
  onMore,
}: {
  patientId: string;
  ids: string[];
  list: Summary[];
  resultRef: React.RefObject<HTMLDivElement | null>;
  moreToSign: number;
  onMore: () => void;
}) {
  const rows = ids.map((id) => list.find((p) => p.id === id)).filter((p): p is Summary => !!p);
  return (
    <div>
      <PageHeader eyebrow={backLink(patientId)} title="Signed and sent" />
      <div ref={resultRef} tabIndex={-1} className="flex flex-col gap-4 outline-none">
        <Alert variant="success" title={`${plural(ids.length, "prescription")} signed`}>
          Sent to the pharmacy at once. The status below updates when the pharmacy answers.
        </Alert>
        <ul className="flex flex-col gap-3" aria-live="polite" aria-label="Signed prescriptions">
          {rows.length
            ? rows.map((p) => {
                const s = rxStatus(p.status);
                return (
                  <li key={p.id} className="flex flex-wrap items-center justify-between gap-2 rounded-card border border-line bg-white p-4">
                    <span className="font-medium text-slate-900">{p.drugDescription}</span>
                    <Badge variant={s.variant} data-testid="rx-status" className="text-sm">
                      {s.label}
                    </Badge>
                  </li>
                );
              })
            : ids.map((id) => (
                <li key={id} className="rounded-card border border-line bg-white p-4 text-sm text-slate-600">
                  Loading status…
                </li>
              ))}
        </ul>
        <div className="flex flex-wrap gap-2">
          <Button asChild variant="secondary">
            <Link href={`/patients/${patientId}/chart#prescriptions`}>Back to the chart</Link>
          </Button>
          {moreToSign ? <Button onClick={onMore}>Sign {plural(moreToSign, "more prescription")}</Button> : null}
        </div>
      </div>
    </div>
  );
}
