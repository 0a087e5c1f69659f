import { execFileSync } from "node:child_process";

import { describe, expect, it } from "vitest";

import { DEV_RX_SIGNING_KEY, apiEnv } from "../../env";
import { rxSignerFrom } from "./signing-key";

describe("RX_SIGNING_KEY (the server's Ed25519 prescription signature)", () => {
  it("development and test fall back to the fixed development key; production refuses a missing or development key", () => {
    expect(apiEnv({ NODE_ENV: "test" }).rxSigningKey).toBe(DEV_RX_SIGNING_KEY);
    expect(apiEnv({}).rxSigningKey).toBe(DEV_RX_SIGNING_KEY);
    expect(() => apiEnv({ NODE_ENV: "production" })).toThrow(/RX_SIGNING_KEY must be set/);
    expect(() => apiEnv({ NODE_ENV: "production", RX_SIGNING_KEY: DEV_RX_SIGNING_KEY })).toThrow(/RX_SIGNING_KEY must be set/);
    expect(() => apiEnv({ NODE_ENV: "production", RX_SIGNING_KEY: "not base64!" })).toThrow(/base64/);
    const seed = Buffer.alloc(32, 7).toString("base64");
    expect(apiEnv({ NODE_ENV: "production", RX_SIGNING_KEY: seed }).rxSigningKey).toBe(seed);
  });

  it("a 32-byte seed and a PKCS#8 key both sign and verify; the key id names the public key; other keys are refused", () => {
    const seed = rxSignerFrom(DEV_RX_SIGNING_KEY);
    const sig = seed.sign('{"v":1}');
    expect(seed.verify('{"v":1}', sig)).toBe(true);
    expect(seed.verify('{"v":2}', sig)).toBe(false);
    expect(seed.keyId).toMatch(/^[0-9a-f]{16}$/);
    // Ed25519 is deterministic: the same bytes, the same signature.
    expect(seed.sign('{"v":1}')).toBe(sig);

    const pkcs8 = execFileSync("openssl", ["genpkey", "-algorithm", "ed25519", "-outform", "DER"], { stdio: ["ignore", "pipe", "ignore"] }).toString("base64");
    const s2 = rxSignerFrom(pkcs8);
    expect(s2.verify("x", s2.sign("x"))).toBe(true);
    expect(s2.keyId).not.toBe(seed.keyId);

    const rsa = execFileSync("openssl", ["genpkey", "-algorithm", "rsa", "-pkeyopt", "rsa_keygen_bits:1024", "-outform", "DER"], { stdio: ["ignore", "pipe", "ignore"] }).toString("base64");
    expect(() => rxSignerFrom(rsa)).toThrow(/Ed25519/);
    expect(() => rxSignerFrom(Buffer.alloc(16).toString("base64"))).toThrow(/not a valid Ed25519 key/);
  });
});
