"use client";

import { Alert } from "@clearwell/ui/alert";
import { Button } from "@clearwell/ui/button";
import { TextField } from "@clearwell/ui/field";
import { ZPassword } from "@clearwell/validators/common";
import Link from "next/link";
import { useRef, useState } from "react";

import { AuthCard } from "~/components/auth-card";
import { authClient } from "~/lib/auth-client";
import { focusFirstInvalid } from "~/lib/form-errors";

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
  const formRef = useRef<HTMLFormElement>(null);
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [errors, setErrors] = useState<{ password?: string; confirm?: string }>({});
  const [error, setError] = useState<string | null>(null);
  const [expired, setExpired] = useState(false);
  const [done, setDone] = useState(false);
  const [pending, setPending] = useState(false);

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

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setError(null);
    const next: typeof errors = {};
    const parsed = ZPassword.safeParse(password);
    if (!parsed.success) next.password = parsed.error.issues[0]?.message ?? "Choose a longer password.";
    if (confirm !== password) next.confirm = "The passwords don't match.";
    setErrors(next);
    if (next.password || next.confirm) {
      focusFirstInvalid(formRef.current);
      return;
    }
    setPending(true);
    const { error: failed } = await authClient.resetPassword({ newPassword: password, token: token! });
    setPending(false);
    if (!failed) {
      setDone(true);
      return;
    }
    if (failed.code === "INVALID_TOKEN" || /token/i.test(failed.message ?? "")) setExpired(true);
    else setError(failed.message ?? "We couldn't change your password. Please try again.");
  }

  return (
    <AuthCard title="Choose a new password" description="A short phrase of several words is easy to remember and hard to guess.">
      <div className="flex flex-col gap-4">
        {error ? <Alert variant="error">{error}</Alert> : null}
        <form ref={formRef} onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
          <TextField
            label="New password"
            name="password"
            type="password"
            autoComplete="new-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            error={errors.password}
            hint="At least 12 characters."
            required
            className="h-12 sm:h-11"
          />
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
          <Button type="submit" size="lg" loading={pending} className="w-full">
            Save new password
          </Button>
        </form>
      </div>
    </AuthCard>
  );
}
