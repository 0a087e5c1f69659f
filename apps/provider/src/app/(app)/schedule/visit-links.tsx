"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { FileText, Video } from "lucide-react";
import { Button } from "@clearwell/ui/button";

import { useTRPC } from "~/trpc/react";

/**
 * A completed visit's way back in for its clinicians: the visit page (its provider) and the visit's
 * note, read from the note list (which the API limits to the patient's clinicians). Admin and
 * staff never get here: they see no clinical content.
 */
export function VisitLinks({ appointmentId, patientId, ownVisit }: { appointmentId: string; patientId: string; ownVisit: boolean }) {
  const trpc = useTRPC();
  const notes = useQuery({ ...trpc.note.list.queryOptions({ patientId }), retry: false });
  const forVisit = notes.data?.notes.filter((n) => n.appointmentId === appointmentId) ?? [];
  const signed = forVisit.find((n) => n.status === "signed");
  const draft = forVisit.find((n) => n.status === "draft");
  const note = signed
    ? { href: `/patients/${patientId}/chart#notes`, label: "Read the signed note" }
    : ownVisit
      ? { href: `/visits/${appointmentId}`, label: draft ? "Finish the note" : "Write the note" }
      : null;
  return (
    <div className="mt-4 flex flex-col gap-2 sm:flex-row">
      {ownVisit ? (
        <Button asChild variant="secondary" className="sm:flex-1">
          <Link href={`/visits/${appointmentId}`}>
            <Video aria-hidden="true" />
            Open the visit
          </Link>
        </Button>
      ) : null}
      {notes.isSuccess && note ? (
        <Button asChild variant={signed ? "secondary" : "primary"} className="sm:flex-1">
          <Link href={note.href}>
            <FileText aria-hidden="true" />
            {note.label}
          </Link>
        </Button>
      ) : null}
    </div>
  );
}
