import type { Metadata } from "next";
import { redirect } from "next/navigation";

import { currentSession } from "~/server/session";

import { EnrolForm } from "./enrol-form";

export const metadata: Metadata = { title: "Create your account" };

export default async function EnrolPage({ params }: { params: Promise<{ code: string }> }) {
  // Someone already signed in has an account; creating a second one here would only confuse.
  if (await currentSession()) redirect("/");
  const { code } = await params;
  return <EnrolForm code={decodeURIComponent(code)} />;
}
