import { Badge } from "@clearwell/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@clearwell/ui/card";

import { formatDateTime, humanize } from "~/lib/appointments";
import type { ChartData } from "./chart-labels";

export function AlertsSection({ alerts }: { alerts: ChartData["alerts"] }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>Open alerts</CardTitle>
      </CardHeader>
      <CardContent>
        {alerts.length ? (
          <ul className="flex flex-col gap-3">
            {alerts.map((a) => (
              <li key={a.id} className="flex flex-col gap-1">
                <span className="flex items-center gap-2">
                  <Badge variant={a.severity === "critical" ? "danger" : "warning"}>{humanize(a.severity)}</Badge>
                  <span className="text-xs text-slate-600">{humanize(a.status)}</span>
                </span>
                <span className="text-sm text-slate-800">{a.summary}</span>
                <span className="text-xs text-slate-500">{formatDateTime(a.createdAt)}</span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-sm text-slate-600">No open alerts.</p>
        )}
      </CardContent>
    </Card>
  );
}
