import { createEnv } from "@t3-oss/env-core";
import { z } from "zod";

export const dbEnv = () =>
  createEnv({
    server: {
      // Unset: use the embedded PostgreSQL server the project starts itself.
      DATABASE_URL: z.url().optional(),
      EMBEDDED_PG_PORT: z.coerce.number().int().min(1024).max(65535).default(54329),
      EMBEDDED_PG_DIR: z.string().min(1).optional(),
      DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
    },
    runtimeEnv: process.env,
    emptyStringAsUndefined: true,
  });
