import type { Metadata } from "next";

import { requireSession } from "~/server/session";

import { ProfileEdit } from "./profile-edit";

export const metadata: Metadata = { title: "Edit your profile" };

export default async function ProfileEditPage() {
  await requireSession();
  return <ProfileEdit />;
}
