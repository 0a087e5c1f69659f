"use client";

import { useEffect, useState } from "react";
import { Alert } from "@clearwell/ui/alert";
import { Button } from "@clearwell/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@clearwell/ui/card";
import { TextField } from "@clearwell/ui/field";

import type { NewPasswordErrors } from "~/components/new-password-fields";
import { NewPasswordFields, checkNewPassword } from "~/components/new-password-fields";
import { loadAuthClient, preloadAuthClient } from "~/lib/load-auth-client";

export function ChangePasswordCard() {
  const [current, setCurrent] = useState("");
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [errors, setErrors] = useState<NewPasswordErrors & { current?: string }>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [pending, setPending] = useState(false);
  useEffect(preloadAuthClient, []);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setDone(false);
    const found: NewPasswordErrors & { current?: string } = await checkNewPassword(password, confirm);
    if (!current) found.current = "Enter your current password.";
    else if (current === password) found.password = "Choose a password different from the current one.";
    setErrors(found);
    if (Object.values(found).some(Boolean)) return;
    setPending(true);
    setFailure(null);
    try {
      const { error } = await (await loadAuthClient()).changePassword({ currentPassword: current, newPassword: password, revokeOtherSessions: true });
      if (error) {
        if (error.status === 400 || error.status === 401) setErrors({ current: "That password is incorrect." });
        else setFailure(error.message || "We couldn't change your password.");
        return;
      }
      setCurrent("");
      setPassword("");
      setConfirm("");
      setDone(true);
    } catch {
      setFailure("We couldn't reach Clearwell. Check your connection and try again.");
    } finally {
      setPending(false);
    }
  }

  return (
    <Card>
      <CardHeader>
        <CardTitle>Change password</CardTitle>
        <CardDescription>Other devices signed in to your account are signed out when you change it.</CardDescription>
      </CardHeader>
      <CardContent>
        <form onSubmit={onSubmit} className="flex max-w-sm flex-col gap-4" noValidate>
          {done ? <Alert variant="success">Password changed. Other sessions were signed out.</Alert> : null}
          {failure ? <Alert variant="error">{failure}</Alert> : null}
          <TextField
            label="Current password"
            type="password"
            name="current-password"
            autoComplete="current-password"
            required
            value={current}
            onChange={(e) => setCurrent(e.target.value)}
            error={errors.current}
          />
          <NewPasswordFields password={password} confirm={confirm} onPassword={setPassword} onConfirm={setConfirm} errors={errors} />
          <div>
            <Button type="submit" loading={pending}>
              Change password
            </Button>
          </div>
        </form>
      </CardContent>
    </Card>
  );
}
