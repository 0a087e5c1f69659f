"use client";

import { Avatar } from "@clearwell/ui/avatar";
import { Badge } from "@clearwell/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@clearwell/ui/card";
import { EmptyState } from "@clearwell/ui/empty-state";
import { Mail, Phone, Stethoscope } from "lucide-react";

import { CARE_TEAM_ROLE_LABEL } from "~/lib/format";

import type { Profile } from "./profile-card";

interface TeamMember {
  userId: string;
  name: string;
  credentials: string | null;
  roles: string[];
}

/** One entry per person: someone can be both primary provider and prescriber. */
function groupCareTeam(rows: Profile["careTeam"]): TeamMember[] {
  const byUser = new Map<string, TeamMember>();
  for (const r of rows) {
    const m = byUser.get(r.userId) ?? { userId: r.userId, name: r.name, credentials: r.credentials ?? null, roles: [] };
    m.roles.push(r.role);
    byUser.set(r.userId, m);
  }
  return [...byUser.values()];
}

export function CareTeamCard({ careTeam, clinic }: { careTeam: Profile["careTeam"]; clinic: Profile["clinic"] }) {
  const team = groupCareTeam(careTeam);
  return (
    <Card aria-labelledby="care-team-heading">
      <CardHeader>
        <CardTitle id="care-team-heading" className="text-lg">
          Your care team
        </CardTitle>
        {clinic ? <p className="text-sm text-slate-600">{clinic.name}</p> : null}
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        {team.length ? (
          <ul className="flex flex-col divide-y divide-slate-100">
            {team.map((m) => (
              <li key={m.userId} className="flex items-start gap-3 py-3 first:pt-0">
                <Avatar name={m.name} size="lg" decorative />
                <div className="flex min-w-0 flex-col gap-1.5">
                  <p className="text-base font-semibold text-slate-900">
                    {m.name}
                    {m.credentials ? <span className="font-normal text-slate-600">, {m.credentials}</span> : null}
                  </p>
                  <p className="flex flex-wrap gap-1.5">
                    {m.roles.map((role) => (
                      <Badge key={role} variant="brand" className="text-sm">
                        {CARE_TEAM_ROLE_LABEL[role] ?? role}
                      </Badge>
                    ))}
                  </p>
                </div>
              </li>
            ))}
          </ul>
        ) : (
          <EmptyState
            icon={Stethoscope}
            headingLevel="h3"
            title="No care team yet"
            description="Your clinic will assign your care team after your evaluation."
            className="py-8"
          />
        )}
        {clinic && (clinic.phone || clinic.email) ? (
          <div className="rounded-lg bg-slate-50 px-4 py-3">
            <h3 className="text-sm font-semibold text-slate-800">Contact your clinic</h3>
            <ul className="mt-1 flex flex-col">
              {clinic.phone ? (
                <li>
                  <a href={`tel:${clinic.phone.replace(/[^\d+]/g, "")}`} className="inline-flex min-h-11 items-center gap-2 text-base font-medium text-brand-700 underline underline-offset-4">
                    <Phone aria-hidden="true" className="size-4" />
                    {clinic.phone}
                  </a>
                </li>
              ) : null}
              {clinic.email ? (
                <li>
                  <a href={`mailto:${clinic.email}`} className="inline-flex min-h-11 items-center gap-2 text-base font-medium break-all text-brand-700 underline underline-offset-4">
                    <Mail aria-hidden="true" className="size-4 shrink-0" />
                    {clinic.email}
                  </a>
                </li>
              ) : null}
            </ul>
          </div>
        ) : null}
      </CardContent>
    </Card>
  );
}
