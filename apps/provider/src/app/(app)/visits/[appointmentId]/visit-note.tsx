"use client";

import { useState } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Skeleton } from "@clearwell/ui/skeleton";

import { useTRPC } from "~/trpc/react";
import { screeningOf } from "../../patients/[id]/chart/chart-labels";
import { DraftEditor } from "./draft-editor";
import type { ScreeningFlag } from "./evaluation-fields";
import { SignedVisitNote } from "./signed-visit-note";
import type { Kind } from "./soap-fields";

/** The intake's screening flags, one entry per rule (a rule may have fired on several answers). */
function flagsOf(screening: ReturnType<typeof screeningOf>): ScreeningFlag[] {
  const byRule = new Map<string, string[]>();
  for (const f of screening?.flags ?? []) byRule.set(f.ruleId, [...(byRule.get(f.ruleId) ?? []), f.finding]);
  return [...byRule.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([ruleId, findings]) => ({ ruleId, findings }));
}

/**
 * The visit's note beside the video: the structured evaluation (issue 11 §1) or follow-up (§6,
 * DOMAIN.md §8) with SOAP, saved as the provider types; once signed, the signed record. A visit with
 * a signed note opens no second draft.
 */
export function VisitNote({ appointmentId, appointmentKind, patientId, attestedState }: { appointmentId: string; appointmentKind: Kind; patientId: string; attestedState: string | null }) {
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
  const all = notes.data?.notes ?? [];
  const forVisit = all.filter((n) => n.appointmentId === appointmentId);
  const signed = signedId ?? forVisit.find((n) => n.status === "signed")?.id;
  if (signed) return <SignedVisitNote noteId={signed} patientId={patientId} justSigned={signedId !== null} />;

  const c = chart.data;
  return (
    <DraftEditor
      appointmentId={appointmentId}
      patientId={patientId}
      appointmentKind={appointmentKind}
      attestedState={attestedState}
      flags={flagsOf(screeningOf(c?.intake))}
      supportName={c?.header.supportPerson?.name ?? null}
      signedAts={all.filter((n) => n.status === "signed").map((n) => n.signedAt)}
      resume={forVisit.some((n) => n.status === "draft")}
      onSigned={(id) => {
        setSignedId(id);
        void qc.invalidateQueries({ queryKey: trpc.note.list.queryKey({ patientId }) });
      }}
      onDiscarded={() => void qc.invalidateQueries({ queryKey: trpc.note.list.queryKey({ patientId }) })}
    />
  );
}
