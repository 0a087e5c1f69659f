"use client";

import type { PatientOutputs } from "@clearwell/api/patient";
import { Button } from "@clearwell/ui/button";
import { Card, CardContent } from "@clearwell/ui/card";
import { FormField } from "@clearwell/ui/form";
import { Input } from "@clearwell/ui/input";
import { useMutation } from "@tanstack/react-query";
import { useEffect, useRef } from "react";

import { useSendForm } from "~/components/form-controls";
import { useTRPC } from "~/trpc/react";

import { unitsText } from "../../regimen/words";
import { CHECK_ANSWERS, NotSentAlert, SideEffectsField } from "./after-session-fields";

type Session = PatientOutputs["dose"]["session"];
export type DoseLogResult = PatientOutputs["dose"]["log"];

/** A Date as the value of a datetime-local input, in the browser's zone. */
function localInputValue(d: Date) {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/**
 * The dose log (DOMAIN.md §2 precheck_passed -> taken; §7 A4-A6): when, how much, side effects
 * with their severity, how long the detached feeling lasted, and the support person's name as
 * their sign-off. An emergency symptom comes back as "call 911" at once.
 */
export function DoseLogForm({ session, onLogged, onCancel }: { session: Session; onLogged: (r: DoseLogResult) => void; onCancel?: () => void }) {
  const trpc = useTRPC();
  const log = useMutation(trpc.dose.log.mutationOptions());
  const r = session.regimen;
  const { form, onSubmit } = useSendForm({
    schema: () => import("./session-schemas").then((m) => m.ZDoseLogForm),
    defaultValues: { takenAt: localInputValue(new Date()), unitsTaken: String(r.unitsPerSession), dissociationMinutes: "", sideEffects: [], supportSignoffName: "" },
    send: (v, idempotencyKey) =>
      log.mutateAsync({
        sessionId: session.id,
        takenAt: v.takenAt as Date,
        unitsTaken: v.unitsTaken as number,
        dissociationMinutes: v.dissociationMinutes as number,
        sideEffects: v.sideEffects,
        supportSignoffName: v.supportSignoffName,
        idempotencyKey,
      }),
    onSent: onLogged,
    fallback: "We couldn't log your dose. Please try again.",
    checkMessage: CHECK_ANSWERS,
  });
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);

  return (
    <form noValidate onSubmit={onSubmit} className="flex flex-col gap-6" data-testid="dose-log-form">
      <div className="flex flex-col gap-1">
        <h2 ref={headingRef} tabIndex={-1} className="text-xl font-semibold text-slate-900 outline-none">
          Log your dose
        </h2>
        <p className="text-base text-slate-700">Fill this in with your support person. If something serious is happening, call 911 first.</p>
      </div>
      <NotSentAlert form={form} />
      <Card>
        <CardContent className="flex flex-col gap-5 py-5">
          <FormField form={form} name="takenAt" label="When did you take it?" required>
            <Input type="datetime-local" max={localInputValue(new Date())} required className="h-12 max-w-72 sm:h-11" />
          </FormField>
          <FormField
            form={form}
            name="unitsTaken"
            label={`How many ${r.unitLabel === "mL" ? "mL" : `${r.unitLabel}s`} did you take?`}
            hint={`Your dose is ${unitsText(r.unitsPerSession, r.unitLabel)}.`}
            required
          >
            <Input inputMode="decimal" autoComplete="off" required className="h-12 max-w-40 sm:h-11" />
          </FormField>
          <FormField form={form} name="dissociationMinutes" label="About how many minutes did you feel detached or unreal?" hint="Enter 0 if you did not." required controlled>
            {(p) => (
              <Input
                {...p}
                value={(p.value as string | undefined) ?? ""}
                onChange={(e) => p.onChange(e.target.value.replace(/[^\d]/g, "").slice(0, 4))}
                inputMode="numeric"
                autoComplete="off"
                required
                className="h-12 max-w-40 sm:h-11"
              />
            )}
          </FormField>
        </CardContent>
      </Card>
      <Card>
        <CardContent className="py-5">
          <SideEffectsField form={form} legend="Did you have any side effects?" pickerName="log" />
        </CardContent>
      </Card>
      <Card>
        <CardContent className="flex flex-col gap-3 py-5">
          <FormField
            form={form}
            name="supportSignoffName"
            label="Support person's sign-off"
            hint={`${session.supportPerson ? session.supportPerson.name : "Your support person"} types their own name to confirm they were with you.`}
            required
          >
            <Input autoComplete="off" required className="h-12 sm:h-11" />
          </FormField>
        </CardContent>
      </Card>
      <div className="flex flex-col-reverse gap-3 sm:flex-row sm:justify-between">
        {onCancel ? (
          <Button variant="secondary" size="lg" onClick={onCancel}>
            Back
          </Button>
        ) : (
          <span />
        )}
        <Button type="submit" size="lg" loading={log.isPending}>
          Log my dose
        </Button>
      </div>
    </form>
  );
}
