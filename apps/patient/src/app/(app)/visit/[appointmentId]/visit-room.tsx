"use client";

import type { PatientOutputs } from "@clearwell/api/patient";
import type { DeviceChoices } from "@clearwell/ui/video/device-check";
import { Spinner } from "@clearwell/ui/spinner";
import { useCallPresence } from "@clearwell/ui/video/use-call-presence";
import { benchMark } from "@clearwell/ui/video/bench-marks";
import { LiveKitRoom, useConnectionState, useLocalParticipantPermissions, useRoomContext } from "@livekit/components-react";
import type { DisconnectReason, Participant, ParticipantPermission, RoomOptions } from "livekit-client";
import { ConnectionState, RoomEvent } from "livekit-client";
import { useCallback, useEffect, useState } from "react";

import { type EndReason, endReasonFor } from "./end-reason";
import { InCall } from "./in-call";
import { ReconnectingBanner } from "./reconnecting-banner";
import { WaitingRoom } from "./waiting-room";

type JoinResult = PatientOutputs["visit"]["join"];

// Module-level: LiveKitRoom builds a new Room whenever the options change.
const ROOM_OPTIONS: RoomOptions = { adaptiveStream: true, dynacast: true };

export interface VisitRoomProps {
  join: JoinResult;
  appointmentId: string;
  devices: DeviceChoices;
  providerName: string;
  supportPersonName: string | null;
  /** The patient is out of the room, and why; must be stable (LiveKitRoom re-binds its listeners on change). */
  onEnd: (reason: EndReason) => void;
}

/**
 * Connected to the visit's room. Nothing is published on connect: a waiting patient's token
 * cannot publish, and the camera and microphone start only once the provider admits them.
 */
export function VisitRoom({ join, onEnd, ...stage }: VisitRoomProps) {
  const onDisconnected = useCallback((reason?: DisconnectReason) => onEnd(endReasonFor(reason)), [onEnd]);
  const onError = useCallback(() => onEnd("failed"), [onEnd]);
  const onLeave = useCallback(() => onEnd("left"), [onEnd]);
  return (
    <LiveKitRoom serverUrl={join.url} token={join.token} connect audio={false} video={false} options={ROOM_OPTIONS} onDisconnected={onDisconnected} onError={onError}>
      <RoomStage {...stage} rejoiningCall={join.admitted} onLeave={onLeave} />
    </LiveKitRoom>
  );
}

interface RoomStageProps extends Omit<VisitRoomProps, "join" | "onEnd"> {
  /** The patient had already been admitted, so connecting goes straight back into the call. */
  rejoiningCall: boolean;
  onLeave: () => void;
}

/** Waiting room or call, decided by what the server currently lets this participant do. */
function RoomStage({ appointmentId, devices, providerName, supportPersonName, rejoiningCall, onLeave }: RoomStageProps) {
  const connection = useConnectionState();
  const room = useRoomContext();
  useEffect(() => {
    const onGrant = (_prev: ParticipantPermission | undefined, p: Participant) => {
      if (p === room.localParticipant && p.permissions?.canPublish) benchMark("grant");
    };
    room.on(RoomEvent.ParticipantPermissionsChanged, onGrant);
    return () => void room.off(RoomEvent.ParticipantPermissionsChanged, onGrant);
  }, [room]);
  const permissions = useLocalParticipantPermissions();
  // The server flips canPublish when the provider admits or sends back; it is the one source of truth.
  const admitted = !!permissions?.canPublish;

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
    body = <InCall devices={devices} providerName={providerName} onLeave={onLeave} />;
  } else {
    body = (
      <WaitingRoom
        appointmentId={appointmentId}
        movedBack={movedBack}
        videoDeviceId={devices.videoDeviceId}
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
