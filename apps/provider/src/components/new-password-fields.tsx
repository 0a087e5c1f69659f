"use client";

import { TextField } from "@clearwell/ui/field";
import { useEffect } from "react";

export interface NewPasswordErrors {
  password?: string;
  confirm?: string;
}

// The rule (ZPassword, with zod) loads after the page: NewPasswordFields starts it on mount.
const loadRule = () => import("@clearwell/validators/common");

/** Same rule as the server (ZPassword) plus the two entries matching. */
export async function checkNewPassword(password: string, confirm: string): Promise<NewPasswordErrors> {
  const { ZPassword } = await loadRule();
  const out: NewPasswordErrors = {};
  const parsed = ZPassword.safeParse(password);
  if (!parsed.success) out.password = parsed.error.issues[0]?.message ?? "Choose a longer password.";
  if (password !== confirm) out.confirm = "The two passwords don't match.";
  return out;
}

export function NewPasswordFields({
  password,
  confirm,
  onPassword,
  onConfirm,
  errors,
  passwordLabel = "New password",
}: {
  password: string;
  confirm: string;
  onPassword: (v: string) => void;
  onConfirm: (v: string) => void;
  errors: NewPasswordErrors;
  passwordLabel?: string;
}) {
  useEffect(() => {
    loadRule().catch(() => undefined);
  }, []);
  return (
    <>
      <TextField
        label={passwordLabel}
        type="password"
        name="new-password"
        autoComplete="new-password"
        required
        minLength={12}
        maxLength={128}
        hint="At least 12 characters. A few unrelated words make a strong, memorable password."
        value={password}
        onChange={(e) => onPassword(e.target.value)}
        error={errors.password}
      />
      <TextField
        label="Confirm password"
        type="password"
        name="confirm-password"
        autoComplete="new-password"
        required
        value={confirm}
        onChange={(e) => onConfirm(e.target.value)}
        error={errors.confirm}
      />
    </>
  );
}
