"use client";

import { Alert } from "@clearwell/ui/alert";
import { Button } from "@clearwell/ui/button";
import { TextField } from "@clearwell/ui/field";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";

import { AuthCard } from "~/components/auth-card";
import { authClient } from "~/lib/auth-client";

/** Second step for accounts that turned on an authenticator app. */
export function TwoFactorForm() {
  const router = useRouter();
  const [code, setCode] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const digits = code.replace(/\s+/g, "");
    if (!/^\d{6}$/.test(digits)) {
      setError("Enter the 6-digit code from your authenticator app.");
      return;
    }
    setError(null);
    setPending(true);
    const { error: failed } = await authClient.twoFactor.verifyTotp({ code: digits });
    if (failed) {
      setPending(false);
      setCode("");
      setError(
        failed.status === 429
          ? "Too many attempts. Please wait a minute, then try again."
          : failed.status === 401 && /cookie|session/i.test(failed.message ?? "")
            ? "Your sign-in step expired. Please sign in again."
            : "That code didn't work. Codes change every 30 seconds; try the current one.",
      );
      return;
    }
    router.replace("/");
  }

  return (
    <AuthCard title="Enter your code" description="Open your authenticator app and enter the 6-digit code for Clearwell.">
      <div className="flex flex-col gap-4">
        {error ? <Alert variant="error">{error}</Alert> : null}
        <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
          <TextField
            label="Authentication code"
            name="code"
            inputMode="numeric"
            autoComplete="one-time-code"
            pattern="[0-9]*"
            maxLength={7}
            value={code}
            onChange={(e) => setCode(e.target.value)}
            required
            className="h-12 text-lg tracking-widest sm:h-11"
          />
          <Button type="submit" size="lg" loading={pending} className="w-full">
            Verify
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
