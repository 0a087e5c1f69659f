"use client";

import Link from "next/link";
import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { LiveKitRoom } from "@livekit/components-react";
import { DisconnectReason } from "livekit-client";
import { ArrowLeft } from "lucide-react";
import { Alert } from "@clearwell/ui/alert";
import { Badge } from "@clearwell/ui/badge";
import { PageHeader } from "@clearwell/ui/page-header";
import { Skeleton } from "@clearwell/ui/skeleton";
import type { DeviceChoices } from "@clearwell/ui/video/device-check";

import { linkClass } from "~/components/auth-card";
import { formatDateTime, formatTime, humanize } from "~/lib/appointments";
import { errorMessage, trpcCode } from "~/lib/trpc-errors";
import { background, useTRPC } from "~/trpc/react";
import { ChartSummary } from "./chart-summary";
import { PreJoin } from "./pre-join";
import { ProviderStage } from "./provider-stage";
import { visitStatus } from "./visit-labels";
import { VisitNote } from "./visit-note";
import { VisitScores } from "./visit-scores";

const backLink = (
  <Link href="/schedule" className={`${linkClass} inline-flex items-center gap-1`}>
    <ArrowLeft aria-hidden="true" className="size-4" />
    Schedule
  </Link>
);

/** The provider's video visit: pre-join check, the room with the waiting patient, chart beside it. */
export function VisitRoom({ appointmentId }: { appointmentId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  // Pushed over server-sent events on every change to this visit; polling only while the stream is down.
  const visitOptions = trpc.visit.get.queryOptions({ appointmentId }, background);
  const feed = useSubscription(trpc.visit.watch.subscriptionOptions({ appointmentId }, { onData: (data) => queryClient.setQueryData(visitOptions.queryKey, data) }));
  const visit = useQuery({ ...visitOptions, refetchInterval: feed.status === "error" ? 15_000 : false });
  const [devices, setDevices] = useState<DeviceChoices>({ videoDeviceId: "", audioDeviceId: "" });
  const [session, setSession] = useState<{ url: string; token: string } | null>(null);
  const [left, setLeft] = useState<"left" | "ended" | "dropped" | null>(null);
  const join = useMutation(
    trpc.visit.join.mutationOptions({
      onSuccess: (s) => {
        setLeft(null);
        setSession({ url: s.url, token: s.token });
      },
    }),
  );

  if (visit.isPending) {
    return (
      <div aria-busy="true" className="flex flex-col gap-4">
        <span className="sr-only" role="status">Loading visit…</span>
        <Skeleton className="h-10 w-72" />
        <Skeleton className="h-96" />
      </div>
    );
  }
  if (visit.isError) {
    return (
      <div>
        <PageHeader eyebrow={backLink} title="Video visit" />
        <Alert variant="error" title={trpcCode(visit.error) === "NOT_FOUND" ? "This visit is not on your schedule" : "We couldn't load this visit"}>
          {errorMessage(visit.error)}
        </Alert>
      </div>
    );
  }

  const v = visit.data;
  const st = visitStatus(v.visit?.status);
  const ended = v.visit?.status === "ended" || v.visit?.status === "abandoned";
  const onDisconnected = (reason?: DisconnectReason) => {
    setSession(null);
    setLeft(reason === DisconnectReason.ROOM_DELETED ? "ended" : reason === DisconnectReason.CLIENT_INITIATED ? "left" : "dropped");
    void visit.refetch();
  };

  return (
    <div>
      <PageHeader
        eyebrow={backLink}
        title={`Video visit with ${v.patient.name}`}
        description={
          <span className="flex flex-wrap items-center gap-2">
            {humanize(v.appointment.kind)} · {formatDateTime(v.appointment.startsAt)}–{formatTime(v.appointment.endsAt)} · MRN <span className="font-mono">{v.patient.mrn}</span>
            <Badge variant={st.variant} aria-live="polite">
              {st.label}
            </Badge>
          </span>
        }
      />
      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_22rem]">
        <section aria-label="Video">
          {session && !ended ? (
            <LiveKitRoom
              serverUrl={session.url}
              token={session.token}
              connect
              video={devices.videoDeviceId ? { deviceId: devices.videoDeviceId } : true}
              audio={devices.audioDeviceId ? { deviceId: devices.audioDeviceId } : true}
              options={{ adaptiveStream: true, dynacast: true }}
              onDisconnected={onDisconnected}
              onError={(e) => console.error("[visit]", e)}
            >
              <ProviderStage appointmentId={appointmentId} patientName={v.patient.name} onLeave={() => onDisconnected(DisconnectReason.CLIENT_INITIATED)} />
            </LiveKitRoom>
          ) : (
            <div className="flex flex-col gap-4">
              {left === "ended" || (ended && v.visit) ? (
                <Alert variant="success" title="Visit ended">
                  {v.visit?.startedAt ? `Started ${formatTime(v.visit.startedAt)}` : "The patient was not admitted"}
                  {v.visit?.endedAt ? `, ended ${formatTime(v.visit.endedAt)}.` : "."}
                </Alert>
              ) : null}
              {left === "dropped" ? <Alert variant="warning">Your connection to the room was lost. Rejoin when you are ready.</Alert> : null}
              <PreJoin
                devices={devices}
                onDevices={setDevices}
                onJoin={() => join.mutate({ appointmentId })}
                joining={join.isPending}
                error={join.isError ? errorMessage(join.error) : null}
                window={{ opensAt: v.opensAt, closesAt: v.closesAt }}
                ended={ended}
                rejoin={left === "left" || left === "dropped"}
              />
            </div>
          )}
        </section>
        <aside aria-label="Patient" className="flex flex-col gap-6">
          <ChartSummary patientId={v.patient.id} attestedState={v.visit?.attestedState ?? null} />
          <VisitScores appointmentId={appointmentId} patientId={v.patient.id} visitStatus={v.visit?.status ?? null} />
          <VisitNote appointmentId={appointmentId} appointmentKind={v.appointment.kind} patientId={v.patient.id} attestedState={v.visit?.attestedState ?? null} />
        </aside>
      </div>
    </div>
  );
}
