"use client";

import { Alert } from "@clearwell/ui/alert";
import { Button } from "@clearwell/ui/button";
import { TextField } from "@clearwell/ui/field";
import { Skeleton } from "@clearwell/ui/skeleton";
import { ZPassword } from "@clearwell/validators/common";
import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";

import { AuthCard } from "~/components/auth-card";
import { authClient } from "~/lib/auth-client";
import { focusFirstInvalid } from "~/lib/form-errors";
import { fieldErrorsOf, trpcCode } from "~/trpc/query-client";
import { useTRPC } from "~/trpc/react";

export function InviteForm({ token }: { token: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const formRef = useRef<HTMLFormElement>(null);
  const lookup = useQuery(trpc.invitation.lookup.queryOptions({ token }, { retry: false }));
  const accept = useMutation(trpc.invitation.accept.mutationOptions());
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [errors, setErrors] = useState<{ password?: string[]; confirm?: string[] }>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [signingIn, setSigningIn] = useState(false);
  const [needsSignIn, setNeedsSignIn] = useState(false);

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

  const invite = lookup.data;

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

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setFormError(null);
    const next: typeof errors = {};
    if (invite.hasAccount) {
      if (!password) next.password = ["Enter your Clearwell password."];
    } else {
      const parsed = ZPassword.safeParse(password);
      if (!parsed.success) next.password = parsed.error.issues.map((i) => i.message);
      if (confirm !== password) next.confirm = ["The passwords don't match."];
    }
    setErrors(next);
    if (next.password || next.confirm) {
      focusFirstInvalid(formRef.current);
      return;
    }
    try {
      const accepted = await accept.mutateAsync({ token, password });
      setSigningIn(true);
      const { error } = await authClient.signIn.email({ email: accepted.email, password });
      if (error) {
        setSigningIn(false);
        setNeedsSignIn(true);
        return;
      }
      router.replace("/");
    } catch (err) {
      const fromServer = fieldErrorsOf(err);
      if (fromServer.password) {
        setErrors({ password: fromServer.password });
        focusFirstInvalid(formRef.current);
        return;
      }
      const code = trpcCode(err);
      setFormError(
        code && ["CONFLICT", "FORBIDDEN", "NOT_FOUND"].includes(code)
          ? (err as Error).message
          : "We couldn't accept your invitation right now. Please try again.",
      );
    }
  }

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
      <form ref={formRef} onSubmit={onSubmit} noValidate className="flex flex-col gap-5">
        {formError ? <Alert variant="error">{formError}</Alert> : null}
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
        <TextField
          label={invite.hasAccount ? "Your Clearwell password" : "Choose a password"}
          name="password"
          type="password"
          autoComplete={invite.hasAccount ? "current-password" : "new-password"}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={errors.password}
          hint={invite.hasAccount ? undefined : "At least 12 characters."}
          required
          className="h-12 sm:h-11"
        />
        {invite.hasAccount ? null : (
          <TextField
            label="Confirm password"
            name="confirm"
            type="password"
            autoComplete="new-password"
            value={confirm}
            onChange={(e) => setConfirm(e.target.value)}
            error={errors.confirm}
            required
            className="h-12 sm:h-11"
          />
        )}
        <Button type="submit" size="lg" loading={accept.isPending || signingIn} className="w-full">
          {signingIn ? "Signing you in…" : "Accept and continue"}
        </Button>
      </form>
    </AuthCard>
  );
}
