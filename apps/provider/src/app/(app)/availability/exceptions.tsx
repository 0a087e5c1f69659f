"use client";

import type { FormEvent } from "react";
import { useState } from "react";
import { CalendarOff, Trash2 } from "lucide-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Alert } from "@clearwell/ui/alert";
import { Badge } from "@clearwell/ui/badge";
import { Button } from "@clearwell/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@clearwell/ui/card";
import { Field } from "@clearwell/ui/field";
import { Input } from "@clearwell/ui/input";
import { Select } from "@clearwell/ui/select";

import { checkWith } from "~/lib/check-with";
import { errorMessage, fieldErrorsOf } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";

interface Exception {
  id: string;
  kind: "time_off" | "extra_hours";
  startsAt: Date;
  endsAt: Date;
  note: string | null;
}

const rangeIn = (timezone: string, start: Date, end: Date) =>
  new Intl.DateTimeFormat("en-US", { timeZone: timezone, weekday: "short", month: "short", day: "numeric", hour: "numeric", minute: "2-digit" }).formatRange(start, end);

const zoneName = (timezone: string) =>
  new Intl.DateTimeFormat("en-US", { timeZone: timezone, timeZoneName: "long" }).formatToParts(new Date()).find((p) => p.type === "timeZoneName")?.value ?? timezone;

/**
 * One-off time off and extra hours. Times are typed and shown in the provider's own time zone
 * (not the browser's), so an admin elsewhere enters the provider's real hours.
 */
export function Exceptions({ userId, timezone, exceptions }: { userId: string; timezone: string; exceptions: Exception[] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.availability.get.queryKey() });
  const empty = { startDate: "", startTime: "09:00", endDate: "", endTime: "17:00", note: "" };
  const [kind, setKind] = useState<"time_off" | "extra_hours">("time_off");
  const [form, setForm] = useState(empty);
  const [localErrors, setLocalErrors] = useState<Record<string, string[]>>({});
  const add = useMutation(
    trpc.availability.addException.mutationOptions({
      onSuccess: async () => {
        setForm(empty);
        await refresh();
      },
    }),
  );
  const remove = useMutation(trpc.availability.removeException.mutationOptions({ onSuccess: refresh }));
  const errors = { ...fieldErrorsOf(add.error), ...localErrors };
  const set = (key: keyof typeof empty) => (e: { target: { value: string } }) => {
    add.reset();
    setLocalErrors({});
    setForm((f) => ({ ...f, [key]: e.target.value, ...(key === "startDate" && !f.endDate ? { endDate: e.target.value } : {}) }));
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const parsed = await checkWith(() => import("@clearwell/validators/scheduling").then((m) => m.ZAvailabilityExceptionInput), { providerUserId: userId, kind, ...form, note: form.note.trim() || undefined });
    if (!parsed.success) return setLocalErrors(parsed.fieldErrors);
    add.mutate(parsed.data);
  };

  return (
    <Card>
      <CardHeader>
        <CardTitle>Exceptions</CardTitle>
        <CardDescription>
          Time off blocks booking; extra hours open slots outside your weekly hours. Times are in {zoneName(timezone)} ({timezone}).
        </CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-6">
        {exceptions.length ? (
          <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200" aria-label="Upcoming exceptions">
            {exceptions.map((x) => (
              <li key={x.id} className="flex flex-wrap items-center justify-between gap-2 px-3 py-2">
                <div className="flex flex-wrap items-center gap-2 text-sm">
                  <Badge variant={x.kind === "time_off" ? "warning" : "success"}>{x.kind === "time_off" ? "Time off" : "Extra hours"}</Badge>
                  <span className="text-slate-900">{rangeIn(timezone, new Date(x.startsAt), new Date(x.endsAt))}</span>
                  {x.note ? <span className="text-slate-600">· {x.note}</span> : null}
                </div>
                <Button
                  variant="ghost"
                  size="sm"
                  aria-label={`Remove ${x.kind === "time_off" ? "time off" : "extra hours"} ${rangeIn(timezone, new Date(x.startsAt), new Date(x.endsAt))}`}
                  loading={remove.isPending && remove.variables.exceptionId === x.id}
                  disabled={remove.isPending}
                  onClick={() => remove.mutate({ providerUserId: userId, exceptionId: x.id })}
                >
                  <Trash2 aria-hidden="true" />
                  Remove
                </Button>
              </li>
            ))}
          </ul>
        ) : (
          <p className="flex items-center gap-2 text-sm text-slate-600">
            <CalendarOff aria-hidden="true" className="size-4" /> No upcoming exceptions.
          </p>
        )}
        {remove.isError ? (
          <Alert variant="error" role="alert" title="Exception not removed">
            {errorMessage(remove.error)}
          </Alert>
        ) : null}

        <form onSubmit={submit} className="grid max-w-2xl gap-4 sm:grid-cols-2" noValidate aria-label="Add an exception">
          <Field label="Kind" className="sm:col-span-2">
            <Select value={kind} onChange={(e) => setKind(e.target.value as "time_off" | "extra_hours")}>
              <option value="time_off">Time off</option>
              <option value="extra_hours">Extra hours</option>
            </Select>
          </Field>
          <Field label="Start date" required error={errors.startDate}>
            <Input type="date" value={form.startDate} onChange={set("startDate")} />
          </Field>
          <Field label="Start time" required error={errors.startTime}>
            <Input type="time" value={form.startTime} onChange={set("startTime")} />
          </Field>
          <Field label="End date" required error={errors.endDate}>
            <Input type="date" value={form.endDate} onChange={set("endDate")} />
          </Field>
          <Field label="End time" required error={errors.endTime}>
            <Input type="time" value={form.endTime} onChange={set("endTime")} />
          </Field>
          <Field label="Note" hint="Optional, up to 200 characters." className="sm:col-span-2" error={errors.note}>
            <Input value={form.note} maxLength={200} onChange={set("note")} />
          </Field>
          <div className="flex flex-col gap-3 sm:col-span-2">
            {add.isError && !Object.keys(fieldErrorsOf(add.error)).length ? (
              <Alert variant="error" role="alert" title="Exception not saved">
                {errorMessage(add.error)}
              </Alert>
            ) : null}
            {add.isSuccess ? <Alert variant="success" role="status" title="Exception added" /> : null}
            <div>
              <Button type="submit" loading={add.isPending}>
                Add exception
              </Button>
            </div>
          </div>
        </form>
      </CardContent>
    </Card>
  );
}
