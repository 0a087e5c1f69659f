"use client";

import type { PatientOutputs } from "@clearwell/api/patient";
import { Alert } from "@clearwell/ui/alert";
import { Button } from "@clearwell/ui/button";
import { Skeleton } from "@clearwell/ui/skeleton";
import { INSTRUMENT_ITEM_COUNT, type TInstrument, type TVisitQuestionnaireInput } from "@clearwell/validators/questionnaire";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { CheckCircle2, ClipboardList } from "lucide-react";
import { useEffect, useRef, useState } from "react";

import { CrisisPanel } from "~/components/crisis-panel";
import { FormAlert, FormQuestionnaire, useSendForm } from "~/components/form-controls";
import { GAD7_ITEMS, PHQ9_ITEMS } from "~/lib/questionnaires";
import { useTRPC } from "~/trpc/react";

type Sent = PatientOutputs["questionnaire"]["listForVisit"]["responses"][number];

const INSTRUMENTS: { id: TInstrument; title: string; about: string; items: readonly string[] }[] = [
  { id: "phq9", title: "PHQ-9", about: "About your mood", items: PHQ9_ITEMS },
  { id: "gad7", title: "GAD-7", about: "About worry and anxiety", items: GAD7_ITEMS },
];

const CRISIS_AFTERWORD = "You can stay in the waiting room: your visit goes ahead, and your clinician will see your answers.";

/**
 * Optional PHQ-9 and GAD-7 while the patient waits (issue 11 §1; DOMAIN.md §6). Never in the way of
 * the visit: being let in replaces the waiting room whether or not anything was answered. Item 9
 * above "Not at all" shows the crisis resources at once, as intake does.
 */
export function VisitQuestionnaires({ appointmentId }: { appointmentId: string }) {
  const trpc = useTRPC();
  const list = useQuery(trpc.questionnaire.listForVisit.queryOptions({ appointmentId }));
  const [open, setOpen] = useState<TInstrument | null>(null);
  const [announce, setAnnounce] = useState("");

  // Outside the visit's window the server would refuse the answers: show nothing rather than a dead form.
  if (list.isSuccess && !list.data.open && list.data.responses.length === 0) return null;

  const sent = new Map<TInstrument, Sent>((list.data?.responses ?? []).map((r) => [r.instrument, r]));
  const crisis = [...sent.values()].some((r) => r.crisis);
  const allSent = INSTRUMENTS.every((i) => sent.has(i.id));
  const current = INSTRUMENTS.find((i) => i.id === open);

  return (
    <section aria-labelledby="visit-questionnaires" className="flex flex-col gap-4 rounded-card border border-line bg-white p-4" data-testid="visit-questionnaires">
      <div className="flex flex-col gap-1">
        <h2 id="visit-questionnaires" className="flex items-center gap-2 text-base font-semibold text-slate-900">
          <ClipboardList aria-hidden="true" className="size-5 shrink-0 text-brand-700" />
          While you wait: two short questionnaires
        </h2>
        <p className="text-sm text-slate-700">
          Optional. They help your clinician see how you have been over the last 2 weeks. Your provider can let you in at any time, even halfway through.
        </p>
      </div>

      <p role="status" aria-live="polite" className="sr-only">
        {announce}
      </p>

      {crisis ? <CrisisPanel afterword={CRISIS_AFTERWORD} /> : null}

      {list.isPending ? (
        <div aria-busy="true" className="flex flex-col gap-2">
          <span className="sr-only">Loading the questionnaires</span>
          <Skeleton className="h-12 w-full" />
          <Skeleton className="h-12 w-full" />
        </div>
      ) : list.isError ? (
        <Alert
          variant="warning"
          title="The questionnaires didn't load"
          action={
            <Button variant="secondary" className="h-11" loading={list.isFetching} onClick={() => void list.refetch()}>
              Retry
            </Button>
          }
        >
          This doesn&apos;t affect your visit. Your provider will still let you in.
        </Alert>
      ) : current && !sent.has(current.id) ? (
        <QuestionnaireForm
          key={current.id}
          appointmentId={appointmentId}
          instrument={current}
          onCancel={() => setOpen(null)}
          onSent={(r) => {
            setOpen(null);
            setAnnounce(`${current.title} sent to your clinician.${r.crisis ? " Help is available right now: see the crisis resources." : ""}`);
          }}
        />
      ) : allSent ? (
        <p className="flex items-center gap-2 text-base font-medium text-emerald-800" data-testid="questionnaires-sent">
          <CheckCircle2 aria-hidden="true" className="size-5 shrink-0" />
          Sent to your clinician. Thank you.
        </p>
      ) : (
        <ul className="flex flex-col gap-2">
          {INSTRUMENTS.map((i) => (
            <li key={i.id} className="flex flex-wrap items-center justify-between gap-3 rounded-lg border border-slate-200 px-3 py-2.5">
              <span className="flex flex-col">
                <span className="text-base font-medium text-slate-900">{i.about}</span>
                <span className="text-sm text-slate-600">
                  {i.title}, {i.items.length} questions
                </span>
              </span>
              {sent.has(i.id) ? (
                <span className="flex items-center gap-1.5 text-sm font-medium text-emerald-800">
                  <CheckCircle2 aria-hidden="true" className="size-4" />
                  Sent to your clinician
                </span>
              ) : list.data.open ? (
                <Button variant="secondary" className="h-11" onClick={() => setOpen(i.id)} aria-label={`Answer the ${i.title}: ${i.about.toLowerCase()}`}>
                  Answer
                </Button>
              ) : (
                <span className="text-sm text-slate-600">Closed for this visit</span>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function QuestionnaireForm({
  appointmentId,
  instrument,
  onCancel,
  onSent,
}: {
  appointmentId: string;
  instrument: (typeof INSTRUMENTS)[number];
  onCancel: () => void;
  onSent: (r: Sent) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const submit = useMutation(trpc.questionnaire.submit.mutationOptions());
  const listKey = trpc.questionnaire.listForVisit.queryKey({ appointmentId });
  // One attempt key per filled-in form (useSendForm): a retry after a dropped connection records the answers once.
  const { form, onSubmit } = useSendForm({
    schema: () => import("@clearwell/validators/questionnaire").then((m) => m.ZVisitAnswersForm[instrument.id]),
    defaultValues: { items: Array.from({ length: INSTRUMENT_ITEM_COUNT[instrument.id] }, () => undefined), functional: undefined },
    send: async (values, idempotencyKey) => {
      try {
        return await submit.mutateAsync({ appointmentId, instrument: instrument.id, ...values, idempotencyKey } as TVisitQuestionnaireInput);
      } catch (error) {
        // Already answered, or the visit closed meanwhile: the list shows where things stand.
        void queryClient.invalidateQueries({ queryKey: listKey });
        throw error;
      }
    },
    onSent: (sent) => {
      void queryClient.invalidateQueries({ queryKey: listKey }).then(() => onSent(sent));
    },
    fallback: "We couldn't send your answers. Please try again.",
    checkMessage: "Please answer every question before sending.",
  });
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);

  return (
    <form noValidate onSubmit={onSubmit} className="flex flex-col gap-5 border-t border-slate-100 pt-4">
      <h3 ref={headingRef} tabIndex={-1} className="text-lg font-semibold text-slate-900 outline-none">
        {instrument.about} ({instrument.title})
      </h3>
      <FormAlert form={form} />
      <FormQuestionnaire form={form} items={instrument.items} itemsName="items" functionalName="functional" idPrefix={`${instrument.id}-`} />
      <div className="flex flex-col-reverse gap-2 border-t border-slate-100 pt-4 sm:flex-row sm:justify-between">
        <Button type="button" variant="secondary" size="lg" onClick={onCancel}>
          Not now
        </Button>
        <Button type="submit" size="lg" loading={form.formState.isSubmitting} disabled={form.formState.isSubmitting}>
          Send to my clinician
        </Button>
      </div>
    </form>
  );
}
