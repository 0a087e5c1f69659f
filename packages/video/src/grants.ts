import type { VideoGrant } from "livekit-server-sdk";

/** Who someone is in a visit room. Identities are `<role>:<userId>` so webhooks map back to people. */
export type VisitRole = "patient" | "provider";

export const identityFor = (role: VisitRole, userId: string) => `${role}:${userId}`;

export function parseIdentity(identity: string): { role: VisitRole; userId: string } | null {
  const [role, ...rest] = identity.split(":");
  const userId = rest.join(":");
  return (role === "patient" || role === "provider") && userId ? { role, userId } : null;
}

/** One room per appointment. */
export const roomNameFor = (appointmentId: string) => `visit-${appointmentId}`;

/** Media permissions a participant holds, as LiveKit names them. */
export interface MediaPermission {
  canPublish: boolean;
  canSubscribe: boolean;
  canPublishData: boolean;
}

/** A waiting patient is in the room but can neither send nor receive anything (least privilege). */
export const WAITING: MediaPermission = { canPublish: false, canSubscribe: false, canPublishData: false };
/** An admitted patient or the provider: camera, microphone and the other side's media. */
export const IN_CALL: MediaPermission = { canPublish: true, canSubscribe: true, canPublishData: true };

/** A join grant for exactly one room, never admin rights; the server SDK does the admitting. */
export function joinGrant(room: string, permission: MediaPermission): VideoGrant {
  return {
    roomJoin: true,
    room,
    ...permission,
    canUpdateOwnMetadata: false,
    roomAdmin: false,
    roomCreate: false,
    roomList: false,
    roomRecord: false,
  };
}
