"use client";

import { useRef, useState } from "react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { NotebookPen, PenLine } from "lucide-react";
import { Alert } from "@clearwell/ui/alert";
import { Button } from "@clearwell/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@clearwell/ui/card";
import { ConfirmDialog } from "@clearwell/ui/confirm-dialog";
import { evaluationMissing } from "@clearwell/validators/note-completeness";

import { EligibilityRecheck } from "~/components/notes/eligibility-recheck";
import { IntervalSnapshot, sinceWhat } from "~/components/notes/interval-snapshot";
import { LoadingBlock, RetryAlert } from "~/components/query-states";
import { formatTime } from "~/lib/appointments";
import { errorMessage, trpcCode } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";
import type { ScreeningFlag } from "./evaluation-fields";
import { EvaluationFields } from "./evaluation-fields";
import type { Findings } from "./findings";
import { checkFindings, cleanFindings } from "./findings";
import type { FollowUpDraft, PlanDraft, PlanErrors } from "./follow-up-draft";
import { checkFollowUp, followUpChecklist, followUpDraftOf, planErrorsOf, planOf } from "./follow-up-draft";
import { FollowUpFields } from "./follow-up-fields";
import { FollowUpPlan } from "./follow-up-plan";
import { SignNoteDialog, useSignNote } from "./sign-note-dialog";
import { type Kind, type Sections, SoapFields } from "./soap-fields";
import type { NoteView, Prepared } from "./use-draft-autosave";
import { useDraftAutosave } from "./use-draft-autosave";

/** Both kinds in one shape: an evaluation uses `findings`, a follow-up `followUp`. */
type Draft = { kind: Kind; sections: Sections; findings: Findings; followUp: FollowUpDraft };

const TITLE: Record<Kind, string> = { evaluation: "Evaluation note", follow_up: "Follow-up note" };

function draftOf(note: NoteView): Draft {
  const { attestedLocation: _location, ...findings } = note.findings ?? {};
  return { kind: note.kind === "follow_up" ? "follow_up" : "evaluation", sections: note.sections, findings, followUp: followUpDraftOf(note.followUp) };
}

/**
 * What a save sends. A follow-up plan the server refuses (a rule, named by field) falls back to the
 * last plan it accepted, so the rest of the note is still saved while the plan is put right.
 */
function prepare(d: Draft, note: NoteView): Prepared {
  if (d.kind === "evaluation") {
    const checked = checkFindings(d.findings);
    return checked.ok ? { ok: true, body: { sections: d.sections, findings: checked.findings } } : checked;
  }
  const checked = checkFollowUp(d.followUp);
  if (!checked.ok) return checked;
  const { plan } = planOf(d.followUp.plan);
  const saved = note.followUp?.plan ?? undefined;
  const body = (p: typeof plan) => ({ sections: d.sections, followUp: { ...checked.parts, plan: p } });
  return plan ? { ok: true, body: body(plan), fallback: body(saved) } : { ok: true, body: body(saved) };
}

/**
 * The visit note's draft, evaluation or follow-up: opened or resumed, saved as the provider types,
 * checked against what signing needs, then signed (`SignNoteDialog`) or discarded.
 */
export function DraftEditor({
  appointmentId,
  patientId,
  appointmentKind,
  attestedState,
  flags,
  supportName,
  signedAts,
  resume,
  onSigned,
  onDiscarded,
}: {
  appointmentId: string;
  patientId: string;
  appointmentKind: Kind;
  attestedState: string | null;
  flags: ScreeningFlag[];
  supportName: string | null;
  signedAts: (Date | null)[];
  resume: boolean;
  onSigned: (noteId: string) => void;
  onDiscarded: () => void;
}) {
  const trpc = useTRPC();
  const sign = useSignNote();
  const discard = useMutation(trpc.note.discard.mutationOptions());
  // The server's plan rules from the last save (DOMAIN.md §8 "P"), by field; cleared when the plan changes.
  const [planErrors, setPlanErrors] = useState<PlanErrors | null>(null);
  const draftNote = useDraftAutosave<Draft>({
    appointmentId,
    resume,
    fromNote: draftOf,
    prepare,
    onRefused: (reasons) => {
      const byField = planErrorsOf(reasons);
      setPlanErrors(byField);
      return byField !== null;
    },
  });
  const { open, save, draft, note, latest, base, savedAt, problems, partial } = draftNote;
  // DOMAIN.md §8 "A": the §3 rules re-run now beside the current decision (the server re-runs them again at signing).
  const recheck = useQuery({ ...trpc.decision.recheck.queryOptions({ patientId }), enabled: (draft?.kind ?? appointmentKind) === "follow_up" });
  // Shown once the clinician asks to sign, then kept current as they fill the note in; the server's
  // reasons (a refused signature) replace it until the next change.
  const [showMissing, setShowMissing] = useState(false);
  const [serverReasons, setServerReasons] = useState<string[] | null>(null);
  const missingRef = useRef<HTMLDivElement>(null);
  const [signing, setSigning] = useState(false);
  const [confirmDiscard, setConfirmDiscard] = useState(false);
  const [discarded, setDiscarded] = useState(false);

  const load = () =>
    draftNote.load(() => {
      setShowMissing(false);
      setServerReasons(null);
      setPlanErrors(null);
      setDiscarded(false);
    });

  const change = (update: (d: Draft) => Draft) => {
    setServerReasons(null);
    draftNote.change(update);
  };
  const setPlan = (patch: Partial<PlanDraft>) => {
    setPlanErrors(null);
    change((d) => ({ ...d, followUp: { ...d.followUp, plan: { ...d.followUp.plan, ...patch } } }));
  };

  const missingOf = (d: Draft) =>
    d.kind === "evaluation" ? evaluationMissing(d.sections, cleanFindings(d.findings), flags.map((f) => f.ruleId)) : followUpChecklist(d.followUp, partial ? planErrors : null, recheck.data ?? null);

  // Clicking Sign blurs the last field, whose blur starts a save: the button must stay clickable
  // through that save (a button disabled between mousedown and mouseup swallows the click).
  const [preparing, setPreparing] = useState(false);
  const startSigning = async () => {
    sign.reset();
    setPreparing(true);
    try {
      const saved = await draftNote.saveNow();
      if (!latest.current) return;
      const m = missingOf(latest.current);
      setShowMissing(true);
      setServerReasons(null);
      if (m.length) requestAnimationFrame(() => missingRef.current?.focus());
      else if (saved) setSigning(true);
    } finally {
      setPreparing(false);
    }
  };

  const doDiscard = async () => {
    await draftNote.settle();
    if (!base.current) return;
    discard.mutate(
      { noteId: base.current.id, expectedVersion: base.current.updatedAt },
      {
        onSuccess: () => {
          setConfirmDiscard(false);
          draftNote.clear();
          setDiscarded(true);
          onDiscarded();
        },
      },
    );
  };

  const kind = draft?.kind ?? appointmentKind;
  if (!draft) {
    return (
      <Card>
        <CardHeader>
          <CardTitle>{TITLE[kind]}</CardTitle>
          <CardDescription>A draft saved as you type and private to you until you sign it.</CardDescription>
        </CardHeader>
        <CardContent className="flex flex-col gap-3">
          {discarded ? <Alert variant="info">Draft discarded. It stays in the record as discarded; you can start a new one.</Alert> : null}
          {open.isError ? <Alert variant="error">{errorMessage(open.error)}</Alert> : null}
          {open.isPending && resume ? (
            <p role="status" className="text-sm text-slate-600">
              Opening your draft…
            </p>
          ) : (
            <Button variant="secondary" onClick={load} loading={open.isPending}>
              <NotebookPen aria-hidden="true" />
              {discarded ? "Start a new draft" : "Open draft note"}
            </Button>
          )}
        </CardContent>
      </Card>
    );
  }

  const missing = serverReasons ?? (showMissing ? missingOf(draft) : null);
  const conflict = save.isError && trpcCode(save.error) === "CONFLICT";
  const status = save.isPending
    ? "Saving…"
    : save.isError || problems.length
      ? "Not saved"
      : partial
        ? `Saved${savedAt ? ` at ${formatTime(savedAt)}` : ""}, except the plan: see the plan below`
        : savedAt
          ? `Saved at ${formatTime(savedAt)}`
          : "Saved as you type";
  // The plan's own gaps show by their fields once signing was asked for; the server's rules as soon as a save meets them.
  const shownPlanErrors: PlanErrors = { ...(showMissing ? planOf(draft.followUp.plan).errors : {}), ...(planErrors ?? {}) };
  const savedPlan = note?.followUp?.plan;
  const snapshot = note?.followUp?.snapshot ?? null;
  return (
    <Card>
      <CardHeader>
        <CardTitle>{TITLE[kind]} (draft)</CardTitle>
        <CardDescription aria-live="polite" role="status">
          {status}
        </CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        {save.isError ? (
          <Alert
            variant="error"
            action={
              conflict ? (
                <Button size="sm" variant="secondary" onClick={load} loading={open.isPending}>
                  Reload draft
                </Button>
              ) : (
                <Button size="sm" variant="secondary" onClick={draftNote.retry}>
                  Try again
                </Button>
              )
            }
          >
            {errorMessage(save.error)}
          </Alert>
        ) : null}
        {problems.length ? (
          <Alert variant="error" title="Not saved: check these fields">
            <ul className="list-disc pl-4">
              {problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          </Alert>
        ) : null}
        {kind === "evaluation" ? (
          <EvaluationFields
            findings={draft.findings}
            set={(update) => change((d) => ({ ...d, findings: update(d.findings) }))}
            flags={flags}
            attestedState={attestedState}
            supportName={supportName}
          />
        ) : (
          <>
            {snapshot ? (
              <IntervalSnapshot snapshot={snapshot} since={sinceWhat(snapshot.since, signedAts)} frozen={false} />
            ) : (
              <Alert variant="warning">The interval data is missing. Reload the draft to build it.</Alert>
            )}
            <FollowUpFields
              draft={draft.followUp}
              set={(update) => change((d) => ({ ...d, followUp: update(d.followUp) }))}
              snapshot={snapshot}
              recheck={
                recheck.isPending ? (
                  <LoadingBlock label="Re-running the screening rules…" className="h-20" />
                ) : recheck.isError ? (
                  <RetryAlert title="The screening rules could not be re-run" error={recheck.error} onRetry={() => void recheck.refetch()} retrying={recheck.isFetching} />
                ) : (
                  <EligibilityRecheck recheck={recheck.data} frozen={false} />
                )
              }
            />
          </>
        )}
        <SoapFields kind={kind} sections={draft.sections} onChange={(key, value) => change((d) => ({ ...d, sections: { ...d.sections, [key]: value } }))} onBlur={() => void draftNote.saveNow()} />
        {kind === "follow_up" ? (
          <FollowUpPlan
            plan={draft.followUp.plan}
            set={setPlan}
            errors={shownPlanErrors}
            effects={note?.followUp?.planEffects ?? null}
            effectsCurrent={!partial && !!savedPlan && savedPlan.action === planOf(draft.followUp.plan).plan?.action}
          />
        ) : null}

        <div className="flex flex-col gap-3 border-t border-slate-200 pt-4">
          {missing?.length ? (
            <div ref={missingRef} tabIndex={-1} className="outline-none">
              <Alert variant="warning" title="Before you can sign">
                <ul className="list-disc pl-4">
                  {missing.map((m) => (
                    <li key={m}>{m}</li>
                  ))}
                </ul>
              </Alert>
            </div>
          ) : null}
          {missing && !missing.length ? (
            <p role="status" className="text-sm font-medium text-emerald-800">
              Everything needed to sign is filled in.
            </p>
          ) : null}
          {sign.isError && trpcCode(sign.error) === "CONFLICT" ? (
            <Alert
              variant="error"
              action={
                <Button size="sm" variant="secondary" onClick={load}>
                  Reload draft
                </Button>
              }
            >
              {errorMessage(sign.error)}
            </Alert>
          ) : null}
          <div className="flex flex-wrap gap-2">
            <Button onClick={() => void startSigning()} loading={preparing}>
              <PenLine aria-hidden="true" />
              Sign note
            </Button>
            <Button variant="ghost" onClick={() => setConfirmDiscard(true)}>
              Discard draft
            </Button>
          </div>
        </div>
      </CardContent>

      <SignNoteDialog
        open={signing}
        onOpenChange={setSigning}
        kind={kind}
        noteTitle={TITLE[kind]}
        sign={sign}
        target={() => base.current!}
        onSigned={onSigned}
        onRefused={(reasons) => {
          setServerReasons(reasons);
          requestAnimationFrame(() => missingRef.current?.focus());
        }}
      />

      <ConfirmDialog
        open={confirmDiscard}
        onOpenChange={(o) => {
          setConfirmDiscard(o);
          if (!o) discard.reset();
        }}
        title="Discard this draft?"
        description="The draft stops being editable and is never signed. It stays in the record as discarded, and you can start a new draft for this visit."
        confirmLabel="Discard draft"
        destructive
        pending={discard.isPending}
        onConfirm={() => void doDiscard()}
      >
        {discard.isError ? <Alert variant="error">{errorMessage(discard.error)}</Alert> : null}
      </ConfirmDialog>
    </Card>
  );
}
