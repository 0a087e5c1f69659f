"use client";

import { useEffect, useState } from "react";
import { Alert } from "@clearwell/ui/alert";
import { Button } from "@clearwell/ui/button";
import { TextField } from "@clearwell/ui/field";

import { loadAuthClient, preloadAuthClient } from "~/lib/load-auth-client";

export function ForgotPasswordForm() {
  const [email, setEmail] = useState("");
  const [pending, setPending] = useState(false);
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(preloadAuthClient, []);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setPending(true);
    setError(null);
    try {
      const { error: failure } = await (await loadAuthClient()).requestPasswordReset({ email: email.trim(), redirectTo: "/reset-password" });
      // Only throttling is reported; anything else gets the same answer so accounts can't be probed.
      if (failure?.status === 429) setError("Too many requests. Please wait a few minutes and try again.");
      else setSent(true);
    } catch {
      setError("We couldn't reach Clearwell. Check your connection and try again.");
    } finally {
      setPending(false);
    }
  }

  if (sent) {
    return (
      <Alert variant="success" title="Check your email">
        If an account exists, we sent a link to {email.trim() || "that address"}. It works for one hour.
      </Alert>
    );
  }

  return (
    <form onSubmit={onSubmit} className="flex flex-col gap-4">
      {error ? <Alert variant="error">{error}</Alert> : null}
      <TextField
        label="Email"
        type="email"
        name="email"
        autoComplete="username"
        required
        value={email}
        onChange={(e) => setEmail(e.target.value)}
      />
      <Button type="submit" size="lg" loading={pending} className="w-full">
        Send reset link
      </Button>
    </form>
  );
}
