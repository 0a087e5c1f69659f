"use client";

import { Alert } from "@clearwell/ui/alert";
import { Button } from "@clearwell/ui/button";
import { FormError, FormField, useZodForm } from "@clearwell/ui/form";
import { Input } from "@clearwell/ui/input";
import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";

import { AuthCard } from "~/components/auth-card";
import { loadAuthClient, preloadAuthClient } from "~/lib/load-auth-client";
import { trpcCode } from "~/trpc/query-client";
import { useTRPC } from "~/trpc/react";

/**
 * The link from the enrolment e-mail. Confirming is a button press (a POST), never the page
 * load, so a mail scanner that opens links cannot use it up. The password the person chose
 * on the form signs them straight in.
 */
export function ConfirmEnrolmentForm({ token }: { token: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const confirm = useMutation(trpc.enrolment.confirm.mutationOptions());
  const form = useZodForm({ schema: () => import("../../../auth-schemas").then((m) => m.ZConfirmEnrolment), defaultValues: { password: "" } });
  const [linkError, setLinkError] = useState<string | null>(null);
  useEffect(preloadAuthClient, []);
  // Once confirmed, the link is spent: a retry only signs in again.
  const [confirmedEmail, setConfirmedEmail] = useState<string | null>(null);
  const [signingIn, setSigningIn] = useState(false);

  if (linkError) {
    return (
      <AuthCard title="This link isn't working">
        <div className="flex flex-col gap-4">
          <Alert variant="error">{linkError}</Alert>
          <Button asChild variant="secondary" size="lg" className="w-full">
            <Link href="/sign-in">Go to sign in</Link>
          </Button>
        </div>
      </AuthCard>
    );
  }

  const onSubmit = form.handleSubmit(async ({ password }) => {
    let email = confirmedEmail;
    if (!email) {
      try {
        email = (await confirm.mutateAsync({ token })).email;
        setConfirmedEmail(email);
      } catch (err) {
        const code = trpcCode(err);
        if (code === "NOT_FOUND" || code === "CONFLICT" || code === "BAD_REQUEST") {
          setLinkError(code === "BAD_REQUEST" ? "This link is not valid. Start again from your clinic's enrolment link." : (err as Error).message);
        } else {
          form.setError("root.server", {
            message: code === "TOO_MANY_REQUESTS" ? (err as Error).message : "We couldn't finish creating your account right now. Please try again.",
          });
        }
        return;
      }
    }
    setSigningIn(true);
    const authClient = await loadAuthClient();
    const { error } = await authClient.signIn.email({ email, password });
    setSigningIn(false);
    if (error) {
      form.setError(
        "password",
        { message: error.status === 401 ? "That isn't the password you chose. Try again, or reset it from the sign-in page." : (error.message ?? "We couldn't sign you in.") },
        { shouldFocus: true },
      );
      return;
    }
    router.replace("/");
  });

  return (
    <AuthCard
      title={confirmedEmail ? "Your account is ready" : "Finish creating your account"}
      description={
        confirmedEmail
          ? "Sign in with the password you chose to continue."
          : "Thanks for confirming your e-mail. Enter the password you chose to finish and sign in."
      }
    >
      <form onSubmit={onSubmit} noValidate className="flex flex-col gap-5">
        <FormError form={form} />
        <FormField form={form} name="password" label="Password" required>
          <Input type="password" autoComplete="current-password" className="h-12 sm:h-11" />
        </FormField>
        <Button type="submit" size="lg" loading={confirm.isPending || signingIn} className="w-full">
          {signingIn ? "Signing you in…" : "Finish and sign in"}
        </Button>
        <p className="text-center text-base text-slate-700">
          <Link href="/forgot-password" className="inline-flex min-h-11 items-center font-medium text-brand-700 underline underline-offset-4">
            Forgot your password?
          </Link>
        </p>
      </form>
    </AuthCard>
  );
}
