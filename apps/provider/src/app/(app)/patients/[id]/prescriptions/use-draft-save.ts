"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import type { UseFormReturn } from "react-hook-form";
import type { TPrescriptionDraftFields } from "@clearwell/validators/prescription";

import { errorMessage, trpcCode } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";
import type { BuilderValues, RxDetail } from "./builder-form";
import { CREATE_REQUIRED, draftFieldsOf, initialValues } from "./builder-form";
import type { RxContext, RxStatus } from "./rx-labels";
import { rxHref } from "./rx-labels";

const SAVE_AFTER_MS = 1_200;

export type Saved = { id: string; version: number; status: RxStatus };
export type SaveState = { kind: "idle" | "saving" | "saved" | "error" | "conflict"; at?: Date; message?: string };

/**
 * The builder's draft, saved as the prescriber types: created on the first save once the required
 * fields are valid (with one idempotency key), then updated with the optimistic version. None is
 * saved until then; a version conflict stops autosave until the page is reloaded.
 */
export function useDraftSave(
  form: UseFormReturn<BuilderValues>,
  { patientId, ctx, rx, myId, fields }: { patientId: string; ctx: RxContext; rx: RxDetail | null; myId: string | undefined; fields: Partial<TPrescriptionDraftFields> },
) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [saved, setSaved] = useState<Saved | null>(rx ? { id: rx.id, version: rx.version, status: rx.status } : null);
  const savedRef = useRef(saved);
  savedRef.current = saved;
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const [saveState, setSaveState] = useState<SaveState>({ kind: "idle" });
  const lastSent = useRef<string>(rx ? JSON.stringify(draftFieldsOf(initialValues(ctx, rx, myId), ctx)) : "");
  const inflight = useRef<Promise<boolean> | null>(null);
  const createDraft = useMutation(trpc.prescription.createDraft.mutationOptions());
  const updateDraft = useMutation(trpc.prescription.updateDraft.mutationOptions());

  /** Saves what is on screen now (after any save in flight); false when it could not be saved. */
  const saveNow = async (): Promise<boolean> => {
    while (inflight.current) await inflight.current;
    const current = draftFieldsOf(form.getValues(), ctx);
    const body = JSON.stringify(current);
    if (body === lastSent.current && savedRef.current) return true;
    const s = savedRef.current;
    if (!s && CREATE_REQUIRED.some((k) => current[k] === undefined)) return false;
    setSaveState({ kind: "saving" });
    const run = (async () => {
      try {
        const out = s
          ? await updateDraft.mutateAsync({ id: s.id, version: s.version, ...current })
          : await createDraft.mutateAsync({ patientId, idempotencyKey, ...current, basisAppointmentId: current.basisAppointmentId!, formularyEntryId: current.formularyEntryId!, pharmacyId: current.pharmacyId!, unitsPerSession: current.unitsPerSession!, daysBetweenSessions: current.daysBetweenSessions! });
        const p = out.prescription;
        lastSent.current = body;
        setSaved({ id: p.id, version: p.version, status: p.status });
        savedRef.current = { id: p.id, version: p.version, status: p.status };
        setSaveState({ kind: "saved", at: p.updatedAt });
        // The page's address follows the draft without a navigation (the form keeps its state).
        if (!s) window.history.replaceState(null, "", rxHref(patientId, p.id));
        void qc.invalidateQueries({ queryKey: trpc.prescription.forPatient.queryKey({ patientId }) });
        return true;
      } catch (e) {
        const code = trpcCode(e);
        setSaveState({ kind: code === "CONFLICT" ? "conflict" : "error", message: errorMessage(e) });
        return false;
      } finally {
        inflight.current = null;
      }
    })();
    inflight.current = run;
    return run;
  };

  // Autosave after a pause in typing (a conflict stops it until the page is reloaded).
  const fieldsKey = JSON.stringify(fields);
  useEffect(() => {
    if (saveState.kind === "conflict" || fieldsKey === lastSent.current) return;
    const t = window.setTimeout(() => void saveNow(), SAVE_AFTER_MS);
    return () => window.clearTimeout(t);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [fieldsKey, saveState.kind]);

  return { saved, setSaved, savedRef, saveState, saveNow };
}
