import Link from "next/link";
import { Card, CardContent, CardHeader, CardTitle } from "@clearwell/ui/card";

import { linkClass } from "~/components/auth-card";
import { humanize } from "~/lib/appointments";
import { useClinicFormat } from "~/lib/use-clinic-time-zone";
import type { ChartData } from "./chart-labels";
import { ACTION_LABEL } from "./chart-labels";

type Entry = ChartData["timeline"][number];

const KIND_LABEL: Record<string, string> = { evaluation: "Evaluation", follow_up: "Follow-up" };

/** What a row adds to its label, from the few details worth a line (never clinical free text). */
function detailLine(t: Entry): string | null {
  const d = t.detail ?? {};
  if (t.action === "visit.complete") {
    const parts = [d.modality === "audio_video" ? "video" : d.modality === "audio_only" ? "audio only" : null, typeof d.minutes === "number" ? `${d.minutes} min` : null];
    return parts.filter(Boolean).join(", ") || null;
  }
  if (t.action === "intake.submit" && typeof d.version === "number") return `Version ${d.version}`;
  if (t.action === "intake.review" && typeof d.releasedForScheduling === "boolean") return d.releasedForScheduling ? "Released for scheduling" : "Not released for scheduling";
  return null;
}

function label(t: Entry): string {
  if (t.action === "visit.complete") return `${KIND_LABEL[String(t.detail?.kind)] ?? "Video"} visit completed`;
  return ACTION_LABEL[t.action] ?? humanize(t.action);
}

export function TimelineSection({ timeline }: { timeline: ChartData["timeline"] }) {
  const f = useClinicFormat();
  return (
    <Card>
      <CardHeader>
        <CardTitle>Timeline</CardTitle>
      </CardHeader>
      <CardContent>
        {timeline.length ? (
          <ol className="flex flex-col gap-3 border-l border-slate-200 pl-4">
            {timeline.map((t, i) => {
              const extra = detailLine(t);
              const visitId = t.action === "visit.complete" && typeof t.detail?.appointmentId === "string" ? t.detail.appointmentId : null;
              return (
                <li key={i} className="text-sm">
                  <p className="font-medium text-slate-900">
                    {visitId ? (
                      <Link className={linkClass} href={`/visits/${visitId}`}>
                        {label(t)}
                      </Link>
                    ) : (
                      label(t)
                    )}
                  </p>
                  {extra ? <p className="text-xs text-slate-700">{extra}</p> : null}
                  <p className="text-xs text-slate-600">
                    <time dateTime={new Date(t.at).toISOString()}>{f.dateTime(t.at)}</time>
                    {t.actorName ? ` · ${t.actorName}` : t.actorKind === "patient" ? " · Patient" : t.actorKind ? ` · ${humanize(t.actorKind)}` : ""}
                  </p>
                </li>
              );
            })}
          </ol>
        ) : (
          <p className="text-sm text-slate-600">Nothing recorded yet.</p>
        )}
      </CardContent>
    </Card>
  );
}
