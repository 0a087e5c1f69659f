import type { Metadata } from "next";
import { redirect } from "next/navigation";

import { AuthCard } from "~/components/auth-card";
import { currentSession } from "~/server/session";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  if (await currentSession()) redirect("/dashboard");
  const params = await searchParams;
  const reason = typeof params.reason === "string" ? params.reason : null;
  return (
    <AuthCard title="Sign in" description="Clinic staff portal">
      <SignInForm reason={reason} />
    </AuthCard>
  );
}
