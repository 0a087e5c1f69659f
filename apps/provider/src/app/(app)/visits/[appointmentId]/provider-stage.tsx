"use client";

import { memo, useDeferredValue, useEffect, useRef, useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { RoomAudioRenderer, useRemoteParticipants, useRoomContext, useTracks } from "@livekit/components-react";
import { RoomEvent, Track } from "livekit-client";
import { DoorOpen, LogIn, UserX, Undo2 } from "lucide-react";
import { Alert } from "@clearwell/ui/alert";
import { Button } from "@clearwell/ui/button";
import { ConfirmDialog } from "@clearwell/ui/confirm-dialog";
import { CallControls } from "@clearwell/ui/video/call-controls";
import { explainMediaError } from "@clearwell/ui/video/device-check";
import { useCallPresence } from "@clearwell/ui/video/use-call-presence";
import { VideoTile } from "@clearwell/ui/video/video-tile";

import { errorMessage } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";

const REMOTE_EVENTS = { updateOnlyOn: [RoomEvent.ParticipantPermissionsChanged, RoomEvent.ParticipantNameChanged] };
// Module-level: useTracks re-subscribes when the array's contents change.
const SOURCES = [Track.Source.Camera, Track.Source.Microphone];
const TRACK_OPTIONS = { onlySubscribed: false };

/**
 * The provider inside the room. The patient's presence and grants come straight from LiveKit
 * (instant); admitting, sending back, removing and ending go through the API, which changes the
 * grants on the server and records the visit. Memoised: the visit's pushed updates re-render the
 * page around it, not the video.
 */
export const ProviderStage = memo(function ProviderStage({
  appointmentId,
  patientName,
  publishError,
  onRetryPublish,
  onLeave,
}: {
  appointmentId: string;
  patientName: string;
  /** The camera or microphone failed to start or publish (the connection layer publishes them). */
  publishError: unknown;
  onRetryPublish: () => void;
  onLeave: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  // Re-rendered on who is here and their grants only (not on every speaking or quality change), so
  // the stage stays off the main thread while an admission's media is being negotiated (issue 16).
  const remotes = useRemoteParticipants(REMOTE_EVENTS);
  const patient = remotes.find((p) => p.identity.startsWith("patient:"));
  // The stage switches as a deferred (interruptible) render: LiveKit's own messages come first.
  const admitted = useDeferredValue(!!patient?.permissions?.canSubscribe);
  const { localParticipant } = useRoomContext();
  const tracks = useTracks(SOURCES, TRACK_OPTIONS);
  const of = (identity: string | undefined, source: Track.Source) => tracks.find((t) => t.participant.identity === identity && t.source === source);
  const [confirmEnd, setConfirmEnd] = useState(false);
  // Present while actually with the patient; alone in an empty room the idle logoff applies.
  useCallPresence(admitted);

  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.visit.get.queryKey({ appointmentId }) });
  // No refetch on admission: the visit's stream brings the change, and the next second belongs to
  // the patient's first frames (issue 16).
  const admit = useMutation(trpc.visit.admit.mutationOptions());
  const sendBack = useMutation(trpc.visit.sendBack.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.visit.remove.mutationOptions({ onSuccess: refresh }));
  const end = useMutation(trpc.visit.end.mutationOptions({ onSuccess: refresh }));
  const failure = admit.error ?? sendBack.error ?? remove.error ?? end.error;
  const busy = admit.isPending || sendBack.isPending || remove.isPending || end.isPending;
  // Admit and Back to waiting replace each other (and are disabled while a change is sent): focus on
  // the button that went falls to <body>, so once it settles a keyboard user lands on the one that came.
  const admitRef = useRef<HTMLButtonElement>(null);
  const sendBackRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (busy || (document.activeElement && document.activeElement !== document.body)) return;
    (admitted ? sendBackRef : admitRef).current?.focus();
  }, [admitted, busy]);

  return (
    <div className="flex flex-col gap-3">
      <div className="relative aspect-video overflow-hidden rounded-xl bg-slate-900">
        {admitted ? (
          <VideoTile camera={of(patient?.identity, Track.Source.Camera)} microphone={of(patient?.identity, Track.Source.Microphone)} name={patientName} videoTestId="remote-video" className="size-full" />
        ) : (
          <div className="flex size-full flex-col items-center justify-center gap-4 p-6 text-center" aria-live="polite">
            {patient ? (
              <>
                <p className="text-lg font-semibold text-white">
                  <span className="mr-2 inline-block size-2.5 animate-pulse rounded-full bg-amber-400 motion-reduce:animate-none" aria-hidden="true" />
                  {patientName} is in the waiting room
                </p>
                <p className="max-w-md text-sm text-slate-300">They can&apos;t see or hear you until you admit them.</p>
                <Button ref={admitRef} size="lg" onClick={() => admit.mutate({ appointmentId })} loading={admit.isPending} disabled={busy}>
                  <LogIn aria-hidden="true" />
                  Admit
                </Button>
              </>
            ) : (
              <>
                <p className="text-lg font-semibold text-white">Waiting for {patientName}</p>
                <p className="max-w-md text-sm text-slate-300">They will appear here when they enter the waiting room.</p>
              </>
            )}
          </div>
        )}
        {/* Top corner in a call; bottom corner while waiting, clear of the admit prompt. */}
        <div className={admitted ? "absolute top-3 right-3 w-32 sm:w-44" : "absolute right-3 bottom-3 w-28 sm:w-40"}>
          <VideoTile camera={of(localParticipant.identity, Track.Source.Camera)} microphone={of(localParticipant.identity, Track.Source.Microphone)} name="You" mirrored videoTestId="local-video" className="aspect-video shadow-lg ring-1 ring-white/20" compact />
        </div>
      </div>
      {failure ? <Alert variant="error">{errorMessage(failure)}</Alert> : null}
      {publishError ? (
        <Alert
          variant="error"
          title="Your camera or microphone didn't start"
          action={
            <Button variant="secondary" className="h-11" onClick={onRetryPublish}>
              Try again
            </Button>
          }
        >
          {explainMediaError(publishError)}
        </Alert>
      ) : null}
      <CallControls
        onLeave={onLeave}
        leaveLabel="Leave room"
        leaveVariant="secondary"
        end={
          <Button type="button" variant="danger" onClick={() => setConfirmEnd(true)} disabled={busy}>
            <DoorOpen aria-hidden="true" />
            End visit
          </Button>
        }
      >
        {admitted ? (
          <Button ref={sendBackRef} type="button" variant="secondary" onClick={() => sendBack.mutate({ appointmentId })} loading={sendBack.isPending} disabled={busy}>
            <Undo2 aria-hidden="true" />
            Back to waiting
          </Button>
        ) : null}
        {patient ? (
          <Button type="button" variant="secondary" onClick={() => remove.mutate({ appointmentId })} loading={remove.isPending} disabled={busy}>
            <UserX aria-hidden="true" />
            Remove patient
          </Button>
        ) : null}
      </CallControls>
      <RoomAudioRenderer />
      <ConfirmDialog
        open={confirmEnd}
        onOpenChange={setConfirmEnd}
        title="End the visit for everyone?"
        description="The room closes and the patient is disconnected. A visit that started is recorded as completed."
        confirmLabel="End visit"
        destructive
        pending={end.isPending}
        onConfirm={() => end.mutate({ appointmentId }, { onSuccess: () => setConfirmEnd(false) })}
      />
    </div>
  );
});
