/**
 * The vendor boundary (issue 12 §9, INTEGRATIONS.md §2). Dispensing a real controlled substance
 * needs a certified EPCS application (21 CFR 1311.300); Clearwell's built-in path (its own signing
 * ceremony, the transactional outbox and SCRIPT over HTTP) is the reference implementation and the
 * test bed. Two seams let a certified vendor replace it:
 *
 * - `RxTransport`: how one outbox message reaches the network. The relay owns retries, the
 *   MessageID and the state machines; a transport only says delivered / retry / terminal.
 * - `EpcsVendor`: a DoseSpot-style vendor that signs and transmits itself, per patient, in two
 *   steps matching 1311.140: `readyToSign` (the prescriber's list), then `sendEpcs` with the PIN
 *   and the OTP. With such a vendor the ceremony's second factor goes to the vendor, and the
 *   vendor's transmission status feeds the same prescription lifecycle (DOMAIN.md §2).
 */
import { signedHeaders } from "@clearwell/script";

/** What the relay hands a transport: the rendered message, identical on every retry. */
export interface OutboundRxMessage {
  messageId: string;
  type: "NewRx" | "CancelRx";
  toNcpdpId: string;
  /** SCRIPT XML rendered from the signed payload. */
  body: string;
}

/**
 * One send's outcome (DOMAIN.md §5.3): delivered (the network took it), a retryable failure
 * (timeout, 5xx, Error 600/602) or a terminal one (Error 601/900, a message that can never go).
 * `error` is short and free of health data: it is stored as the outbox row's last_error.
 */
export type TransportOutcome =
  | { kind: "delivered"; status?: number }
  | { kind: "retryable"; error: string }
  | { kind: "terminal"; error: string; code?: string };

export interface RxTransport {
  /** Shown in logs and the admin outbox (no secrets). */
  readonly name: string;
  send(message: OutboundRxMessage, signal?: AbortSignal): Promise<TransportOutcome>;
}

/** DoseSpot-style EPCS vendor (INTEGRATIONS.md §2: readyToSign, then sendEpcs {Pin, OTP, PrescriptionIds}). */
export interface EpcsVendor {
  readonly name: string;
  /** 1311.140(a)(1)-(2): the prescriber marks one patient's prescriptions ready to sign. */
  readyToSign(input: { patientId: string; prescriptionIds: string[] }): Promise<{ ready: string[]; refused: { prescriptionId: string; reason: string }[] }>;
  /** 1311.140(a)(4)-(5): completing two-factor authentication signs and sends them. */
  sendEpcs(input: { patientId: string; prescriberUserId: string; pin: string; otp: string; prescriptionIds: string[] }): Promise<{
    results: { prescriptionId: string; status: "sent" | "error"; vendorPrescriptionId?: string; error?: string }[];
  }>;
  /** The vendor's transmission status in DOMAIN.md §2 words (DoseSpot: eRxSent -> transmitted, PharmacyVerified -> acknowledged, Error/EpcsError -> error). */
  transmissionStatus(vendorPrescriptionId: string): Promise<"transmitted" | "acknowledged" | "error" | "pending">;
}

/**
 * How a clinic transmits. "built-in": Clearwell signs (its ceremony) and the relay sends SCRIPT
 * through `transport`. "vendor": a certified vendor signs and sends; Clearwell keeps the record.
 */
export type TransmissionPath = { kind: "built-in"; transport: RxTransport } | { kind: "vendor"; vendor: EpcsVendor };

/** SCRIPT Error codes a network may answer synchronously (DOMAIN.md §5.2 [S]). */
const SYNC_ERROR = /<(?:\w+:)?Error>[\s\S]*?<(?:\w+:)?Code>(\d{3})<\/(?:\w+:)?Code>/;
const RETRY_CODES = new Set(["600", "602"]);

/**
 * The reference transport: SCRIPT XML POSTed to the network endpoint (the pharmacy simulator in
 * development), authenticated with HMAC-SHA256 over timestamp and body (@clearwell/script), with a
 * time limit. 2xx = delivered; 408/425/429/5xx, timeouts and connection errors = retry; a
 * synchronous SCRIPT Error answer is classified by its code; any other 4xx = terminal (the same
 * bytes can never succeed). 401/403 retry: a rotated secret is fixed by configuration, not by a
 * new prescription, and the dead letter (A9) after the retries tells the admin.
 */
export function httpScriptTransport(opts: { url: string; secret: string; timeoutMs: number; fetch?: typeof fetch }): RxTransport {
  const doFetch = opts.fetch ?? fetch;
  return {
    name: `script-http ${new URL(opts.url).host}`,
    async send(message, signal) {
      const timeout = AbortSignal.timeout(opts.timeoutMs);
      const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
      let res: Response;
      try {
        res = await doFetch(opts.url, {
          method: "POST",
          headers: { "content-type": "application/xml; charset=utf-8", ...signedHeaders(opts.secret, message.body) },
          body: message.body,
          signal: combined,
          redirect: "error",
        });
      } catch (e) {
        if (timeout.aborted) return { kind: "retryable", error: `timeout after ${opts.timeoutMs} ms` };
        const code = (e as { cause?: { code?: string } }).cause?.code;
        return { kind: "retryable", error: `network error${code ? ` ${code}` : ""}` };
      }
      // Read a bounded answer (a SCRIPT Error fits in a few hundred bytes).
      const text = await readLimited(res, 64 * 1024).catch(() => "");
      const sync = SYNC_ERROR.exec(text)?.[1];
      if (sync) return RETRY_CODES.has(sync) ? { kind: "retryable", error: `Error ${sync}` } : { kind: "terminal", error: `Error ${sync}`, code: sync };
      if (res.ok) return { kind: "delivered", status: res.status };
      if (res.status >= 500 || [401, 403, 408, 425, 429].includes(res.status)) return { kind: "retryable", error: `HTTP ${res.status}` };
      return { kind: "terminal", error: `HTTP ${res.status}` };
    },
  };
}

async function readLimited(res: Response, max: number): Promise<string> {
  if (!res.body) return "";
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      break;
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}
