"use client";

import { Alert } from "@clearwell/ui/alert";
import { Button } from "@clearwell/ui/button";
import { FormError, FormField, useZodForm } from "@clearwell/ui/form";
import { Input } from "@clearwell/ui/input";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { z } from "zod";

import { AuthCard } from "~/components/auth-card";
import { authClient } from "~/lib/auth-client";
import { signInErrorMessage } from "~/lib/auth-errors";

// Only "is it there": the server says whether the pair is right, without saying which is wrong.
const ZSignIn = z.object({ email: z.string().trim().min(1, "Enter your email address."), password: z.string().min(1, "Enter your password.") });

export function SignInForm({ idle }: { idle: boolean }) {
  const router = useRouter();
  const form = useZodForm({ schema: ZSignIn, defaultValues: { email: "", password: "" } });
  // Stays busy after success while the next page loads.
  const [leaving, setLeaving] = useState(false);

  const onSubmit = form.handleSubmit(async ({ email, password }) => {
    const { data, error: failed } = await authClient.signIn.email({ email, password });
    if (failed) {
      form.setValue("password", "");
      form.setError("root.server", { message: signInErrorMessage(failed) });
      return;
    }
    setLeaving(true);
    // Accounts with an authenticator app continue at /sign-in/two-factor (auth-client redirects).
    if (data && "twoFactorRedirect" in data && data.twoFactorRedirect) return;
    router.replace("/");
  });

  return (
    <AuthCard title="Sign in" description="Welcome back. Sign in to see your care with your clinic.">
      <div className="flex flex-col gap-4">
        {idle ? <Alert variant="info">You were signed out after a period of inactivity.</Alert> : null}
        <FormError form={form} />
        <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
          <FormField form={form} name="email" label="Email" required>
            <Input type="email" autoComplete="email" inputMode="email" autoCapitalize="none" spellCheck={false} className="h-12 sm:h-11" />
          </FormField>
          <FormField form={form} name="password" label="Password" required>
            <Input type="password" autoComplete="current-password" className="h-12 sm:h-11" />
          </FormField>
          <Button type="submit" size="lg" loading={form.formState.isSubmitting || leaving} className="w-full">
            Sign in
          </Button>
        </form>
        <p className="text-center text-base">
          <Link href="/forgot-password" className="inline-flex min-h-11 items-center font-medium text-brand-700 underline underline-offset-4 hover:text-brand-900">
            Forgot password?
          </Link>
        </p>
        <p className="text-center text-sm text-slate-600">
          New to Clearwell? Use the enrolment or invitation link your clinic sent you.
        </p>
      </div>
    </AuthCard>
  );
}
