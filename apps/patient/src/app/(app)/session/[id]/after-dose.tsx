"use client";

import type { PatientOutputs } from "@clearwell/api/patient";
import { Button } from "@clearwell/ui/button";
import { Card, CardContent } from "@clearwell/ui/card";
import { FormField } from "@clearwell/ui/form";
import { Textarea } from "@clearwell/ui/input";
import { useMutation } from "@tanstack/react-query";
import { CheckCircle2, Clock, Phone } from "lucide-react";
import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { useWatch } from "react-hook-form";

import { CrisisPanel } from "~/components/crisis-panel";
import { FormRadioGroup, FormYesNo, useSendForm } from "~/components/form-controls";
import { useNow } from "~/lib/use-now";
import { useTRPC } from "~/trpc/react";

import { clockText } from "../../regimen/words";
import { CHECK_ANSWERS, NotSentAlert, SideEffectsField } from "./after-session-fields";

type Session = PatientOutputs["dose"]["session"];
export type PostcheckResult = PatientOutputs["dose"]["postcheck"];

const POSTCHECK_FEELINGS = [
  { value: "well", label: "Well, back to normal" },
  { value: "tired", label: "Tired or a bit foggy" },
  { value: "unwell", label: "Unwell" },
  { value: "in_crisis", label: "In crisis, or thinking about hurting myself" },
] as const;

/**
 * After the dose is logged: "your care team can see this", when the after-session check is due,
 * and the check itself once it is due (or earlier, if something has changed).
 */
export function AfterDose({ session, message, emergency, onPostcheck }: { session: Session; message: string | null; emergency: boolean; onPostcheck: (r: PostcheckResult) => void }) {
  const now = useNow(30_000);
  const dueAt = session.postcheck.dueAt;
  const due = !dueAt || dueAt.getTime() <= now;
  const [early, setEarly] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);

  return (
    <div className="flex flex-col gap-6" data-testid="dose-logged">
      {emergency ? (
        <div role="alert" className="flex flex-col gap-3 rounded-card border-2 border-red-700 bg-red-50 p-5">
          <p className="text-xl font-bold text-red-900">Call 911 now if you have not already.</p>
          <a
            href="tel:911"
            className="inline-flex min-h-12 items-center justify-center gap-2 self-stretch rounded-lg bg-red-700 px-5 text-lg font-semibold text-white focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-red-900 sm:self-start"
          >
            <Phone aria-hidden="true" className="size-5" />
            Call 911
          </a>
        </div>
      ) : null}
      <div className={emergency ? "flex flex-col gap-3 rounded-card border border-line bg-white p-5" : "flex flex-col gap-3 rounded-card border border-emerald-200 bg-emerald-50 p-5"}>
        <h2 ref={headingRef} tabIndex={-1} className={`flex items-center gap-2 text-xl font-semibold outline-none ${emergency ? "text-slate-900" : "text-emerald-900"}`}>
          <CheckCircle2 aria-hidden="true" className="size-6 shrink-0" />
          Logged: your care team can see this
        </h2>
        {message ? <p className="text-base text-slate-900">{message}</p> : null}
        {dueAt ? (
          <p className="flex items-center gap-2 text-base font-medium text-slate-900">
            <Clock aria-hidden="true" className="size-5 shrink-0 text-brand-700" />
            After-session check {due ? "is due now" : `at ${clockText(dueAt)}`}
          </p>
        ) : null}
      </div>
      {due || early ? (
        <PostcheckForm session={session} onDone={onPostcheck} />
      ) : (
        <Card>
          <CardContent className="flex flex-col gap-3 py-5">
            <p className="text-base text-slate-800">
              Rest now. Come back at {clockText(dueAt!)} for a short check on how you feel; we will show it on your home page too.
            </p>
            <Button variant="secondary" size="lg" onClick={() => setEarly(true)} className="h-auto min-h-12 self-stretch py-2.5 whitespace-normal sm:self-start">
              Something has changed: tell us now
            </Button>
            <p className="text-sm text-slate-700">For chest pain, trouble breathing, fainting, a seizure or severe confusion, call 911 first.</p>
          </CardContent>
        </Card>
      )}
    </div>
  );
}

function PostcheckForm({ session, onDone }: { session: Session; onDone: (r: PostcheckResult) => void }) {
  const trpc = useTRPC();
  const send = useMutation(trpc.dose.postcheck.mutationOptions());
  const { form, onSubmit } = useSendForm({
    schema: () => import("./session-schemas").then((m) => m.ZPostcheckForm),
    defaultValues: { sideEffects: [], notes: "" },
    send: (v, idempotencyKey) => send.mutateAsync({ sessionId: session.id, ...v, notes: v.notes?.trim() ? v.notes : undefined, idempotencyKey }),
    onSent: onDone,
    fallback: "We couldn't send your check. Please try again.",
    checkMessage: CHECK_ANSWERS,
  });
  const feeling = useWatch({ control: form.control, name: "feeling" });

  return (
    <form noValidate onSubmit={onSubmit} className="flex flex-col gap-6" data-testid="postcheck-form">
      <h2 className="text-xl font-semibold text-slate-900">After-session check</h2>
      <NotSentAlert form={form} />
      <Card>
        <CardContent className="flex flex-col gap-5 py-5">
          <FormRadioGroup form={form} name="feeling" inputName="post-feeling" legend="How do you feel now?" options={POSTCHECK_FEELINGS} />
          {feeling === "in_crisis" ? <CrisisPanel afterword="Please finish and send this check too: your care team is told as soon as it arrives." /> : null}
          <FormYesNo
            form={form}
            name="dissociationResolved"
            inputName="dissociation-resolved"
            legend="Has the detached or unreal feeling passed?"
            hint="Answer yes if you did not have it."
          />
        </CardContent>
      </Card>
      <Card>
        <CardContent className="py-5">
          <SideEffectsField form={form} legend="Any side effects now?" pickerName="post" />
        </CardContent>
      </Card>
      <Card>
        <CardContent className="py-5">
          <FormField form={form} name="notes" label="Anything else your care team should know? (optional)">
            <Textarea maxLength={1000} rows={3} />
          </FormField>
        </CardContent>
      </Card>
      <Button type="submit" size="lg" loading={send.isPending} className="self-stretch sm:self-end">
        Send my check
      </Button>
    </form>
  );
}

/** The after-session check has been sent: done for this session. */
export function SessionDone({ message, crisis }: { message: string | null; crisis: boolean }) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);
  return (
    <div className="flex flex-col gap-5" data-testid="session-done">
      {crisis ? <CrisisPanel afterword="Your care team has been told and will contact you." /> : null}
      <h2 ref={headingRef} tabIndex={-1} className="flex items-center gap-2 text-xl font-semibold text-slate-900 outline-none">
        <CheckCircle2 aria-hidden="true" className="size-6 shrink-0 text-emerald-700" />
        This session is complete
      </h2>
      <p className="text-base text-slate-800">{message ?? "Thank you. Your care team can see your dose log and after-session check."}</p>
      <Button asChild size="lg" variant="secondary" className="self-stretch sm:self-start">
        <Link href="/regimen">Back to My treatment</Link>
      </Button>
    </div>
  );
}
