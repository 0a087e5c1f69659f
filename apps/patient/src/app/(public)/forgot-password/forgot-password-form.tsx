"use client";

import { Alert } from "@clearwell/ui/alert";
import { Button } from "@clearwell/ui/button";
import { FormError, FormField, useZodForm } from "@clearwell/ui/form";
import { Input } from "@clearwell/ui/input";
import Link from "next/link";
import { useEffect, useState } from "react";

import { AuthCard } from "~/components/auth-card";
import { loadAuthClient, preloadAuthClient } from "~/lib/load-auth-client";

export function ForgotPasswordForm() {
  const form = useZodForm({ schema: () => import("../auth-schemas").then((m) => m.ZForgot), defaultValues: { email: "" } });
  const [sentTo, setSentTo] = useState<string | null>(null);
  useEffect(preloadAuthClient, []);

  const onSubmit = form.handleSubmit(async ({ email }) => {
    const authClient = await loadAuthClient();
    const { error: failed } = await authClient.requestPasswordReset({ email, redirectTo: "/reset-password" });
    if (failed?.status === 429) {
      form.setError("root.server", { message: "Too many requests. Please wait a few minutes, then try again." });
      return;
    }
    if (failed && failed.status && failed.status >= 500) {
      form.setError("root.server", { message: "We couldn't send the link right now. Please try again." });
      return;
    }
    // Same answer whether or not the address has an account, so the form reveals nothing.
    setSentTo(email);
  });

  if (sentTo) {
    return (
      <AuthCard title="Check your email">
        <div className="flex flex-col gap-4">
          <Alert variant="success">
            If a Clearwell account uses <strong className="break-all">{sentTo}</strong>, we&apos;ve sent a link to choose a new
            password. The link works for one hour.
          </Alert>
          <p className="text-base text-slate-700">Didn&apos;t get it? Check your spam folder, or ask your clinic for help.</p>
          <Button asChild variant="secondary" size="lg" className="w-full">
            <Link href="/sign-in">Back to sign in</Link>
          </Button>
        </div>
      </AuthCard>
    );
  }

  return (
    <AuthCard title="Forgot your password?" description="Enter the email you use for Clearwell and we'll send you a link to choose a new password.">
      <div className="flex flex-col gap-4">
        <FormError form={form} />
        <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
          <FormField form={form} name="email" label="Email" required>
            <Input type="email" autoComplete="email" inputMode="email" autoCapitalize="none" spellCheck={false} className="h-12 sm:h-11" />
          </FormField>
          <Button type="submit" size="lg" loading={form.formState.isSubmitting} className="w-full">
            Send reset link
          </Button>
        </form>
        <p className="text-center">
          <Link href="/sign-in" className="inline-flex min-h-11 items-center font-medium text-brand-700 underline underline-offset-4">
            Back to sign in
          </Link>
        </p>
      </div>
    </AuthCard>
  );
}
