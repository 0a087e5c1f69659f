"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { Card, CardContent, CardHeader, CardTitle } from "@clearwell/ui/card";

import { linkClass } from "~/components/auth-card";
import { LoadingBlock, RetryAlert } from "~/components/query-states";
import { useClinicFormat } from "~/lib/use-clinic-time-zone";
import { useTRPC } from "~/trpc/react";

/**
 * Eligibility decisions whose override names the signed-in prescriber as co-signer (issue 11 §3).
 * Each links to the chart's Eligibility panel, where the override, rule and justification are
 * reviewed and co-signed behind re-authentication. Prescribers only (the server says the same).
 */
export function AwaitingCoSign() {
  const trpc = useTRPC();
  const q = useQuery(trpc.decision.awaitingMyCoSign.queryOptions());
  const { dateTime: formatDateTime } = useClinicFormat();

  return (
    <Card aria-labelledby="co-sign-heading">
      <CardHeader>
        <CardTitle id="co-sign-heading">Awaiting your co-signature</CardTitle>
      </CardHeader>
      <CardContent>
        {q.isPending ? (
          <LoadingBlock label="Loading decisions awaiting your co-signature…" className="h-12 w-full" />
        ) : q.isError ? (
          <RetryAlert title="We couldn't load what awaits your co-signature" error={q.error} onRetry={() => void q.refetch()} retrying={q.isFetching} />
        ) : q.data.items.length ? (
          <ul className="divide-y divide-slate-100">
            {q.data.items.map((i) => (
              <li key={i.decisionId} className="flex flex-col gap-1 py-2">
                <Link className={linkClass} href={`/patients/${i.patientId}/chart#eligibility`} aria-label={`Review and co-sign the eligibility decision for ${i.patientName}`}>
                  {i.patientName}
                </Link>
                <p className="text-xs text-slate-600">
                  Override of {i.overriddenRuleIds.join(", ")} by {i.deciderName} · {formatDateTime(i.decidedAt)}
                </p>
                <p className="text-xs text-slate-500">Co-sign before {formatDateTime(i.expiresAt)}, when the decision expires</p>
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-sm text-slate-600">Nothing is waiting for your co-signature.</p>
        )}
      </CardContent>
    </Card>
  );
}
