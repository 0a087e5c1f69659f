import { type KeyObject, createHash, createPrivateKey, createPublicKey, sign, verify } from "node:crypto";

import { apiEnv } from "../../env";

/** PKCS#8 DER prefix of an Ed25519 private key (RFC 8410) before its 32-byte seed. */
const ED25519_PKCS8_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");

export interface RxSigner {
  /** First 16 hex digits of the SHA-256 of the raw public key: names the key on each signature. */
  keyId: string;
  publicKeyPem: string;
  /** Base64 Ed25519 signature of the UTF-8 bytes. */
  sign(bytes: string): string;
  verify(bytes: string, signature: string): boolean;
}

/** Builds the signer from base64 PKCS#8 DER or a base64 32-byte seed; anything else is refused. */
export function rxSignerFrom(base64Key: string): RxSigner {
  const raw = Buffer.from(base64Key, "base64");
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: raw.length === 32 ? Buffer.concat([ED25519_PKCS8_PREFIX, raw]) : raw, format: "der", type: "pkcs8" });
  } catch {
    throw new Error("RX_SIGNING_KEY is not a valid Ed25519 key (base64 PKCS#8 DER or 32-byte seed)");
  }
  if (key.asymmetricKeyType !== "ed25519") throw new Error("RX_SIGNING_KEY must be an Ed25519 key");
  const pub = createPublicKey(key);
  const rawPublic = pub.export({ format: "der", type: "spki" }).subarray(-32);
  return {
    keyId: createHash("sha256").update(rawPublic).digest("hex").slice(0, 16),
    publicKeyPem: pub.export({ format: "pem", type: "spki" }).toString(),
    sign: (bytes) => sign(null, Buffer.from(bytes, "utf8"), key).toString("base64"),
    verify: (bytes, signature) => verify(null, Buffer.from(bytes, "utf8"), pub, Buffer.from(signature, "base64")),
  };
}

let cached: RxSigner | undefined;
/** The process's signer from the validated environment, built on first use. */
export function rxSigner(): RxSigner {
  cached ??= rxSignerFrom(apiEnv().rxSigningKey);
  return cached;
}
