"use client";

import { memo, useCallback } from "react";
import { DisconnectReason } from "livekit-client";
import { type LocalMedia, VisitConnection } from "@clearwell/ui/video/visit-connection";

import { ProviderStage } from "./provider-stage";

/** How the provider came out of the room: ended for everyone, left on purpose, or cut off. */
export type LeftReason = "ended" | "left" | "dropped";

export interface InCallProps {
  session: { url: string; token: string };
  media: LocalMedia;
  appointmentId: string;
  patientName: string;
  onLeft: (reason: LeftReason) => void;
}

/**
 * The connection to the room and the stage in it. Apart from visit-room.tsx so LiveKit (most of
 * the page's JavaScript) loads when the provider joins, not with the page (issue 14). Memoised: the
 * visit's pushed updates re-render the page header, not the connection and its stage (issue 16).
 */
export const InCall = memo(function InCall({ session, media, appointmentId, patientName, onLeft }: InCallProps) {
  const onDisconnected = useCallback(
    (reason?: DisconnectReason) => onLeft(reason === DisconnectReason.ROOM_DELETED ? "ended" : reason === DisconnectReason.CLIENT_INITIATED ? "left" : "dropped"),
    [onLeft],
  );
  const onLeave = useCallback(() => onLeft("left"), [onLeft]);
  const onConnectError = useCallback(() => onLeft("dropped"), [onLeft]);
  return (
    <VisitConnection serverUrl={session.url} token={session.token} media={media} onDisconnected={onDisconnected} onError={onConnectError}>
      {(publish) => <ProviderStage appointmentId={appointmentId} patientName={patientName} publishError={publish.error} onRetryPublish={publish.retry} onLeave={onLeave} />}
    </VisitConnection>
  );
});
