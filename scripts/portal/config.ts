// The portal's settings from the environment (validated), and its port checks.
import net from "node:net";

import { z } from "zod";

const port = z.coerce.number().int().min(1024).max(65535);
const ZPortalEnv = z.object({
  PROVIDER_PORT: port.default(3000),
  PATIENT_PORT: port.default(3001),
  LIVEKIT_PORT: port.default(7880),
  PHARMACY_SIM_PORT: port.default(7400),
  EMBEDDED_PG_PORT: port.default(54329),
  DATABASE_URL: z.url().optional(),
  APP_READY_TIMEOUT_SECONDS: z.coerce.number().int().min(10).default(300),
});
export type PortalEnv = z.infer<typeof ZPortalEnv>;

/** The validated settings, or the process exits with one line per problem. */
export function portalEnv(source: NodeJS.ProcessEnv = process.env): PortalEnv {
  const parsed = ZPortalEnv.safeParse(Object.fromEntries(Object.entries(source).filter(([, v]) => v !== "")));
  if (!parsed.success) {
    for (const issue of parsed.error.issues) console.error(`Invalid ${issue.path.join(".")}: ${issue.message}`);
    process.exit(1);
  }
  const env = parsed.data;
  if (new Set([env.PROVIDER_PORT, env.PATIENT_PORT, env.LIVEKIT_PORT, env.PHARMACY_SIM_PORT, env.EMBEDDED_PG_PORT]).size < 5) {
    console.error("PROVIDER_PORT, PATIENT_PORT, LIVEKIT_PORT, PHARMACY_SIM_PORT and EMBEDDED_PG_PORT must all differ.");
    process.exit(1);
  }
  return env;
}

export function portInUse(p: number) {
  return new Promise<boolean>((resolve) => {
    const s = net.connect({ host: "127.0.0.1", port: p });
    s.once("connect", () => {
      s.destroy();
      resolve(true);
    });
    s.once("error", () => resolve(false));
  });
}

/** Exits with a plain message when a port the portal needs is taken. */
export async function requireFreePorts(env: PortalEnv) {
  const busy: string[] = [];
  for (const [name, p] of [
    ["PROVIDER_PORT", env.PROVIDER_PORT],
    ["PATIENT_PORT", env.PATIENT_PORT],
    ["LIVEKIT_PORT", env.LIVEKIT_PORT],
    ["PHARMACY_SIM_PORT", env.PHARMACY_SIM_PORT],
  ] as const) {
    if (await portInUse(p)) busy.push(`${name}=${p}`);
  }
  if (busy.length) {
    console.error(`Port already in use: ${busy.join(", ")}. Stop what runs there or pick other ports, e.g. PROVIDER_PORT=3100 ./bin/clearwell start`);
    process.exit(1);
  }
}
