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
import { type AckMapping, DEFAULT_ACK_MAPPING, mapAcknowledgement } from "@clearwell/clinical";
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

/** What the relay knows about the message's clinic when it sends (read with the claim). */
export interface SendContext {
  /**
   * The clinic's acknowledgement map (DOMAIN.md §5.4, clinic_prescribing_settings.ack_status_map
   * over DEFAULT_ACK_MAPPING): a SCRIPT Error answered synchronously is classified with the same
   * table as one answered later through the inbound endpoint. Unset: the defaults.
   */
  ackMapping?: AckMapping;
}

export interface RxTransport {
  /** Shown in logs and the admin outbox (no secrets). */
  readonly name: string;
  send(message: OutboundRxMessage, signal?: AbortSignal, context?: SendContext): Promise<TransportOutcome>;
}

/**
 * A SCRIPT Error code answered for `type`, classified with the clinic's map: the disposition
 * mapAcknowledgement gives an asynchronous Error (retry -> retryable, otherwise terminal). One
 * table for both paths, so a clinic's override (e.g. 600 = stop) means the same wherever the
 * pharmacy answers.
 */
export function scriptErrorOutcome(type: OutboundRxMessage["type"], code: string, mapping: AckMapping = DEFAULT_ACK_MAPPING): TransportOutcome {
  const decision = mapAcknowledgement(type, { kind: "Error", code }, mapping);
  return decision.outbox === "transient_failure" ? { kind: "retryable", error: `Error ${code}` } : { kind: "terminal", error: `Error ${code}`, code };
}

/** DoseSpot-style EPCS vendor (INTEGRATIONS.md §2: readyToSign, then sendEpcs {Pin, OTP, PrescriptionIds}). */
export interface EpcsVendor {
  readonly name: string;
  /** 1311.140(a)(1)-(2): the prescriber marks one patient's prescriptions ready to sign. */
  readyToSign(input: { patientId: string; prescriptionIds: string[] }): Promise<{ ready: string[]; refused: { prescriptionId: string; reason: string }[] }>;
  /**
   * 1311.140(a)(4)-(5): completing two-factor authentication signs and sends them. `idempotencyKey`
   * is the outbox MessageID, the same on every retry, so the vendor transmits once however often
   * it is asked. A result's `code` is a SCRIPT Error code when the vendor passes one on.
   */
  sendEpcs(input: { patientId: string; prescriberUserId: string; pin: string; otp: string; prescriptionIds: string[]; idempotencyKey: string }): Promise<{
    results: { prescriptionId: string; status: "sent" | "error"; vendorPrescriptionId?: string; error?: string; code?: string }[];
  }>;
  /** The vendor's transmission status in DOMAIN.md §2 words (DoseSpot: eRxSent -> transmitted, PharmacyVerified -> acknowledged, Error/EpcsError -> error). */
  transmissionStatus(vendorPrescriptionId: string): Promise<"transmitted" | "acknowledged" | "error" | "pending">;
}

/**
 * What a vendor send needs that the outbox message does not carry: the vendor's ids and the
 * prescriber's second factor, handed over by the signing ceremony (with a vendor, the PIN and the
 * OTP are the vendor's, not Clearwell's TOTP). Null: nothing is authorised for this message.
 */
export type VendorAuthorization = (message: OutboundRxMessage) => Promise<{ patientId: string; prescriberUserId: string; vendorPrescriptionId: string; pin: string; otp: string } | null>;

/**
 * How a clinic transmits. "built-in": Clearwell signs (its ceremony) and the relay sends SCRIPT
 * through `transport`. "vendor": a certified vendor signs and sends; the relay still owns the
 * outbox (MessageID, retries, dead letters, A9) and reaches the vendor through the same RxTransport.
 */
export type TransmissionPath = { kind: "built-in"; transport: RxTransport } | { kind: "vendor"; vendor: EpcsVendor; authorize: VendorAuthorization };

/** The RxTransport the relay is given for a path (RelayDeps.transport). */
export function transportFor(path: TransmissionPath): RxTransport {
  return path.kind === "built-in" ? path.transport : epcsVendorTransport(path.vendor, path.authorize);
}

/**
 * A DoseSpot-style vendor behind the relay's RxTransport: readyToSign, then sendEpcs with the PIN
 * and OTP, keyed by the MessageID. The outcome follows the relay's contract: "sent" = delivered; a
 * SCRIPT Error code the vendor passes on is classified with the clinic's map like any other
 * (scriptErrorOutcome); a refusal, a missing authorisation or an error without a code is terminal
 * (a person looks, A9); a thrown error (the vendor unreachable) is retried by the relay with the
 * same MessageID.
 */
export function epcsVendorTransport(vendor: EpcsVendor, authorize: VendorAuthorization): RxTransport {
  return {
    name: `epcs-vendor ${vendor.name}`,
    async send(message, _signal, context) {
      const auth = await authorize(message);
      if (!auth) return { kind: "terminal", error: "no vendor authorisation for this message" };
      const ready = await vendor.readyToSign({ patientId: auth.patientId, prescriptionIds: [auth.vendorPrescriptionId] });
      if (!ready.ready.includes(auth.vendorPrescriptionId)) return { kind: "terminal", error: "vendor refused: not ready to sign" };
      const { results } = await vendor.sendEpcs({
        patientId: auth.patientId,
        prescriberUserId: auth.prescriberUserId,
        pin: auth.pin,
        otp: auth.otp,
        prescriptionIds: [auth.vendorPrescriptionId],
        idempotencyKey: message.messageId,
      });
      const r = results.find((x) => x.prescriptionId === auth.vendorPrescriptionId);
      if (r?.status === "sent") return { kind: "delivered" };
      if (r?.code && /^\d{3}$/.test(r.code)) return scriptErrorOutcome(message.type, r.code, context?.ackMapping);
      return { kind: "terminal", error: "vendor error" };
    },
  };
}

/** A SCRIPT Error a network may answer synchronously (DOMAIN.md §5.2 [S]); classified by scriptErrorOutcome. */
const SYNC_ERROR = /<(?:\w+:)?Error>[\s\S]*?<(?:\w+:)?Code>(\d{3})<\/(?:\w+:)?Code>/;

/**
 * The reference transport: SCRIPT XML POSTed to the network endpoint (the pharmacy simulator in
 * development), authenticated with HMAC-SHA256 over timestamp and body (@clearwell/script), with a
 * time limit. 2xx = delivered; 408/425/429/5xx, timeouts and connection errors = retry; a
 * synchronous SCRIPT Error answer is classified by its code with the clinic's acknowledgement map
 * (the relay passes it; defaults 600/602 retry, 601/900 terminal); any other 4xx = terminal (the same
 * bytes can never succeed). 401/403 retry: a rotated secret is fixed by configuration, not by a
 * new prescription, and the dead letter (A9) after the retries tells the admin.
 */
export function httpScriptTransport(opts: { url: string; secret: string; timeoutMs: number; fetch?: typeof fetch }): RxTransport {
  const doFetch = opts.fetch ?? fetch;
  return {
    name: `script-http ${new URL(opts.url).host}`,
    async send(message, signal, context) {
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
      if (sync) return scriptErrorOutcome(message.type, sync, context?.ackMapping);
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
