"use client";

import Link from "next/link";
import { memo, useCallback, useEffect, useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import dynamic from "next/dynamic";
import { ArrowLeft } from "lucide-react";
import { Alert } from "@clearwell/ui/alert";
import { Badge } from "@clearwell/ui/badge";
import { PageHeader } from "@clearwell/ui/page-header";
import { Skeleton } from "@clearwell/ui/skeleton";
import type { DeviceChoices } from "@clearwell/ui/video/device-check";
import { useLocalMedia } from "@clearwell/ui/video/use-local-media";

import { linkClass } from "~/components/auth-card";
import { formatDateTime, formatTime, humanize } from "~/lib/appointments";
import { errorMessage, trpcCode } from "~/lib/trpc-errors";
import { background, useTRPC } from "~/trpc/react";
import { ChartSummary } from "./chart-summary";
import { VisitEndedCard } from "./visit-ended-card";
import { visitStatus } from "./visit-labels";
import { VisitNote } from "./visit-note";
import { VisitScores } from "./visit-scores";
import type { LeftReason } from "./in-call";
import type { Kind } from "./soap-fields";

// The device check and the call carry LiveKit (most of this page's JavaScript): loaded when the
// page reaches them, not with it (issue 14). Client-only, as the camera and call are.
const stageLoading = () => (
  <div aria-busy="true">
    <span className="sr-only" role="status">Loading video…</span>
    <Skeleton className="h-96" />
  </div>
);
const PreJoin = dynamic(() => import("./pre-join").then((m) => m.PreJoin), { ssr: false, loading: stageLoading });
const InCall = dynamic(() => import("./in-call").then((m) => m.InCall), { ssr: false, loading: stageLoading });

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
  // Opened by the pre-join check and published as they are on joining (never opened twice).
  const media = useLocalMedia();
  const [session, setSession] = useState<{ url: string; token: string } | null>(null);
  const [left, setLeft] = useState<LeftReason | null>(null);
  const join = useMutation(
    trpc.visit.join.mutationOptions({
      onSuccess: (s) => {
        setLeft(null);
        setSession({ url: s.url, token: s.token });
      },
    }),
  );
  // Stable, so the room's children do not re-render with every pushed change to the visit.
  const onLeft = useCallback(
    (reason: LeftReason) => {
      setSession(null);
      setLeft(reason);
      void queryClient.invalidateQueries({ queryKey: trpc.visit.get.queryKey({ appointmentId }) });
    },
    [queryClient, trpc, appointmentId],
  );

  const ended = visit.data?.visit?.status === "ended" || visit.data?.visit?.status === "abandoned";
  const over = ended || left === "ended";
  // Nothing more to check or join: the camera and microphone go off.
  useEffect(() => {
    if (over) media.stop();
  }, [over, media]);

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

  let stage: React.ReactNode;
  if (session && !ended) {
    stage = (
      <InCall session={session} media={media} appointmentId={appointmentId} patientName={v.patient.name} onLeft={onLeft} />
    );
  } else if (over) {
    stage = <VisitEndedCard appointmentId={appointmentId} patientId={v.patient.id} startedAt={v.visit?.startedAt ?? null} endedAt={v.visit?.endedAt ?? null} />;
  } else {
    stage = (
      <div className="flex flex-col gap-4">
        {left === "dropped" ? <Alert variant="warning">Your connection to the room was lost. Rejoin when you are ready.</Alert> : null}
        <PreJoin
          devices={devices}
          media={media}
          onDevices={setDevices}
          onJoin={() => join.mutate({ appointmentId })}
          joining={join.isPending}
          error={join.isError ? errorMessage(join.error) : null}
          window={{ opensAt: v.opensAt, closesAt: v.closesAt }}
          rejoin={left === "left" || left === "dropped"}
        />
      </div>
    );
  }

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
        <section aria-label="Video">{stage}</section>
        <VisitAside appointmentId={appointmentId} appointmentKind={v.appointment.kind} patientId={v.patient.id} attestedState={v.visit?.attestedState ?? null} />
      </div>
    </div>
  );
}

/**
 * Chart, scores and note beside the video. Memoised on plain values: the visit's pushed updates
 * (admission, webhooks) re-render the header and the stage, not the chart or the note editor.
 */
const VisitAside = memo(function VisitAside({
  appointmentId,
  appointmentKind,
  patientId,
  attestedState,
}: {
  appointmentId: string;
  appointmentKind: Kind;
  patientId: string;
  attestedState: string | null;
}) {
  return (
    <aside aria-label="Patient" className="flex flex-col gap-6">
      <ChartSummary patientId={patientId} attestedState={attestedState} />
      <LiveVisitScores appointmentId={appointmentId} patientId={patientId} />
      {/* The ended card's "Finish the note" moves focus here. */}
      <section id="visit-note" tabIndex={-1} aria-label="Visit note" className="scroll-mt-4 rounded-card outline-none focus-visible:ring-2 focus-visible:ring-brand-600">
        <VisitNote appointmentId={appointmentId} appointmentKind={appointmentKind} patientId={patientId} attestedState={attestedState} />
      </section>
    </aside>
  );
});

/** The scores card follows the visit's status on its own, so a status change re-renders only it. */
function LiveVisitScores({ appointmentId, patientId }: { appointmentId: string; patientId: string }) {
  const trpc = useTRPC();
  const status = useQuery({ ...trpc.visit.get.queryOptions({ appointmentId }, background), select: (d) => d.visit?.status ?? null });
  return <VisitScores appointmentId={appointmentId} patientId={patientId} visitStatus={status.data ?? null} />;
}
