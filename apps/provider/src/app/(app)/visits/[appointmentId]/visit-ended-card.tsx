"use client";

import { useQuery } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { CircleCheck, NotebookPen } from "lucide-react";
import { Button } from "@clearwell/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@clearwell/ui/card";

import { formatTime } from "~/lib/appointments";
import { useTRPC } from "~/trpc/react";

/** Brings the note beside the video into view and moves focus to it (visit-room.tsx #visit-note). */
function goToNote() {
  const note = document.getElementById("visit-note");
  note?.scrollIntoView({ behavior: "smooth", block: "start" });
  note?.focus({ preventScroll: true });
}

/**
 * After the visit: only the ended state and the provider's next step, the note. Signed: said so,
 * with the way to it; otherwise "Finish the note" (a draft is open) or "Write the note".
 */
export function VisitEndedCard({ appointmentId, patientId, startedAt, endedAt }: { appointmentId: string; patientId: string; startedAt: Date | string | null; endedAt: Date | string | null }) {
  const trpc = useTRPC();
  // The same query the note beside it reads: no second request.
  const notes = useQuery(trpc.note.list.queryOptions({ patientId }));
  const forVisit = (notes.data?.notes ?? []).filter((n) => n.appointmentId === appointmentId);
  const signed = forVisit.some((n) => n.status === "signed");
  const draft = forVisit.some((n) => n.status === "draft");
  // Ending the visit removes the button that had focus: a keyboard user lands on the next step, not <body>.
  const next = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!document.activeElement || document.activeElement === document.body) next.current?.focus();
  }, [notes.isPending]);

  const when = startedAt ? `Started ${formatTime(startedAt)}${endedAt ? `, ended ${formatTime(endedAt)}` : ""}.` : "The patient was not admitted.";
  return (
    <Card data-testid="visit-ended">
      <CardHeader>
        <CardTitle className="flex items-center gap-2">
          <CircleCheck aria-hidden="true" className="size-5 text-green-700" />
          Visit ended
        </CardTitle>
        <CardDescription>{when} The room is closed.</CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-3">
        {notes.isPending ? null : signed ? (
          <>
            <p className="text-base text-slate-800">The note for this visit is signed. Nothing more is needed here.</p>
            <Button ref={next} variant="secondary" className="self-start" onClick={goToNote}>
              View the signed note
            </Button>
          </>
        ) : (
          <>
            <p className="text-base font-medium text-slate-900">Next: {draft ? "finish and sign the visit note" : "write and sign the visit note"}.</p>
            <p className="text-sm text-slate-600">The visit is complete in the record once its note is signed.</p>
            <Button ref={next} size="lg" className="self-start" onClick={goToNote}>
              <NotebookPen aria-hidden="true" />
              {draft ? "Finish the note" : "Write the note"}
            </Button>
          </>
        )}
      </CardContent>
    </Card>
  );
}
