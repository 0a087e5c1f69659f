"use client";

import type { PatientOutputs } from "@clearwell/api/patient";
import type { DeviceChoices } from "@clearwell/ui/video/device-check";
import { useLocalMedia } from "@clearwell/ui/video/use-local-media";
import type { UsState } from "@clearwell/validators/us-states";
import { checkJoin } from "@clearwell/clinical";
import { Alert } from "@clearwell/ui/alert";
import { Button } from "@clearwell/ui/button";
import { Skeleton } from "@clearwell/ui/skeleton";
import { US_STATES } from "@clearwell/validators/us-states";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import dynamic from "next/dynamic";
import { useCallback, useEffect, useState } from "react";
import type { LocalMedia } from "@clearwell/ui/video/visit-connection";

import { useNow } from "~/lib/use-now";
import { errorMessage } from "~/trpc/error-message";
import { trpcCode } from "~/trpc/query-client";
import { background, useTRPC } from "~/trpc/react";

import type { EndReason } from "./end-reason";
import { VisitEnded } from "./visit-ended";
import { VisitUnavailable } from "./visit-unavailable";

// The device check and the room carry LiveKit (most of this page's JavaScript): loaded when the
// flow reaches them, not with the page (issue 14). Client-only, as the camera and call are.
const PreCall = dynamic(() => import("./pre-call").then((m) => m.PreCall), { ssr: false, loading: () => <VisitLoading /> });
const VisitRoom = dynamic(() => import("./visit-room").then((m) => m.VisitRoom), { ssr: false, loading: () => <VisitLoading /> });

type JoinResult = PatientOutputs["visit"]["join"];
type Stage = { name: "check" } | { name: "room"; join: JoinResult } | { name: "over"; reason: EndReason };

const OVER: ReadonlySet<string> = new Set(["ended", "abandoned"]);

const NOT_JOINABLE: Record<string, string> = {
  cancelled: "This appointment was cancelled.",
  no_show: "This appointment was marked as missed.",
  completed: "This visit has already taken place.",
};

const isUsState = (code: string): code is UsState => code in US_STATES;

/**
 * The patient's video visit, one screen at a time: check devices and location, wait to be let
 * in, the call, and what happens after. The server decides every step; this only follows it.
 */
export function VisitFlow({ appointmentId }: { appointmentId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  // The window opening or closing changes what is possible without any server event.
  const now = useNow(15_000);
  // Pushed: every change to this visit or the provider's queue arrives over the stream, which
  // feeds the same cache the waiting room reads. Polling only while the stream is down.
  const statusOptions = trpc.visit.status.queryOptions({ appointmentId }, background);
  const feed = useSubscription(trpc.visit.statusFeed.subscriptionOptions({ appointmentId }, { onData: (data) => queryClient.setQueryData(statusOptions.queryKey, data) }));
  const status = useQuery({ ...statusOptions, refetchInterval: feed.status === "error" ? 15_000 : false });
  const profile = useQuery(trpc.profile.get.queryOptions());
  const join = useMutation(trpc.visit.join.mutationOptions());
  const [stage, setStage] = useState<Stage>({ name: "check" });
  const [devices, setDevices] = useState<DeviceChoices>({ videoDeviceId: "", audioDeviceId: "" });
  // Camera and microphone opened by the device check and kept through the waiting room into the
  // call (published as they are on admission); off on every screen outside the visit (released()).
  const media = useLocalMedia();
  // Null until the patient picks: then the state they live in is the suggestion.
  const [chosenState, setChosenState] = useState<string | null>(null);
  const currentState = chosenState ?? profile.data?.patient.stateOfResidence ?? "";
  const timeZone = profile.data?.patient.timezone;

  async function enter() {
    if (!isUsState(currentState) || join.isPending) return;
    join.reset();
    try {
      const result = await join.mutateAsync({ appointmentId, currentState });
      setStage({ name: "room", join: result });
    } catch {
      // The message is shown from join.error; a refusal can mean the visit itself changed.
      void status.refetch();
    }
  }

  const onEnd = useCallback(
    (reason: EndReason) => {
      setStage((s) => (s.name === "room" ? { name: "over", reason } : s));
      void queryClient.invalidateQueries({ queryKey: trpc.visit.status.queryKey({ appointmentId }) });
    },
    [queryClient, trpc, appointmentId],
  );

  if (status.isPending) return <VisitLoading />;
  if (status.isError) {
    if (trpcCode(status.error) === "NOT_FOUND") {
      return <VisitUnavailable title="We couldn't find this visit" detail="It may have been moved or cancelled. Your appointments page shows your current visits." />;
    }
    return (
      <Alert
        variant="error"
        title="We couldn't load your visit"
        action={
          <Button variant="secondary" className="h-11" loading={status.isFetching} onClick={() => void status.refetch()}>
            Retry
          </Button>
        }
      >
        Check your connection and try again.
      </Alert>
    );
  }

  const visit = status.data;
  const released = (screen: React.ReactNode) => (
    <>
      <ReleaseDevices media={media} />
      {screen}
    </>
  );
  const joinError = join.error ? errorMessage(join.error, "We couldn't open the waiting room. Please try again.") : null;

  if (stage.name === "room") {
    return (
      <VisitRoom
        // A new token is a new connection: a fresh Room, not a reused one.
        key={stage.join.token}
        join={stage.join}
        appointmentId={appointmentId}
        devices={devices}
        media={media}
        providerName={visit.providerName}
        supportPersonName={profile.data?.patient.supportPersonName ?? null}
        onEnd={onEnd}
      />
    );
  }

  const over = visit.visitStatus !== null && OVER.has(visit.visitStatus);
  if (stage.name === "over") {
    return released(
      <VisitEnded
        // Whatever cut the patient off, once the server says the visit is over that is the news.
        reason={over ? "ended" : stage.reason}
        canRejoin={!over && now < new Date(visit.closesAt).getTime()}
        onRejoin={() => void enter()}
        rejoining={join.isPending}
        error={joinError}
      />,
    );
  }

  // Checked before the appointment's status: an ended visit has also completed its appointment,
  // and "The visit has ended" is the clearer news.
  if (over) return released(<VisitEnded reason="ended" canRejoin={false} onRejoin={() => undefined} rejoining={false} error={null} focusOnMount={false} />);
  const check = checkJoin(new Date(now), { opensAt: new Date(visit.opensAt), closesAt: new Date(visit.closesAt) }, visit.appointment.status, visit.visitStatus);
  if (!check.ok && check.code === "not_joinable") {
    return released(<VisitUnavailable title="This visit isn't available" detail={NOT_JOINABLE[visit.appointment.status] ?? check.reason} />);
  }
  if (!check.ok && check.code === "too_late") {
    return released(<VisitUnavailable title="The time for this visit has passed" detail="Please contact your clinic if you still need to be seen, or book a new visit." />);
  }

  return (
    <PreCall
      status={visit}
      timeZone={timeZone}
      now={now}
      devices={devices}
      media={media}
      onDevicesChange={setDevices}
      currentState={currentState}
      onCurrentStateChange={setChosenState}
      onEnter={() => void enter()}
      entering={join.isPending}
      error={joinError}
    />
  );
}

function VisitLoading() {
  return (
    <div aria-busy="true" className="flex flex-col gap-4">
      <span role="status" className="sr-only">
        Loading your visit
      </span>
      <Skeleton className="h-8 w-3/4" />
      <Skeleton className="aspect-video w-full" />
      <Skeleton className="h-12 w-full" />
    </div>
  );
}

/** Rendered beside every screen outside the visit: the camera and microphone go off there. */
function ReleaseDevices({ media }: { media: LocalMedia }) {
  useEffect(() => media.stop(), [media]);
  return null;
}
