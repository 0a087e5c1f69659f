"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { Alert } from "@clearwell/ui/alert";
import { Button } from "@clearwell/ui/button";
import { TextField } from "@clearwell/ui/field";

import { linkClass } from "~/components/auth-card";
import type { signInErrorMessage } from "~/lib/auth-client";
import { loadAuth, preloadAuthClient } from "~/lib/load-auth-client";

const NOTICES: Record<string, { variant: "info" | "success"; text: string }> = {
  idle: { variant: "info", text: "You were signed out after a period of inactivity." },
  "signed-out": { variant: "success", text: "You have signed out." },
  "password-reset": { variant: "success", text: "Your password was changed. Sign in with the new one." },
  "expired-2fa": { variant: "info", text: "Your sign-in attempt expired. Please sign in again." },
};

export function SignInForm({ reason }: { reason: string | null }) {
  const router = useRouter();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ReturnType<typeof signInErrorMessage> | null>(null);
  useEffect(preloadAuthClient, []);
  const notice = reason ? NOTICES[reason] : undefined;

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setPending(true);
    setError(null);
    try {
      const auth = await loadAuth();
      const { data, error: failure } = await auth.authClient.signIn.email({ email: email.trim(), password });
      if (failure) {
        setError(auth.signInErrorMessage(failure));
        return;
      }
      if (data && "twoFactorRedirect" in data && data.twoFactorRedirect) {
        router.push("/sign-in/two-factor");
        return;
      }
      router.replace("/dashboard");
    } catch {
      setError({ kind: "other", title: "We couldn't reach Clearwell", body: "Check your connection and try again." });
    } finally {
      setPending(false);
    }
  }

  return (
    <form onSubmit={onSubmit} noValidate={false} className="flex flex-col gap-4" aria-describedby={error ? "sign-in-error" : undefined}>
      {notice && !error ? <Alert variant={notice.variant}>{notice.text}</Alert> : null}
      {error ? (
        <Alert id="sign-in-error" variant="error" title={error.title}>
          {error.body}
          {error.kind === "locked" || error.kind === "credentials" ? (
            <>
              {" "}
              <Link href="/forgot-password" className={linkClass}>
                Reset your password
              </Link>
            </>
          ) : null}
        </Alert>
      ) : null}
      <TextField
        label="Email"
        type="email"
        name="email"
        autoComplete="username"
        inputMode="email"
        required
        value={email}
        onChange={(e) => setEmail(e.target.value)}
        aria-invalid={error?.kind === "credentials" || undefined}
      />
      <div className="flex flex-col gap-1.5">
        <TextField
          label="Password"
          type="password"
          name="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          aria-invalid={error?.kind === "credentials" || undefined}
        />
        <Link href="/forgot-password" className={`${linkClass} self-end text-sm`}>
          Forgot password?
        </Link>
      </div>
      <Button type="submit" size="lg" loading={pending} className="mt-2 w-full">
        Sign in
      </Button>
    </form>
  );
}
