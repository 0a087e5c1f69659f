"use client";

import { Alert } from "@clearwell/ui/alert";
import { Button } from "@clearwell/ui/button";
import { TextField } from "@clearwell/ui/field";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";

import { AuthCard } from "~/components/auth-card";
import { authClient } from "~/lib/auth-client";
import { signInErrorMessage } from "~/lib/auth-errors";

export function SignInForm({ idle }: { idle: boolean }) {
  const router = useRouter();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setError(null);
    if (!email.trim() || !password) {
      setError("Enter your email and password.");
      return;
    }
    setPending(true);
    const { data, error: failed } = await authClient.signIn.email({ email: email.trim(), password });
    if (failed) {
      setPending(false);
      setPassword("");
      setError(signInErrorMessage(failed));
      return;
    }
    // Accounts with an authenticator app continue at /sign-in/two-factor (auth-client redirects).
    if (data && "twoFactorRedirect" in data && data.twoFactorRedirect) return;
    router.replace("/");
  }

  return (
    <AuthCard title="Sign in" description="Welcome back. Sign in to see your care with your clinic.">
      <div className="flex flex-col gap-4">
        {idle ? <Alert variant="info">You were signed out after a period of inactivity.</Alert> : null}
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
            required
            className="h-12 sm:h-11"
          />
          <TextField
            label="Password"
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
            className="h-12 sm:h-11"
          />
          <Button type="submit" size="lg" loading={pending} className="w-full">
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
