"use client";

import type { FormEvent } from "react";
import Link from "next/link";
import { useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Video } from "lucide-react";
import { Alert } from "@clearwell/ui/alert";
import { Badge } from "@clearwell/ui/badge";
import { Button } from "@clearwell/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from "@clearwell/ui/dialog";
import { Field } from "@clearwell/ui/field";
import { Textarea } from "@clearwell/ui/input";

import { linkClass } from "~/components/auth-card";
import { appointmentStatus, humanize, videoVisitOpen } from "~/lib/appointments";
import { stateName } from "~/lib/format";
import { isClinician, patientHref } from "~/lib/roles";
import { errorMessage, fieldErrorsOf } from "~/lib/trpc-errors";
import { useClinicFormat } from "~/lib/use-clinic-time-zone";
import { useTRPC } from "~/trpc/react";
import { ReschedulePanel } from "./reschedule-panel";
import { VisitLinks } from "./visit-links";

export interface ScheduleRow {
  id: string;
  kind: string;
  status: string;
  startsAt: Date | string;
  endsAt: Date | string;
  patientState: string | null;
  patientId: string;
  patientName: string;
  patientFamilyName: string;
  mrn: string;
  providerUserId: string;
  providerName: string;
}

/**
 * One appointment with the actions its status allows (DOMAIN.md §2): confirm a booked visit,
 * cancel with a reason before it starts, record a no-show once it has started. The server
 * applies the same rules (grace period included) and says why when it refuses.
 */
export function AppointmentDialog({ row, roles, userId, onClose }: { row: ScheduleRow | null; roles: readonly string[]; userId: string | undefined; onClose: () => void }) {
  return (
    <Dialog open={row !== null} onOpenChange={(open) => !open && onClose()}>
      <DialogContent className="p-4 sm:p-6">{row ? <AppointmentDetail key={row.id} row={row} roles={roles} userId={userId} /> : null}</DialogContent>
    </Dialog>
  );
}

function AppointmentDetail({ row, roles, userId }: { row: ScheduleRow; roles: readonly string[]; userId: string | undefined }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [current, setCurrent] = useState(row);
  const [cancelling, setCancelling] = useState(false);
  const [moving, setMoving] = useState(false);
  const [moved, setMoved] = useState(false);
  const [reason, setReason] = useState("");
  // The clinic's time, with its zone, as on the schedule behind the dialog.
  const f = useClinicFormat();
  const setStatus = useMutation(
    trpc.schedule.setStatus.mutationOptions({
      onSuccess: (updated) => {
        setCurrent((c) => ({ ...c, status: updated.status }));
        setCancelling(false);
        void queryClient.invalidateQueries({ queryKey: trpc.schedule.list.queryKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.schedule.dashboard.queryKey() });
      },
    }),
  );
  const st = appointmentStatus(current.status);
  const started = new Date(current.startsAt).getTime() <= Date.now();
  const canConfirm = current.status === "booked" && !started;
  const canCancel = (current.status === "booked" || current.status === "confirmed") && !started;
  const canNoShow = current.status === "confirmed" && started;
  // DOMAIN.md §1 "Manage schedule": admin and staff the clinic's visits, a provider their own.
  const managesClinic = roles.includes("admin") || roles.includes("staff");
  const canMove = canCancel && (managesClinic || (roles.includes("provider") && current.providerUserId === userId));
  // A completed visit's page and note are clinical: for clinicians only.
  const showVisitLinks = current.status === "completed" && isClinician(roles);
  const reasonError = fieldErrorsOf(setStatus.error).reason;

  const submitCancel = (e: FormEvent) => {
    e.preventDefault();
    setStatus.mutate({ appointmentId: current.id, event: "cancel", reason });
  };

  return (
    <>
      <DialogHeader>
        <DialogTitle>Appointment</DialogTitle>
        <DialogDescription>{f.dateTime(current.startsAt)}</DialogDescription>
      </DialogHeader>
      <dl className="grid grid-cols-[8rem_1fr] gap-2 text-sm">
        <dt className="text-slate-600">Patient</dt>
        <dd>
          <Link className={linkClass} href={patientHref(roles, current.patientId)}>
            {current.patientName} {current.patientFamilyName}
          </Link>{" "}
          <span className="font-mono text-xs text-slate-500">{current.mrn}</span>
        </dd>
        <dt className="text-slate-600">Kind</dt>
        <dd>{humanize(current.kind)}</dd>
        <dt className="text-slate-600">Time</dt>
        <dd>
          {f.day(current.startsAt)}, {f.time(current.startsAt, { zone: false })} – {f.time(current.endsAt)}
        </dd>
        <dt className="text-slate-600">Status</dt>
        <dd aria-live="polite">
          <Badge variant={st.variant}>{st.label}</Badge>
        </dd>
        <dt className="text-slate-600">Patient state</dt>
        <dd>{stateName(current.patientState)}</dd>
        <dt className="text-slate-600">Provider</dt>
        <dd>{current.providerName}</dd>
      </dl>
      {videoVisitOpen(current, userId) ? (
        <Button asChild className="mt-4 w-full">
          <Link href={`/visits/${current.id}`}>
            <Video aria-hidden="true" />
            Open video visit
          </Link>
        </Button>
      ) : null}

      {showVisitLinks ? <VisitLinks appointmentId={current.id} patientId={current.patientId} ownVisit={current.providerUserId === userId} /> : null}

      {moved ? (
        <Alert variant="success" className="mt-4" title="Visit moved">
          Now {f.dateTime(current.startsAt)} with {current.providerName}. The patient will get an email with the new time.
        </Alert>
      ) : null}

      {setStatus.isError && !reasonError ? (
        <Alert variant="error" className="mt-4" title="That change was not made">
          {errorMessage(setStatus.error)}
        </Alert>
      ) : null}

      {moving ? (
        <ReschedulePanel
          row={current}
          onCancel={() => setMoving(false)}
          onMoved={(next) => {
            setCurrent(next);
            setMoving(false);
            setMoved(true);
          }}
        />
      ) : cancelling ? (
        <form onSubmit={submitCancel} className="mt-4 flex flex-col gap-3" noValidate>
          <Field label="Reason for cancelling" hint="Kept with the appointment and shown in the audit log." error={reasonError ?? null} required>
            <Textarea value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} autoFocus />
          </Field>
          <div className="flex justify-end gap-2">
            <Button type="button" variant="secondary" onClick={() => setCancelling(false)} disabled={setStatus.isPending}>
              Keep appointment
            </Button>
            <Button type="submit" variant="danger" loading={setStatus.isPending}>
              Cancel appointment
            </Button>
          </div>
        </form>
      ) : canConfirm || canCancel || canNoShow ? (
        <div className="mt-5 flex flex-wrap justify-end gap-2">
          {canCancel ? (
            <Button variant="secondary" onClick={() => setCancelling(true)} disabled={setStatus.isPending}>
              Cancel…
            </Button>
          ) : null}
          {canMove ? (
            <Button variant="secondary" onClick={() => setMoving(true)} disabled={setStatus.isPending}>
              Reschedule…
            </Button>
          ) : null}
          {canNoShow ? (
            <Button variant="secondary" loading={setStatus.isPending} onClick={() => setStatus.mutate({ appointmentId: current.id, event: "mark_no_show" })}>
              Record no-show
            </Button>
          ) : null}
          {canConfirm ? (
            <Button loading={setStatus.isPending} onClick={() => setStatus.mutate({ appointmentId: current.id, event: "confirm" })}>
              Confirm
            </Button>
          ) : null}
        </div>
      ) : null}
    </>
  );
}
