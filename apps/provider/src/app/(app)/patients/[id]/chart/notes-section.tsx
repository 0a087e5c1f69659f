"use client";

import Link from "next/link";
import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { FileText } from "lucide-react";
import { Alert } from "@clearwell/ui/alert";
import { Badge } from "@clearwell/ui/badge";
import { Button } from "@clearwell/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@clearwell/ui/card";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from "@clearwell/ui/dialog";
import { Field } from "@clearwell/ui/field";
import { Textarea } from "@clearwell/ui/input";
import { Skeleton } from "@clearwell/ui/skeleton";

import { linkClass } from "~/components/auth-card";
import { Addenda } from "~/components/notes/addenda";
import { planSummary } from "~/components/notes/follow-up-content";
import { sinceWhat } from "~/components/notes/interval-snapshot";
import { NoteContent, SignatureLine } from "~/components/notes/note-content";
import type { NoteSummary } from "~/components/notes/note-labels";
import { noteKind, noteStatus } from "~/components/notes/note-labels";
import { ReauthDialog } from "~/components/notes/reauth-dialog";
import { useMe } from "~/components/shell/use-me";
import { errorMessage, trpcCode } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";
import { useClinicFormat } from "~/lib/use-clinic-time-zone";

const ADDENDUM_MAX = 20_000;

/** A signed note in full: signature, content, addenda and the exact signed text its hash covers. */
function NoteDialog({ noteId, onOpenChange, signedAts }: { noteId: string | null; onOpenChange: (open: boolean) => void; signedAts: (Date | null)[] }) {
  const { dateTime: formatDateTime } = useClinicFormat();
  const trpc = useTRPC();
  const q = useQuery({ ...trpc.note.get.queryOptions({ noteId: noteId ?? "" }), enabled: noteId !== null });
  const n = q.data;
  return (
    <Dialog open={noteId !== null} onOpenChange={onOpenChange}>
      <DialogContent size="lg">
        <DialogHeader>
          <DialogTitle>{n ? noteKind(n.kind) : "Note"}</DialogTitle>
          <DialogDescription>{n ? `Written by ${n.author.name}, ${formatDateTime(n.createdAt)}. ${noteStatus(n.status).label}.` : "Loading the note…"}</DialogDescription>
        </DialogHeader>
        {q.isPending ? (
          <div aria-busy="true" className="flex flex-col gap-3">
            <Skeleton className="h-16" />
            <Skeleton className="h-40" />
          </div>
        ) : q.isError ? (
          <Alert variant="error" title="The note could not be loaded">
            {errorMessage(q.error)}
          </Alert>
        ) : n ? (
          <div className="flex flex-col gap-4">
            {n.signedAt && n.contentSha256 ? <SignatureLine signer={n.signer?.name ?? n.author.name} signedAt={n.signedAt} sha256={n.contentSha256} /> : null}
            <div className="border-t border-slate-200 pt-4">
              <NoteContent
                sections={n.sections}
                findings={n.findings}
                followUp={n.followUp}
                since={n.followUp?.snapshot ? sinceWhat(n.followUp.snapshot.since, signedAts) : null}
              />
            </div>
            {n.addenda.length ? <Addenda addenda={n.addenda} /> : null}
            {n.signedContent ? (
              <details className="rounded-lg border border-slate-200 px-3 py-2">
                <summary className="cursor-pointer text-sm font-medium text-slate-800">Signed text (what the SHA-256 covers)</summary>
                <pre className="mt-2 max-h-64 overflow-auto text-xs break-all whitespace-pre-wrap text-slate-700">{n.signedContent}</pre>
              </details>
            ) : null}
          </div>
        ) : null}
      </DialogContent>
    </Dialog>
  );
}

/** DOMAIN.md §1 "Sign note / add addendum: A (author)": a separate signed record over the parent's hash. */
function AddendumDialog({ note, patientId, onClose, onAdded }: { note: NoteSummary | null; patientId: string; onClose: () => void; onAdded: () => void }) {
  const { dateTime: formatDateTime } = useClinicFormat();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [text, setText] = useState("");
  const add = useMutation(
    trpc.note.addAddendum.mutationOptions({
      onSuccess: () => {
        setText("");
        void qc.invalidateQueries({ queryKey: trpc.note.list.queryKey({ patientId }) });
        void qc.invalidateQueries({ queryKey: trpc.note.get.queryKey() });
        onAdded();
      },
    }),
  );
  return (
    <ReauthDialog
      open={note !== null}
      onOpenChange={(o) => {
        if (!o) {
          add.reset();
          onClose();
        }
      }}
      title="Add an addendum"
      description={note ? `To the ${noteKind(note.kind).toLowerCase()} signed ${note.signedAt ? formatDateTime(note.signedAt) : ""}. Re-enter your password to sign, or use a code from your authenticator app.` : ""}
      confirmLabel="Sign addendum"
      pending={add.isPending}
      error={add.isError ? errorMessage(add.error) : null}
      validate={() => (text.trim() ? null : "Write the addendum before you sign it.")}
      onSubmit={(reauth) => note && add.mutate({ parentNoteId: note.id, text, reauth })}
    >
      <Field label="Addendum" hint="The original note stays as signed; this text is signed and added after it, and can't be changed either.">
        <Textarea value={text} onChange={(e) => setText(e.target.value)} rows={5} maxLength={ADDENDUM_MAX} />
      </Field>
    </ReauthDialog>
  );
}

/**
 * The patient's notes for the chart (issue 11 §2): each with its author, status, signer, time and
 * hash, and its addenda chain. Drafts are listed only to their author (the server filters them).
 */
export function NotesSection({ patientId }: { patientId: string }) {
  const { dateTime: formatDateTime } = useClinicFormat();
  const trpc = useTRPC();
  const me = useMe();
  const q = useQuery({ ...trpc.note.list.queryOptions({ patientId }), retry: false });
  const [viewing, setViewing] = useState<string | null>(null);
  const [addendumTo, setAddendumTo] = useState<NoteSummary | null>(null);
  const [added, setAdded] = useState(false);
  const userId = me.data?.user.id;

  // Admin and staff may not read notes (DOMAIN.md §1 "A"): the card is left out for them.
  if (q.isError && trpcCode(q.error) === "FORBIDDEN") return null;
  return (
    <Card id="notes">
      <CardHeader>
        <CardTitle>Notes</CardTitle>
        <CardDescription>Signed notes can&apos;t be changed; corrections are added as signed addenda.</CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-3">
        {added ? <Alert variant="success">Addendum signed and added to the note.</Alert> : null}
        {q.isPending ? (
          <div aria-busy="true" className="flex flex-col gap-3">
            <span className="sr-only" role="status">
              Loading notes…
            </span>
            <Skeleton className="h-24" />
          </div>
        ) : q.isError ? (
          <Alert
            variant="error"
            title="Notes could not be loaded"
            action={
              <Button size="sm" variant="secondary" onClick={() => void q.refetch()} loading={q.isFetching}>
                Try again
              </Button>
            }
          >
            {errorMessage(q.error)}
          </Alert>
        ) : q.data.notes.length === 0 ? (
          <p className="flex items-center gap-2 text-sm text-slate-600">
            <FileText aria-hidden="true" className="size-4" />
            No notes yet. A note is written during a visit.
          </p>
        ) : (
          <ul className="flex flex-col divide-y divide-slate-100">
            {[...q.data.notes].reverse().map((n) => {
              const st = noteStatus(n.status);
              const when = formatDateTime(n.signedAt ?? n.createdAt);
              return (
                <li key={n.id} className="flex flex-col gap-2 py-3 first:pt-0">
                  <div className="flex flex-wrap items-center gap-2">
                    <h3 className="text-sm font-semibold text-slate-900">{noteKind(n.kind)}</h3>
                    <Badge variant={st.variant}>{st.label}</Badge>
                    {n.addenda.length ? (
                      <Badge variant="info">
                        {n.addenda.length} addend{n.addenda.length === 1 ? "um" : "a"}
                      </Badge>
                    ) : null}
                  </div>
                  <p className="text-sm text-slate-600">
                    Written by {n.author.name}, {formatDateTime(n.createdAt)}
                  </p>
                  {n.followUp?.plan && n.status === "signed" ? (
                    <p className="text-sm text-slate-800">
                      <span className="font-medium">Plan:</span> {planSummary(n.followUp.plan)}
                    </p>
                  ) : null}
                  {n.status === "signed" && n.signedAt && n.contentSha256 ? <SignatureLine signer={n.signer?.name ?? n.author.name} signedAt={n.signedAt} sha256={n.contentSha256} /> : null}
                  {n.status === "discarded" && n.discardedAt ? <p className="text-sm text-slate-600">Discarded {formatDateTime(n.discardedAt)}; never signed.</p> : null}
                  {n.status === "draft" && n.appointmentId ? (
                    <p className="text-sm text-slate-600">
                      Your draft, private to you.{" "}
                      <Link className={linkClass} href={`/visits/${n.appointmentId}`}>
                        Continue it on the visit page
                      </Link>
                    </p>
                  ) : null}
                  {n.addenda.length ? <Addenda addenda={n.addenda} /> : null}
                  <div className="flex flex-wrap gap-2">
                    {n.status !== "draft" ? (
                      <Button size="sm" variant="secondary" onClick={() => setViewing(n.id)}>
                        View note<span className="sr-only">: {noteKind(n.kind).toLowerCase()}, {when}</span>
                      </Button>
                    ) : null}
                    {n.status === "signed" && n.author.userId === userId ? (
                      <Button
                        size="sm"
                        variant="secondary"
                        onClick={() => {
                          setAdded(false);
                          setAddendumTo(n);
                        }}
                      >
                        Add addendum<span className="sr-only"> to the {noteKind(n.kind).toLowerCase()} of {when}</span>
                      </Button>
                    ) : null}
                  </div>
                </li>
              );
            })}
          </ul>
        )}
      </CardContent>
      <NoteDialog
        noteId={viewing}
        onOpenChange={(o) => !o && setViewing(null)}
        signedAts={(q.data?.notes ?? []).filter((n) => n.status === "signed" && n.id !== viewing).map((n) => n.signedAt)}
      />
      <AddendumDialog
        note={addendumTo}
        patientId={patientId}
        onClose={() => setAddendumTo(null)}
        onAdded={() => {
          setAddendumTo(null);
          setAdded(true);
        }}
      />
    </Card>
  );
}
