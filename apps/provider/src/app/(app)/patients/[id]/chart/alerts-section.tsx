"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Alert } from "@clearwell/ui/alert";
import { Badge } from "@clearwell/ui/badge";
import { Button } from "@clearwell/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@clearwell/ui/card";

import { humanize } from "~/lib/appointments";
import { errorMessage } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";
import { useClinicFormat } from "~/lib/use-clinic-time-zone";
import type { ChartData } from "./chart-labels";

/** Open alerts, with Acknowledge for the ones nobody has taken yet (acknowledged is not resolved). */
export function AlertsSection({ patientId, alerts }: { patientId: string; alerts: ChartData["alerts"] }) {
  const { dateTime: formatDateTime } = useClinicFormat();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const acknowledge = useMutation(
    trpc.alert.acknowledge.mutationOptions({
      onSuccess: () => void qc.invalidateQueries({ queryKey: trpc.chart.get.queryKey({ patientId }) }),
    }),
  );
  return (
    <Card>
      <CardHeader>
        <CardTitle>Open alerts</CardTitle>
      </CardHeader>
      <CardContent>
        {acknowledge.isError ? (
          <Alert variant="error" role="alert" title="Not acknowledged" className="mb-3">
            {errorMessage(acknowledge.error)}
          </Alert>
        ) : null}
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
                {a.status === "open" || a.status === "escalated" ? (
                  <div>
                    <Button
                      size="sm"
                      variant="secondary"
                      loading={acknowledge.isPending && acknowledge.variables?.alertId === a.id}
                      onClick={() => acknowledge.mutate({ alertId: a.id })}
                    >
                      Acknowledge
                    </Button>
                  </div>
                ) : null}
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
