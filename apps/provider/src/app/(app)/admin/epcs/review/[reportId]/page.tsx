import type { Metadata } from "next";

import { requireSession } from "~/server/session";
import { ReviewReport } from "./review-report";

export const metadata: Metadata = { title: "EPCS review report" };

export default async function EpcsReviewReportPage({ params }: { params: Promise<{ reportId: string }> }) {
  await requireSession();
  const { reportId } = await params;
  return <ReviewReport reportId={reportId} />;
}
