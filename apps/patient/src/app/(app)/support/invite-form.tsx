"use client";

import { Alert } from "@clearwell/ui/alert";
import { Button } from "@clearwell/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@clearwell/ui/card";
import { TextField } from "@clearwell/ui/field";
import { ZSupportPersonInviteInput } from "@clearwell/validators/regimen";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Send } from "lucide-react";
import { useRef, useState } from "react";

import { type FieldErrors, focusFirstInvalid, issuesByPath } from "~/lib/form-errors";
import { useTRPC } from "~/trpc/react";
import { refusalByField, refusalMessage } from "../refusal";

const EMPTY = { name: "", relationship: "", email: "", phone: "" };

/** Invite a support person: they get an e-mail with their own link (no account). */
export function InviteForm({ onInvited }: { onInvited: (name: string) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const invite = useMutation(trpc.supportPerson.invite.mutationOptions());
  const formRef = useRef<HTMLFormElement>(null);
  const [form, setForm] = useState(EMPTY);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const set = (k: keyof typeof EMPTY) => (e: React.ChangeEvent<HTMLInputElement>) => setForm((f) => ({ ...f, [k]: e.target.value }));

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (invite.isPending) return;
    setFormError(null);
    const parsed = ZSupportPersonInviteInput.safeParse(form);
    if (!parsed.success) {
      setErrors(issuesByPath(parsed.error));
      focusFirstInvalid(formRef.current);
      return;
    }
    setErrors({});
    try {
      await invite.mutateAsync(form);
      await queryClient.invalidateQueries({ queryKey: trpc.supportPerson.mine.queryKey() });
      void queryClient.invalidateQueries({ queryKey: trpc.regimen.mine.queryKey() });
      onInvited(parsed.data.name);
      setForm(EMPTY);
    } catch (err) {
      const fromServer = refusalByField(err);
      if (Object.keys(fromServer).length) {
        setErrors(fromServer);
        focusFirstInvalid(formRef.current);
      } else setFormError(refusalMessage(err, "We couldn't send the invitation. Please try again."));
    }
  }

  return (
    <Card aria-labelledby="invite-heading">
      <CardHeader>
        <CardTitle id="invite-heading" className="text-lg">
          Invite your support person
        </CardTitle>
        <p className="text-sm text-slate-700">You need one before your first at-home session. We e-mail them a link to a short briefing.</p>
      </CardHeader>
      <CardContent>
        <form ref={formRef} noValidate onSubmit={(e) => void onSubmit(e)} className="flex flex-col gap-4">
          {formError ? <Alert variant="error">{formError}</Alert> : null}
          <TextField label="Their name" name="name" autoComplete="off" value={form.name} onChange={set("name")} error={errors.name} required className="h-12 sm:h-11" />
          <TextField
            label="How you know them"
            name="relationship"
            placeholder="For example: partner, friend, parent"
            autoComplete="off"
            value={form.relationship}
            onChange={set("relationship")}
            error={errors.relationship}
            required
            className="h-12 sm:h-11"
          />
          <TextField
            label="Their e-mail"
            name="email"
            type="email"
            inputMode="email"
            autoComplete="off"
            hint="Their link goes here."
            value={form.email}
            onChange={set("email")}
            error={errors.email}
            required
            className="h-12 sm:h-11"
          />
          <TextField
            label="Their phone (optional)"
            name="phone"
            type="tel"
            inputMode="tel"
            autoComplete="off"
            hint="So your care team can reach them in an emergency."
            value={form.phone}
            onChange={set("phone")}
            error={errors.phone}
            className="h-12 sm:h-11"
          />
          <Button type="submit" size="lg" loading={invite.isPending} className="self-stretch sm:self-start">
            <Send aria-hidden="true" />
            Send the invitation
          </Button>
        </form>
      </CardContent>
    </Card>
  );
}
