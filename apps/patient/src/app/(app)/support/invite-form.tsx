"use client";

import { Button } from "@clearwell/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@clearwell/ui/card";
import { FormError, FormField, applyServerError, useZodForm } from "@clearwell/ui/form";
import { Input } from "@clearwell/ui/input";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Send } from "lucide-react";

import { useTRPC } from "~/trpc/react";

const EMPTY = { name: "", relationship: "", email: "", phone: "" };
const inputClass = "h-12 sm:h-11";

/** Invite a support person: they get an e-mail with their own link (no account). */
export function InviteForm({ onInvited }: { onInvited: (name: string) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const invite = useMutation(trpc.supportPerson.invite.mutationOptions());
  const form = useZodForm({ schema: () => import("@clearwell/validators/regimen").then((m) => m.ZSupportPersonInviteInput), defaultValues: EMPTY });

  const onSubmit = form.handleSubmit(async (values) => {
    try {
      await invite.mutateAsync(values);
      await queryClient.invalidateQueries({ queryKey: trpc.supportPerson.mine.queryKey() });
      void queryClient.invalidateQueries({ queryKey: trpc.regimen.mine.queryKey() });
      onInvited(values.name);
      form.reset(EMPTY);
    } catch (err) {
      applyServerError(form, err, { fallback: "We couldn't send the invitation. Please try again." });
    }
  });

  return (
    <Card aria-labelledby="invite-heading">
      <CardHeader>
        <CardTitle id="invite-heading" className="text-lg">
          Invite your support person
        </CardTitle>
        <p className="text-sm text-slate-700">You need one before your first at-home session. We e-mail them a link to a short briefing.</p>
      </CardHeader>
      <CardContent>
        <form noValidate onSubmit={(e) => void onSubmit(e)} className="flex flex-col gap-4">
          <FormError form={form} />
          <FormField form={form} name="name" label="Their name" required>
            <Input autoComplete="off" className={inputClass} />
          </FormField>
          <FormField form={form} name="relationship" label="How you know them" required>
            <Input placeholder="For example: partner, friend, parent" autoComplete="off" className={inputClass} />
          </FormField>
          <FormField form={form} name="email" label="Their e-mail" messageLabel="their e-mail address" hint="Their link goes here." required>
            <Input type="email" inputMode="email" autoComplete="off" className={inputClass} />
          </FormField>
          <FormField
            form={form}
            name="phone"
            label="Their phone (optional)"
            messageLabel="their phone number"
            hint="So your care team can reach them in an emergency."
          >
            <Input type="tel" inputMode="tel" autoComplete="off" className={inputClass} />
          </FormField>
          <Button type="submit" size="lg" loading={invite.isPending} className="self-stretch sm:self-start">
            <Send aria-hidden="true" />
            Send the invitation
          </Button>
        </form>
      </CardContent>
    </Card>
  );
}
