import { createEnv } from "@t3-oss/env-core";
import { z } from "zod";

// `livekit-server --dev` ships this key pair; it is refused in production.
const DEV_KEY = "devkey";
const DEV_SECRET = "secret";

export const videoEnv = () =>
  createEnv({
    server: {
      NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
      /** What browsers connect to. */
      LIVEKIT_URL: z.url().default("ws://127.0.0.1:7880"),
      /** What the server SDK calls (the same server over HTTP); defaults to LIVEKIT_URL. */
      LIVEKIT_API_URL: z.url().optional(),
      LIVEKIT_API_KEY: z.string().min(1).default(DEV_KEY),
      LIVEKIT_API_SECRET: z.string().min(1).default(DEV_SECRET),
    },
    runtimeEnv: process.env,
    emptyStringAsUndefined: true,
  });

export function assertProductionVideoKeys(key: string, secret: string, nodeEnv: string) {
  if (nodeEnv === "production" && (key === DEV_KEY || secret === DEV_SECRET || secret.length < 32)) {
    throw new Error("LIVEKIT_API_KEY and LIVEKIT_API_SECRET must be set to private values (secret of 32+ characters) in production");
  }
}
