import { Card, CardContent, CardHeader, CardTitle } from "@clearwell/ui/card";

import { CARE_TEAM_ROLE } from "~/lib/roles";
import type { ChartData } from "./chart-labels";

export function CareTeamSection({ careTeam }: { careTeam: ChartData["careTeam"] }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>Care team</CardTitle>
      </CardHeader>
      <CardContent>
        {careTeam.length ? (
          <ul className="flex flex-col gap-2 text-sm">
            {careTeam.map((m, i) => (
              <li key={i}>
                <span className="font-medium text-slate-900">{m.name}</span>
                <span className="text-slate-600"> · {CARE_TEAM_ROLE[m.role] ?? m.role}</span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-sm text-slate-600">No one is assigned yet.</p>
        )}
      </CardContent>
    </Card>
  );
}
