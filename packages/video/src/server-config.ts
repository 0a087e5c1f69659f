import { readFileSync } from "node:fs";

/**
 * The LiveKit server's YAML for one run: the repo's infra/livekit/livekit.yaml (loopback settings
 * WebRTC needs on a machine whose only interface is lo, see STACK.md) with this run's ports and
 * the webhook receivers added. Node-only; used by the portal launcher, the test harness and e2e.
 */
export function renderLivekitConfig(opts: { baseFile: string; port: number; webhookUrls?: string[]; keys?: { key: string; secret: string } }) {
  let yaml = readFileSync(opts.baseFile, "utf8");
  const set = (re: RegExp, line: string) => {
    if (!re.test(yaml)) throw new Error(`${opts.baseFile}: expected a line matching ${re}`);
    yaml = yaml.replace(re, line);
  };
  set(/^port: \d+$/m, `port: ${opts.port}`);
  set(/^(\s+)tcp_port: \d+$/m, `$1tcp_port: ${opts.port + 1}`);
  set(/^(\s+)udp_port: \d+$/m, `$1udp_port: ${opts.port + 2}`);
  // Explicit keys replace --dev's devkey/secret pair (the server accepts only the configured ones).
  if (opts.keys) yaml += `\nkeys:\n  ${opts.keys.key}: ${opts.keys.secret}\n`;
  if (opts.webhookUrls?.length) {
    yaml += `\nwebhook:\n  api_key: ${opts.keys?.key ?? "devkey"}\n  urls:\n${opts.webhookUrls.map((u) => `    - ${u}`).join("\n")}\n`;
  }
  return yaml;
}
