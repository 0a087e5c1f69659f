"use client";

import type { PatientOutputs } from "@clearwell/api/patient";
import { Alert } from "@clearwell/ui/alert";
import { Button } from "@clearwell/ui/button";
import { Card, CardContent } from "@clearwell/ui/card";
import { TextField } from "@clearwell/ui/field";
import { ZDoseLogInput } from "@clearwell/validators/regimen";
import { useMutation } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";

import { type FieldErrors, focusFirstInvalid, issuesByPath } from "~/lib/form-errors";
import { trpcCode } from "~/trpc/query-client";
import { useTRPC } from "~/trpc/react";

import { unitsText } from "../../regimen/words";
import { type PickedSideEffect, SideEffectsPicker, missingSeverities } from "./side-effects-picker";
import { refusalByField, refusalMessage } from "../../refusal";

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
  const [takenAt, setTakenAt] = useState(() => localInputValue(new Date()));
  const [units, setUnits] = useState(String(r.unitsPerSession));
  const [effects, setEffects] = useState<PickedSideEffect[]>([]);
  const [minutes, setMinutes] = useState("");
  const [signoff, setSignoff] = useState("");
  const [errors, setErrors] = useState<FieldErrors>({});
  const [effectErrors, setEffectErrors] = useState<Record<string, string[]>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const keyRef = useRef(crypto.randomUUID());
  const formRef = useRef<HTMLFormElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (log.isPending) return;
    setFormError(null);
    const missing = missingSeverities(effects);
    const when = takenAt ? new Date(takenAt) : undefined;
    const parsed = ZDoseLogInput.safeParse({
      sessionId: session.id,
      takenAt: when && !Number.isNaN(when.getTime()) ? when : undefined,
      unitsTaken: units.trim() === "" ? undefined : Number(units),
      dissociationMinutes: minutes.trim() === "" ? undefined : Number(minutes),
      sideEffects: effects.filter((x) => x.severity).map((x) => ({ code: x.code, severity: x.severity! })),
      supportSignoffName: signoff,
      idempotencyKey: keyRef.current,
    });
    setEffectErrors(missing);
    if (!parsed.success || Object.keys(missing).length) {
      setErrors(parsed.success ? {} : issuesByPath(parsed.error));
      setFormError("Please check the highlighted answers.");
      focusFirstInvalid(formRef.current);
      return;
    }
    setErrors({});
    try {
      const res = await log.mutateAsync(parsed.data);
      keyRef.current = crypto.randomUUID();
      onLogged(res);
    } catch (err) {
      if (trpcCode(err)) keyRef.current = crypto.randomUUID();
      const fromServer = refusalByField(err);
      if (Object.keys(fromServer).length) {
        setErrors(fromServer);
        setFormError(Object.values(fromServer).flat().join(" "));
        focusFirstInvalid(formRef.current);
      } else setFormError(refusalMessage(err, "We couldn't log your dose. Please try again."));
    }
  }

  return (
    <form ref={formRef} noValidate onSubmit={(e) => void onSubmit(e)} className="flex flex-col gap-6" data-testid="dose-log-form">
      <div className="flex flex-col gap-1">
        <h2 ref={headingRef} tabIndex={-1} className="text-xl font-semibold text-slate-900 outline-none">
          Log your dose
        </h2>
        <p className="text-base text-slate-700">Fill this in with your support person. If something serious is happening, call 911 first.</p>
      </div>
      {formError ? (
        <Alert variant="error" title="Not sent yet">
          {formError}
        </Alert>
      ) : null}
      <Card>
        <CardContent className="flex flex-col gap-5 py-5">
          <TextField
            label="When did you take it?"
            name="takenAt"
            type="datetime-local"
            value={takenAt}
            max={localInputValue(new Date())}
            onChange={(e) => setTakenAt(e.target.value)}
            error={errors.takenAt}
            required
            className="h-12 max-w-72 sm:h-11"
          />
          <TextField
            label={`How many ${r.unitLabel === "mL" ? "mL" : `${r.unitLabel}s`} did you take?`}
            hint={`Your dose is ${unitsText(r.unitsPerSession, r.unitLabel)}.`}
            name="unitsTaken"
            inputMode="decimal"
            autoComplete="off"
            value={units}
            onChange={(e) => setUnits(e.target.value)}
            error={errors.unitsTaken}
            required
            className="h-12 max-w-40 sm:h-11"
          />
          <TextField
            label="About how many minutes did you feel detached or unreal?"
            hint="Enter 0 if you did not."
            name="dissociationMinutes"
            inputMode="numeric"
            autoComplete="off"
            value={minutes}
            onChange={(e) => setMinutes(e.target.value.replace(/[^\d]/g, "").slice(0, 4))}
            error={errors.dissociationMinutes}
            required
            className="h-12 max-w-40 sm:h-11"
          />
        </CardContent>
      </Card>
      <Card>
        <CardContent className="py-5">
          <SideEffectsPicker legend="Did you have any side effects?" name="log" value={effects} onChange={setEffects} errors={effectErrors} />
          {errors.sideEffects ? <p className="mt-2 text-sm font-medium text-red-700">{errors.sideEffects.join(" ")}</p> : null}
        </CardContent>
      </Card>
      <Card>
        <CardContent className="flex flex-col gap-3 py-5">
          <TextField
            label="Support person's sign-off"
            hint={`${session.supportPerson ? session.supportPerson.name : "Your support person"} types their own name to confirm they were with you.`}
            name="supportSignoffName"
            autoComplete="off"
            value={signoff}
            onChange={(e) => setSignoff(e.target.value)}
            error={errors.supportSignoffName}
            required
            className="h-12 sm:h-11"
          />
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
