import { DisconnectReason } from "livekit-client";

/** Why the patient is no longer in the room, as the end screen explains it. */
export type EndReason = "left" | "removed" | "ended" | "failed" | "elsewhere";

/** The video server's disconnect reason in the patient's terms. */
export function endReasonFor(reason: DisconnectReason | undefined): EndReason {
  switch (reason) {
    case DisconnectReason.CLIENT_INITIATED:
      return "left";
    case DisconnectReason.PARTICIPANT_REMOVED:
      return "removed";
    case DisconnectReason.ROOM_DELETED:
    case DisconnectReason.ROOM_CLOSED:
      return "ended";
    // The same person joined from another tab or device, which took over this connection.
    case DisconnectReason.DUPLICATE_IDENTITY:
      return "elsewhere";
    default:
      return "failed";
  }
}
