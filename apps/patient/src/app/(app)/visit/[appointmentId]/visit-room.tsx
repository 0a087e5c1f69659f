"use client";

import type { PatientOutputs } from "@clearwell/api/patient";
import type { DeviceChoices } from "@clearwell/ui/video/device-check";
import type { LocalMedia } from "@clearwell/ui/video/visit-connection";
import { Spinner } from "@clearwell/ui/spinner";
import { useCallPresence } from "@clearwell/ui/video/use-call-presence";
import { VisitConnection } from "@clearwell/ui/video/visit-connection";
import { useConnectionState, useLocalParticipantPermissions } from "@livekit/components-react";
import type { DisconnectReason } from "livekit-client";
import { ConnectionState } from "livekit-client";
import { memo, useCallback, useDeferredValue, useEffect, useState } from "react";

import { type EndReason, endReasonFor } from "./end-reason";
import { InCall } from "./in-call";
import { ReconnectingBanner } from "./reconnecting-banner";
import { WaitingRoom } from "./waiting-room";

type JoinResult = PatientOutputs["visit"]["join"];

/** The longest the waiting room stays on screen after the admission while the camera goes out. */
const MEDIA_FIRST_MS = 1_500;

export interface VisitRoomProps {
  join: JoinResult;
  appointmentId: string;
  devices: DeviceChoices;
  /** The camera and microphone the device check opened; published as they are on admission. */
  media: LocalMedia;
  providerName: string;
  supportPersonName: string | null;
  /** The patient is out of the room, and why. */
  onEnd: (reason: EndReason) => void;
}

/**
 * Connected to the visit's room. Nothing is published on connect: a waiting patient's token
 * cannot publish. The connection layer publishes the held camera and microphone the moment the
 * server's admission arrives (VisitConnection); the screens below only follow it.
 */
export const VisitRoom = memo(function VisitRoom({ join, onEnd, media, ...stage }: VisitRoomProps) {
  const onDisconnected = useCallback((reason?: DisconnectReason) => onEnd(endReasonFor(reason)), [onEnd]);
  const onError = useCallback(() => onEnd("failed"), [onEnd]);
  const onLeave = useCallback(() => onEnd("left"), [onEnd]);
  return (
    <VisitConnection serverUrl={join.url} token={join.token} media={media} onDisconnected={onDisconnected} onError={onError}>
      {(publish) => (
        <RoomStage {...stage} media={media} publishError={publish.error} publishing={publish.publishing} onRetryPublish={publish.retry} rejoiningCall={join.admitted} onLeave={onLeave} />
      )}
    </VisitConnection>
  );
});

interface RoomStageProps extends Omit<VisitRoomProps, "join" | "onEnd"> {
  /** The camera or microphone failed to start or publish. */
  publishError: unknown;
  /** The camera and microphone are being put on the call. */
  publishing: boolean;
  onRetryPublish: () => void;
  /** The patient had already been admitted, so connecting goes straight back into the call. */
  rejoiningCall: boolean;
  onLeave: () => void;
}

/** Waiting room or call, decided by what the server currently lets this participant do. */
function RoomStage({ appointmentId, devices, media, providerName, supportPersonName, publishError, publishing, onRetryPublish, rejoiningCall, onLeave }: RoomStageProps) {
  const connection = useConnectionState();
  const permissions = useLocalParticipantPermissions();
  // The server flips canPublish when the provider admits or sends back; it is the one source of truth.
  const granted = !!permissions?.canPublish;
  // Media first, screen second (issue 16): let in from the waiting room, the screen changes once
  // the camera and microphone are on the call (the connection layer started them in LiveKit's own
  // event), or after MEDIA_FIRST_MS at most, so laying out the call never delays the provider's
  // first frame. The change itself is a deferred (interruptible) render.
  const [waitedOut, setWaitedOut] = useState(false);
  const holding = granted && publishing && !rejoiningCall && !waitedOut;
  useEffect(() => {
    if (!granted || !publishing) return;
    const timer = setTimeout(() => setWaitedOut(true), MEDIA_FIRST_MS);
    return () => clearTimeout(timer);
  }, [granted, publishing]);
  if (waitedOut && !granted) setWaitedOut(false);
  const admitted = useDeferredValue(granted && !holding);

  // Derived while rendering (not in an effect) so the first frame after a change is already right.
  const [connected, setConnected] = useState(false);
  if (!connected && connection === ConnectionState.Connected) setConnected(true);
  const [lastAdmitted, setLastAdmitted] = useState(admitted);
  const [movedBack, setMovedBack] = useState(false);
  if (lastAdmitted !== admitted) {
    setLastAdmitted(admitted);
    setMovedBack(!admitted);
  }

  // In a call the patient is present without touching the screen; alone in the waiting room the
  // idle logoff still applies (it warns a minute before).
  useCallPresence(connected && admitted);

  const reconnecting = connection === ConnectionState.Reconnecting || connection === ConnectionState.SignalReconnecting;
  let announcement = "";
  if (reconnecting) announcement = "Your connection dropped. Reconnecting.";
  else if (movedBack) announcement = "Your provider moved you back to the waiting room";
  else if (admitted) announcement = `${providerName} let you in. Your camera and microphone are turning on.`;

  let body: React.ReactNode;
  if (!connected) {
    body = (
      <div className="flex min-h-60 items-center justify-center gap-3 text-base text-slate-700">
        <Spinner />
        {rejoiningCall ? "Connecting to your visit…" : "Connecting to the waiting room…"}
      </div>
    );
  } else if (admitted) {
    body = <InCall providerName={providerName} publishError={publishError} onRetryPublish={onRetryPublish} onLeave={onLeave} />;
  } else {
    body = (
      <WaitingRoom
        appointmentId={appointmentId}
        movedBack={movedBack}
        media={media}
        devices={devices}
        supportPersonName={supportPersonName}
        onLeave={onLeave}
      />
    );
  }

  return (
    <div className="flex flex-col gap-4">
      {/* Always in the page, so changes to it are announced (a region added with its text often is not). */}
      <p role="status" aria-live="polite" className="sr-only">
        {connected ? announcement : rejoiningCall ? "Connecting to your visit" : "Connecting to the waiting room"}
      </p>
      {reconnecting ? <ReconnectingBanner /> : null}
      {body}
    </div>
  );
}
