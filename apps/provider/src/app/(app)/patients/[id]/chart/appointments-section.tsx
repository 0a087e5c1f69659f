import { Badge } from "@clearwell/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@clearwell/ui/card";
import { Table, TBody, TD, TH, THead, TR } from "@clearwell/ui/table";

import { appointmentStatus, humanize } from "~/lib/appointments";
import { stateName } from "~/lib/format";
import { useClinicFormat } from "~/lib/use-clinic-time-zone";
import type { ChartData } from "./chart-labels";

/** Wide screens: a table. Phones: one stacked row per appointment, so the card never outgrows the page. */
export function AppointmentsSection({ appointments }: { appointments: ChartData["appointments"] }) {
  const f = useClinicFormat();
  return (
    <Card>
      <CardHeader>
        <CardTitle>Appointments</CardTitle>
      </CardHeader>
      <CardContent>
        {appointments.length ? (
          <>
            <ul className="flex flex-col divide-y divide-slate-100 sm:hidden">
              {appointments.map((a) => {
                const st = appointmentStatus(a.status);
                return (
                  <li key={a.id} className="flex flex-col gap-1 py-2 text-sm">
                    <p className="flex flex-wrap items-center justify-between gap-2">
                      <span className="font-medium text-slate-900">{f.dateTime(a.startsAt)}</span>
                      <Badge variant={st.variant}>{st.label}</Badge>
                    </p>
                    <p className="text-slate-700">
                      {humanize(a.kind)} · {a.providerName} · {stateName(a.patientState)}
                    </p>
                  </li>
                );
              })}
            </ul>
            <div className="hidden sm:block">
              <Table>
                <THead>
                  <TR>
                    <TH>When</TH>
                    <TH>Kind</TH>
                    <TH>Provider</TH>
                    <TH>State</TH>
                    <TH>Status</TH>
                  </TR>
                </THead>
                <TBody>
                  {appointments.map((a) => {
                    const st = appointmentStatus(a.status);
                    return (
                      <TR key={a.id}>
                        <TD>{f.dateTime(a.startsAt)}</TD>
                        <TD>{humanize(a.kind)}</TD>
                        <TD>{a.providerName}</TD>
                        <TD>{stateName(a.patientState)}</TD>
                        <TD>
                          <Badge variant={st.variant}>{st.label}</Badge>
                        </TD>
                      </TR>
                    );
                  })}
                </TBody>
              </Table>
            </div>
          </>
        ) : (
          <p className="text-sm text-slate-600">No appointments yet.</p>
        )}
      </CardContent>
    </Card>
  );
}
