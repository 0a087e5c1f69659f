"use client";

import { useEffect, useRef, useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { AlertTriangle, ClipboardPen, RefreshCw } from "lucide-react";
import type { ProviderOutputs } from "@clearwell/api/provider";
import { Alert } from "@clearwell/ui/alert";
import { Badge } from "@clearwell/ui/badge";
import { Button } from "@clearwell/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@clearwell/ui/card";
import { Skeleton } from "@clearwell/ui/skeleton";
import { ZVisitQuestionnaireInput } from "@clearwell/validators/questionnaire";

import { RadioGroup } from "~/components/notes/radio-group";
import { formatTime } from "~/lib/appointments";
import { errorMessage } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";

type Scores = ProviderOutputs["questionnaire"]["listForVisit"];
type Score = Scores["scores"][number];
type Form = Scores["forms"][number];

const bandLabel = (form: Form | undefined, severity: string) => form?.bands.find((b) => b.name === severity)?.label ?? severity;
const bandOfTotal = (form: Form, total: number) => form.bands.find((b) => total >= b.min && total <= b.max)?.label ?? "";
// Darker bands draw the eye; DOMAIN.md §6: GAD-7 >= 10 warrants further evaluation, PHQ-9 >= 10 is moderate or worse.
const bandVariant = (total: number) => (total >= 15 ? "danger" : total >= 10 ? "warning" : "neutral");
/** After an admission the scores wait this long, clear of the first frames of the patient's video. */
const ADMISSION_REFETCH_DELAY_MS = 4_000;

/**
 * PHQ-9 / GAD-7 recorded at this visit (issue 11 §1): answered by the patient in the waiting room or
 * entered here on their behalf, with the published wording (DOMAIN.md §6), total and severity band.
 */
export function VisitScores({ appointmentId, patientId, visitStatus }: { appointmentId: string; patientId: string; visitStatus: string | null }) {
  const trpc = useTRPC();
  const list = useQuery({
    ...trpc.questionnaire.listForVisit.queryOptions({ appointmentId }),
    // The patient may answer while waiting: look again now and then until both are in.
    refetchInterval: (q) => (q.state.data?.open && q.state.data.scores.length < 2 ? 60_000 : false),
  });
  const [entering, setEntering] = useState<Form["id"] | null>(null);
  const { refetch } = list;
  // Admission, sending back and the end of the call are when a waiting patient's answers matter.
  // On admission a little later: the first seconds belong to the patient's video (issue 16).
  useEffect(() => {
    if (!visitStatus) return;
    const t = setTimeout(() => void refetch(), visitStatus === "in_call" ? ADMISSION_REFETCH_DELAY_MS : 0);
    return () => clearTimeout(t);
  }, [visitStatus, refetch]);

  return (
    <Card data-testid="visit-scores">
      <CardHeader>
        <CardTitle className="flex items-center justify-between gap-2">
          <span>Scores at this visit</span>
          {list.isSuccess ? (
            <Button variant="ghost" size="sm" onClick={() => void list.refetch()} loading={list.isFetching} aria-label="Refresh the scores at this visit">
              <RefreshCw aria-hidden="true" />
            </Button>
          ) : null}
        </CardTitle>
      </CardHeader>
      <CardContent className="flex flex-col gap-4 text-sm">
        {list.isPending ? (
          <div aria-busy="true" className="flex flex-col gap-2">
            <span className="sr-only" role="status">
              Loading scores…
            </span>
            <Skeleton className="h-10" />
            <Skeleton className="h-10" />
          </div>
        ) : list.isError ? (
          <Alert variant="error" title="Scores unavailable">
            {errorMessage(list.error)}
          </Alert>
        ) : (
          <ScoreList data={list.data} entering={entering} onEnter={setEntering} patientId={patientId} appointmentId={appointmentId} />
        )}
      </CardContent>
    </Card>
  );
}

function ScoreList({
  data,
  entering,
  onEnter,
  patientId,
  appointmentId,
}: {
  data: Scores;
  entering: Form["id"] | null;
  onEnter: (id: Form["id"] | null) => void;
  patientId: string;
  appointmentId: string;
}) {
  const byInstrument = new Map(data.scores.map((s) => [s.instrument, s]));
  const missing = data.forms.filter((f) => !byInstrument.has(f.id));
  const form = data.forms.find((f) => f.id === entering);
  return (
    <>
      {data.scores.length === 0 ? (
        <p className="text-slate-600">
          No PHQ-9 or GAD-7 at this visit yet. {data.open ? "The patient can answer them while waiting, or you can enter their answers." : null}
        </p>
      ) : (
        <ul className="flex flex-col gap-3">
          {data.scores.map((s) => (
            <li key={s.id}>
              <ScoreRow score={s} form={data.forms.find((f) => f.id === s.instrument)} />
            </li>
          ))}
        </ul>
      )}
      {form && !byInstrument.has(form.id) ? (
        <EnterAnswers key={form.id} form={form} appointmentId={appointmentId} patientId={patientId} onDone={() => onEnter(null)} />
      ) : data.open && missing.length ? (
        <div className="flex flex-wrap gap-2">
          {missing.map((f) => (
            <Button key={f.id} variant="secondary" size="sm" onClick={() => onEnter(f.id)}>
              <ClipboardPen aria-hidden="true" />
              Enter answers: {f.title}
            </Button>
          ))}
        </div>
      ) : !data.open && missing.length ? (
        <p className="text-slate-600">Answers can be entered while the visit is open.</p>
      ) : null}
    </>
  );
}

function ScoreRow({ score, form }: { score: Score; form: Form | undefined }) {
  const who = score.enteredBy.kind === "patient" ? "Answered by the patient while waiting" : `Entered by ${score.enteredBy.name || "a clinician"}`;
  return (
    <div className="flex flex-col gap-1.5 rounded-lg border border-slate-200 px-3 py-2.5">
      <p className="flex flex-wrap items-center gap-2">
        <span className="font-medium text-slate-900">{form?.title ?? score.instrument}</span>
        <span className="text-slate-900">
          {score.total}
          <span className="text-slate-500"> of {form?.maxScore ?? "—"}</span>
        </span>
        <Badge variant={bandVariant(score.total)}>{bandLabel(form, score.severity)}</Badge>
        {score.item9Positive ? (
          <Badge variant="danger">
            <AlertTriangle aria-hidden="true" className="mr-1 inline size-3.5" />
            Item 9: {score.answers[8]} · A1 raised
          </Badge>
        ) : null}
      </p>
      <p className="text-slate-600">
        {who}, {formatTime(score.completedAt)}
      </p>
      {form ? (
        <details className="text-slate-700">
          <summary className="cursor-pointer text-slate-600">Answers item by item</summary>
          <ol className="mt-2 flex flex-col gap-1.5">
            {form.items.map((item, i) => (
              <li key={item} className="grid grid-cols-[1.5rem_1fr] gap-x-1">
                <span className="text-slate-500">{i + 1}.</span>
                <span>
                  {item}: <span className="font-medium text-slate-900">{form.options.find((o) => o.value === score.answers[i])?.label ?? "—"}</span>
                </span>
              </li>
            ))}
          </ol>
          {score.functionalDifficulty !== null ? (
            <p className="mt-2">
              Functional difficulty: <span className="font-medium text-slate-900">{form.functionalOptions.find((o) => o.value === score.functionalDifficulty)?.label}</span>
            </p>
          ) : null}
        </details>
      ) : null}
    </div>
  );
}

/** The clinician types in the patient's answers (each item 0-3), with the running total and band. */
function EnterAnswers({ form, appointmentId, patientId, onDone }: { form: Form; appointmentId: string; patientId: string; onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const enter = useMutation(trpc.questionnaire.enter.mutationOptions());
  const [items, setItems] = useState<(string | undefined)[]>(() => form.items.map(() => undefined));
  const [functional, setFunctional] = useState<string | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  // Set by a save with items left empty; the message follows the answers from then on.
  const [triedIncomplete, setTriedIncomplete] = useState(false);
  // One key per form: a retry after a dropped connection records the answers once.
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const headingRef = useRef<HTMLHeadingElement>(null);
  const errorRef = useRef<HTMLDivElement>(null);
  useEffect(() => headingRef.current?.focus(), []);

  const answered = items.filter((v) => v !== undefined).length;
  const total = items.reduce((sum, v) => sum + (v === undefined ? 0 : Number(v)), 0);
  const unanswered = items.flatMap((v, i) => (v === undefined ? [i + 1] : []));
  const missingMessage =
    triedIncomplete && unanswered.length
      ? `Every item needs an answer: item${unanswered.length === 1 ? "" : "s"} ${unanswered.join(", ")} ${unanswered.length === 1 ? "is" : "are"} still empty.`
      : null;
  const shownError = missingMessage ?? error;
  const options = form.options.map(
    (o) =>
      [
        String(o.value),
        <span key={o.value}>
          {o.value}
          <span className="sr-only"> {o.label}</span>
        </span>,
      ] as const,
  );

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (enter.isPending) return;
    if (unanswered.length) {
      setTriedIncomplete(true);
      setError(null);
      requestAnimationFrame(() => errorRef.current?.focus());
      return;
    }
    const parsed = ZVisitQuestionnaireInput.safeParse({
      appointmentId,
      instrument: form.id,
      items: items.map(Number),
      functional: functional === undefined ? undefined : Number(functional),
      idempotencyKey,
    });
    if (!parsed.success) {
      setError(parsed.error.issues.map((i) => i.message).join(" "));
      return;
    }
    setError(null);
    try {
      await enter.mutateAsync(parsed.data);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: trpc.questionnaire.listForVisit.queryKey({ appointmentId }) }),
        // The chart summary beside the video shows the latest scores.
        queryClient.invalidateQueries({ queryKey: trpc.chart.get.queryKey({ patientId }) }),
      ]);
      onDone();
    } catch (err) {
      setError(errorMessage(err, "The answers could not be saved. Please try again."));
      void queryClient.invalidateQueries({ queryKey: trpc.questionnaire.listForVisit.queryKey({ appointmentId }) });
    }
  }

  return (
    <form noValidate onSubmit={(e) => void onSubmit(e)} className="flex flex-col gap-3 border-t border-slate-100 pt-3" aria-labelledby={`enter-${form.id}`}>
      <h3 id={`enter-${form.id}`} ref={headingRef} tabIndex={-1} className="text-sm font-semibold text-slate-900 outline-none">
        Enter the patient&apos;s {form.title} answers
      </h3>
      <p className="text-slate-700">{form.stem}</p>
      <p className="text-xs text-slate-600">{form.options.map((o) => `${o.value} = ${o.label}`).join(" · ")}</p>
      {shownError ? (
        <div ref={errorRef} tabIndex={-1} className="outline-none">
          <Alert variant="error">{shownError}</Alert>
        </div>
      ) : null}
      <div className="flex flex-col gap-2.5">
        {form.items.map((item, i) => (
          <RadioGroup
            key={item}
            legend={
              <>
                <span className="text-slate-500">{i + 1}. </span>
                {item}
              </>
            }
            legendClassName="font-normal"
            options={options}
            value={items[i]}
            onChange={(v) => {
              setError(null);
              setItems((prev) => prev.map((x, j) => (j === i ? v : x)));
            }}
            className={missingMessage && unanswered.includes(i + 1) ? "rounded-md bg-red-50 p-1.5" : undefined}
          />
        ))}
        <RadioGroup
          legend={`${form.functionalItem} (optional, not scored)`}
          legendClassName="font-normal"
          options={form.functionalOptions.map((o) => [String(o.value), o.label] as const)}
          value={functional}
          onChange={setFunctional}
        />
      </div>
      <p role="status" aria-live="polite" className="rounded-md bg-slate-50 px-3 py-2 text-slate-800">
        {answered === form.items.length ? (
          <>
            Total <span className="font-semibold">{total}</span> of {form.maxScore}: <span className="font-semibold">{bandOfTotal(form, total)}</span>
            {form.id === "phq9" && Number(items[8]) >= 1 ? " · item 9 positive: saving raises alert A1" : ""}
          </>
        ) : (
          `${answered} of ${form.items.length} answered`
        )}
      </p>
      <div className="flex flex-wrap justify-end gap-2">
        <Button type="button" variant="secondary" size="sm" onClick={onDone} disabled={enter.isPending}>
          Cancel
        </Button>
        <Button type="submit" size="sm" loading={enter.isPending}>
          Save {form.title}
        </Button>
      </div>
    </form>
  );
}
