"use client";

import Link from "next/link";
import { Lock, UserRoundX } from "lucide-react";
import { useQuery } from "@tanstack/react-query";
import { Button } from "@clearwell/ui/button";
import { EmptyState } from "@clearwell/ui/empty-state";

import { PatientLoadError, PatientLoadSkeleton } from "~/components/patient-load-states";
import { trpcCode } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";
import { AlertBanner } from "./alert-banner";
import { AlertsSection } from "./alerts-section";
import { DecisionPanel } from "./decision-panel";
import { HomeRegimenPanel } from "./home-regimen-panel";
import { AppointmentsSection } from "./appointments-section";
import { CareTeamSection } from "./care-team-section";
import { ChartHeader, backLink } from "./chart-header";
import { IntakeReview } from "./intake-review";
import { NotesSection } from "./notes-section";
import { PrescriptionsPanel } from "./prescriptions-panel";
import { ScoreSection } from "./score-section";
import { TimelineSection } from "./timeline-section";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The page prefetches the chart on the server (page.tsx) and hands it over hydrated; `refused` is
 * the server's FORBIDDEN or NOT_FOUND, shown without asking again (each read is audited).
 */
export function Chart({ patientId, refused = null }: { patientId: string; refused?: string | null }) {
  const trpc = useTRPC();
  const valid = UUID.test(patientId);
  // No refetch on mount: every visit to this page has just read the chart on the server.
  const q = useQuery({ ...trpc.chart.get.queryOptions({ patientId }), enabled: valid && !refused, retry: false, refetchOnMount: false });
  const code = q.isError ? trpcCode(q.error) : refused;

  if (!valid || code === "NOT_FOUND") {
    return (
      <EmptyState
        icon={UserRoundX}
        headingLevel="h1"
        title="Chart not available"
        description="Only the patient's clinicians can open the chart. This patient isn't assigned to you, or doesn't exist in your current clinic."
        action={
          <Button asChild variant="secondary">
            <Link href="/patients">Back to patients</Link>
          </Button>
        }
      />
    );
  }
  if (code === "FORBIDDEN") {
    return (
      <EmptyState
        icon={Lock}
        headingLevel="h1"
        title="Chart not available"
        description="Only the patient's clinicians can open the chart."
        action={
          <Button asChild variant="secondary">
            <Link href={`/patients/${patientId}`}>Back to patient details</Link>
          </Button>
        }
      />
    );
  }
  if (q.isPending) return <PatientLoadSkeleton label="Loading chart…" />;
  if (q.isError) {
    return (
      <PatientLoadError
        backLink={backLink(patientId)}
        heading="Chart"
        title="We couldn't load this chart"
        error={q.error}
        onRetry={() => void q.refetch()}
        retrying={q.isFetching}
      />
    );
  }

  const c = q.data;
  return (
    <div>
      <ChartHeader patientId={patientId} chart={c} />
      <AlertBanner patientId={patientId} alerts={c.alerts} />

      <div className="grid grid-cols-1 gap-6 lg:grid-cols-3">
        <div className="flex min-w-0 flex-col gap-6 lg:col-span-2">
          <IntakeReview patientId={patientId} intake={c.intake} alerts={c.alerts} />
          <HomeRegimenPanel patientId={patientId} />
          <NotesSection patientId={patientId} />
          <ScoreSection scores={c.scores} />
          <AppointmentsSection appointments={c.appointments} />
        </div>

        <div className="flex min-w-0 flex-col gap-6">
          <DecisionPanel patientId={patientId} />
          <PrescriptionsPanel patientId={patientId} />
          <AlertsSection patientId={patientId} alerts={c.alerts} />
          <CareTeamSection careTeam={c.careTeam} />
          <TimelineSection timeline={c.timeline} />
        </div>
      </div>
    </div>
  );
}
