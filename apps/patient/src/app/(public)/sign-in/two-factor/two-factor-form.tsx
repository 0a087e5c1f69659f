"use client";

import { Button } from "@clearwell/ui/button";
import { FormError, FormField, useZodForm } from "@clearwell/ui/form";
import { Input } from "@clearwell/ui/input";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";

import { AuthCard } from "~/components/auth-card";
import { loadAuthClient, preloadAuthClient } from "~/lib/load-auth-client";

/** Second step for accounts that turned on an authenticator app. */
export function TwoFactorForm() {
  const router = useRouter();
  const form = useZodForm({ schema: () => import("../../auth-schemas").then((m) => m.ZTotpCode), defaultValues: { code: "" } });
  const [leaving, setLeaving] = useState(false);
  useEffect(preloadAuthClient, []);

  const onSubmit = form.handleSubmit(async ({ code }) => {
    const authClient = await loadAuthClient();
    const { error: failed } = await authClient.twoFactor.verifyTotp({ code });
    if (failed) {
      form.setValue("code", "");
      // A wrong code goes beside the box; a lockout or an expired step is about the whole sign-in.
      if (failed.status === 429) form.setError("root.server", { message: "Too many attempts. Please wait a minute, then try again." });
      else if (failed.status === 401 && /cookie|session/i.test(failed.message ?? "")) form.setError("root.server", { message: "Your sign-in step expired. Please sign in again." });
      else form.setError("code", { message: "That code didn't work. Codes change every 30 seconds; try the current one." }, { shouldFocus: true });
      return;
    }
    setLeaving(true);
    router.replace("/");
  });

  return (
    <AuthCard title="Enter your code" description="Open your authenticator app and enter the 6-digit code for Clearwell.">
      <div className="flex flex-col gap-4">
        <FormError form={form} />
        <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
          <FormField form={form} name="code" label="Authentication code" required>
            <Input inputMode="numeric" autoComplete="one-time-code" pattern="[0-9 ]*" maxLength={7} className="h-12 text-lg tracking-widest sm:h-11" />
          </FormField>
          <Button type="submit" size="lg" loading={form.formState.isSubmitting || leaving} className="w-full">
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
