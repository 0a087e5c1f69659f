"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { zodResolver } from "@hookform/resolvers/zod";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import { ArrowLeft } from "lucide-react";
import { Alert } from "@clearwell/ui/alert";
import { Badge } from "@clearwell/ui/badge";
import { Button } from "@clearwell/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@clearwell/ui/card";
import { Checkbox } from "@clearwell/ui/checkbox";
import { Field } from "@clearwell/ui/field";
import { Input } from "@clearwell/ui/input";
import { PageHeader } from "@clearwell/ui/page-header";
import { Select } from "@clearwell/ui/select";

import { linkClass } from "~/components/auth-card";
import { useMe } from "~/components/shell/use-me";
import { formatDateTime } from "~/lib/appointments";
import { formatDate, stateName } from "~/lib/format";
import { errorMessage } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";
import type { BuilderValues, RxDetail } from "./builder-form";
import { ZBuilderForm, draftFieldsOf, flexibilityInForce, initialValues } from "./builder-form";
import { Checklist } from "./checklist";
import { LegalBasisFields } from "./legal-basis-fields";
import { PdmpForm } from "./pdmp-form";
import { ReasonDialog } from "./reason-dialog";
import type { RxContext } from "./rx-labels";
import { FORM_LABEL, focusControl, plural, rxStatus, signHref, unitWord } from "./rx-labels";
import { useDraftSave } from "./use-draft-save";

const CHECK_AFTER_MS = 400;

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = window.setTimeout(() => setV(value), ms);
    return () => window.clearTimeout(t);
  }, [value, ms]);
  return v;
}

/**
 * The prescription builder (issue 12 items 5, 11): the formulary entry and regimen, pharmacy,
 * prescriber, basis visit, legal basis and PDMP record, with the server's live checklist beside it.
 * The draft is saved as the prescriber types (optimistic version); it can be marked ready only when
 * no hard block remains (DOMAIN.md §2 "mark ready", §4.5).
 */
export function PrescriptionBuilder({ patientId, ctx, rx }: { patientId: string; ctx: RxContext; rx: RxDetail | null }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const router = useRouter();
  const me = useMe();
  const myId = me.data?.user.id;
  const form = useForm<BuilderValues>({ resolver: zodResolver(ZBuilderForm), mode: "onChange", defaultValues: initialValues(ctx, rx, myId) });
  const values = useWatch({ control: form.control }) as BuilderValues;
  const fields = useMemo(() => draftFieldsOf(values, ctx), [values, ctx]);
  const err = form.formState.errors;

  // ---- the draft, saved as the prescriber types (none until the first save of a new one)
  const { saved, setSaved, savedRef, saveState, saveNow } = useDraftSave(form, { patientId, ctx, rx, myId, fields });

  // ---- the live checklist (no write), a moment after typing stops
  const checkInput = useDebounced({ patientId, ...(saved ? { id: saved.id } : {}), ...fields }, CHECK_AFTER_MS);
  const check = useQuery({ ...trpc.prescription.check.queryOptions(checkInput), placeholderData: keepPreviousData, retry: false });
  const c = check.data;

  // ---- derived choices
  const basis = ctx.basisVisits.find((v) => v.appointmentId === values.basisAppointmentId);
  const patientState = basis?.attestedState ?? ctx.patient.stateOfResidence;
  const entry = ctx.formulary.find((f) => f.id === values.formularyEntryId);
  const pharmacies = ctx.pharmacies.filter((p) => p.epcsCapable && p.shipsToStates.includes(patientState));
  const hiddenPharmacies = ctx.pharmacies.length - pharmacies.length;
  const prescriber = ctx.prescribers.find((p) => p.userId === values.prescriberUserId);
  // The registration the server picked for the basis-visit state (1311.135(b)).
  const printedDea = prescriber?.deaRegistrations.find((d) => d.id === c?.deaRegistrationId) ?? null;
  const flex = flexibilityInForce(ctx);
  const dose = entry && Number.isFinite(values.unitsPerSession) ? entry.strengthMg * Number(values.unitsPerSession) : null;
  const suggestedQuantity = c?.figures.sessionsUntilFollowUp && Number.isFinite(values.unitsPerSession) ? Math.min(c.figures.sessionsUntilFollowUp, entry?.maxSessionsPerFill ?? Infinity) * Number(values.unitsPerSession) : null;
  const nextFollowUp = c?.nextFollowUpDate ?? ctx.nextFollowUp?.date ?? null;

  // The signed-in prescriber is named by default once their session has loaded (1311.135: the registrant signs).
  useEffect(() => {
    if (!rx && myId && !form.getValues("prescriberUserId") && ctx.prescribers.some((p) => p.userId === myId)) form.setValue("prescriberUserId", myId, { shouldValidate: true });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [myId]);

  // A new entry brings its minimum spacing when none was typed yet.
  useEffect(() => {
    if (entry && !Number.isFinite(form.getValues("daysBetweenSessions"))) form.setValue("daysBetweenSessions", entry.minDaysBetweenSessions, { shouldValidate: true });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [entry?.id]);

  // ---- mark ready / void
  const markReady = useMutation(trpc.prescription.markReady.mutationOptions());
  const voidRx = useMutation(trpc.prescription.void.mutationOptions());
  const [voiding, setVoiding] = useState(false);
  const [readyDone, setReadyDone] = useState(false);
  const blocking = c?.findings.filter((f) => !f.passed && f.severity === "block") ?? [];
  const formInvalid = Object.keys(err).length > 0;
  const readyDisabledReason = !saved
    ? "Choose the visit, formulary entry, pharmacy and regimen first: the draft is saved once they are filled in."
    : saveState.kind === "conflict"
      ? "Reload: this prescription changed elsewhere."
      : formInvalid
        ? "Correct the highlighted fields."
        : !c
          ? "Waiting for the checklist."
          : !c.ok
            ? `${plural(blocking.length, "check")} still ${blocking.length === 1 ? "blocks" : "block"}: ${blocking.map((b) => b.ruleId).join(", ")}.`
            : null;

  const onMarkReady = async () => {
    const ok = await form.trigger();
    if (!ok) {
      const first = Object.keys(form.formState.errors)[0];
      if (first) focusControl(`rx-${first}`);
      return;
    }
    if (!(await saveNow())) return;
    const s = savedRef.current!;
    markReady.mutate(
      { id: s.id, version: s.version },
      {
        onSuccess: async () => {
          setReadyDone(true);
          setSaved({ ...s, status: "pending_signature" });
          await qc.invalidateQueries({ queryKey: trpc.prescription.forPatient.queryKey({ patientId }) });
          await qc.invalidateQueries({ queryKey: trpc.prescription.readyForSigning.queryKey({ patientId }) });
          if (form.getValues("prescriberUserId") === myId) router.push(signHref(patientId));
        },
      },
    );
  };

  const status = saved ? rxStatus(saved.status) : null;
  const title = !saved ? "New prescription" : saved.status === "pending_signature" ? "Prescription ready to sign" : "Prescription draft";

  return (
    <div>
      <PageHeader
        eyebrow={
          <Link href={`/patients/${patientId}/chart#prescriptions`} className={`${linkClass} inline-flex items-center gap-1`}>
            <ArrowLeft aria-hidden="true" className="size-4" />
            Chart
          </Link>
        }
        title={
          <span className="flex flex-wrap items-center gap-3">
            <span>{title}</span>
            {status ? <Badge variant={status.variant}>{status.label}</Badge> : null}
          </span>
        }
        description={`${ctx.patient.fullName} · born ${formatDate(ctx.patient.dateOfBirth)} · lives in ${stateName(ctx.patient.stateOfResidence)}`}
      />

      <div className="grid grid-cols-1 gap-6 lg:grid-cols-5">
        <form
          className="flex min-w-0 flex-col gap-6 lg:col-span-3"
          noValidate
          aria-label="Prescription"
          onSubmit={(e) => {
            e.preventDefault();
            void onMarkReady();
          }}
        >
          {saved?.status === "pending_signature" && !readyDone ? (
            <Alert variant="info" title="Marked ready to sign">
              Any change sends it back to draft: it must pass the checklist and be marked ready again.
            </Alert>
          ) : null}
          {!ctx.patient.addressComplete ? (
            <Alert variant="warning" title="The patient's address is incomplete">
              A controlled-substance prescription must carry the patient&apos;s full address (RX01). Ask the patient or the front desk to complete it.
            </Alert>
          ) : null}

          <Card aria-labelledby="rx-who-heading">
            <CardHeader>
              <CardTitle id="rx-who-heading">Who and on what basis</CardTitle>
            </CardHeader>
            <CardContent className="flex flex-col gap-4">
              <Field
                id="rx-prescriberUserId"
                label="Prescriber who will sign"
                required
                error={err.prescriberUserId?.message}
                hint={
                  prescriber
                    ? `EPCS ${prescriber.epcsPermission === "granted" ? "permission granted" : prescriber.epcsPermission === "pending_approval" ? "permission waiting for approval" : "permission not granted"} · ${
                        printedDea ? `DEA ${printedDea.number} (${printedDea.state}) printed on it` : `DEA ${prescriber.deaRegistrations.map((d) => `${d.number} (${d.state})`).join(", ") || "none recorded"}`
                      }. Only this person can sign (21 CFR 1311.135).`
                    : "Only the DEA registrant named here can sign (21 CFR 1311.135)."
                }
              >
                <Select {...form.register("prescriberUserId")}>
                  <option value="">Choose a prescriber</option>
                  {ctx.prescribers.map((p) => (
                    <option key={p.userId} value={p.userId}>
                      {p.name}
                      {p.userId === myId ? " (you)" : ""}
                    </option>
                  ))}
                </Select>
              </Field>
              <Field
                id="rx-basisAppointmentId"
                label="Basis visit"
                required
                error={err.basisAppointmentId?.message}
                hint="Only audio-video visits with the patient's location recorded can be the basis of a controlled-substance prescription (DOMAIN.md §4.4)."
              >
                <Select {...form.register("basisAppointmentId")}>
                  <option value="">Choose a visit</option>
                  {ctx.basisVisits.map((v) => (
                    <option key={v.appointmentId} value={v.appointmentId}>
                      {formatDateTime(v.startsAt)} · {v.kind === "evaluation" ? "Evaluation" : v.kind === "follow_up" ? "Follow-up" : v.kind} · patient in {stateName(v.attestedState)}
                    </option>
                  ))}
                </Select>
              </Field>
              <div id="rx-eligibility" tabIndex={-1} className="rounded-lg bg-slate-50 p-3 text-sm text-slate-700 outline-none focus-visible:ring-2 focus-visible:ring-brand-600">
                {ctx.decision ? (
                  <>
                    Eligibility: <strong>{ctx.decision.outcome === "eligible_at_home" ? "Eligible at home" : ctx.decision.outcome}</strong>
                    {ctx.decision.inEffect ? `, in effect until ${formatDateTime(ctx.decision.expiresAt)}.` : ", not in effect."}{" "}
                    <Link className={linkClass} href={`/patients/${patientId}/chart#eligibility`}>
                      See the decision
                    </Link>
                  </>
                ) : (
                  "No eligibility decision: a prescription needs a current 'Eligible at home' decision."
                )}
              </div>
              <LegalBasisFields form={form} ctx={ctx} flexValidUntil={flex?.validUntil ?? null} />
            </CardContent>
          </Card>

          <Card aria-labelledby="rx-what-heading">
            <CardHeader>
              <CardTitle id="rx-what-heading">What and how much</CardTitle>
              <CardDescription>From the clinic&apos;s formulary. The directions are written from these fields.</CardDescription>
            </CardHeader>
            <CardContent className="flex flex-col gap-4">
              <Field
                id="rx-formularyEntryId"
                label="Formulary entry"
                required
                error={err.formularyEntryId?.message}
                hint={entry ? `Dose ${entry.minDoseMg}–${entry.maxDoseMg} mg per session; at most ${entry.maxTitrationStepMg} mg more than the last prescription; sessions at least ${plural(entry.minDaysBetweenSessions, "day")} apart; at most ${entry.maxSessionsPerFill} sessions per fill.` : null}
              >
                <Select {...form.register("formularyEntryId")}>
                  <option value="">Choose from the formulary</option>
                  {ctx.formulary.map((f) => (
                    <option key={f.id} value={f.id}>
                      {f.drugDescription} ({FORM_LABEL[f.form] ?? f.form})
                    </option>
                  ))}
                </Select>
              </Field>
              <div className="grid gap-4 sm:grid-cols-2">
                <Field
                  id="rx-unitsPerSession"
                  label={`${entry ? capitalise(unitWord(entry.dispenseUnit, 2)) : "Units"} per session`}
                  required
                  error={err.unitsPerSession?.message}
                  hint={dose !== null ? `${dose} mg per session${ctx.previousDoseMgPerSession !== null ? ` (last prescription: ${ctx.previousDoseMgPerSession} mg)` : ""}` : null}
                >
                  <Input type="number" inputMode="numeric" min={1} max={20} step={1} {...form.register("unitsPerSession", { valueAsNumber: true })} />
                </Field>
                <Field id="rx-daysBetweenSessions" label="Days between sessions" required error={err.daysBetweenSessions?.message}>
                  <Input type="number" inputMode="numeric" min={1} max={365} step={1} {...form.register("daysBetweenSessions", { valueAsNumber: true })} />
                </Field>
                <Field
                  id="rx-quantity"
                  label={`Quantity${entry ? ` (${unitWord(entry.dispenseUnit, 2)})` : ""}`}
                  required
                  error={err.quantity?.message}
                  hint={
                    suggestedQuantity !== null ? (
                      <span className="flex flex-wrap items-center gap-2">
                        <span>
                          {plural(c!.figures.sessionsUntilFollowUp!, "session")} until the next follow-up: {suggestedQuantity} {entry ? unitWord(entry.dispenseUnit, suggestedQuantity) : "units"}.
                        </span>
                        {Number(values.quantity) !== suggestedQuantity ? (
                          <Button size="sm" variant="secondary" onClick={() => form.setValue("quantity", suggestedQuantity, { shouldValidate: true, shouldDirty: true })}>
                            Use {suggestedQuantity}
                          </Button>
                        ) : null}
                      </span>
                    ) : (
                      "At most the sessions until the next follow-up."
                    )
                  }
                >
                  <Input type="number" inputMode="decimal" min={0} step="any" {...form.register("quantity", { valueAsNumber: true })} />
                </Field>
                <Field id="rx-refills" label="Refills" required error={err.refills?.message} hint={`At most ${ctx.settings.maxRefills} in this clinic; no fill after ${c ? formatDate(c.figures.fillableUntil) : "six months"}.`}>
                  <Input type="number" inputMode="numeric" min={0} max={ctx.settings.maxRefills} step={1} {...form.register("refills", { valueAsNumber: true })} />
                </Field>
                <Field id="rx-firstSessionDate" label="First session" error={err.firstSessionDate?.message} hint="Optional: the day of the first supervised session at home.">
                  <Input type="date" min={ctx.today} {...form.register("firstSessionDate")} />
                </Field>
                <div className="flex flex-col gap-1.5">
                  <span className="text-sm font-medium text-slate-800">Next follow-up</span>
                  <p id="rx-nextFollowUp" tabIndex={-1} className="flex h-10 items-center text-sm text-slate-900 outline-none focus-visible:ring-2 focus-visible:ring-brand-600">
                    {nextFollowUp ? formatDate(nextFollowUp) : "None booked: book a follow-up first."}
                  </p>
                </div>
              </div>
              <Checkbox label="Substitution allowed" description="Off: the pharmacy dispenses exactly this formulation." {...form.register("substitutionsAllowed")} />
              <Field id="rx-noteToPharmacy" label="Note to the pharmacy" error={err.noteToPharmacy?.message} hint="Optional, at most 210 characters.">
                <Input maxLength={210} {...form.register("noteToPharmacy")} />
              </Field>
              <div className="rounded-lg border border-brand-200 bg-brand-50/40 p-3" aria-live="polite">
                <p className="text-sm font-medium text-slate-800">Directions (as the pharmacy will print them)</p>
                <p className="mt-1 text-base text-slate-900" data-testid="sig-preview">
                  {c?.sig ?? "Choose the formulary entry and the regimen to see the directions."}
                </p>
                {c?.figures.daysSupply ? (
                  <p className="mt-1 text-xs text-slate-600">
                    {plural(c.figures.daysSupply, "day")} supply
                    {c.figures.sessionsPerFill ? ` · ${plural(c.figures.sessionsPerFill, "session")} per fill` : ""} · fillable until {formatDate(c.figures.fillableUntil)}
                  </p>
                ) : null}
              </div>
            </CardContent>
          </Card>

          <Card aria-labelledby="rx-where-heading">
            <CardHeader>
              <CardTitle id="rx-where-heading">Pharmacy</CardTitle>
              <CardDescription>
                Compounding pharmacies that accept electronic controlled-substance prescriptions and ship to {stateName(patientState)}.
              </CardDescription>
            </CardHeader>
            <CardContent className="flex flex-col gap-2">
              <Field id="rx-pharmacyId" label="Pharmacy" required error={err.pharmacyId?.message} hint={hiddenPharmacies > 0 ? `${plural(hiddenPharmacies, "other pharmacy", "other pharmacies")} in the directory can't take this prescription.` : null}>
                <Select {...form.register("pharmacyId")}>
                  <option value="">{pharmacies.length ? "Choose a pharmacy" : "No pharmacy can take it"}</option>
                  {pharmacies.map((p) => (
                    <option key={p.id} value={p.id}>
                      {p.name} · {p.city}, {p.state} · NCPDP {p.ncpdpId}
                    </option>
                  ))}
                </Select>
              </Field>
            </CardContent>
          </Card>

          <div className="flex flex-col gap-3 rounded-card border border-line bg-white p-4 shadow-sm">
            <p role="status" aria-live="polite" className="text-sm text-slate-700" data-testid="save-state">
              {saveState.kind === "saving"
                ? "Saving…"
                : saveState.kind === "saved"
                  ? `Draft saved ${formatDateTime(saveState.at!)}.`
                  : saveState.kind === "error"
                    ? `Not saved: ${saveState.message}`
                    : saveState.kind === "conflict"
                      ? saveState.message
                      : saved
                        ? "Draft saved."
                        : "Not saved yet: the draft is saved once the visit, formulary entry, pharmacy and regimen are filled in."}
            </p>
            {saveState.kind === "conflict" ? (
              <div>
                <Button variant="secondary" onClick={() => window.location.reload()}>
                  Reload
                </Button>
              </div>
            ) : null}
            {markReady.isError ? (
              <Alert variant="error" title="Not marked ready">
                {errorMessage(markReady.error)}
              </Alert>
            ) : null}
            {readyDone ? (
              <Alert variant="success" title="Ready to sign">
                {form.getValues("prescriberUserId") === myId ? "Opening the signing screen…" : `${prescriber?.name ?? "The prescriber"} can now sign it from the patient's chart.`}
              </Alert>
            ) : null}
            <div className="flex flex-wrap items-center gap-2">
              <Button type="submit" loading={markReady.isPending} disabled={!!readyDisabledReason || readyDone || saved?.status === "pending_signature"} aria-describedby="ready-reason">
                Mark ready to sign
              </Button>
              {saved?.status === "pending_signature" && values.prescriberUserId === myId ? (
                <Button asChild variant="secondary">
                  <Link href={signHref(patientId)}>Go to signing</Link>
                </Button>
              ) : null}
              {saved ? (
                <Button variant="ghost" onClick={() => setVoiding(true)}>
                  Void
                </Button>
              ) : null}
            </div>
            <p id="ready-reason" className="text-sm text-slate-600">
              {saved?.status === "pending_signature" ? "Already marked ready." : (readyDisabledReason ?? "Every check passes: mark it ready, then sign it with your password and authenticator code.")}
            </p>
          </div>
        </form>

        <aside className="flex min-w-0 flex-col gap-6 lg:col-span-2" aria-label="Checks">
          <div className="flex flex-col gap-6 lg:sticky lg:top-20">
            <Checklist check={c} checking={check.isFetching} error={check.isError ? errorMessage(check.error) : null} />
            <PdmpForm patientId={patientId} ctx={ctx} state={patientState} />
          </div>
        </aside>
      </div>
      <ReasonDialog
        open={voiding}
        onOpenChange={(o) => {
          if (!o) voidRx.reset();
          setVoiding(o);
        }}
        title="Void this prescription?"
        description="It was never signed or sent. Voiding keeps it in the history and it can't be used again."
        confirmLabel="Void prescription"
        pending={voidRx.isPending}
        error={voidRx.isError ? errorMessage(voidRx.error) : null}
        onSubmit={(reason) =>
          voidRx.mutate(
            { id: saved!.id, reason },
            {
              onSuccess: async () => {
                await qc.invalidateQueries({ queryKey: trpc.prescription.forPatient.queryKey({ patientId }) });
                router.push(`/patients/${patientId}/chart#prescriptions`);
              },
            },
          )
        }
      />
    </div>
  );
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
