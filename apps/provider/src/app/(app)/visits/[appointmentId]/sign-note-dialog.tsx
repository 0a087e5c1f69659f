"use client";

import { useMutation } from "@tanstack/react-query";
import { Alert } from "@clearwell/ui/alert";

import { reasonsOf } from "~/components/notes/errors";
import { ReauthDialog } from "~/components/notes/reauth-dialog";
import { errorMessage, trpcCode } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";
import type { Kind } from "./soap-fields";

/** The note's sign mutation: the editor reads its state (a conflict shows on the note), the dialog runs it. */
export function useSignNote() {
  const trpc = useTRPC();
  return useMutation(trpc.note.sign.mutationOptions());
}

/**
 * Signing a visit note behind re-authentication. Wrong password or code, locked account: said in the
 * dialog. Missing parts (`onRefused`, the server's reasons) and conflicts: on the note, the dialog closed.
 */
export function SignNoteDialog({
  open,
  onOpenChange,
  kind,
  noteTitle,
  sign,
  target,
  onSigned,
  onRefused,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  kind: Kind;
  /** "Evaluation note" or "Follow-up note". */
  noteTitle: string;
  sign: ReturnType<typeof useSignNote>;
  /** The draft and version to sign, read when the clinician submits. */
  target: () => { id: string; updatedAt: Date };
  onSigned: (noteId: string) => void;
  onRefused: (reasons: string[]) => void;
}) {
  return (
    <ReauthDialog
      open={open}
      onOpenChange={(o) => {
        onOpenChange(o);
        if (!o) sign.reset();
      }}
      title={`Sign the ${noteTitle.toLowerCase()}`}
      description="Re-enter your password to sign, or use a code from your authenticator app."
      confirmLabel="Sign note"
      pending={sign.isPending}
      error={sign.isError && !["UNPROCESSABLE_CONTENT", "CONFLICT"].includes(trpcCode(sign.error) ?? "") ? errorMessage(sign.error) : null}
      onSubmit={(reauth) => {
        const { id, updatedAt } = target();
        sign.mutate(
          { noteId: id, reauth, expectedVersion: updatedAt },
          {
            onSuccess: (s) => {
              onOpenChange(false);
              onSigned(s.id);
            },
            onError: (e) => {
              const code = trpcCode(e);
              if (code === "UNPROCESSABLE_CONTENT") {
                onOpenChange(false);
                onRefused(reasonsOf(e).length ? reasonsOf(e) : [errorMessage(e)]);
              } else if (code === "CONFLICT") onOpenChange(false);
            },
          },
        );
      }}
    >
      <Alert variant="info">
        A signed note can&apos;t be changed or deleted. To correct or add to it later, you add a signed addendum from the chart.
        {kind === "follow_up" ? " The interval data is frozen as shown." : ""}
      </Alert>
    </ReauthDialog>
  );
}
