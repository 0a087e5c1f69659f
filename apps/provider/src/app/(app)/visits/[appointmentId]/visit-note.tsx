"use client";

import { useEffect, useRef, useState } from "react";
import { useMutation } from "@tanstack/react-query";
import { NotebookPen } from "lucide-react";
import { Alert } from "@clearwell/ui/alert";
import { Button } from "@clearwell/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@clearwell/ui/card";
import { Field } from "@clearwell/ui/field";
import { Textarea } from "@clearwell/ui/input";

import { formatTime } from "~/lib/appointments";
import { errorMessage, trpcCode } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";

type Sections = { subjective: string; objective: string; assessment: string; plan: string };
const LABELS: [keyof Sections, string, string][] = [
  ["subjective", "Subjective", "What the patient reports: session experience, sleep, mood, side effects."],
  ["objective", "Objective", "Observed mental status, vitals, home BP."],
  ["assessment", "Assessment", "Response, tolerability, suicide and misuse risk, continued eligibility."],
  ["plan", "Plan", "Continue, titrate, pause, stop, in-office or refer; next follow-up."],
];
const SAVE_AFTER_MS = 1_500;

/**
 * The provider's draft note for this visit, in SOAP sections (DOMAIN.md §8), saved as they type.
 * Each save names the version it started from, so a second window cannot overwrite it unseen.
 */
export function VisitNote({ appointmentId }: { appointmentId: string }) {
  const trpc = useTRPC();
  const open = useMutation(trpc.note.openForVisit.mutationOptions());
  const save = useMutation(trpc.note.saveDraft.mutationOptions());
  const [sections, setSections] = useState<Sections | null>(null);
  const base = useRef<{ id: string; updatedAt: Date } | null>(null);
  const dirty = useRef(false);
  const timer = useRef<number | undefined>(undefined);
  const [savedAt, setSavedAt] = useState<Date | null>(null);
  // What is on screen now: a save that finishes while typing went on is followed by another.
  const latest = useRef<Sections | null>(null);

  const load = () =>
    open.mutate(
      { appointmentId },
      {
        onSuccess: (note) => {
          base.current = { id: note.id, updatedAt: note.updatedAt };
          dirty.current = false;
          save.reset();
          latest.current = note.sections;
          setSections(note.sections);
        },
      },
    );

  const flush = (next: Sections) => {
    window.clearTimeout(timer.current);
    if (!base.current || !dirty.current || save.isPending) return;
    dirty.current = false;
    save.mutate(
      { noteId: base.current.id, sections: next, baseUpdatedAt: base.current.updatedAt },
      {
        onSuccess: (note) => {
          base.current = { id: note.id, updatedAt: note.updatedAt };
          setSavedAt(note.updatedAt);
          if (dirty.current && latest.current) timer.current = window.setTimeout(() => flush(latest.current!), SAVE_AFTER_MS);
        },
        onError: () => {
          dirty.current = true;
        },
      },
    );
  };

  // Typing schedules a save; the latest text is what gets saved.
  useEffect(() => {
    if (!sections || !dirty.current) return;
    timer.current = window.setTimeout(() => flush(sections), SAVE_AFTER_MS);
    return () => window.clearTimeout(timer.current);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [sections]);

  if (!sections) {
    return (
      <Card>
        <CardHeader>
          <CardTitle>Visit note</CardTitle>
          <CardDescription>A draft in SOAP sections, saved as you type and private to you.</CardDescription>
        </CardHeader>
        <CardContent className="flex flex-col gap-3">
          {open.isError ? <Alert variant="error">{errorMessage(open.error)}</Alert> : null}
          <Button variant="secondary" onClick={load} loading={open.isPending}>
            <NotebookPen aria-hidden="true" />
            Open draft note
          </Button>
        </CardContent>
      </Card>
    );
  }

  const conflict = save.isError && trpcCode(save.error) === "CONFLICT";
  return (
    <Card>
      <CardHeader>
        <CardTitle>Visit note (draft)</CardTitle>
        <CardDescription aria-live="polite">
          {save.isPending ? "Saving…" : save.isError ? "Not saved" : savedAt ? `Saved at ${formatTime(savedAt)}` : "Saved as you type"}
        </CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-3">
        {save.isError ? (
          <Alert
            variant="error"
            action={
              conflict ? (
                <Button size="sm" variant="secondary" onClick={load} loading={open.isPending}>
                  Reload draft
                </Button>
              ) : (
                <Button size="sm" variant="secondary" onClick={() => { dirty.current = true; flush(sections); }}>
                  Try again
                </Button>
              )
            }
          >
            {errorMessage(save.error)}
          </Alert>
        ) : null}
        {LABELS.map(([key, label, hint]) => (
          <Field key={key} label={label} hint={hint}>
            <Textarea
              value={sections[key]}
              rows={3}
              maxLength={20_000}
              onChange={(e) => {
                dirty.current = true;
                latest.current = { ...sections, [key]: e.target.value };
                setSections(latest.current);
              }}
              onBlur={() => flush(sections)}
            />
          </Field>
        ))}
      </CardContent>
    </Card>
  );
}
