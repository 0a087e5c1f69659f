"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { Alert } from "@clearwell/ui/alert";
import { Button } from "@clearwell/ui/button";
import { TextField } from "@clearwell/ui/field";

import { loadAuthClient, preloadAuthClient } from "~/lib/load-auth-client";

type Mode = "totp" | "backup";

export function TwoFactorForm() {
  const router = useRouter();
  const [mode, setMode] = useState<Mode>("totp");
  const [code, setCode] = useState("");
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(preloadAuthClient, []);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const value = code.replace(/\s+/g, "");
    if (mode === "totp" && !/^\d{6}$/.test(value)) {
      setError("Enter the 6 digits shown in your authenticator app.");
      return;
    }
    setPending(true);
    setError(null);
    try {
      const { error: failure } =
        mode === "totp"
          ? await (await loadAuthClient()).twoFactor.verifyTotp({ code: value })
          : await (await loadAuthClient()).twoFactor.verifyBackupCode({ code: value });
      if (failure) {
        if (failure.status === 429) setError("Too many attempts. Wait a minute and try again.");
        else if ((failure.status ?? 0) >= 500) setError("Something went wrong on our side. Please try again, or sign in again.");
        else if (failure.status === 401 && /cookie|session/i.test(failure.message ?? "")) {
          router.replace("/sign-in?reason=expired-2fa");
        } else setError(mode === "totp" ? "That code didn't work. Codes change every 30 seconds; try the current one." : "That backup code didn't work.");
        return;
      }
      router.replace("/dashboard");
    } catch {
      setError("We couldn't reach Clearwell. Check your connection and try again.");
    } finally {
      setPending(false);
    }
  }

  return (
    <form onSubmit={onSubmit} className="flex flex-col gap-4">
      {error ? (
        <Alert id="two-factor-error" variant="error">
          {error}
        </Alert>
      ) : null}
      {mode === "totp" ? (
        <TextField
          key="totp"
          label="Authentication code"
          name="code"
          inputMode="numeric"
          autoComplete="one-time-code"
          pattern="[0-9 ]*"
          maxLength={7}
          autoFocus
          required
          value={code}
          onChange={(e) => setCode(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "two-factor-error" : undefined}
          className="font-mono tracking-[0.3em]"
        />
      ) : (
        <TextField
          key="backup"
          label="Backup code"
          name="code"
          autoComplete="off"
          autoFocus
          required
          value={code}
          onChange={(e) => setCode(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "two-factor-error" : undefined}
          hint="One of the backup codes you saved when you set up two-factor authentication. Each works once."
          className="font-mono"
        />
      )}
      <Button type="submit" size="lg" loading={pending} className="w-full">
        Verify
      </Button>
      <Button
        variant="ghost"
        onClick={() => {
          setMode(mode === "totp" ? "backup" : "totp");
          setCode("");
          setError(null);
        }}
      >
        {mode === "totp" ? "Use a backup code instead" : "Use the authenticator app instead"}
      </Button>
    </form>
  );
}
