"use client";

import Link from "next/link";
import { useEffect, useState } from "react";
import { Alert } from "@clearwell/ui/alert";
import { Button } from "@clearwell/ui/button";

import { linkClass } from "~/components/auth-card";
import type { NewPasswordErrors } from "~/components/new-password-fields";
import { NewPasswordFields, checkNewPassword } from "~/components/new-password-fields";
import { loadAuthClient, preloadAuthClient } from "~/lib/load-auth-client";

export function ResetPasswordForm({ token }: { token: string }) {
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [errors, setErrors] = useState<NewPasswordErrors>({});
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  useEffect(preloadAuthClient, []);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const found = await checkNewPassword(password, confirm);
    setErrors(found);
    if (found.password || found.confirm) return;
    setPending(true);
    setFailure(null);
    try {
      const { error } = await (await loadAuthClient()).resetPassword({ newPassword: password, token });
      if (error) {
        setFailure(
          /token/i.test(error.message ?? "") || error.status === 400
            ? "This reset link has expired or was already used. Request a new one."
            : error.message || "We couldn't change your password.",
        );
        return;
      }
      setDone(true);
    } catch {
      setFailure("We couldn't reach Clearwell. Check your connection and try again.");
    } finally {
      setPending(false);
    }
  }

  if (done) {
    return (
      <div className="flex flex-col gap-4">
        <Alert variant="success" title="Password changed">
          For your security, every device that was signed in has been signed out.
        </Alert>
        <Button asChild size="lg" className="w-full">
          <Link href="/sign-in?reason=password-reset">Continue to sign in</Link>
        </Button>
      </div>
    );
  }

  return (
    <form onSubmit={onSubmit} className="flex flex-col gap-4" noValidate>
      {failure ? (
        <Alert variant="error">
          {failure}{" "}
          <Link href="/forgot-password" className={linkClass}>
            Request a new link
          </Link>
        </Alert>
      ) : null}
      <NewPasswordFields password={password} confirm={confirm} onPassword={setPassword} onConfirm={setConfirm} errors={errors} />
      <Button type="submit" size="lg" loading={pending} className="w-full">
        Change password
      </Button>
    </form>
  );
}
