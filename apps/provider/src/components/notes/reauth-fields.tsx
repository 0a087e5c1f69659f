"use client";

import { useId } from "react";
import type { TReauth } from "@clearwell/validators/note";
import { TextField } from "@clearwell/ui/field";

export type ReauthMethod = "password" | "totp";

/**
 * The answer to "re-enter your password" (DOMAIN.md §9 re-auth before signing), checked here only
 * for shape; the server verifies it. Returns a plain-language problem instead when it can't be sent.
 */
export function reauthOf(method: ReauthMethod, value: string): { reauth: TReauth } | { problem: string } {
  if (method === "password") return value ? { reauth: { password: value } } : { problem: "Enter your password." };
  const code = value.replace(/\s/g, "");
  return /^\d{6}$/.test(code) ? { reauth: { totp: code } } : { problem: "Enter the 6-digit code from your authenticator app." };
}

/** Password or authenticator code, chosen by the clinician; the input is labelled for screen readers. */
export function ReauthFields({
  method,
  onMethod,
  value,
  onValue,
  error,
}: {
  method: ReauthMethod;
  onMethod: (m: ReauthMethod) => void;
  value: string;
  onValue: (v: string) => void;
  error?: string | null;
}) {
  const name = useId();
  return (
    <div className="flex flex-col gap-3">
      <fieldset className="flex flex-wrap gap-x-5 gap-y-1">
        <legend className="mb-1 text-sm font-medium text-slate-800">Confirm it&apos;s you with</legend>
        {(
          [
            ["password", "My password"],
            ["totp", "An authenticator code"],
          ] as const
        ).map(([m, label]) => (
          <label key={m} className="flex cursor-pointer items-center gap-2 py-1 text-sm text-slate-800">
            <input
              type="radio"
              name={name}
              value={m}
              checked={method === m}
              onChange={() => {
                onMethod(m);
                onValue("");
              }}
              className="size-4 accent-teal-700"
            />
            {label}
          </label>
        ))}
      </fieldset>
      {method === "password" ? (
        <TextField label="Password" type="password" autoComplete="current-password" value={value} onChange={(e) => onValue(e.target.value)} error={error} maxLength={128} autoFocus />
      ) : (
        <TextField
          label="Authenticator code"
          hint="The 6-digit code your authenticator app shows now."
          inputMode="numeric"
          autoComplete="one-time-code"
          value={value}
          onChange={(e) => onValue(e.target.value)}
          error={error}
          maxLength={7}
          autoFocus
        />
      )}
    </div>
  );
}
