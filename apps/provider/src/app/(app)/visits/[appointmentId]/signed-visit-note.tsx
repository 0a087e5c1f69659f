"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { ExternalLink } from "lucide-react";
import { Alert } from "@clearwell/ui/alert";
import { Badge } from "@clearwell/ui/badge";
import { Button } from "@clearwell/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@clearwell/ui/card";
import { Skeleton } from "@clearwell/ui/skeleton";

import { linkClass } from "~/components/auth-card";
import { Addenda } from "~/components/notes/addenda";
import { sinceWhat } from "~/components/notes/interval-snapshot";
import { NoteContent, SignatureLine } from "~/components/notes/note-content";
import { noteKind } from "~/components/notes/note-labels";
import { errorMessage } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";

/** The visit's signed note, read-only (DOMAIN.md §2: a signed note changes only through addenda). */
export function SignedVisitNote({ noteId, patientId, justSigned }: { noteId: string; patientId: string; justSigned: boolean }) {
  const trpc = useTRPC();
  const q = useQuery(trpc.note.get.queryOptions({ noteId }));
  // Other signed notes, to say where a follow-up's interval starts (the last signed note or the first visit).
  const list = useQuery(trpc.note.list.queryOptions({ patientId }));
  if (q.isPending) {
    return (
      <div aria-busy="true">
        <span className="sr-only" role="status">
          Loading the signed note…
        </span>
        <Skeleton className="h-48" />
      </div>
    );
  }
  if (q.isError) {
    return (
      <Alert variant="error" title="The signed note could not be loaded" action={<Button size="sm" variant="secondary" onClick={() => void q.refetch()} loading={q.isFetching}>Try again</Button>}>
        {errorMessage(q.error)}
      </Alert>
    );
  }
  const n = q.data;
  return (
    <Card>
      <CardHeader>
        <CardTitle className="flex flex-wrap items-center gap-2">
          {noteKind(n.kind)} <Badge variant="success">Signed</Badge>
        </CardTitle>
        <CardDescription>
          Signed notes can&apos;t be changed.{" "}
          <Link href={`/patients/${patientId}/chart#notes`} target="_blank" className={`${linkClass} inline-flex items-center gap-1`}>
            Add an addendum from the chart <ExternalLink aria-hidden="true" className="size-3.5" />
            <span className="sr-only">(opens in a new tab)</span>
          </Link>
        </CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        {justSigned ? <Alert variant="success">Note signed.</Alert> : null}
        {n.signedAt && n.contentSha256 ? <SignatureLine signer={n.signer?.name ?? n.author.name} signedAt={n.signedAt} sha256={n.contentSha256} /> : null}
        <div className="border-t border-slate-200 pt-4">
          <NoteContent
            sections={n.sections}
            findings={n.findings}
            followUp={n.followUp}
            since={n.followUp?.snapshot ? sinceWhat(n.followUp.snapshot.since, (list.data?.notes ?? []).filter((o) => o.status === "signed" && o.id !== n.id).map((o) => o.signedAt)) : null}
          />
        </div>
        {n.addenda.length ? (
          <div className="border-t border-slate-200 pt-4">
            <Addenda addenda={n.addenda} />
          </div>
        ) : null}
      </CardContent>
    </Card>
  );
}
