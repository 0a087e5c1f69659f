import { Card, CardContent, CardHeader, CardTitle } from "@clearwell/ui/card";

import { formatDateTime, humanize } from "~/lib/appointments";
import type { ChartData } from "./chart-labels";
import { ACTION_LABEL } from "./chart-labels";

export function TimelineSection({ timeline }: { timeline: ChartData["timeline"] }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>Timeline</CardTitle>
      </CardHeader>
      <CardContent>
        {timeline.length ? (
          <ol className="flex flex-col gap-3 border-l border-slate-200 pl-4">
            {timeline.map((t, i) => (
              <li key={i} className="text-sm">
                <p className="font-medium text-slate-900">{ACTION_LABEL[t.action] ?? humanize(t.action)}</p>
                <p className="text-xs text-slate-600">
                  {formatDateTime(t.at)}
                  {t.actorName ? ` · ${t.actorName}` : t.actorKind ? ` · ${humanize(t.actorKind)}` : ""}
                </p>
              </li>
            ))}
          </ol>
        ) : (
          <p className="text-sm text-slate-600">Nothing recorded yet.</p>
        )}
      </CardContent>
    </Card>
  );
}
