"use client";

import type { FormEvent } from "react";
import { useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { TClinicSchedulingInput } from "@clearwell/validators/scheduling";
import { Alert } from "@clearwell/ui/alert";
import { Button } from "@clearwell/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@clearwell/ui/card";
import { TextField } from "@clearwell/ui/field";
import { Switch } from "@clearwell/ui/switch";

import { checkWith } from "~/lib/check-with";
import { errorMessage, fieldErrorsOf } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";

type Settings = TClinicSchedulingInput;

/** Form values: cutoff and notice in hours (how clinics think of them), stored in minutes. */
interface Draft {
  evaluationMinutes: string;
  followUpMinutes: string;
  cancelCutoffHours: string;
  minBookingNoticeHours: string;
  bookingHorizonDays: string;
  noShowGraceMinutes: string;
  joinWindowMinutes: string;
  bookingBeforeIntakeReview: boolean;
}

const toDraft = (s: Settings): Draft => ({
  evaluationMinutes: String(s.evaluationMinutes),
  followUpMinutes: String(s.followUpMinutes),
  cancelCutoffHours: String(s.cancelCutoffMinutes / 60),
  minBookingNoticeHours: String(s.minBookingNoticeMinutes / 60),
  bookingHorizonDays: String(s.bookingHorizonDays),
  noShowGraceMinutes: String(s.noShowGraceMinutes),
  joinWindowMinutes: String(s.joinWindowMinutes),
  bookingBeforeIntakeReview: s.bookingBeforeIntakeReview,
});

// An empty or malformed box becomes NaN, which the schema reports on that field.
const num = (v: string) => (v.trim() === "" ? Number.NaN : Number(v));

const fromDraft = (d: Draft): Settings => ({
  evaluationMinutes: num(d.evaluationMinutes),
  followUpMinutes: num(d.followUpMinutes),
  cancelCutoffMinutes: Math.round(num(d.cancelCutoffHours) * 60),
  minBookingNoticeMinutes: Math.round(num(d.minBookingNoticeHours) * 60),
  bookingHorizonDays: num(d.bookingHorizonDays),
  noShowGraceMinutes: num(d.noShowGraceMinutes),
  joinWindowMinutes: num(d.joinWindowMinutes),
  bookingBeforeIntakeReview: d.bookingBeforeIntakeReview,
});

/** Visit lengths and booking rules (DOMAIN.md §2, clinic-configurable). */
export function SchedulingSettingsCard({ settings }: { settings: Settings }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState(() => toDraft(settings));
  const save = useMutation(
    trpc.clinic.updateScheduling.mutationOptions({
      onSuccess: async (saved) => {
        setDraft(toDraft(saved));
        await queryClient.invalidateQueries({ queryKey: trpc.clinic.get.queryKey() });
      },
    }),
  );
  const [localErrors, setLocalErrors] = useState<Record<string, string[]>>({});
  const errors = { ...fieldErrorsOf(save.error), ...localErrors };
  const set = (key: keyof Draft) => (e: { target: { value: string } }) => {
    save.reset();
    setLocalErrors({});
    setDraft((d) => ({ ...d, [key]: e.target.value }));
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    // The same schema the server applies, so mistakes show at once and beside their field.
    const parsed = await checkWith(() => import("@clearwell/validators/scheduling").then((m) => m.ZClinicSchedulingInput), fromDraft(draft));
    if (!parsed.success) {
      setLocalErrors(parsed.fieldErrors);
      return;
    }
    save.mutate(parsed.data);
  };
  const hasFieldErrors = Object.keys(errors).length > 0;

  return (
    <Card>
      <form onSubmit={submit} noValidate aria-labelledby="scheduling-heading">
        <CardHeader>
          <CardTitle id="scheduling-heading">Scheduling</CardTitle>
          <CardDescription>Applies to times offered from now on. Booked appointments keep their length.</CardDescription>
        </CardHeader>
        <CardContent className="flex flex-col gap-5">
          {save.isSuccess ? <Alert variant="success">Scheduling settings saved.</Alert> : null}
          {save.isError && !hasFieldErrors ? <Alert variant="error">{errorMessage(save.error)}</Alert> : null}
          <fieldset className="grid gap-4 sm:grid-cols-2">
            <legend className="mb-2 text-sm font-semibold text-slate-900">Visit length</legend>
            <TextField label="Evaluation (minutes)" inputMode="numeric" value={draft.evaluationMinutes} onChange={set("evaluationMinutes")} error={errors.evaluationMinutes} hint="15 to 240" />
            <TextField label="Follow-up (minutes)" inputMode="numeric" value={draft.followUpMinutes} onChange={set("followUpMinutes")} error={errors.followUpMinutes} hint="10 to 240" />
          </fieldset>
          <fieldset className="grid gap-4 sm:grid-cols-2">
            <legend className="mb-2 text-sm font-semibold text-slate-900">Booking window</legend>
            <TextField
              label="Minimum notice (hours)"
              inputMode="decimal"
              value={draft.minBookingNoticeHours}
              onChange={set("minBookingNoticeHours")}
              error={errors.minBookingNoticeMinutes}
              hint="The soonest a patient can book ahead."
            />
            <TextField
              label="Booking horizon (days)"
              inputMode="numeric"
              value={draft.bookingHorizonDays}
              onChange={set("bookingHorizonDays")}
              error={errors.bookingHorizonDays}
              hint="How far ahead slots are offered."
            />
            <TextField
              label="Patient change cutoff (hours)"
              inputMode="decimal"
              value={draft.cancelCutoffHours}
              onChange={set("cancelCutoffHours")}
              error={errors.cancelCutoffMinutes}
              hint="Patients can reschedule or cancel until this long before the start."
            />
            <TextField
              label="No-show grace (minutes)"
              inputMode="numeric"
              value={draft.noShowGraceMinutes}
              onChange={set("noShowGraceMinutes")}
              error={errors.noShowGraceMinutes}
              hint="A no-show can be recorded this long after the start."
            />
            <TextField
              label="Video waiting room opens (minutes before)"
              inputMode="numeric"
              value={draft.joinWindowMinutes}
              onChange={set("joinWindowMinutes")}
              error={errors.joinWindowMinutes}
              hint="Patients and providers can join from this long before the start until the end of the slot."
            />
          </fieldset>
          <div className="flex items-start justify-between gap-4 rounded-lg border border-slate-200 p-4">
            <div>
              <p id="early-booking-label" className="text-sm font-medium text-slate-900">
                Let patients book before their intake is reviewed
              </p>
              <p id="early-booking-desc" className="text-sm text-slate-600">
                Never for a patient whose screening says not eligible or points to the crisis pathway: they wait for a clinician.
              </p>
            </div>
            <Switch
              checked={draft.bookingBeforeIntakeReview}
              onChange={(next) => {
                save.reset();
                setDraft((d) => ({ ...d, bookingBeforeIntakeReview: next }));
              }}
              labelledBy="early-booking-label"
              describedBy="early-booking-desc"
            />
          </div>
        </CardContent>
        <CardFooter className="justify-end gap-2">
          <Button type="button" variant="secondary" onClick={() => { save.reset(); setDraft(toDraft(settings)); }} disabled={save.isPending}>
            Reset
          </Button>
          <Button type="submit" loading={save.isPending}>
            Save scheduling
          </Button>
        </CardFooter>
      </form>
    </Card>
  );
}
