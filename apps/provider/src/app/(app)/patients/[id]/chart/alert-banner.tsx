"use client";

import Link from "next/link";
import { OctagonAlert, TriangleAlert } from "lucide-react";
import { Badge } from "@clearwell/ui/badge";
import { cn } from "@clearwell/ui/cn";

import { linkClass } from "~/components/auth-card";
import { useClinicFormat } from "~/lib/use-clinic-time-zone";
import { ruleTitle, severityOf, slaText, statusOf, tierLabel } from "../../../alerts/alert-labels";
import { useMinuteClock } from "../../../alerts/use-now";
import type { ChartData } from "./chart-labels";

const SHOWN = 3;

/**
 * The patient's unresolved alerts at the top of the chart, critical first (issue 13 §7 "a banner
 * on the chart"), each with its state; the inbox, filtered to this patient, is where they are worked.
 */
export function AlertBanner({ patientId, alerts }: { patientId: string; alerts: ChartData["alerts"] }) {
  const { dateTime: formatDateTime } = useClinicFormat();
  const now = useMinuteClock();
  const open = alerts
    .filter((a) => a.status !== "resolved")
    .sort((a, b) => severityOf(a.severity).rank - severityOf(b.severity).rank || new Date(b.createdAt).getTime() - new Date(a.createdAt).getTime());
  if (!open.length) return null;
  const critical = open.some((a) => a.severity === "critical");
  const Icon = critical ? OctagonAlert : TriangleAlert;
  const more = open.length - SHOWN;
  return (
    <section
      aria-labelledby="alert-banner-heading"
      data-testid="chart-alert-banner"
      className={cn("mb-6 flex gap-3 rounded-xl border px-4 py-3", critical ? "border-red-300 bg-red-50 text-red-950" : "border-amber-300 bg-amber-50 text-amber-950")}
    >
      <Icon aria-hidden="true" className={cn("mt-0.5 size-5 shrink-0", critical ? "text-red-700" : "text-amber-700")} />
      <div className="flex min-w-0 flex-1 flex-col gap-2">
        <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
          <h2 id="alert-banner-heading" className="text-sm font-semibold">
            {open.length === 1 ? "1 open alert" : `${open.length} open alerts`}
            {critical ? " · critical" : ""}
          </h2>
          <Link href={`/alerts?tab=open&patient=${patientId}`} className={cn(linkClass, "text-sm")}>
            Work {open.length === 1 ? "it" : "them"} in the alert inbox
          </Link>
        </div>
        <ul className="flex flex-col gap-1.5">
          {open.slice(0, SHOWN).map((a) => {
            const sev = severityOf(a.severity);
            const st = statusOf(a.status);
            const sla = a.status === "acknowledged" ? null : slaText(a.slaDueAt, now);
            return (
              <li key={a.id} className="flex flex-wrap items-center gap-x-2 gap-y-1 text-sm">
                <Badge variant={sev.variant}>{sev.label}</Badge>
                <span className="min-w-0 font-medium break-words">
                  {a.type} · {ruleTitle(a.type)}
                </span>
                <span className="text-slate-700">
                  {st.label} · raised {formatDateTime(a.createdAt)} · {a.ownerName ?? "unassigned"} ({tierLabel(a.tier).toLowerCase()})
                  {sla ? (
                    <>
                      {" · "}
                      <span className={sla.overdue ? "font-semibold text-red-800" : undefined}>{sla.text}</span>
                    </>
                  ) : null}
                </span>
              </li>
            );
          })}
        </ul>
        {more > 0 ? <p className="text-sm">And {more} more in the inbox.</p> : null}
      </div>
    </section>
  );
}
