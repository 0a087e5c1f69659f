/**
 * The simulated e-prescribing network and compounding pharmacy (issue 12 §8): plain node:http.
 *
 *   POST /script          a signed SCRIPT message (NewRx, CancelRx) -> 202 once stored; the answer
 *                         (Status/Verify/Error/CancelRxResponse) follows asynchronously, signed,
 *                         to CLEARWELL_INBOUND_URL with RelatesToMessageID = the message answered.
 *   GET  /health          200 once the database is ready (503 before); /health/live: 200 always.
 *   POST /control/mode    {mode?, count?, statusCode?, answer?}     (loopback + signed, for tests)
 *   POST /control/fill    {messageId, quantity, fillStatus?, dispensedDate?} -> sends an RxFill
 *   GET  /control/stats   [?messageId=…] -> counts (and per-message records)
 *   POST /control/reset   empties the simulator's tables and modes
 *
 * Every request to /script and /control is authenticated with the shared-secret HMAC of
 * @clearwell/script (x-clearwell-timestamp, x-clearwell-signature); unsigned or stale: 401.
 * Logs carry message ids, types and codes only (no prescription content).
 */
import { createServer } from "node:http";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { Socket } from "node:net";

import { DEFAULT_MAX_MESSAGE_BYTES, parseMessage, verifySignature } from "@clearwell/script";
import { z } from "zod";

import type { Sql } from "./db";
import { openSimDatabase, resetSimDatabase, simDatabaseUrl } from "./db";
import { createDelivery } from "./delivery";
import type { SimEnv } from "./env";
import { Modes, ZModeRequest } from "./modes";
import type { Incoming } from "./receive";
import { fill, receive } from "./receive";
import { readStats } from "./stats";

export type Log = (msg: string, fields?: Record<string, unknown>) => void;

const ZFillRequest = z
  .object({
    messageId: z.string().min(1).max(64),
    quantity: z.union([z.number().positive().finite(), z.string().regex(/^\d{1,9}(\.\d{1,6})?$/)]).transform((q) => String(q)),
    fillStatus: z.enum(["Dispensed", "PartiallyDispensed"]).optional(),
    dispensedDate: z.iso.date().optional(),
  })
  .strict();

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const LOOPBACK = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1"]);

function send(res: ServerResponse, status: number, body: unknown = "") {
  if (res.headersSent || res.destroyed) return;
  const text = typeof body === "string" ? body : JSON.stringify(body);
  res.writeHead(status, { "content-type": typeof body === "string" ? "text/plain; charset=utf-8" : "application/json", "cache-control": "no-store" });
  res.end(text);
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        reject(new HttpError(413, "message too large"));
        req.removeAllListeners("data");
        req.resume();
        return;
      }
      chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

export interface PharmacySim {
  /** Listens, then opens the database in the background (retrying until it is reachable). */
  start(): Promise<{ url: string }>;
  /** Resolves once the database is ready. */
  ready: Promise<void>;
  stop(): Promise<void>;
}

export function createPharmacySim(env: SimEnv, log: Log): PharmacySim {
  const modes = new Modes({ statusCode: env.PHARMACY_SIM_STATUS_CODE, answer: env.PHARMACY_SIM_ANSWER });
  const secret = env.PHARMACY_SHARED_SECRET;
  let sql: Sql | undefined;
  let delivery: ReturnType<typeof createDelivery> | undefined;
  let stopping = false;
  const hanging = new Set<Socket>();
  let markReady: () => void = () => {};
  const ready = new Promise<void>((r) => (markReady = r));

  function authenticate(req: IncomingMessage, body: Buffer) {
    const v = verifySignature(secret, req.headers, body, Date.now());
    if (!v.ok) throw new HttpError(401, `signature ${v.reason}`);
  }

  function hang(res: ServerResponse) {
    const socket = res.socket;
    if (!socket) return;
    hanging.add(socket);
    const t = setTimeout(() => socket.destroy(), env.PHARMACY_SIM_HANG_MS);
    t.unref();
    socket.once("close", () => {
      clearTimeout(t);
      hanging.delete(socket);
    });
  }

  async function recordTransport(mode: string, messageId: string | null) {
    await sql!`insert into transport_event (mode, message_id) values (${mode}, ${messageId})`;
  }

  async function handleScript(req: IncomingMessage, res: ServerResponse) {
    const body = await readBody(req, DEFAULT_MAX_MESSAGE_BYTES);
    authenticate(req, body);
    if (!sql) throw new HttpError(503, "not ready");
    const ct = req.headers["content-type"] ?? "";
    if (!/^(application|text)\/xml\b/i.test(ct)) throw new HttpError(415, "send application/xml");

    const transport = modes.takeTransport();
    if (transport === "http_503" || transport === "hang") {
      await recordTransport(transport, null);
      log("request failed on purpose", { mode: transport });
      if (transport === "hang") return hang(res);
      throw new HttpError(503, "simulated failure");
    }

    let xml: string;
    try {
      xml = utf8.decode(body);
    } catch {
      throw new HttpError(400, "body is not UTF-8");
    }
    const parsed = parseMessage(xml);
    let incoming: Incoming;
    if (parsed.ok) incoming = { ok: true, message: parsed.message, xml };
    else if (parsed.messageId && parsed.kind === "invalid") incoming = { ok: false, messageId: parsed.messageId, problem: parsed.problem, xml };
    else throw new HttpError(400, parsed.problem);

    const result = await receive({ sql, modes, servedNcpdpIds: env.PHARMACY_SIM_NCPDP_IDS }, incoming);
    log(result.duplicate ? "duplicate received" : "message received", {
      messageId: result.messageId,
      type: parsed.ok ? parsed.message.body.type : "invalid",
      outcome: result.outcome,
      response: result.responseMessageId,
    });
    // The answer goes out right after commit (the 202 means "stored").
    res.once("close", () => delivery?.kick());
    if (transport === "hang_after_commit") {
      await recordTransport(transport, result.messageId);
      delivery?.kick();
      return hang(res);
    }
    if (transport === "http_503_after_commit") {
      await recordTransport(transport, result.messageId);
      throw new HttpError(503, "simulated failure");
    }
    send(res, 202, { messageId: result.messageId, duplicate: result.duplicate });
  }

  async function handleControl(req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams) {
    const remote = req.socket.remoteAddress ?? "";
    if (!LOOPBACK.has(remote)) throw new HttpError(403, "control API is loopback only");
    const body = await readBody(req, 64 * 1024);
    authenticate(req, body);
    if (!sql) throw new HttpError(503, "not ready");
    const json = () => {
      try {
        return body.length ? (JSON.parse(body.toString("utf8")) as unknown) : {};
      } catch {
        throw new HttpError(400, "body is not JSON");
      }
    };
    if (req.method === "POST" && path === "/control/mode") {
      const parsed = ZModeRequest.safeParse(json());
      if (!parsed.success) throw new HttpError(400, parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
      modes.set(parsed.data);
      log("mode set", modes.describe());
      return send(res, 200, modes.describe());
    }
    if (req.method === "POST" && path === "/control/fill") {
      const parsed = ZFillRequest.safeParse(json());
      if (!parsed.success) throw new HttpError(400, parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
      const result = await fill(sql, parsed.data);
      if (!result.ok) throw new HttpError(result.status, result.problem);
      delivery?.kick();
      log("fill queued", { relatesTo: parsed.data.messageId, response: result.messageId, fillStatus: result.fillStatus });
      return send(res, 200, { messageId: result.messageId, fillStatus: result.fillStatus });
    }
    if (req.method === "GET" && path === "/control/stats") {
      const ids = query.getAll("messageId").slice(0, 1000);
      return send(res, 200, { ...(await readStats(sql, ids)), mode: modes.describe() });
    }
    if (req.method === "POST" && path === "/control/reset") {
      modes.reset();
      await resetSimDatabase(sql);
      log("reset");
      return send(res, 200, { reset: true });
    }
    throw new HttpError(404, "not found");
  }

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://sim.invalid");
    const path = url.pathname;
    const handle = async () => {
      if (req.method === "GET" && path === "/health/live") return send(res, 200, "ok");
      if (req.method === "GET" && path === "/health") return sql ? send(res, 200, { ready: true }) : send(res, 503, { ready: false });
      if (path === "/script") {
        if (req.method !== "POST") throw new HttpError(405, "POST only");
        return handleScript(req, res);
      }
      if (path.startsWith("/control/")) return handleControl(req, res, path, url.searchParams);
      throw new HttpError(404, "not found");
    };
    handle().catch((e: unknown) => {
      if (e instanceof HttpError) return send(res, e.status, e.message);
      log("request error", { path, error: e instanceof Error ? e.message.slice(0, 200) : String(e) });
      send(res, 500, "internal error");
    });
  });
  // Callbacks and control calls are small; keep slow clients from holding sockets forever.
  server.requestTimeout = 60_000;

  async function openDatabase() {
    const url = simDatabaseUrl(env);
    for (let attempt = 1; !stopping; attempt++) {
      try {
        const db = await openSimDatabase(url, env.PHARMACY_SIM_POOL_MAX);
        if (stopping) {
          await db.end({ timeout: 2 });
          return;
        }
        if (env.PHARMACY_SIM_RESET_ON_START) await resetSimDatabase(db);
        sql = db;
        delivery = createDelivery({
          sql: db,
          inboundUrl: env.CLEARWELL_INBOUND_URL,
          secret,
          timeoutMs: env.PHARMACY_SIM_CALLBACK_TIMEOUT_MS,
          retryBaseMs: env.PHARMACY_SIM_RETRY_BASE_MS,
          retryMaxMs: env.PHARMACY_SIM_RETRY_MAX_MS,
          maxAttempts: env.PHARMACY_SIM_MAX_ATTEMPTS,
          concurrency: env.PHARMACY_SIM_CONCURRENCY,
          log,
        });
        // Resume what an earlier run left undelivered.
        delivery.kick();
        log("database ready", { database: new URL(url).pathname.slice(1) });
        markReady();
        return;
      } catch (e) {
        if (attempt === 1 || attempt % 15 === 0) log("database not reachable yet, retrying", { error: e instanceof Error ? e.message.slice(0, 200) : String(e) });
        await new Promise((r) => setTimeout(r, 1_000));
      }
    }
  }

  return {
    ready,
    start() {
      return new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(env.PHARMACY_SIM_PORT, env.PHARMACY_SIM_HOST, () => {
          const addr = server.address();
          const port = typeof addr === "object" && addr ? addr.port : env.PHARMACY_SIM_PORT;
          const host = env.PHARMACY_SIM_HOST.includes(":") ? `[${env.PHARMACY_SIM_HOST}]` : env.PHARMACY_SIM_HOST;
          void openDatabase();
          resolve({ url: `http://${host}:${port}` });
        });
      });
    },
    async stop() {
      stopping = true;
      for (const s of hanging) s.destroy();
      const closed = new Promise<void>((r) => server.close(() => r()));
      server.closeAllConnections();
      await closed;
      await delivery?.stop();
      await sql?.end({ timeout: 5 });
    },
  };
}
