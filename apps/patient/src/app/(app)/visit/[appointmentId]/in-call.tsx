"use client";

import type { TrackReferenceOrPlaceholder } from "@livekit/components-react";
import { Alert } from "@clearwell/ui/alert";
import { Button } from "@clearwell/ui/button";
import { explainMediaError } from "@clearwell/ui/video/device-check";
import { CallControls } from "@clearwell/ui/video/call-controls";
import { VideoTile } from "@clearwell/ui/video/video-tile";
import { RoomAudioRenderer, useAudioPlayback, useRemoteParticipants, useRoomContext, useTracks } from "@livekit/components-react";
import type { Participant } from "livekit-client";
import { RoomEvent, Track } from "livekit-client";
import { memo } from "react";

import { StageHeading } from "./stage-heading";

// Module-level: useTracks re-subscribes when the array's contents change.
const SOURCES = [Track.Source.Camera, Track.Source.Microphone];
// Who is here and their name and role only: not a re-render on every speaking or quality change (issue 16).
const REMOTE_EVENTS = { updateOnlyOn: [RoomEvent.ParticipantNameChanged, RoomEvent.ParticipantAttributesChanged] };

export interface InCallProps {
  providerName: string;
  /** Set when the camera or microphone failed to start or publish (the connection layer publishes them). */
  publishError: unknown;
  onRetryPublish: () => void;
  onLeave: () => void;
}

/** Admitted: the provider large, the patient's own camera small and mirrored, and the call controls. */
export const InCall = memo(function InCall({ providerName, publishError, onRetryPublish, onLeave }: InCallProps) {
  const room = useRoomContext();
  const error = publishError ? explainMediaError(publishError) : null;
  const { canPlayAudio, startAudio } = useAudioPlayback(room);
  const tracks = useTracks(SOURCES);
  const remotes = useRemoteParticipants(REMOTE_EVENTS);
  const { localParticipant } = room;
  // The provider's token carries role=provider; any other remote participant is a fallback.
  const provider = remotes.find((p) => p.attributes.role === "provider") ?? remotes[0];

  const trackOf = (participant: Participant, source: Track.Source): TrackReferenceOrPlaceholder =>
    tracks.find((t) => t.participant.identity === participant.identity && t.source === source) ?? { participant, source };

  return (
    <div className="flex flex-col gap-4">
      <StageHeading>Your visit with {providerName}</StageHeading>
      {error ? (
        <Alert
          variant="error"
          title="Your camera or microphone didn't start"
          action={
            <Button variant="secondary" className="h-11" onClick={onRetryPublish}>
              Try again
            </Button>
          }
        >
          {error}
        </Alert>
      ) : null}
      {canPlayAudio ? null : (
        <Alert
          variant="warning"
          action={
            <Button className="h-11" onClick={() => void startAudio()}>
              Turn on sound
            </Button>
          }
        >
          Your browser paused the sound of the call.
        </Alert>
      )}
      <div className="relative">
        {provider ? (
          <VideoTile
            camera={trackOf(provider, Track.Source.Camera)}
            microphone={trackOf(provider, Track.Source.Microphone)}
            name={provider.name || providerName}
            videoTestId="remote-video"
            className="aspect-[3/4] w-full sm:aspect-video"
          />
        ) : (
          <div role="status" className="flex aspect-[3/4] w-full items-center justify-center rounded-xl bg-slate-900 px-6 text-center text-base text-slate-200 sm:aspect-video">
            Waiting for {providerName} to reconnect…
          </div>
        )}
        <VideoTile
          camera={trackOf(localParticipant, Track.Source.Camera)}
          microphone={trackOf(localParticipant, Track.Source.Microphone)}
          name="You"
          mirrored
          compact
          videoTestId="local-video"
          className="absolute top-3 right-3 aspect-[3/4] w-24 shadow-lg ring-2 ring-white/80 sm:aspect-video sm:w-44"
        />
      </div>
      <RoomAudioRenderer />
      <CallControls onLeave={onLeave} leaveLabel="Leave visit" />
    </div>
  );
});
