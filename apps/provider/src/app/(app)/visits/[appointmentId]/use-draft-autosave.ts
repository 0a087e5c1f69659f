"use client";

import { useEffect, useRef, useState } from "react";
import { useMutation } from "@tanstack/react-query";
import type { ProviderInputs, ProviderOutputs } from "@clearwell/api/provider";

import { reasonsOf } from "~/components/notes/errors";
import { trpcCode } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";

export type NoteView = ProviderOutputs["note"]["openForVisit"];
export type SaveBody = Omit<ProviderInputs["note"]["saveDraft"], "noteId" | "baseUpdatedAt">;
/**
 * What to save for the draft on screen: the body, or problems named by field (nothing is sent).
 * `fallback` is saved instead when the server refuses `body` as bad input and `onRefused` takes
 * the reasons (a follow-up plan breaking a rule): the rest of the note is still saved.
 */
export type Prepared = { ok: true; body: SaveBody; fallback?: SaveBody } | { ok: false; problems: string[] };

const SAVE_AFTER_MS = 1_500;

/**
 * A visit note's draft, saved as the clinician types (issue 11): opened or resumed from the server,
 * each change saved after a pause and on blur, saves one at a time with the version they started
 * from (`baseUpdatedAt`), so a save never overwrites another window's. Shared by the evaluation and
 * the follow-up editors; what is saved is theirs (`prepare`).
 */
export function useDraftAutosave<D>({
  appointmentId,
  resume,
  fromNote,
  prepare,
  onRefused,
}: {
  appointmentId: string;
  resume: boolean;
  fromNote: (note: NoteView) => D;
  prepare: (draft: D, note: NoteView) => Prepared;
  /** The server refused a save as bad input: true when the reasons were shown and `fallback` may be saved. */
  onRefused?: (reasons: string[]) => boolean;
}) {
  const trpc = useTRPC();
  const open = useMutation(trpc.note.openForVisit.mutationOptions());
  const save = useMutation(trpc.note.saveDraft.mutationOptions());
  const [draft, setDraft] = useState<D | null>(null);
  // The server's view of the note as last opened or saved (kind, snapshot, plan effects).
  const [note, setNote] = useState<NoteView | null>(null);
  const base = useRef<{ id: string; updatedAt: Date } | null>(null);
  const dirty = useRef(false);
  // The last save stored a fallback: part of what is on screen is not saved (and must not be signed).
  const partial = useRef(false);
  const timer = useRef<number | undefined>(undefined);
  const inflight = useRef<Promise<boolean> | null>(null);
  // What is on screen now: a save that finishes while typing went on is followed by another.
  const latest = useRef<D | null>(null);
  const noteRef = useRef<NoteView | null>(null);
  const [savedAt, setSavedAt] = useState<Date | null>(null);
  const [problems, setProblems] = useState<string[]>([]);
  const [isPartial, setPartial] = useState(false);
  const opened = useRef(false);

  const load = (onLoaded?: (note: NoteView) => void) =>
    open.mutate(
      { appointmentId },
      {
        onSuccess: (n) => {
          base.current = { id: n.id, updatedAt: n.updatedAt };
          dirty.current = false;
          partial.current = false;
          setPartial(false);
          save.reset();
          setProblems([]);
          noteRef.current = n;
          setNote(n);
          latest.current = fromNote(n);
          setDraft(latest.current);
          onLoaded?.(n);
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

  const send = (body: SaveBody) =>
    save.mutateAsync({ noteId: base.current!.id, ...body, baseUpdatedAt: base.current!.updatedAt }).then((n) => {
      base.current = { id: n.id, updatedAt: n.updatedAt };
      noteRef.current = n;
      setNote(n);
      setSavedAt(n.updatedAt);
      return n;
    });

  /** Saves what is on screen (after any save in flight); false when it could not all be saved. */
  const saveNow = async (): Promise<boolean> => {
    window.clearTimeout(timer.current);
    while (inflight.current) if (!(await inflight.current)) return false;
    const current = latest.current;
    if (!base.current || !noteRef.current || !current) return true;
    if (!dirty.current) return !partial.current;
    const prepared = prepare(current, noteRef.current);
    if (!prepared.ok) {
      setProblems(prepared.problems);
      return false;
    }
    setProblems([]);
    dirty.current = false;
    const request = send(prepared.body)
      .then(
        () => {
          partial.current = false;
          setPartial(false);
          return true;
        },
        async (e: unknown) => {
          if (prepared.fallback && trpcCode(e) === "BAD_REQUEST" && onRefused?.(reasonsOf(e))) {
            // The rest of the note is saved; the refused part stays on screen, named by its field.
            save.reset();
            partial.current = true;
            setPartial(true);
            await send(prepared.fallback).catch(() => {
              dirty.current = true;
            });
            return false;
          }
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

  const change = (update: (current: D) => D) => {
    const cur = latest.current ?? draft;
    if (!cur) return;
    dirty.current = true;
    latest.current = update(cur);
    setDraft(latest.current);
  };

  /** Waits for any save in flight and stops the pending one (before discarding). */
  const settle = async () => {
    window.clearTimeout(timer.current);
    while (inflight.current) await inflight.current;
  };

  const clear = () => {
    base.current = null;
    latest.current = null;
    noteRef.current = null;
    dirty.current = false;
    setDraft(null);
    setNote(null);
    setSavedAt(null);
  };

  /** Try a failed save again. */
  const retry = () => {
    dirty.current = true;
    void saveNow();
  };

  return { open, save, draft, note, latest, base, savedAt, problems, partial: isPartial, load, saveNow, change, settle, clear, retry };
}
