"use client";

import { Alert } from "@clearwell/ui/alert";
import { Button } from "@clearwell/ui/button";
import { Card, CardContent } from "@clearwell/ui/card";
import { ZBloodPressure } from "@clearwell/validators/regimen";
import { useMutation } from "@tanstack/react-query";
import { Timer } from "lucide-react";
import { useEffect, useRef, useState } from "react";

import { type FieldErrors, focusFirstInvalid, issuesByPath } from "~/lib/form-errors";
import { useNow } from "~/lib/use-now";
import { trpcCode } from "~/trpc/query-client";
import { useTRPC } from "~/trpc/react";

import { clockText } from "../../regimen/words";
import { BpFields, BpHowTo, type DraftBp, EMPTY_BP, bpInput } from "./bp-fields";
import type { PrecheckResult } from "./gate-wizard";
import { refusalByField, refusalMessage } from "../../refusal";

const mmss = (ms: number) => {
  const s = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
};

/**
 * DOMAIN.md §7 A3: a first reading above the clinic's limit is measured again after rest. A
 * countdown to the second reading (announced by the minute, not the second), then the reading.
 */
export function Recheck({ sessionId, restUntil, message, onResult }: { sessionId: string; restUntil: Date; message: string; onResult: (r: PrecheckResult) => void }) {
  const trpc = useTRPC();
  const precheck = useMutation(trpc.dose.precheck.mutationOptions());
  const now = useNow(1000);
  const left = restUntil.getTime() - now;
  const ready = left <= 0;
  const [bp, setBp] = useState<DraftBp>(EMPTY_BP);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const keyRef = useRef(crypto.randomUUID());
  const formRef = useRef<HTMLFormElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const minutesLeft = Math.ceil(Math.max(0, left) / 60_000);
  const [spoken, setSpoken] = useState("");

  useEffect(() => headingRef.current?.focus(), []);
  // Screen readers hear the minutes go down and the moment it is time, not every second.
  useEffect(() => {
    setSpoken(ready ? "You can measure your blood pressure again now." : `${minutesLeft} minute${minutesLeft === 1 ? "" : "s"} of rest left.`);
  }, [ready, minutesLeft]);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (precheck.isPending || !ready) return;
    setFormError(null);
    const parsed = ZBloodPressure.safeParse(bpInput(bp));
    if (!parsed.success) {
      setErrors(issuesByPath(parsed.error));
      focusFirstInvalid(formRef.current);
      return;
    }
    setErrors({});
    try {
      const res = await precheck.mutateAsync({ sessionId, bp: parsed.data, idempotencyKey: keyRef.current });
      keyRef.current = crypto.randomUUID();
      onResult(res);
    } catch (err) {
      if (trpcCode(err)) keyRef.current = crypto.randomUUID();
      const fromServer = refusalByField(err);
      if (Object.keys(fromServer).length) setErrors(fromServer);
      else setFormError(refusalMessage(err, "We couldn't check your reading. Please try again."));
    }
  }

  return (
    <form ref={formRef} noValidate onSubmit={(e) => void onSubmit(e)} className="flex flex-col gap-6" data-testid="bp-recheck">
      <div className="flex flex-col gap-2">
        <h2 ref={headingRef} tabIndex={-1} className="text-xl font-semibold text-slate-900 outline-none">
          Rest, then measure again
        </h2>
        <p className="text-base text-slate-800">{message}</p>
      </div>
      <p role="status" className="sr-only">
        {spoken}
      </p>
      <Card className={ready ? "border-brand-300" : "border-sky-200 bg-sky-50/50"}>
        <CardContent className="flex flex-col items-center gap-2 py-6 text-center">
          <Timer aria-hidden="true" className="size-8 text-brand-700" />
          {ready ? (
            <p className="text-xl font-semibold text-slate-900">Time to measure again</p>
          ) : (
            <>
              <p aria-hidden="true" className="font-mono text-5xl font-bold text-slate-900 tabular-nums">
                {mmss(left)}
              </p>
              <p className="text-base text-slate-700">Sit quietly and breathe slowly. Measure again at {clockText(restUntil)}.</p>
            </>
          )}
        </CardContent>
      </Card>
      {formError ? (
        <Alert variant="error" title="Not sent yet">
          {formError}
        </Alert>
      ) : null}
      <Card>
        <CardContent className="flex flex-col gap-4 py-5">
          <BpHowTo afterRest />
          <BpFields value={bp} onChange={setBp} errors={errors} idPrefix="bp2" disabled={!ready} />
        </CardContent>
      </Card>
      <Button type="submit" size="lg" loading={precheck.isPending} disabled={!ready} className="h-auto min-h-12 self-stretch py-2.5 whitespace-normal sm:self-end">
        Send my second reading
      </Button>
    </form>
  );
}
