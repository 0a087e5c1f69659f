import { createEnv } from "@t3-oss/env-core";
import { z } from "zod";

export const workerEnv = () =>
  createEnv({
    server: {
      NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
      // Unset: the embedded PostgreSQL server (started on demand, shared with the apps).
      DATABASE_URL: z.url().optional(),
      WORKER_POOL_MAX: z.coerce.number().int().min(1).max(20).default(2),
      // Outbound mail (smtp:// or smtps://, credentials in the URL). Required in production;
      // in development messages go to the worker's log.
      SMTP_URL: z.url().optional(),
      MAIL_FROM: z.string().min(3).default("Clearwell <no-reply@clearwell.invalid>"),
      // How long a stopping worker lets running jobs finish.
      WORKER_SHUTDOWN_SECONDS: z.coerce.number().int().min(1).max(300).default(20),
    },
    runtimeEnv: process.env,
    emptyStringAsUndefined: true,
  });
