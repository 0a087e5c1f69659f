"use client";

import { Alert } from "@clearwell/ui/alert";
import { Button } from "@clearwell/ui/button";
import { FormError, FormField, useZodForm } from "@clearwell/ui/form";
import { Input } from "@clearwell/ui/input";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";

import { AuthCard } from "~/components/auth-card";
import { loadAuthClient, preloadAuthClient } from "~/lib/load-auth-client";

export function SignInForm({ idle }: { idle: boolean }) {
  const router = useRouter();
  const form = useZodForm({ schema: () => import("../auth-schemas").then((m) => m.ZSignIn), defaultValues: { email: "", password: "" } });
  // Stays busy after success while the next page loads.
  const [leaving, setLeaving] = useState(false);
  useEffect(preloadAuthClient, []);

  const onSubmit = form.handleSubmit(async ({ email, password }) => {
    const authClient = await loadAuthClient();
    const { data, error: failed } = await authClient.signIn.email({ email, password });
    if (failed) {
      // Its wording (localiseIsoTimes) comes with better-auth's client, which loads after the page.
      const { signInErrorMessage } = await import("~/lib/auth-errors");
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
