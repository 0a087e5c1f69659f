"use client";

import { Video } from "lucide-react";
import Link from "next/link";
import { useMutation, useQuery } from "@tanstack/react-query";
import { Alert } from "@clearwell/ui/alert";
import { Badge } from "@clearwell/ui/badge";
import { Button } from "@clearwell/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@clearwell/ui/card";
import { CopyButton } from "@clearwell/ui/copy-button";

import { errorMessage } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";

const timeIn = (d: Date, timeZone: string) => d.toLocaleTimeString("en-US", { hour: "numeric", minute: "2-digit", timeZone });

/**
 * "Create a demo visit" (issue 15): the demo clinic only (the server offers it nowhere else), so a
 * newcomer can go through the waiting room again after the demo visit `start` booked has ended.
 * Elsewhere, and while the offer loads, the card is not there at all.
 */
export function DemoVisitCard() {
  const trpc = useTRPC();
  const offer = useQuery(trpc.demo.visitOffer.queryOptions());
  const create = useMutation(trpc.demo.createVisit.mutationOptions());

  if (!offer.data?.available) return null;
  const made = create.data;

  return (
    <Card aria-labelledby="demo-visit-heading">
      <CardHeader>
        <div className="flex flex-wrap items-center justify-between gap-3">
          <CardTitle id="demo-visit-heading">Demo video visit</CardTitle>
          <Badge variant="info">Demo clinic only</Badge>
        </div>
        <CardDescription>
          The demo visit can be held once. Book a fresh one, starting within minutes, between the demo patient{" "}
          <span className="font-medium break-words text-slate-800">{offer.data.patientEmail}</span> and the demo provider{" "}
          <span className="font-medium break-words text-slate-800">{offer.data.providerEmail}</span>. One that has not ended yet is kept instead.
        </CardDescription>
      </CardHeader>
      {made || create.isError ? (
        <CardContent className="flex flex-col gap-4">
          {create.isError ? <Alert variant="error">{errorMessage(create.error)}</Alert> : null}
          {made ? (
            <Alert variant="success" title={made.created ? "Demo visit booked" : "The demo visit is still open"}>
              {made.created ? "It" : "It has not ended yet, so it was kept. It"} runs {timeIn(made.startsAt, made.timezone)}–{timeIn(made.endsAt, made.timezone)} ({made.timezone}). Sign in as the
              provider to admit the patient, and as the patient in the patient app to join.
            </Alert>
          ) : null}
          {made ? (
            <div className="flex flex-col gap-3 text-sm">
              <div className="flex flex-col gap-2 sm:flex-row sm:items-center sm:justify-between">
                <span className="text-slate-700">Provider&rsquo;s visit page</span>
                <Button asChild variant="secondary" size="sm">
                  <Link href={`/visits/${made.appointmentId}`}>Open the visit</Link>
                </Button>
              </div>
              <div className="flex flex-col gap-2 sm:flex-row sm:items-center sm:justify-between">
                <span className="min-w-0 text-slate-700">
                  Patient&rsquo;s link <span className="block font-mono text-xs break-all text-slate-600">{made.patientLink}</span>
                </span>
                <CopyButton value={made.patientLink} label="Copy patient link" />
              </div>
            </div>
          ) : null}
        </CardContent>
      ) : null}
      <CardFooter className="flex-wrap justify-between gap-3">
        <p className="text-sm text-slate-600">
          Also from a terminal: <code className="font-mono text-xs whitespace-nowrap text-slate-800">./bin/clearwell demo-visit</code>
        </p>
        <Button variant="secondary" onClick={() => create.mutate()} loading={create.isPending}>
          <Video aria-hidden="true" />
          Create a demo visit
        </Button>
      </CardFooter>
    </Card>
  );
}
