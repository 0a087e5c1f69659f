import type { Metadata } from "next";

import { AuthCard, linkClass } from "~/components/auth-card";
import { TwoFactorForm } from "./two-factor-form";
import Link from "next/link";

export const metadata: Metadata = { title: "Two-factor verification" };

export default function TwoFactorPage() {
  return (
    <AuthCard
      title="Two-factor verification"
      description="Enter the 6-digit code from your authenticator app."
      footer={
        <Link href="/sign-in" className={linkClass}>
          Back to sign in
        </Link>
      }
    >
      <TwoFactorForm />
    </AuthCard>
  );
}
