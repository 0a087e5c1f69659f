"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Alert } from "@clearwell/ui/alert";
import { Button } from "@clearwell/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@clearwell/ui/card";

import { isClinician } from "~/lib/roles";
import { errorMessage } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";
import { inlineLinkClass, patientLink } from "./links";

interface Row {
  id: string;
  givenName: string;
  familyName: string;
  mrn: string;
  updatedAt: Date;
  submittedAt: Date | null;
  mine: boolean;
  clinicianName: string | null;
}

/**
 * New intakes. A clinician opens the ones that are theirs and takes on the ones nobody has yet;
 * taking on adds them to the care team, which is what opens the chart (DOMAIN.md §1 "A").
 */
export function AwaitingReview({ rows, roles, dateTime }: { rows: Row[]; roles: readonly string[]; dateTime: (v: Date) => string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const claim = useMutation(
    trpc.careTeam.claim.mutationOptions({
      onSuccess: (_data, input) => {
        void queryClient.invalidateQueries({ queryKey: trpc.schedule.dashboard.queryKey() });
        router.push(`/patients/${input.patientId}/chart`);
      },
    }),
  );
  const clinician = isClinician(roles);

  return (
    <Card>
      <CardHeader>
        <CardTitle>Intakes awaiting review</CardTitle>
      </CardHeader>
      <CardContent>
        {claim.isError ? (
          <Alert variant="error" className="mb-3" title="Could not take on this patient">
            {errorMessage(claim.error)}
          </Alert>
        ) : null}
        {rows.length ? (
          <ul className="divide-y divide-slate-100">
            {rows.map((p) => {
              const name = `${p.givenName} ${p.familyName}`;
              const canClaim = clinician && !p.mine && !p.clinicianName;
              return (
                <li key={p.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
                  <div>
                    {canClaim ? (
                      <span className="text-sm font-medium text-slate-900">{name}</span>
                    ) : (
                      <Link className={`${inlineLinkClass} text-sm`} href={patientLink(p.id, clinician && p.mine)}>
                        {name}
                      </Link>
                    )}
                    <p className="text-xs text-slate-600">
                      MRN <span className="font-mono">{p.mrn}</span> · submitted {dateTime(p.submittedAt ?? p.updatedAt)}
                      {p.clinicianName && !p.mine ? ` · with ${p.clinicianName}` : ""}
                      {!p.clinicianName && !p.mine ? " · no clinician yet" : ""}
                    </p>
                  </div>
                  {canClaim ? (
                    <Button
                      size="sm"
                      variant="secondary"
                      loading={claim.isPending && claim.variables.patientId === p.id}
                      disabled={claim.isPending}
                      onClick={() => claim.mutate({ patientId: p.id })}
                    >
                      {/* The name starts with the visible words, so speech users can say them (WCAG 2.5.3). */}
                      Take on &amp; review<span className="sr-only"> {name}&apos;s intake</span>
                    </Button>
                  ) : null}
                </li>
              );
            })}
          </ul>
        ) : (
          <p className="text-sm text-slate-600">No intakes are waiting for review.</p>
        )}
      </CardContent>
    </Card>
  );
}
