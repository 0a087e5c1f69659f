import type { Metadata } from "next";
import Link from "next/link";

import { AuthCard, linkClass } from "~/components/auth-card";
import { ForgotPasswordForm } from "./forgot-password-form";

export const metadata: Metadata = { title: "Forgot password" };

export default function ForgotPasswordPage() {
  return (
    <AuthCard
      title="Forgot your password?"
      description="Enter your work email and we'll send you a link to choose a new one."
      footer={
        <Link href="/sign-in" className={linkClass}>
          Back to sign in
        </Link>
      }
    >
      <ForgotPasswordForm />
    </AuthCard>
  );
}
