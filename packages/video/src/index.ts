import { AccessToken, RoomServiceClient, TrackSource, WebhookReceiver } from "livekit-server-sdk";
import type { ParticipantInfo, WebhookEvent } from "livekit-server-sdk";

import { assertProductionVideoKeys, videoEnv } from "./env";
import { type MediaPermission, joinGrant } from "./grants";

export * from "./grants";
export type { ParticipantInfo, WebhookEvent };
export { TrackSource };

export interface VideoConfig {
  /** Browser-facing ws(s):// URL. */
  url: string;
  /** Server SDK URL; http(s):// or ws(s):// of the same server. */
  apiUrl?: string | undefined;
  apiKey: string;
  apiSecret: string;
  /** Join tokens are for connecting now, not for later (the server refreshes them once connected). */
  tokenTtlSeconds?: number;
  /** A room nobody joins closes after this long; one everybody left, after departureTimeoutSeconds. */
  emptyTimeoutSeconds?: number;
  departureTimeoutSeconds?: number;
}

export class InvalidWebhookError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InvalidWebhookError";
  }
}

const toHttp = (url: string) => url.replace(/^ws(s?):\/\//, "http$1://");

const isNotFound = (error: unknown) => {
  const e = error as { status?: number; code?: string; message?: string };
  return e.status === 404 || e.code === "not_found" || /not.?found|does not exist/i.test(e.message ?? "");
};

/** Publishing is limited to camera and microphone: no screen share in a clinical visit by default. */
function serverPermission(p: MediaPermission) {
  return { ...p, canPublishSources: p.canPublish ? [TrackSource.CAMERA, TrackSource.MICROPHONE] : [] };
}

/** The LiveKit server seen through what visits need: rooms, join tokens, permissions, webhooks. */
export function createVideoService(config: VideoConfig) {
  const rooms = new RoomServiceClient(toHttp(config.apiUrl ?? config.url), config.apiKey, config.apiSecret);
  const receiver = new WebhookReceiver(config.apiKey, config.apiSecret);
  const ttl = config.tokenTtlSeconds ?? 300;

  return {
    url: config.url,

    /** Creates the room, or returns the one already open (createRoom is idempotent on name). */
    async ensureRoom(name: string) {
      return rooms.createRoom({ name, emptyTimeout: config.emptyTimeoutSeconds ?? 300, departureTimeout: config.departureTimeoutSeconds ?? 120, maxParticipants: 4 });
    },

    /** A short-lived token for one identity in one room with exactly these media permissions. */
    async mintToken(input: { room: string; identity: string; name: string; permission: MediaPermission; attributes?: Record<string, string> }) {
      const at = new AccessToken(config.apiKey, config.apiSecret, { identity: input.identity, name: input.name, ttl, ...(input.attributes ? { attributes: input.attributes } : {}) });
      at.addGrant({ ...joinGrant(input.room, input.permission), canPublishSources: serverPermission(input.permission).canPublishSources });
      return { token: await at.toJwt(), expiresAt: new Date(Date.now() + ttl * 1000) };
    },

    /** Changes a connected participant's permissions; false when they are not in the room. */
    async setPermission(room: string, identity: string, permission: MediaPermission): Promise<boolean> {
      try {
        await rooms.updateParticipant(room, identity, { permission: serverPermission(permission) });
        return true;
      } catch (error) {
        if (isNotFound(error)) return false;
        throw error;
      }
    },

    async participants(room: string): Promise<ParticipantInfo[]> {
      try {
        return await rooms.listParticipants(room);
      } catch (error) {
        if (isNotFound(error)) return [];
        throw error;
      }
    },

    /** Disconnects one participant; false when they were not there. */
    async removeParticipant(room: string, identity: string): Promise<boolean> {
      try {
        await rooms.removeParticipant(room, identity);
        return true;
      } catch (error) {
        if (isNotFound(error)) return false;
        throw error;
      }
    },

    /** Ends the room for everyone. */
    async closeRoom(room: string) {
      try {
        await rooms.deleteRoom(room);
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
    },

    /**
     * Verifies a webhook: the Authorization JWT must be signed with our secret, unexpired, and
     * carry the body's SHA-256. Anything else is an InvalidWebhookError.
     */
    async receiveWebhook(body: string, authorization: string | null): Promise<WebhookEvent> {
      if (!authorization) throw new InvalidWebhookError("Missing Authorization header.");
      try {
        return await receiver.receive(body, authorization);
      } catch (error) {
        throw new InvalidWebhookError(error instanceof Error ? error.message : "Invalid webhook.");
      }
    },
  };
}

export type VideoService = ReturnType<typeof createVideoService>;

/** Built from validated environment variables (development defaults match `livekit-server --dev`). */
export function videoFromEnv(): VideoService {
  const env = videoEnv();
  assertProductionVideoKeys(env.LIVEKIT_API_KEY, env.LIVEKIT_API_SECRET, env.NODE_ENV);
  return createVideoService({ url: env.LIVEKIT_URL, apiUrl: env.LIVEKIT_API_URL, apiKey: env.LIVEKIT_API_KEY, apiSecret: env.LIVEKIT_API_SECRET });
}

/** Signs a webhook body as the LiveKit server does (for tests and tooling, never for receiving). */
export async function signWebhook(body: string, apiKey: string, apiSecret: string, ttlSeconds = 300) {
  const { createHash } = await import("node:crypto");
  const at = new AccessToken(apiKey, apiSecret, { ttl: ttlSeconds });
  at.sha256 = createHash("sha256").update(body).digest("base64");
  return at.toJwt();
}
