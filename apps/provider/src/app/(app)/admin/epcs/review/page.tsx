import type { Metadata } from "next";

import { requireSession } from "~/server/session";
import { ReviewList } from "./review-list";

export const metadata: Metadata = { title: "EPCS daily review" };

export default async function EpcsReviewPage() {
  await requireSession();
  return <ReviewList />;
}
