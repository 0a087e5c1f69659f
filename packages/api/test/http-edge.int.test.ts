// The tRPC HTTP edge (createHandlers(...).trpc) as a browser or an attacker reaches it:
// batch and body limits, cross-site requests, non-JSON bodies, mutations by GET.
import { signWebhook } from "@clearwell/video";
import { schema } from "@clearwell/db/client";
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";

import { createHandlers } from "../src/http";
import { MAX_BATCH_ITEMS, MAX_BODY_BYTES } from "../src/http-limits";
import { PASSWORD, PATIENT_URL, PROVIDER_URL, makeClinic, makePatient, patientSession, testAuth, testDb, testVideo } from "./harness";

const handlers = (app: "patient" | "provider") =>
  createHandlers({ db: testDb(), auth: testAuth(app), providerAppUrl: PROVIDER_URL, patientAppUrl: PATIENT_URL, mailer: { send: async () => {} }, video: testVideo() });

const patientApi = handlers("patient");

/** A POST to the patient app's tRPC endpoint, as its own page would send it unless overridden. */
function post(path: string, cookie: string, init: { body?: RequestInit["body"]; headers?: Record<string, string>; duplex?: "half" } = {}) {
  return patientApi.trpc(
    new Request(`${PATIENT_URL}/api/trpc/${path}`, {
      method: "POST",
      headers: { cookie, origin: PATIENT_URL, "sec-fetch-site": "same-origin", "content-type": "application/json", ...init.headers },
      body: init.body ?? JSON.stringify({ json: null }),
      ...(init.duplex ? { duplex: init.duplex } : {}),
    } as RequestInit),
  );
}

const intakeCount = async (patientId: string) => (await testDb().select().from(schema.intake).where(eq(schema.intake.patientId, patientId))).length;

async function signedInPatient() {
  const clinic = await makeClinic();
  const p = await patientSession(clinic.id);
  return { ...p, cookie: p.headers.get("cookie")! };
}

describe("tRPC HTTP edge: batch and body limits", () => {
  it("refuses a batch of 500 mutations and runs none of them; a batch the client sends still works", async () => {
    const p = await signedInPatient();
    const paths = Array.from({ length: 500 }, () => "intake.start").join(",");
    const body = JSON.stringify(Object.fromEntries(Array.from({ length: 500 }, (_, i) => [i, { json: null }])));
    const res = await post(`${paths}?batch=1`, p.cookie, { body });
    expect(res.status).toBe(400);
    expect(await intakeCount(p.patient.id)).toBe(0);

    const ok = await post(`${Array.from({ length: MAX_BATCH_ITEMS }, () => "intake.start").join(",")}?batch=1`, p.cookie, {
      body: JSON.stringify(Object.fromEntries(Array.from({ length: MAX_BATCH_ITEMS }, (_, i) => [i, { json: null }]))),
    });
    expect(ok.status).toBe(200);
    expect(await intakeCount(p.patient.id)).toBe(1);
  });

  it("refuses a body over the limit with 413, whether declared by Content-Length or streamed in chunks", async () => {
    const p = await signedInPatient();
    const big = JSON.stringify({ json: null, pad: "x".repeat(MAX_BODY_BYTES) });
    const declared = await post("intake.start", p.cookie, { body: big });
    expect(declared.status).toBe(413);
    expect(((await declared.json()) as { error: { json: { data: { code: string } } } }).error.json.data.code).toBe("PAYLOAD_TOO_LARGE");

    // No Content-Length: the bytes are counted as they arrive.
    const bytes = new TextEncoder().encode(big);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let at = 0; at < bytes.length; at += 64 * 1024) controller.enqueue(bytes.slice(at, at + 64 * 1024));
        controller.close();
      },
    });
    const chunked = await post("intake.start", p.cookie, { body: stream, duplex: "half" });
    expect(chunked.status).toBe(413);
    expect(await intakeCount(p.patient.id)).toBe(0);
  });

  it("bounds the auth and LiveKit webhook bodies too, and the webhook (no Origin) is still reached", async () => {
    const big = "x".repeat(MAX_BODY_BYTES + 1);
    const auth = await patientApi.auth(
      new Request(`${PATIENT_URL}/api/auth/sign-in/email`, { method: "POST", headers: { "content-type": "application/json", origin: PATIENT_URL }, body: big }),
    );
    expect(auth.status).toBe(413);
    const provider = handlers("provider");
    const hook = (body: string, authorization: string | null) =>
      provider.livekitWebhook(
        new Request(`${PROVIDER_URL}/api/livekit/webhook`, {
          method: "POST",
          headers: { "content-type": "application/webhook+json", ...(authorization ? { authorization } : {}) },
          body,
        }),
      );
    expect((await hook(big, null)).status).toBe(413);
    // Server to server: no Origin and a non-JSON media type, refused only by its signature check.
    const event = JSON.stringify({ event: "room_started", id: `EV_${crypto.randomUUID()}`, createdAt: String(Math.floor(Date.now() / 1000)), room: { name: "no-such-room" } });
    expect((await hook(event, "forged")).status).toBe(401);
    expect((await hook(event, await signWebhook(event, "devkey", "secret"))).status).not.toBe(401);
  });
});

describe("tRPC HTTP edge: cross-site requests", () => {
  it("refuses a multipart/form-data POST (a plain HTML form) to input-less mutations and changes nothing", async () => {
    const p = await signedInPatient();
    // A session due to slide: a ping that ran would extend it.
    await testDb().update(schema.session).set({ expiresAt: sql`now() + interval '5 minutes'` }).where(eq(schema.session.userId, p.user!.id));
    const [before] = await testDb().select().from(schema.session).where(eq(schema.session.userId, p.user!.id));

    const form = () => {
      const fd = new FormData();
      fd.set("x", "1");
      return fd;
    };
    for (const path of ["intake.start", "session.ping"]) {
      // Same-origin headers on purpose: the media type alone is refused.
      const res = await patientApi.trpc(
        new Request(`${PATIENT_URL}/api/trpc/${path}`, { method: "POST", headers: { cookie: p.cookie, origin: PATIENT_URL }, body: form() }),
      );
      expect(res.status, path).toBe(415);
      expect(res.headers.getSetCookie()).toEqual([]);
      // From a foreign page it is refused before that.
      const forged = await patientApi.trpc(
        new Request(`${PATIENT_URL}/api/trpc/${path}`, { method: "POST", headers: { cookie: p.cookie, origin: "https://evil.example", "sec-fetch-site": "cross-site" }, body: form() }),
      );
      expect(forged.status, path).toBe(403);
    }
    // tRPC's other non-JSON inputs are off too.
    const octet = await post("intake.start", p.cookie, { headers: { "content-type": "application/octet-stream" }, body: new Uint8Array([1, 2, 3]) });
    expect(octet.status).toBe(415);
    const text = await post("intake.start", p.cookie, { headers: { "content-type": "text/plain" } });
    expect(text.status).toBe(415);

    expect(await intakeCount(p.patient.id)).toBe(0);
    const [after] = await testDb().select().from(schema.session).where(eq(schema.session.userId, p.user!.id));
    expect(after!.expiresAt.getTime()).toBe(before!.expiresAt.getTime());
  });

  it("refuses a JSON POST from a foreign origin with 403 (Origin, or Sec-Fetch-Site when Origin is missing)", async () => {
    const p = await signedInPatient();
    const foreign: Record<string, string>[] = [
      { origin: "https://evil.example" },
      { origin: "null" },
      // The other Clearwell app is another origin too.
      { origin: PROVIDER_URL },
      { origin: `${PATIENT_URL}:8443` },
      // No Origin: Fetch Metadata still tells.
      { "sec-fetch-site": "cross-site" },
      { "sec-fetch-site": "same-site" },
    ];
    for (const headers of foreign) {
      const res = await patientApi.trpc(
        new Request(`${PATIENT_URL}/api/trpc/intake.start`, {
          method: "POST",
          headers: { cookie: p.cookie, "content-type": "application/json", ...headers },
          body: JSON.stringify({ json: null }),
        }),
      );
      expect(res.status, JSON.stringify(headers)).toBe(403);
    }
    expect(await intakeCount(p.patient.id)).toBe(0);
  });

  it("runs a same-origin JSON POST, and one from a non-browser client (no Origin, no Sec-Fetch-Site)", async () => {
    const p = await signedInPatient();
    const res = await post("intake.start", p.cookie);
    expect(res.status).toBe(200);
    expect(await intakeCount(p.patient.id)).toBe(1);
    const ping = await patientApi.trpc(
      new Request(`${PATIENT_URL}/api/trpc/session.ping`, { method: "POST", headers: { cookie: p.cookie, "content-type": "application/json; charset=utf-8" }, body: "{}" }),
    );
    expect(ping.status).toBe(200);
    // Queries by GET from the app's own pages still work.
    const me = await patientApi.trpc(new Request(`${PATIENT_URL}/api/trpc/session.me`, { headers: { cookie: p.cookie, "sec-fetch-site": "same-origin" } }));
    expect(me.status).toBe(200);
  });

  it("refuses a cross-site sign-in (login CSRF) while the app's own sign-in and e-mailed links work", async () => {
    const clinic = await makeClinic();
    const { email, user } = await makePatient(clinic.id);
    const signIn = (headers: Record<string, string>) =>
      patientApi.auth(
        new Request(`${PATIENT_URL}/api/auth/sign-in/email`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify({ email, password: PASSWORD }) }),
      );
    const crossSite: Record<string, string>[] = [{ origin: "https://evil.example" }, { "sec-fetch-site": "cross-site", "sec-fetch-mode": "navigate" }];
    for (const headers of crossSite) {
      const res = await signIn(headers);
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect(res.headers.getSetCookie()).toEqual([]);
    }
    expect(await testDb().select().from(schema.session).where(eq(schema.session.userId, user!.id))).toHaveLength(0);

    const own = await signIn({ origin: PATIENT_URL, "sec-fetch-site": "same-origin" });
    expect(own.status).toBe(200);
    // A reset link opened from a webmail page is a cross-site GET navigation: not refused here.
    const link = await patientApi.auth(new Request(`${PATIENT_URL}/api/auth/reset-password/no-such-token?callbackURL=%2Freset-password`, { headers: { "sec-fetch-site": "cross-site" } }));
    expect(link.status).not.toBe(403);
  });

  it("never runs a mutation by GET", async () => {
    const p = await signedInPatient();
    const res = await patientApi.trpc(new Request(`${PATIENT_URL}/api/trpc/intake.start`, { headers: { cookie: p.cookie, "sec-fetch-site": "none" } }));
    expect(res.status).toBe(405);
    expect(await intakeCount(p.patient.id)).toBe(0);
  });
});
