"use client";

import { Alert } from "@clearwell/ui/alert";
import { Button } from "@clearwell/ui/button";
import { TextField } from "@clearwell/ui/field";
import { ZEmail } from "@clearwell/validators/common";
import Link from "next/link";
import { useState } from "react";

import { AuthCard } from "~/components/auth-card";
import { authClient } from "~/lib/auth-client";

export function ForgotPasswordForm() {
  const [email, setEmail] = useState("");
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [sent, setSent] = useState(false);
  const [pending, setPending] = useState(false);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setError(null);
    const parsed = ZEmail.safeParse(email);
    if (!parsed.success) {
      setFieldError(parsed.error.issues[0]?.message ?? "Enter a valid email address.");
      e.currentTarget.querySelector<HTMLInputElement>("input")?.focus();
      return;
    }
    setFieldError(null);
    setPending(true);
    const { error: failed } = await authClient.requestPasswordReset({ email: parsed.data, redirectTo: "/reset-password" });
    setPending(false);
    if (failed?.status === 429) {
      setError("Too many requests. Please wait a few minutes, then try again.");
      return;
    }
    if (failed && failed.status && failed.status >= 500) {
      setError("We couldn't send the link right now. Please try again.");
      return;
    }
    // Same answer whether or not the address has an account, so the form reveals nothing.
    setSent(true);
  }

  if (sent) {
    return (
      <AuthCard title="Check your email">
        <div className="flex flex-col gap-4">
          <Alert variant="success">
            If a Clearwell account uses <strong className="break-all">{email.trim()}</strong>, we&apos;ve sent a link to choose a new
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
        {error ? <Alert variant="error">{error}</Alert> : null}
        <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
          <TextField
            label="Email"
            name="email"
            type="email"
            autoComplete="email"
            inputMode="email"
            autoCapitalize="none"
            spellCheck={false}
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            error={fieldError}
            required
            className="h-12 sm:h-11"
          />
          <Button type="submit" size="lg" loading={pending} className="w-full">
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
