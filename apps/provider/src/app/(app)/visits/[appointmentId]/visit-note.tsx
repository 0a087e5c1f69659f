"use client";

import { useEffect, useRef, useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { NotebookPen, PenLine } from "lucide-react";
import { Alert } from "@clearwell/ui/alert";
import { Button } from "@clearwell/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@clearwell/ui/card";
import { ConfirmDialog } from "@clearwell/ui/confirm-dialog";
import { Skeleton } from "@clearwell/ui/skeleton";
import { evaluationMissing, soapMissing } from "@clearwell/validators/note-completeness";

import { reasonsOf } from "~/components/notes/errors";
import { ReauthDialog } from "~/components/notes/reauth-dialog";
import { formatTime } from "~/lib/appointments";
import { errorMessage, trpcCode } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";
import { screeningOf } from "../../patients/[id]/chart/chart-labels";
import type { ScreeningFlag } from "./evaluation-fields";
import { EvaluationFields } from "./evaluation-fields";
import type { Findings } from "./findings";
import { checkFindings, cleanFindings } from "./findings";
import { SignedVisitNote } from "./signed-visit-note";
import { type Kind, type Sections, SoapFields } from "./soap-fields";

type Draft = { sections: Sections; findings: Findings };

const SAVE_AFTER_MS = 1_500;

/** The intake's screening flags, one entry per rule (a rule may have fired on several answers). */
function flagsOf(screening: ReturnType<typeof screeningOf>): ScreeningFlag[] {
  const byRule = new Map<string, string[]>();
  for (const f of screening?.flags ?? []) byRule.set(f.ruleId, [...(byRule.get(f.ruleId) ?? []), f.finding]);
  return [...byRule.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([ruleId, findings]) => ({ ruleId, findings }));
}

/**
 * The visit's note beside the video: the structured evaluation (issue 11 §1) and SOAP, saved as the
 * provider types; once signed, the signed record. A visit with a signed note opens no second draft.
 */
export function VisitNote({ appointmentId, patientId, attestedState }: { appointmentId: string; patientId: string; attestedState: string | null }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const notes = useQuery(trpc.note.list.queryOptions({ patientId }));
  const chart = useQuery(trpc.chart.get.queryOptions({ patientId }));
  const [signedId, setSignedId] = useState<string | null>(null);

  if (notes.isPending) {
    return (
      <div aria-busy="true">
        <span className="sr-only" role="status">
          Loading the visit note…
        </span>
        <Skeleton className="h-48" />
      </div>
    );
  }
  const forVisit = (notes.data?.notes ?? []).filter((n) => n.appointmentId === appointmentId);
  const signed = signedId ?? forVisit.find((n) => n.status === "signed")?.id;
  if (signed) return <SignedVisitNote noteId={signed} patientId={patientId} justSigned={signedId !== null} />;

  const c = chart.data;
  return (
    <DraftEditor
      appointmentId={appointmentId}
      attestedState={attestedState}
      flags={flagsOf(screeningOf(c?.intake))}
      supportName={c?.header.supportPerson?.name ?? null}
      resume={forVisit.some((n) => n.status === "draft")}
      onSigned={(id) => {
        setSignedId(id);
        void qc.invalidateQueries({ queryKey: trpc.note.list.queryKey({ patientId }) });
      }}
      onDiscarded={() => void qc.invalidateQueries({ queryKey: trpc.note.list.queryKey({ patientId }) })}
    />
  );
}

function DraftEditor({
  appointmentId,
  attestedState,
  flags,
  supportName,
  resume,
  onSigned,
  onDiscarded,
}: {
  appointmentId: string;
  attestedState: string | null;
  flags: ScreeningFlag[];
  supportName: string | null;
  resume: boolean;
  onSigned: (noteId: string) => void;
  onDiscarded: () => void;
}) {
  const trpc = useTRPC();
  const open = useMutation(trpc.note.openForVisit.mutationOptions());
  const save = useMutation(trpc.note.saveDraft.mutationOptions());
  const sign = useMutation(trpc.note.sign.mutationOptions());
  const discard = useMutation(trpc.note.discard.mutationOptions());
  const [draft, setDraft] = useState<Draft | null>(null);
  const [kind, setKind] = useState<Kind>("evaluation");
  const base = useRef<{ id: string; updatedAt: Date } | null>(null);
  const dirty = useRef(false);
  const timer = useRef<number | undefined>(undefined);
  const inflight = useRef<Promise<boolean> | null>(null);
  // What is on screen now: a save that finishes while typing went on is followed by another.
  const latest = useRef<Draft | null>(null);
  const [savedAt, setSavedAt] = useState<Date | null>(null);
  const [problems, setProblems] = useState<string[]>([]);
  // Shown once the clinician asks to sign, then kept current as they fill the note in; the server's
  // reasons (a refused signature) replace it until the next change.
  const [showMissing, setShowMissing] = useState(false);
  const [serverReasons, setServerReasons] = useState<string[] | null>(null);
  const missingRef = useRef<HTMLDivElement>(null);
  const [signing, setSigning] = useState(false);
  const [confirmDiscard, setConfirmDiscard] = useState(false);
  const [discarded, setDiscarded] = useState(false);
  const opened = useRef(false);

  const load = () =>
    open.mutate(
      { appointmentId },
      {
        onSuccess: (note) => {
          base.current = { id: note.id, updatedAt: note.updatedAt };
          dirty.current = false;
          save.reset();
          setProblems([]);
          setShowMissing(false);
          setServerReasons(null);
          setDiscarded(false);
          setKind(note.kind === "follow_up" ? "follow_up" : "evaluation");
          const { attestedLocation: _location, ...findings } = note.findings ?? {};
          latest.current = { sections: note.sections, findings };
          setDraft(latest.current);
        },
      },
    );

  // Back on the page with a draft for this visit: carry on where it was left.
  useEffect(() => {
    if (resume && !opened.current) {
      opened.current = true;
      load();
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [resume]);

  /** Saves what is on screen (after any save in flight); false when it could not be saved. */
  const saveNow = async (): Promise<boolean> => {
    window.clearTimeout(timer.current);
    while (inflight.current) if (!(await inflight.current)) return false;
    const current = latest.current;
    if (!base.current || !dirty.current || !current) return true;
    let findings: Findings | undefined;
    if (kind === "evaluation") {
      const checked = checkFindings(current.findings);
      if (!checked.ok) {
        setProblems(checked.problems);
        return false;
      }
      findings = checked.findings;
    }
    setProblems([]);
    dirty.current = false;
    const request = save
      .mutateAsync({ noteId: base.current.id, sections: current.sections, ...(findings ? { findings } : {}), baseUpdatedAt: base.current.updatedAt })
      .then(
        (note) => {
          base.current = { id: note.id, updatedAt: note.updatedAt };
          setSavedAt(note.updatedAt);
          return true;
        },
        () => {
          dirty.current = true;
          return false;
        },
      )
      .finally(() => {
        inflight.current = null;
      });
    inflight.current = request;
    return request;
  };

  // Each change schedules a save; the latest content is what gets saved.
  useEffect(() => {
    if (!draft || !dirty.current) return;
    timer.current = window.setTimeout(() => void saveNow(), SAVE_AFTER_MS);
    return () => window.clearTimeout(timer.current);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [draft]);

  const change = (next: Draft) => {
    dirty.current = true;
    setServerReasons(null);
    latest.current = next;
    setDraft(next);
  };

  const missingOf = (d: Draft) => (kind === "evaluation" ? evaluationMissing(d.sections, cleanFindings(d.findings), flags.map((f) => f.ruleId)) : soapMissing(d.sections));

  // Clicking Sign blurs the last field, whose blur starts a save: the button must stay clickable
  // through that save (a button disabled between mousedown and mouseup swallows the click).
  const [preparing, setPreparing] = useState(false);
  const startSigning = async () => {
    sign.reset();
    setPreparing(true);
    try {
      if (!(await saveNow()) || !latest.current) return;
      const m = missingOf(latest.current);
      setShowMissing(true);
      setServerReasons(null);
      if (m.length) requestAnimationFrame(() => missingRef.current?.focus());
      else setSigning(true);
    } finally {
      setPreparing(false);
    }
  };

  const doDiscard = async () => {
    window.clearTimeout(timer.current);
    while (inflight.current) await inflight.current;
    if (!base.current) return;
    discard.mutate(
      { noteId: base.current.id, expectedVersion: base.current.updatedAt },
      {
        onSuccess: () => {
          setConfirmDiscard(false);
          base.current = null;
          latest.current = null;
          dirty.current = false;
          setDraft(null);
          setSavedAt(null);
          setDiscarded(true);
          onDiscarded();
        },
      },
    );
  };

  const title = kind === "evaluation" ? "Evaluation note" : "Visit note";
  if (!draft) {
    return (
      <Card>
        <CardHeader>
          <CardTitle>{title}</CardTitle>
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
  const status = save.isPending ? "Saving…" : save.isError || problems.length ? "Not saved" : savedAt ? `Saved at ${formatTime(savedAt)}` : "Saved as you type";
  return (
    <Card>
      <CardHeader>
        <CardTitle>{title} (draft)</CardTitle>
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
                <Button
                  size="sm"
                  variant="secondary"
                  onClick={() => {
                    dirty.current = true;
                    void saveNow();
                  }}
                >
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
            set={(update) => {
              const cur = latest.current ?? draft;
              change({ ...cur, findings: update(cur.findings) });
            }}
            flags={flags}
            attestedState={attestedState}
            supportName={supportName}
          />
        ) : null}
        <SoapFields
          kind={kind}
          sections={draft.sections}
          onChange={(key, value) => {
            const cur = latest.current ?? draft;
            change({ ...cur, sections: { ...cur.sections, [key]: value } });
          }}
          onBlur={() => void saveNow()}
        />

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
            <Alert variant="error" action={<Button size="sm" variant="secondary" onClick={load}>Reload draft</Button>}>
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

      <ReauthDialog
        open={signing}
        onOpenChange={(o) => {
          setSigning(o);
          if (!o) sign.reset();
        }}
        title={`Sign the ${kind === "evaluation" ? "evaluation" : "visit"} note`}
        description="Re-enter your password to sign, or use a code from your authenticator app."
        confirmLabel="Sign note"
        pending={sign.isPending}
        // Wrong password or code, locked account: said in the dialog. Missing parts and conflicts: on the note.
        error={sign.isError && !["UNPROCESSABLE_CONTENT", "CONFLICT"].includes(trpcCode(sign.error) ?? "") ? errorMessage(sign.error) : null}
        onSubmit={(reauth) =>
          sign.mutate(
            { noteId: base.current!.id, reauth, expectedVersion: base.current!.updatedAt },
            {
              onSuccess: (s) => {
                setSigning(false);
                onSigned(s.id);
              },
              onError: (e) => {
                const code = trpcCode(e);
                if (code === "UNPROCESSABLE_CONTENT") {
                  setSigning(false);
                  setServerReasons(reasonsOf(e).length ? reasonsOf(e) : [errorMessage(e)]);
                  requestAnimationFrame(() => missingRef.current?.focus());
                } else if (code === "CONFLICT") setSigning(false);
              },
            },
          )
        }
      >
        <Alert variant="info">
          A signed note can&apos;t be changed or deleted. To correct or add to it later, you add a signed addendum from the chart.
        </Alert>
      </ReauthDialog>

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
