// The pharmacy simulator as its own process (`./bin/clearwell start`, the tests): configuration
// from the environment (env.ts, zod), JSON log lines without prescription content.
import { simEnv } from "./env";
import { createPharmacySim } from "./server";

const log = (msg: string, fields: Record<string, unknown> = {}) => console.log(JSON.stringify({ time: new Date().toISOString(), msg, ...fields }));

let env;
try {
  env = simEnv();
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
}

const sim = createPharmacySim(env, log);
let url: string;
try {
  ({ url } = await sim.start());
} catch (e) {
  const code = (e as { code?: string }).code;
  console.error(code === "EADDRINUSE" ? `Port ${env.PHARMACY_SIM_PORT} is in use: set PHARMACY_SIM_PORT to a free one.` : e instanceof Error ? e.message : e);
  process.exit(1);
}
// The harness and the launcher read this line.
log("listening", { url, script: `${url}/script`, inbound: env.CLEARWELL_INBOUND_URL, ncpdpIds: env.PHARMACY_SIM_NCPDP_IDS });

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    log(`${signal} received, shutting down`);
    void sim.stop().finally(() => {
      log("stopped");
      process.exit(0);
    });
  });
}
