"use client";

import type { PatientOutputs } from "@clearwell/api/patient";
import { Alert } from "@clearwell/ui/alert";
import { Button } from "@clearwell/ui/button";
import { TextField } from "@clearwell/ui/field";
import { FormError, FormField, applyServerError, useZodForm } from "@clearwell/ui/form";
import { Input } from "@clearwell/ui/input";
import { Skeleton } from "@clearwell/ui/skeleton";
import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";

import { AuthCard } from "~/components/auth-card";
import { loadAuthClient, preloadAuthClient } from "~/lib/load-auth-client";
import { trpcCode } from "~/trpc/query-client";
import { useTRPC } from "~/trpc/react";


type Invitation = PatientOutputs["invitation"]["lookup"];

export function InviteForm({ token }: { token: string }) {
  const trpc = useTRPC();
  const lookup = useQuery(trpc.invitation.lookup.queryOptions({ token }, { retry: false }));

  if (lookup.isPending) {
    return (
      <AuthCard title="Accept your invitation">
        <div aria-busy="true" className="flex flex-col gap-3">
          <span className="sr-only">Loading</span>
          <Skeleton className="h-5 w-2/3" />
          <Skeleton className="h-12 w-full" />
        </div>
      </AuthCard>
    );
  }

  if (lookup.isError) {
    const code = trpcCode(lookup.error);
    const known = code === "NOT_FOUND" || code === "CONFLICT" || code === "BAD_REQUEST";
    return (
      <AuthCard title="This invitation isn't working">
        <div className="flex flex-col gap-4">
          <Alert
            variant="error"
            action={
              known ? null : (
                <Button variant="secondary" size="sm" onClick={() => void lookup.refetch()}>
                  Try again
                </Button>
              )
            }
          >
            {code === "BAD_REQUEST"
              ? "This invitation link is not valid. Ask the clinic to send a new one."
              : known
                ? lookup.error.message
                : "We couldn't load your invitation. Check your connection and try again."}
          </Alert>
          <Button asChild variant="secondary" size="lg" className="w-full">
            <Link href="/sign-in">Go to sign in</Link>
          </Button>
        </div>
      </AuthCard>
    );
  }

  return <AcceptForm token={token} invite={lookup.data} />;
}

/** Keyed by the lookup's answer: an existing account gives its password, a new one chooses one. */
function AcceptForm({ token, invite }: { token: string; invite: Invitation }) {
  const trpc = useTRPC();
  const router = useRouter();
  const accept = useMutation(trpc.invitation.accept.mutationOptions());
  const form = useZodForm({ schema: () => import("../../password-schema").then((m) => (invite.hasAccount ? m.ZExistingPasswordForm : m.ZNewPasswordForm)), defaultValues: { password: "", confirm: "" } });
  const [signingIn, setSigningIn] = useState(false);
  const [needsSignIn, setNeedsSignIn] = useState(false);
  useEffect(preloadAuthClient, []);

  if (needsSignIn) {
    return (
      <AuthCard title="You're all set">
        <div className="flex flex-col gap-4">
          <Alert variant="success">Your invitation from {invite.clinicName} was accepted. Sign in to continue.</Alert>
          <Button asChild size="lg" className="w-full">
            <Link href="/sign-in">Sign in</Link>
          </Button>
        </div>
      </AuthCard>
    );
  }

  const onSubmit = form.handleSubmit(async ({ password }) => {
    try {
      const accepted = await accept.mutateAsync({ token, password });
      setSigningIn(true);
      const authClient = await loadAuthClient();
      const { error } = await authClient.signIn.email({ email: accepted.email, password });
      if (error) {
        setSigningIn(false);
        setNeedsSignIn(true);
        return;
      }
      router.replace("/");
    } catch (err) {
      // A wrong password goes beside the field; conflicts, refusals and closed links above the form.
      applyServerError(form, err, { fallback: "We couldn't accept your invitation right now. Please try again." });
    }
  });

  return (
    <AuthCard
      title="Accept your invitation"
      description={
        <>
          <strong className="font-semibold text-slate-900">{invite.clinicName}</strong> invited you to Clearwell.{" "}
          {invite.hasAccount ? "You already have a Clearwell account: enter its password to add this clinic." : "Choose a password to finish."}
        </>
      }
    >
      <form onSubmit={onSubmit} noValidate className="flex flex-col gap-5">
        <FormError form={form} />
        <TextField
          label="Email"
          name="email"
          type="email"
          autoComplete="username"
          value={invite.email}
          readOnly
          hint="Your clinic sent the invitation to this address."
          className="h-12 bg-slate-50 sm:h-11"
        />
        <FormField
          form={form}
          name="password"
          label={invite.hasAccount ? "Your Clearwell password" : "Choose a password"}
          messageLabel="password"
          hint={invite.hasAccount ? undefined : "At least 12 characters."}
          required
        >
          <Input type="password" autoComplete={invite.hasAccount ? "current-password" : "new-password"} className="h-12 sm:h-11" />
        </FormField>
        {invite.hasAccount ? null : (
          <FormField form={form} name="confirm" label="Confirm password" required>
            <Input type="password" autoComplete="new-password" className="h-12 sm:h-11" />
          </FormField>
        )}
        <Button type="submit" size="lg" loading={accept.isPending || signingIn} className="w-full">
          {signingIn ? "Signing you in…" : "Accept and continue"}
        </Button>
      </form>
    </AuthCard>
  );
}
