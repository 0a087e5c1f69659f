import type { Metadata } from "next";

import { requireSession } from "~/server/session";

import { ProfileView } from "../profile-card";

export const metadata: Metadata = { title: "Your profile" };

export default async function ProfilePage() {
  // Checked here as well as in the layout: layouts do not re-run on every navigation.
  await requireSession();
  return <ProfileView />;
}
