"use client";

import { useEffect, useRef, useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Alert } from "@clearwell/ui/alert";
import { Button } from "@clearwell/ui/button";
import { cn } from "@clearwell/ui/cn";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from "@clearwell/ui/dialog";

import { humanize } from "~/lib/appointments";
import { errorMessage, trpcCode } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";
import { type FoundPatient, PatientSearch, birthDate, patientName } from "./patient-search";
import { type Kind, type SlotChoice, SlotStep } from "./slot-step";
import { WhenText } from "./when-text";

type Step = "patient" | "time" | "confirm" | "done";

/**
 * "Book for a patient" (issue 15 item 9): the front desk finds the patient, picks the visit type,
 * day, time and provider (any available by default), confirms and books. The patient gets an email.
 */
export function BookForPatientDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent size="lg" className="p-4 sm:p-6">
        {open ? <BookFlow onClose={() => onOpenChange(false)} /> : null}
      </DialogContent>
    </Dialog>
  );
}

function BookFlow({ onClose }: { onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [step, setStep] = useState<Step>("patient");
  const [patient, setPatient] = useState<FoundPatient | null>(null);
  const [kind, setKind] = useState<Kind>("evaluation");
  const [choice, setChoice] = useState<SlotChoice | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [missing, setMissing] = useState(false);
  // One key per confirmation: a double click or a retry books once.
  const [idempotencyKey, setIdempotencyKey] = useState(() => crypto.randomUUID());
  const book = useMutation(
    trpc.booking.book.mutationOptions({
      onSuccess: () => {
        setStep("done");
        void queryClient.invalidateQueries({ queryKey: trpc.schedule.list.queryKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.schedule.dashboard.queryKey() });
      },
      onError: (error) => {
        if (trpcCode(error) !== "CONFLICT") return;
        setNotice(`${errorMessage(error)} The times shown are up to date.`);
        setChoice(null);
        setIdempotencyKey(crypto.randomUUID());
        setStep("time");
        void queryClient.invalidateQueries({ queryKey: trpc.booking.slots.queryKey() });
      },
    }),
  );
  const headingRef = useRef<HTMLHeadingElement>(null);
  // Each step's title takes focus, so a screen reader hears where it is.
  useEffect(() => headingRef.current?.focus(), [step]);

  const title = { patient: "Book for a patient", time: "Choose a time", confirm: "Confirm the booking", done: "Booked" }[step];

  return (
    <>
      <DialogHeader>
        <DialogTitle ref={headingRef} tabIndex={-1} className="outline-none">
          {title}
        </DialogTitle>
        <DialogDescription>
          {step === "patient" ? "Find the patient, then choose the visit type, day and time. They get an email with the time." : patient ? `${patientName(patient)} · MRN ${patient.mrn} · born ${birthDate(patient.dateOfBirth)}` : null}
        </DialogDescription>
      </DialogHeader>

      {step === "patient" ? (
        <PatientSearch
          onPick={(p) => {
            setPatient(p);
            setChoice(null);
            setStep("time");
          }}
        />
      ) : null}

      {step === "time" && patient ? (
        <form
          noValidate
          className="flex flex-col gap-5"
          onSubmit={(e) => {
            e.preventDefault();
            if (choice) setStep("confirm");
            else setMissing(true);
          }}
        >
          {notice ? (
            <Alert variant="warning" role="alert">
              {notice}
            </Alert>
          ) : null}
          <KindChoice
            value={kind}
            onChange={(k) => {
              setKind(k);
              setChoice(null);
              setNotice(null);
            }}
          />
          <SlotStep
            headingLevel="h3"
            key={kind}
            patientId={patient.id}
            kind={kind}
            value={choice}
            onChange={(c) => {
              setChoice(c);
              setMissing(false);
            }}
          />
          {missing ? (
            <p className="text-sm font-medium text-red-700" role="alert">
              Choose a day and a time first.
            </p>
          ) : null}
          <div className="flex flex-col-reverse gap-2 border-t border-slate-100 pt-4 sm:flex-row sm:justify-between">
            <Button type="button" variant="secondary" onClick={() => setStep("patient")}>
              Another patient
            </Button>
            <Button type="submit">Continue</Button>
          </div>
        </form>
      ) : null}

      {step === "confirm" && patient && choice ? (
        <div className="flex flex-col gap-5">
          {book.isError && trpcCode(book.error) !== "CONFLICT" ? (
            <Alert variant="error" title="The visit was not booked">
              {errorMessage(book.error)}
            </Alert>
          ) : null}
          <dl className="grid grid-cols-[6rem_1fr] gap-x-3 gap-y-2 text-sm">
            <dt className="text-slate-600">Patient</dt>
            <dd className="font-medium text-slate-900">
              {patientName(patient)} <span className="font-mono text-xs font-normal text-slate-600">{patient.mrn}</span>
            </dd>
            <dt className="text-slate-600">Visit</dt>
            <dd className="font-medium text-slate-900">{humanize(kind)}, by video</dd>
            <dt className="text-slate-600">When</dt>
            <dd className="font-medium text-slate-900">
              <WhenText start={choice.time.start} end={choice.time.end} timeZone={choice.timeZone} />
            </dd>
            <dt className="text-slate-600">Provider</dt>
            <dd className="font-medium text-slate-900">{choice.providerName ?? "Any available provider (picked when you book)"}</dd>
          </dl>
          <div className="flex flex-col-reverse gap-2 border-t border-slate-100 pt-4 sm:flex-row sm:justify-between">
            <Button variant="secondary" onClick={() => setStep("time")} disabled={book.isPending}>
              Change the time
            </Button>
            <Button
              loading={book.isPending}
              onClick={() =>
                book.mutate({ patientId: patient.id, kind, startsAt: choice.time.start, idempotencyKey, ...(choice.providerUserId ? { providerUserId: choice.providerUserId } : {}) })
              }
            >
              Book visit
            </Button>
          </div>
        </div>
      ) : null}

      {step === "done" && patient && book.data && choice ? (
        <div className="flex flex-col gap-4">
          <Alert variant="success" title={`${humanize(kind)} booked for ${patientName(patient)}`}>
            <WhenText start={new Date(book.data.startsAt)} end={new Date(book.data.endsAt)} timeZone={choice.timeZone} />
            {" with "}
            {choice.time.providers.find((p) => p.providerUserId === book.data.providerUserId)?.providerName ?? "the provider"}. {patient.givenName} will get an email with the
            time.
          </Alert>
          <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
            <Button
              variant="secondary"
              onClick={() => {
                book.reset();
                setPatient(null);
                setChoice(null);
                setIdempotencyKey(crypto.randomUUID());
                setStep("patient");
              }}
            >
              Book another
            </Button>
            <Button onClick={onClose}>Done</Button>
          </div>
        </div>
      ) : null}
    </>
  );
}

const KINDS: { value: Kind; label: string }[] = [
  { value: "evaluation", label: "Evaluation" },
  { value: "follow_up", label: "Follow-up" },
];

function KindChoice({ value, onChange }: { value: Kind; onChange: (kind: Kind) => void }) {
  return (
    <fieldset className="flex flex-col gap-1.5">
      <legend className="mb-1 text-sm font-medium text-slate-800">Visit type</legend>
      <div className="grid grid-cols-2 gap-2">
        {KINDS.map((k) => (
          <label
            key={k.value}
            className={cn(
              "flex min-h-11 cursor-pointer items-center gap-2 rounded-lg border px-3 py-2 text-sm font-medium has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-brand-600",
              value === k.value ? "border-brand-600 bg-brand-50 text-slate-900" : "border-slate-300 bg-white text-slate-800",
            )}
          >
            <input type="radio" name="visit-kind" checked={value === k.value} onChange={() => onChange(k.value)} className="size-4 accent-brand-700 focus-visible:outline-none" />
            {k.label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
