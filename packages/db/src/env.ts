import { createEnv } from "@t3-oss/env-core";
import { z } from "zod";

export const dbEnv = () =>
  createEnv({
    server: {
      // The owner's connection (migrations, role grants). Unset outside production: the embedded
      // PostgreSQL server the project starts itself. In production the apps refuse to start without it
      // or DATABASE_APP_URL.
      DATABASE_URL: z.url().optional(),
      // The apps' and the worker's least-privilege connection. Unset: DATABASE_URL with the user
      // clearwell_app and DATABASE_APP_PASSWORD (a fixed password outside production).
      DATABASE_APP_URL: z.url().optional(),
      DATABASE_APP_PASSWORD: z.string().min(12).optional(),
      EMBEDDED_PG_PORT: z.coerce.number().int().min(1024).max(65535).default(54329),
      EMBEDDED_PG_DIR: z.string().min(1).optional(),
      DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
      // How long a request waits for a free pooled connection before it is refused (503).
      DATABASE_ACQUIRE_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
      // A transaction idle this long is ended by the server (its locks and connection freed).
      DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(3_600_000).default(60_000),
      NODE_ENV: z.string().optional(),
    },
    runtimeEnv: process.env,
    emptyStringAsUndefined: true,
  });

export const isProduction = (env: { NODE_ENV?: string } = dbEnv()) => env.NODE_ENV === "production";
