"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { Alert } from "@clearwell/ui/alert";
import { Badge } from "@clearwell/ui/badge";
import { Button } from "@clearwell/ui/button";
import { TextField } from "@clearwell/ui/field";
import { Skeleton } from "@clearwell/ui/skeleton";

import { AuthCard, linkClass } from "~/components/auth-card";
import type { NewPasswordErrors } from "~/components/new-password-fields";
import { NewPasswordFields, checkNewPassword } from "~/components/new-password-fields";
import { loadAuthClient, preloadAuthClient } from "~/lib/load-auth-client";
import { roleLabel } from "~/lib/roles";
import { errorMessage, fieldErrorsOf, trpcCode } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";

export function AcceptInvitation({ token }: { token: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const lookup = useQuery({ ...trpc.invitation.lookup.queryOptions({ token }), staleTime: Infinity, refetchOnWindowFocus: false });
  const accept = useMutation(trpc.invitation.accept.mutationOptions());

  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [errors, setErrors] = useState<NewPasswordErrors & { name?: string }>({});
  const [signInProblem, setSignInProblem] = useState<string | null>(null);
  const [finishing, setFinishing] = useState(false);
  useEffect(preloadAuthClient, []);

  if (lookup.isPending) {
    return (
      <AuthCard title="Join your clinic">
        <div aria-busy="true" className="flex flex-col gap-3">
          <span className="sr-only">Checking your invitation…</span>
          <Skeleton className="h-4 w-3/4" />
          <Skeleton className="h-4 w-1/2" />
          <Skeleton className="mt-4 h-10 w-full" />
        </div>
      </AuthCard>
    );
  }

  if (lookup.isError) {
    const code = trpcCode(lookup.error);
    const known = code === "NOT_FOUND" || code === "CONFLICT" || code === "BAD_REQUEST";
    return (
      <AuthCard
        title="This invitation can't be used"
        footer={
          <Link href="/sign-in" className={linkClass}>
            Go to sign in
          </Link>
        }
      >
        <Alert
          variant="error"
          action={
            known ? undefined : (
              <Button size="sm" variant="secondary" onClick={() => void lookup.refetch()}>
                Try again
              </Button>
            )
          }
        >
          {code === "BAD_REQUEST" && fieldErrorsOf(lookup.error).token
            ? "This invitation link is not valid. Ask the clinic to send a new one."
            : errorMessage(lookup.error)}
        </Alert>
      </AuthCard>
    );
  }

  const invite = lookup.data;

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const found: NewPasswordErrors & { name?: string } = invite.hasAccount ? {} : await checkNewPassword(password, confirm);
    if (!invite.hasAccount && !name.trim()) found.name = "Enter your full name.";
    if (invite.hasAccount && !password) found.password = "Enter your password.";
    setErrors(found);
    if (Object.values(found).some(Boolean)) return;
    setSignInProblem(null);
    try {
      await accept.mutateAsync({ token, password, ...(invite.hasAccount ? {} : { name: name.trim() }) });
    } catch (err) {
      const fields = fieldErrorsOf(err);
      setErrors({ name: fields.name?.[0], password: fields.password?.[0] });
      return;
    }
    // The account exists and holds the membership now; sign in with what was just typed.
    setFinishing(true);
    const { data, error } = await (await loadAuthClient()).signIn.email({ email: invite.email, password }).catch(() => ({
      data: null,
      error: { message: "We couldn't reach Clearwell to sign you in." },
    }));
    if (error) {
      setFinishing(false);
      setSignInProblem(error.message || "Your account is ready, but signing in failed.");
      return;
    }
    if (data && "twoFactorRedirect" in data && data.twoFactorRedirect) {
      router.push("/sign-in/two-factor");
      return;
    }
    router.replace("/dashboard");
  }

  const acceptError = accept.isError && !Object.keys(fieldErrorsOf(accept.error)).length ? errorMessage(accept.error) : null;

  return (
    <AuthCard
      title={`Join ${invite.clinicName}`}
      description={
        invite.hasAccount
          ? "You already have a Clearwell staff account. Confirm it's you with your current password."
          : "Set up your Clearwell staff account."
      }
    >
      <dl className="mb-6 grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 rounded-lg bg-slate-50 p-4 text-sm">
        <dt className="text-slate-600">Email</dt>
        <dd className="font-medium break-all text-slate-900">{invite.email}</dd>
        <dt className="text-slate-600">Roles</dt>
        <dd className="flex flex-wrap gap-1.5">
          {invite.roles.length ? invite.roles.map((r) => <Badge key={r} variant="brand">{roleLabel(r)}</Badge>) : "—"}
        </dd>
      </dl>
      {signInProblem ? (
        <Alert variant="warning" title="You've joined the clinic" className="mb-4">
          {signInProblem}{" "}
          <Link href="/sign-in" className={linkClass}>
            Sign in
          </Link>
        </Alert>
      ) : null}
      <form onSubmit={onSubmit} className="flex flex-col gap-4" noValidate>
        {acceptError ? <Alert variant="error">{acceptError}</Alert> : null}
        {invite.hasAccount ? (
          <TextField
            label="Password"
            type="password"
            name="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            error={errors.password}
          />
        ) : (
          <>
            <TextField
              label="Full name"
              name="name"
              autoComplete="name"
              required
              hint="As it should appear to colleagues and patients, e.g. Dana Reyes, NP."
              value={name}
              onChange={(e) => setName(e.target.value)}
              error={errors.name}
            />
            <NewPasswordFields
              passwordLabel="Password"
              password={password}
              confirm={confirm}
              onPassword={setPassword}
              onConfirm={setConfirm}
              errors={errors}
            />
          </>
        )}
        <Button type="submit" size="lg" loading={accept.isPending || finishing} className="w-full">
          {invite.hasAccount ? "Join clinic" : "Create account and join"}
        </Button>
      </form>
    </AuthCard>
  );
}
