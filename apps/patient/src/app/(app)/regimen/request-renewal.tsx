"use client";

import { Alert } from "@clearwell/ui/alert";
import { Button } from "@clearwell/ui/button";
import { Card, CardContent } from "@clearwell/ui/card";
import { Field } from "@clearwell/ui/field";
import { Textarea } from "@clearwell/ui/input";
import { ZRegimenRequestRenewalInput } from "@clearwell/validators/regimen";
import { useMutation } from "@tanstack/react-query";
import { ChevronDown, RefreshCw } from "lucide-react";
import { useId, useRef, useState } from "react";

import { type FieldErrors, focusFirstInvalid, issuesByPath } from "~/lib/form-errors";
import { useTRPC } from "~/trpc/react";

import type { Regimen } from "./regimen-view";
import { refusalByField, refusalMessage } from "../refusal";

/** Ask the prescriber for a renewal; the answer says what happens next (an early ask is reviewed before you run out). */
export function RequestRenewal({ regimen }: { regimen: Regimen }) {
  const trpc = useTRPC();
  const request = useMutation(trpc.regimen.requestRenewal.mutationOptions());
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState("");
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [idempotencyKey, setKey] = useState(() => crypto.randomUUID());
  const formRef = useRef<HTMLFormElement>(null);
  const panelId = useId();

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (request.isPending) return;
    setFormError(null);
    const parsed = ZRegimenRequestRenewalInput.safeParse({ regimenId: regimen.id, note: note.trim() ? note : undefined, idempotencyKey });
    if (!parsed.success) {
      setErrors(issuesByPath(parsed.error));
      focusFirstInvalid(formRef.current);
      return;
    }
    setErrors({});
    try {
      const res = await request.mutateAsync(parsed.data);
      setDone(res.message);
      setNote("");
      setKey(crypto.randomUUID());
    } catch (err) {
      const fromServer = refusalByField(err);
      if (Object.keys(fromServer).length) setErrors(fromServer);
      else setFormError(refusalMessage(err, "We couldn't send your request. Please try again."));
    }
  }

  return (
    <Card>
      <CardContent className="flex flex-col gap-3 py-4">
        <h3>
          <button
            type="button"
            aria-expanded={open}
            aria-controls={panelId}
            onClick={() => setOpen((o) => !o)}
            className="flex min-h-11 w-full items-center gap-2 rounded-md text-left text-base font-semibold text-slate-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600"
          >
            <RefreshCw aria-hidden="true" className="size-5 shrink-0 text-brand-700" />
            <span className="flex-1">Ask for a renewal</span>
            <ChevronDown aria-hidden="true" className={`size-5 shrink-0 transition-transform ${open ? "rotate-180" : ""}`} />
          </button>
        </h3>
        <div id={panelId} hidden={!open} className="flex flex-col gap-4">
          {done ? (
            <Alert variant="success" title="Request sent">
              {done}
            </Alert>
          ) : null}
          <p className="text-base text-slate-700">
            Your prescriber decides on a new prescription, usually at your follow-up visit
            {regimen.nextFollowUpDate ? "" : " (book one if you have none)"}. Asking early does not speed it up: they review it before you run out.
          </p>
          <form ref={formRef} noValidate onSubmit={(e) => void onSubmit(e)} className="flex flex-col gap-4">
            {formError ? <Alert variant="error">{formError}</Alert> : null}
            <Field label="Anything your prescriber should know? (optional)" error={errors.note}>
              <Textarea name="note" value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} rows={3} />
            </Field>
            <Button type="submit" size="lg" variant="secondary" loading={request.isPending} className="self-stretch sm:self-start">
              Send request
            </Button>
          </form>
        </div>
      </CardContent>
    </Card>
  );
}
