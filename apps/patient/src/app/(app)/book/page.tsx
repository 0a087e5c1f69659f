import type { Metadata } from "next";

import { requireSession } from "~/server/session";

import { BookView } from "./book-view";

export const metadata: Metadata = { title: "Book a visit" };

export default async function BookPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireSession();
  const { reschedule, kind } = await searchParams;
  return (
    <BookView
      rescheduleId={typeof reschedule === "string" ? reschedule : null}
      initialKind={kind === "follow_up" ? "follow_up" : kind === "evaluation" ? "evaluation" : null}
    />
  );
}
