import { createEnv } from "@t3-oss/env-core";
import { z } from "zod";

export const workerEnv = () =>
  createEnv({
    server: {
      // Unset: the embedded PostgreSQL server (started on demand, shared with the apps).
      DATABASE_URL: z.url().optional(),
      WORKER_HEARTBEAT_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
      WORKER_POOL_MAX: z.coerce.number().int().min(1).max(20).default(2),
      // How often visits whose time is over are closed (rooms shut, records finished).
      WORKER_VISIT_SWEEP_SECONDS: z.coerce.number().int().min(5).max(3600).default(60),
    },
    runtimeEnv: process.env,
    emptyStringAsUndefined: true,
  });
