import Link from "next/link";
import { ArrowLeft } from "lucide-react";
import { Badge } from "@clearwell/ui/badge";
import { PageHeader } from "@clearwell/ui/page-header";

import { linkClass } from "~/components/auth-card";
import { patientStatus, stateName } from "~/lib/format";
import type { ChartData } from "./chart-labels";
import { screeningSummary } from "./chart-labels";

export const backLink = (id: string) => (
  <Link href={`/patients/${id}`} className={`${linkClass} inline-flex items-center gap-1`}>
    <ArrowLeft aria-hidden="true" className="size-4" />
    Patient details
  </Link>
);

/** Name, status, demographics and a one-line screening summary. */
export function ChartHeader({ patientId, chart }: { patientId: string; chart: ChartData }) {
  const h = chart.header;
  const status = patientStatus(h.status);
  const { crisis, restrictive, clear } = screeningSummary(chart.intake, chart.alerts);
  const alerts = chart.alerts.length;

  return (
    <PageHeader
      eyebrow={backLink(patientId)}
      title={
        <span className="flex flex-wrap items-center gap-3">
          <span>{h.name}</span>
          <Badge variant={status.variant} className="text-sm">
            {status.label}
          </Badge>
        </span>
      }
      description={
        <span className="flex flex-col gap-2">
          <span>
            MRN <span className="font-mono">{h.mrn}</span>
            {h.age !== null && h.age !== undefined ? ` · ${h.age} years old` : ""} · {stateName(h.state)}
            {h.supportPerson
              ? ` · Support: ${h.supportPerson.name}${h.supportPerson.relationship ? ` (${h.supportPerson.relationship})` : ""}${h.supportPerson.phone ? `, ${h.supportPerson.phone}` : ""}`
              : " · No support person recorded"}
          </span>
          <span className="flex flex-wrap gap-2" aria-label="Screening summary">
            {crisis ? <Badge variant="danger">Crisis pathway</Badge> : null}
            {restrictive ? <Badge variant={restrictive.variant}>Screening: {restrictive.label}</Badge> : null}
            {clear ? <Badge variant="success">No screening flags</Badge> : null}
            {alerts ? <Badge variant="danger">{alerts} open alert{alerts === 1 ? "" : "s"}</Badge> : null}
          </span>
        </span>
      }
    />
  );
}
