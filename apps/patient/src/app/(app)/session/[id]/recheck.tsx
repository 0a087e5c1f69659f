"use client";

import { Button } from "@clearwell/ui/button";
import { Card, CardContent } from "@clearwell/ui/card";
import { useZodForm } from "@clearwell/ui/form";
import { useMutation } from "@tanstack/react-query";
import { Timer } from "lucide-react";
import { useEffect, useRef, useState } from "react";

import { FormAlert, sendAttempt } from "~/components/form-controls";
import { useAttemptKey } from "~/lib/form-values";
import { useNow } from "~/lib/use-now";
import { useTRPC } from "~/trpc/react";

import { clockText } from "../../regimen/words";
import { BpFields, BpHowTo, EMPTY_BP } from "./bp-fields";
import type { PrecheckResult } from "./gate-wizard";

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
  const form = useZodForm({ schema: () => import("./session-schemas").then((m) => m.ZRecheckForm), defaultValues: { bp: EMPTY_BP } });
  const key = useAttemptKey();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const minutesLeft = Math.ceil(Math.max(0, left) / 60_000);
  const [spoken, setSpoken] = useState("");

  useEffect(() => headingRef.current?.focus(), []);
  // Screen readers hear the minutes go down and the moment it is time, not every second.
  useEffect(() => {
    setSpoken(ready ? "You can measure your blood pressure again now." : `${minutesLeft} minute${minutesLeft === 1 ? "" : "s"} of rest left.`);
  }, [ready, minutesLeft]);

  const onSubmit = form.handleSubmit(async ({ bp }) => {
    if (!ready) return;
    const res = await sendAttempt(form, key, (idempotencyKey) => precheck.mutateAsync({ sessionId, bp: bp as { systolic: number; diastolic: number }, idempotencyKey }), {
      fallback: "We couldn't check your reading. Please try again.",
    });
    if (res) onResult(res);
  });

  return (
    <form noValidate onSubmit={(e) => (precheck.isPending ? e.preventDefault() : void onSubmit(e))} className="flex flex-col gap-6" data-testid="bp-recheck">
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
      <FormAlert form={form} title="Not sent yet" />
      <Card>
        <CardContent className="flex flex-col gap-4 py-5">
          <BpHowTo afterRest />
          <BpFields form={form} idPrefix="bp2" disabled={!ready} />
        </CardContent>
      </Card>
      <Button type="submit" size="lg" loading={precheck.isPending} disabled={!ready} className="h-auto min-h-12 self-stretch py-2.5 whitespace-normal sm:self-end">
        Send my second reading
      </Button>
    </form>
  );
}
