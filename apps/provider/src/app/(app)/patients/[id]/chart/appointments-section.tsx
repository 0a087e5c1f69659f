import { Badge } from "@clearwell/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@clearwell/ui/card";
import { Table, TBody, TD, TH, THead, TR } from "@clearwell/ui/table";

import { appointmentStatus, formatDateTime, humanize } from "~/lib/appointments";
import { stateName } from "~/lib/format";
import type { ChartData } from "./chart-labels";

export function AppointmentsSection({ appointments }: { appointments: ChartData["appointments"] }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>Appointments</CardTitle>
      </CardHeader>
      <CardContent>
        {appointments.length ? (
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
                    <TD>{formatDateTime(a.startsAt)}</TD>
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
        ) : (
          <p className="text-sm text-slate-600">No appointments yet.</p>
        )}
      </CardContent>
    </Card>
  );
}
