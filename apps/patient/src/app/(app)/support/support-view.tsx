"use client";

import type { PatientOutputs } from "@clearwell/api/patient";
import { Alert } from "@clearwell/ui/alert";
import { Badge } from "@clearwell/ui/badge";
import { Button } from "@clearwell/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@clearwell/ui/card";
import { ConfirmDialog } from "@clearwell/ui/confirm-dialog";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Mail, Phone, UsersRound } from "lucide-react";
import { useRef, useState } from "react";

import { useTRPC } from "~/trpc/react";

import { PageTitle } from "../back-link";
import { LoadError, Loading } from "../load-states";
import { InviteForm } from "./invite-form";
import { refusalMessage } from "../refusal";

type Person = NonNullable<PatientOutputs["supportPerson"]["mine"]["supportPerson"]>;

const dateFmt = new Intl.DateTimeFormat("en-US", { dateStyle: "long" });

/**
 * The patient's support person (issue 13 item 4): what they do, the invitation and its state,
 * resend and remove. The support person answers from their own phone through the e-mailed link.
 */
export function SupportView() {
  const trpc = useTRPC();
  const mine = useQuery(trpc.supportPerson.mine.queryOptions());
  const [notice, setNotice] = useState<string | null>(null);
  const noticeRef = useRef<HTMLDivElement>(null);

  const announce = (text: string) => {
    setNotice(text);
    requestAnimationFrame(() => noticeRef.current?.focus());
  };

  let body: React.ReactNode;
  if (mine.isPending) body = <Loading label="Loading your support person" rows={1} />;
  else if (mine.isError) body = <LoadError title="We couldn't load your support person" error={mine.error} retry={() => void mine.refetch()} retrying={mine.isFetching} />;
  else if (!mine.data.supportPerson) body = <InviteForm onInvited={(name) => announce(`We e-mailed ${name} a link. They open it to read a short briefing and agree.`)} />;
  else body = <PersonCard person={mine.data.supportPerson} onNotice={announce} />;

  return (
    <div className="flex flex-col gap-6">
      <PageTitle title="Support person" lead="Someone you trust who stays with you during each at-home session and until the next day." />
      {notice ? (
        <div ref={noticeRef} tabIndex={-1} className="outline-none">
          <Alert variant="success">{notice}</Alert>
        </div>
      ) : null}
      {body}
      <WhatTheyDo />
    </div>
  );
}

function statusOf(p: Person) {
  if (p.status === "active") return { label: "Agreed", variant: "success" as const, text: p.consentedAt ? `Agreed on ${dateFmt.format(p.consentedAt)}.` : "They have agreed." };
  const expired = p.inviteExpiresAt !== null && p.inviteExpiresAt.getTime() <= Date.now();
  return {
    label: expired ? "Link expired" : "Invited",
    variant: "warning" as const,
    text: expired
      ? `Their link expired on ${dateFmt.format(p.inviteExpiresAt!)} before they agreed. Send it again.`
      : `Invited on ${dateFmt.format(p.invitedAt)}. Waiting for them to open the link and agree${p.inviteExpiresAt ? ` (it works until ${dateFmt.format(p.inviteExpiresAt)})` : ""}. You cannot start a session until they do.`,
  };
}

function PersonCard({ person, onNotice }: { person: Person; onNotice: (text: string) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const resend = useMutation(trpc.supportPerson.resendInvite.mutationOptions());
  const revoke = useMutation(trpc.supportPerson.revoke.mutationOptions());
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const status = statusOf(person);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.supportPerson.mine.queryKey() });

  return (
    <Card aria-labelledby="support-person-heading">
      <CardHeader className="gap-2">
        <p>
          <Badge variant={status.variant} className="text-sm">
            {status.label}
          </Badge>
        </p>
        <CardTitle id="support-person-heading" className="text-lg">
          {person.name} <span className="font-normal text-slate-600">({person.relationship})</span>
        </CardTitle>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        <p className="text-base text-slate-800">{status.text}</p>
        <ul className="flex flex-col gap-1 text-base text-slate-800">
          <li className="flex items-center gap-2 break-all">
            <Mail aria-hidden="true" className="size-4 shrink-0 text-slate-500" />
            {person.email}
          </li>
          {person.phone ? (
            <li className="flex items-center gap-2">
              <Phone aria-hidden="true" className="size-4 shrink-0 text-slate-500" />
              {person.phone}
            </li>
          ) : null}
        </ul>
        {error ? <Alert variant="error">{error}</Alert> : null}
        <div className="flex flex-col gap-2 sm:flex-row">
          {person.status === "invited" ? (
          <Button
            variant="secondary"
            size="lg"
            loading={resend.isPending}
            onClick={async () => {
              setError(null);
              try {
                await resend.mutateAsync();
                await refresh();
                onNotice(`We sent ${person.name} a new link. It works for 7 days; the old link no longer works.`);
              } catch (e) {
                setError(refusalMessage(e, "We couldn't send the link. Please try again."));
              }
            }}
          >
            <Mail aria-hidden="true" />
            Send their link again
          </Button>
          ) : null}
          <Button variant="ghost" size="lg" className="h-auto min-h-12 py-2.5 whitespace-normal text-red-800 hover:bg-red-50 hover:text-red-900" onClick={() => setConfirming(true)}>
            Remove {person.name}
          </Button>
        </div>
        <p className="text-sm text-slate-600">
          {person.status === "invited"
            ? "Their link is personal. Sending it again makes a new link; the old one stops working."
            : "Their link is personal and keeps working. If they lose it, remove them and invite them again."}
        </p>
      </CardContent>
      <ConfirmDialog
        open={confirming}
        onOpenChange={setConfirming}
        title={`Remove ${person.name} as your support person?`}
        description="Their link stops working at once. You will need a support person before your next session: you can invite someone new straight away."
        confirmLabel="Remove"
        destructive
        pending={revoke.isPending}
        onConfirm={async () => {
          setError(null);
          try {
            await revoke.mutateAsync();
            setConfirming(false);
            await refresh();
            onNotice(`${person.name} is no longer your support person. Invite someone new below.`);
          } catch (e) {
            setConfirming(false);
            setError(refusalMessage(e, "We couldn't remove them. Please try again."));
          }
        }}
      />
    </Card>
  );
}

function WhatTheyDo() {
  return (
    <Card aria-labelledby="support-role-heading">
      <CardHeader>
        <CardTitle id="support-role-heading" className="flex items-center gap-2 text-lg">
          <UsersRound aria-hidden="true" className="size-5 text-brand-700" />
          What your support person does
        </CardTitle>
      </CardHeader>
      <CardContent>
        <ul className="flex list-disc flex-col gap-2 pl-5 text-base text-slate-800">
          <li>Stays with you during the session and afterwards, until you have slept and the effects have gone.</li>
          <li>Confirms they are with you from their own phone: their link shows a 6-digit code that they read to you before each session.</li>
          <li>Makes sure you do not drive or use machinery until the next day.</li>
          <li>Knows the warning signs and calls 911 for chest pain, trouble breathing, fainting, a seizure or severe confusion.</li>
          <li>Adds their name to your dose log when you record the session.</li>
        </ul>
        <p className="mt-3 text-sm text-slate-700">They do not need an account. We only e-mail them the link; we never send them your health information.</p>
      </CardContent>
    </Card>
  );
}
