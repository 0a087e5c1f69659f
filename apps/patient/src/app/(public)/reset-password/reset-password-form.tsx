"use client";

import { Alert } from "@clearwell/ui/alert";
import { Button } from "@clearwell/ui/button";
import { FormError, FormField, useZodForm } from "@clearwell/ui/form";
import { Input } from "@clearwell/ui/input";
import Link from "next/link";
import { useEffect, useState } from "react";

import { AuthCard } from "~/components/auth-card";
import { loadAuthClient, preloadAuthClient } from "~/lib/load-auth-client";


function InvalidLink() {
  return (
    <AuthCard title="This link has expired">
      <div className="flex flex-col gap-4">
        <Alert variant="error">This password reset link is no longer valid. Links work once, for one hour.</Alert>
        <Button asChild size="lg" className="w-full">
          <Link href="/forgot-password">Send a new link</Link>
        </Button>
      </div>
    </AuthCard>
  );
}

export function ResetPasswordForm({ token }: { token: string | null }) {
  const form = useZodForm({ schema: () => import("../password-schema").then((m) => m.ZNewPasswordForm), defaultValues: { password: "", confirm: "" } });
  const [expired, setExpired] = useState(false);
  const [done, setDone] = useState(false);
  useEffect(preloadAuthClient, []);

  if (!token || expired) return <InvalidLink />;

  if (done) {
    return (
      <AuthCard title="Password changed">
        <div className="flex flex-col gap-4">
          <Alert variant="success">Your new password is set. For your safety, you were signed out everywhere else.</Alert>
          <Button asChild size="lg" className="w-full">
            <Link href="/sign-in">Sign in</Link>
          </Button>
        </div>
      </AuthCard>
    );
  }

  const onSubmit = form.handleSubmit(async ({ password }) => {
    const authClient = await loadAuthClient();
    const { error: failed } = await authClient.resetPassword({ newPassword: password, token: token! });
    if (!failed) {
      setDone(true);
      return;
    }
    if (failed.code === "INVALID_TOKEN" || /token/i.test(failed.message ?? "")) setExpired(true);
    else form.setError("root.server", { message: failed.message ?? "We couldn't change your password. Please try again." });
  });

  return (
    <AuthCard title="Choose a new password" description="A short phrase of several words is easy to remember and hard to guess.">
      <div className="flex flex-col gap-4">
        <FormError form={form} />
        <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
          <FormField form={form} name="password" label="New password" hint="At least 12 characters." required>
            <Input type="password" autoComplete="new-password" className="h-12 sm:h-11" />
          </FormField>
          <FormField form={form} name="confirm" label="Confirm password" required>
            <Input type="password" autoComplete="new-password" className="h-12 sm:h-11" />
          </FormField>
          <Button type="submit" size="lg" loading={form.formState.isSubmitting} className="w-full">
            Save new password
          </Button>
        </form>
      </div>
    </AuthCard>
  );
}
