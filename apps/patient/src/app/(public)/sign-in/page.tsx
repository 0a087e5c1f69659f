import type { Metadata } from "next";
import { redirect } from "next/navigation";

import { currentSession } from "~/server/session";

import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  if (await currentSession()) redirect("/");
  const { reason } = await searchParams;
  return <SignInForm idle={reason === "idle"} />;
}
