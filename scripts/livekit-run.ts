// Runs a LiveKit server in the foreground for the browser tests and benchmarks:
//   node --import tsx scripts/livekit-run.ts <port> [webhook-url ...]
// The repo's config with this run's ports and webhooks (and LIVEKIT_API_KEY/SECRET as the key pair
// when set, instead of --dev's devkey/secret); stops on SIGTERM/SIGINT (LiveKit itself
// drains on the first SIGINT and exits on the second).
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { renderLivekitConfig } from "@clearwell/video/server-config";

const root = path.resolve(import.meta.dirname, "..");
const [portArg, ...webhookUrls] = process.argv.slice(2);
const port = Number(portArg);
if (!Number.isInteger(port) || port < 1024) {
  console.error("usage: livekit-run.ts <port> [webhook-url ...]");
  process.exit(2);
}
const found = spawnSync(path.join(root, "scripts/livekit.sh"), [], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
const bin = found.stdout.trim().split("\n").pop();
if (found.status !== 0 || !bin) process.exit(1);

const config = path.join(mkdtempSync(path.join(tmpdir(), "clearwell-livekit-")), "livekit.yaml");
const { LIVEKIT_API_KEY: key, LIVEKIT_API_SECRET: secret } = process.env;
writeFileSync(config, renderLivekitConfig({ baseFile: path.join(root, "infra/livekit/livekit.yaml"), port, webhookUrls, ...(key && secret ? { keys: { key, secret } } : {}) }));
const child = spawn(bin, ["--dev", "--bind", "127.0.0.1", "--config", config], { stdio: "inherit" });
const stop = () => {
  child.kill("SIGINT");
  setTimeout(() => child.kill("SIGINT"), 200).unref();
  setTimeout(() => child.kill("SIGKILL"), 3_000).unref();
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
child.on("exit", (code) => process.exit(code ?? 0));
