import { randomUUID } from "node:crypto";

import { Room } from "@livekit/rtc-node";
import { createDb, schema } from "@clearwell/db/client";
import { signWebhook } from "@clearwell/video";
import { and, eq, sql } from "drizzle-orm";
import { TokenVerifier } from "livekit-server-sdk";
import { afterEach, describe, expect, inject, it, onTestFinished } from "vitest";

import { createContext } from "../src/context";
import { createProviderCaller } from "../src/root-provider";
import { closeExpiredVisits } from "../src/services/visit/sweep";
import { handleVisitWebhook } from "../src/services/visit/webhook";
import { licenceIn } from "./booking-fixtures";
import { PATIENT_URL, PROVIDER_URL, makeClinic, patientSession, staffSession, ownerDb, testAuth, testDb, testVideo } from "./harness";

const MIN = 60_000;
const meta = { requestId: "test", ipAddress: null, userAgent: null };
const rooms: Room[] = [];
afterEach(async () => {
  await Promise.all(rooms.splice(0).map((r) => r.disconnect().catch(() => {})));
});

/** A clinic, its provider licensed in CO, and a patient with an evaluation starting `startsIn` minutes from now. */
async function scheduledVisit(opts: { startsIn?: number; minutes?: number } = {}) {
  const db = testDb();
  const clinic = await makeClinic();
  const provider = await staffSession(clinic.id, ["provider"]);
  await licenceIn(clinic.id, provider.user.id, ["CO"]);
  const patient = await patientSession(clinic.id);
  const startsAt = new Date(Date.now() + (opts.startsIn ?? 5) * MIN);
  const [appointment] = await db
    .insert(schema.appointment)
    .values({
      clinicId: clinic.id,
      patientId: patient.patient.id,
      providerUserId: provider.user.id,
      kind: "evaluation",
      startsAt,
      endsAt: new Date(startsAt.getTime() + (opts.minutes ?? 60) * MIN),
      patientState: "CO",
      patientTimezone: "America/Denver",
      bookedByUserId: patient.user!.id,
    })
    .returning();
  return { clinic, provider, patient, appointment: appointment! };
}

async function connect(url: string, token: string) {
  const room = new Room();
  rooms.push(room);
  await room.connect(url, token, { autoSubscribe: true, dynacast: false });
  return room;
}

async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, ms = 8_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`condition not met in ${ms} ms; last value ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const visitOf = (appointmentId: string) => testDb().query.visit.findFirst({ where: eq(schema.visit.appointmentId, appointmentId) });
const serverPermission = async (room: string, identity: string) => {
  const p = (await testVideo().participants(room)).find((x) => x.identity === identity);
  return p ? { canPublish: p.permission?.canPublish ?? false, canSubscribe: p.permission?.canSubscribe ?? false } : null;
};

describe("video visit tokens and admission, on a real LiveKit server", () => {
  it("a waiting patient can neither publish nor subscribe; admitting grants both on the server; webhooks record the visit", async () => {
    const { provider, patient, appointment } = await scheduledVisit();
    const joined = await patient.caller.visit.join({ appointmentId: appointment.id, currentState: "CO" });
    const claims = await new TokenVerifier("devkey", "secret").verify(joined.token);
    expect(claims.video).toMatchObject({ room: `visit-${appointment.id}`, roomJoin: true, canPublish: false, canSubscribe: false, canPublishData: false });
    expect(claims.video?.roomAdmin).toBeFalsy();
    expect(claims.sub).toBe(`patient:${patient.user!.id}`);
    expect(claims.exp! - claims.nbf!).toBeLessThanOrEqual(300);
    // Checking in moved the appointment: booked -> confirmed -> checked_in.
    expect((await testDb().query.appointment.findFirst({ where: eq(schema.appointment.id, appointment.id) }))!.status).toBe("checked_in");

    const host = await provider.caller.visit.join({ appointmentId: appointment.id });
    const hostClaims = await new TokenVerifier("devkey", "secret").verify(host.token);
    expect(hostClaims.video).toMatchObject({ canPublish: true, canSubscribe: true });
    expect(hostClaims.video?.roomAdmin).toBeFalsy();

    await connect(joined.url, joined.token);
    await connect(host.url, host.token);
    // The server's participant_joined webhook puts the patient in the waiting room.
    await until(() => visitOf(appointment.id), (v) => v?.status === "patient_waiting");
    expect(await serverPermission(joined.roomName, joined.identity)).toEqual({ canPublish: false, canSubscribe: false });

    const live = await provider.caller.visit.live();
    expect(live.map((l) => [l.appointmentId, l.status])).toEqual([[appointment.id, "patient_waiting"]]);
    expect(await patient.caller.visit.status({ appointmentId: appointment.id })).toMatchObject({ visitStatus: "patient_waiting", position: 1, provider: "in_room", admitted: false });

    await provider.caller.visit.admit({ appointmentId: appointment.id });
    expect(await serverPermission(joined.roomName, joined.identity)).toEqual({ canPublish: true, canSubscribe: true });
    const admitted = (await visitOf(appointment.id))!;
    expect(admitted).toMatchObject({ status: "in_call", patientAdmitted: true });
    expect(admitted.startedAt).not.toBeNull();
    expect((await testDb().query.appointment.findFirst({ where: eq(schema.appointment.id, appointment.id) }))!.status).toBe("in_progress");

    await provider.caller.visit.sendBack({ appointmentId: appointment.id });
    expect(await serverPermission(joined.roomName, joined.identity)).toEqual({ canPublish: false, canSubscribe: false });
    await provider.caller.visit.admit({ appointmentId: appointment.id });

    await provider.caller.visit.end({ appointmentId: appointment.id });
    expect(await testVideo().participants(joined.roomName)).toEqual([]);
    const ended = (await visitOf(appointment.id))!;
    expect(ended).toMatchObject({ status: "ended", endedByUserId: provider.user.id });
    expect((await testDb().query.appointment.findFirst({ where: eq(schema.appointment.id, appointment.id) }))!.status).toBe("completed");
    await expect(patient.caller.visit.join({ appointmentId: appointment.id, currentState: "CO" })).rejects.toMatchObject({ code: "CONFLICT" });

    // Actual join/admit/leave times per participant, from the server's webhooks.
    const people = await testDb().select().from(schema.visitParticipant).where(eq(schema.visitParticipant.visitId, ended.id));
    const p = people.find((x) => x.role === "patient")!;
    expect(p.firstJoinedAt).not.toBeNull();
    expect(p.admittedAt).not.toBeNull();
    expect(people.find((x) => x.role === "provider")!.firstJoinedAt).not.toBeNull();
    const audit = await testDb().select({ action: schema.auditEvent.action }).from(schema.auditEvent).where(eq(schema.auditEvent.patientId, patient.patient.id));
    const actions = audit.map((a) => a.action);
    expect(actions.filter((a) => a === "visit.token")).toHaveLength(2);
    expect(actions.filter((a) => a === "visit.admit")).toHaveLength(2);
    expect(actions).toEqual(expect.arrayContaining(["visit.send_back", "visit.end", "appointment.check_in", "appointment.admit", "appointment.end"]));
  });

  it("a dropped patient rejoins straight into the call; a removed one goes back to the waiting room", async () => {
    const { provider, patient, appointment } = await scheduledVisit();
    const first = await patient.caller.visit.join({ appointmentId: appointment.id, currentState: "CO" });
    const room = await connect(first.url, first.token);
    await until(() => visitOf(appointment.id), (v) => v?.status === "patient_waiting");
    await provider.caller.visit.admit({ appointmentId: appointment.id });

    await room.disconnect();
    await until(() => visitOf(appointment.id), (v) => v?.status === "reconnecting");
    const again = await patient.caller.visit.join({ appointmentId: appointment.id, currentState: "CO" });
    expect((await new TokenVerifier("devkey", "secret").verify(again.token)).video).toMatchObject({ canPublish: true, canSubscribe: true });
    await connect(again.url, again.token);
    await until(() => visitOf(appointment.id), (v) => v?.status === "in_call");

    await provider.caller.visit.remove({ appointmentId: appointment.id });
    await until(() => testVideo().participants(again.roomName), (ps) => !ps.some((p) => p.identity === again.identity));
    const back = await patient.caller.visit.join({ appointmentId: appointment.id, currentState: "CO" });
    expect((await new TokenVerifier("devkey", "secret").verify(back.token)).video).toMatchObject({ canPublish: false, canSubscribe: false });
  });

  it("a token from before a removal cannot bring the patient back into the call, and an ended room cannot be reopened", async () => {
    const { provider, patient, appointment } = await scheduledVisit();
    const first = await patient.caller.visit.join({ appointmentId: appointment.id, currentState: "CO" });
    const room = await connect(first.url, first.token);
    await until(() => visitOf(appointment.id), (v) => v?.status === "patient_waiting");
    await provider.caller.visit.admit({ appointmentId: appointment.id });
    await room.disconnect();
    await until(() => visitOf(appointment.id), (v) => v?.status === "reconnecting");
    // A fresh token while admitted carries publish/subscribe grants, and is kept.
    const admittedToken = await patient.caller.visit.join({ appointmentId: appointment.id, currentState: "CO" });
    await connect(admittedToken.url, admittedToken.token);
    await until(() => visitOf(appointment.id), (v) => v?.status === "in_call");
    await provider.caller.visit.remove({ appointmentId: appointment.id });
    await until(() => testVideo().participants(admittedToken.roomName), (ps) => !ps.some((p) => p.identity === admittedToken.identity));

    // Reconnecting with the old token: the joined webhook puts the grants back to what the record says.
    await connect(admittedToken.url, admittedToken.token);
    await until(() => serverPermission(admittedToken.roomName, admittedToken.identity), (p) => p?.canPublish === false && p.canSubscribe === false);

    await provider.caller.visit.end({ appointmentId: appointment.id });
    await expect(connect(admittedToken.url, admittedToken.token)).rejects.toThrow();
  });

  it("admitting someone who is not in the waiting room is refused and changes nothing", async () => {
    const { provider, patient, appointment } = await scheduledVisit();
    await expect(provider.caller.visit.admit({ appointmentId: appointment.id })).rejects.toMatchObject({ code: "CONFLICT" });
    await patient.caller.visit.join({ appointmentId: appointment.id, currentState: "CO" });
    // A token was issued but the patient never connected.
    await expect(provider.caller.visit.admit({ appointmentId: appointment.id })).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await visitOf(appointment.id)).toMatchObject({ status: "waiting_room_open", patientAdmitted: false });
  });
});

describe("network calls happen after commit, never under row locks", () => {
  /**
   * The test LiveKit service, but every call first looks for an open transaction on the caller's
   * own pool (tagged by application_name): a network call made inside one would hold its locks.
   */
  const PROBE = "visit-lock-probe";
  function lockCheckingVideo() {
    const underLock: string[] = [];
    const inTransaction = async () => {
      const rows = await testDb().execute<{ n: number }>(
        sql`select count(*)::int as n from pg_stat_activity where application_name = ${PROBE} and state in ('idle in transaction', 'active') and xact_start is not null and pid <> pg_backend_pid()`,
      );
      return (rows[0]?.n ?? 0) > 0;
    };
    const real = testVideo();
    const video = new Proxy(real, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver) as unknown;
        if (typeof value !== "function" || !["setPermission", "removeParticipant", "closeRoom", "participants"].includes(String(prop))) return value;
        return async (...args: unknown[]) => {
          if (await inTransaction()) underLock.push(String(prop));
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
    return { video, underLock };
  }

  it("admit, send back, remove and end call LiveKit only with the visit's rows unlocked", async () => {
    const { provider, patient, appointment } = await scheduledVisit();
    const joined = await patient.caller.visit.join({ appointmentId: appointment.id, currentState: "CO" });
    await connect(joined.url, joined.token);
    await until(() => visitOf(appointment.id), (v) => v?.status === "patient_waiting");
    const spy = lockCheckingVideo();
    const tagged = new URL(inject("databaseUrl"));
    tagged.searchParams.set("application_name", PROBE);
    const db = createDb(tagged.toString(), 2);
    onTestFinished(() => db.$end({ timeout: 5 }));
    const caller = createProviderCaller(
      await createContext({ db, auth: testAuth("provider"), headers: provider.headers, outbound: { providerAppUrl: PROVIDER_URL, patientAppUrl: PATIENT_URL, mailer: { send: async () => {} } }, video: spy.video }),
    );
    await caller.visit.admit({ appointmentId: appointment.id });
    expect(await serverPermission(joined.roomName, joined.identity)).toEqual({ canPublish: true, canSubscribe: true });
    await caller.visit.sendBack({ appointmentId: appointment.id });
    expect(await serverPermission(joined.roomName, joined.identity)).toEqual({ canPublish: false, canSubscribe: false });
    await caller.visit.remove({ appointmentId: appointment.id });
    await until(() => testVideo().participants(joined.roomName), (ps) => !ps.some((p) => p.identity === joined.identity));
    await caller.visit.end({ appointmentId: appointment.id });
    expect(spy.underLock).toEqual([]);
  });

  it("a patient the webhook recorded present is admitted without asking the server who is connected; a click that beats the webhook asks it first", async () => {
    const counting = () => {
      const calls: string[] = [];
      const video = new Proxy(testVideo(), {
        get(target, prop, receiver) {
          const value = Reflect.get(target, prop, receiver) as unknown;
          if (typeof value !== "function") return value;
          return (...args: unknown[]) => {
            calls.push(String(prop));
            return (value as (...a: unknown[]) => unknown).apply(target, args);
          };
        },
      });
      return { video, calls };
    };
    const callerWith = async (headers: Headers, video: ReturnType<typeof testVideo>) =>
      createProviderCaller(await createContext({ db: testDb(), auth: testAuth("provider"), headers, outbound: { providerAppUrl: PROVIDER_URL, patientAppUrl: PATIENT_URL, mailer: { send: async () => {} } }, video }));

    // Recorded present by the "joined" webhook: one transaction, then the grant (the grant is the check).
    const a = await scheduledVisit();
    const joinedA = await a.patient.caller.visit.join({ appointmentId: a.appointment.id, currentState: "CO" });
    await connect(joinedA.url, joinedA.token);
    await until(() => visitOf(a.appointment.id), (v) => v?.status === "patient_waiting");
    const fast = counting();
    await (await callerWith(a.provider.headers, fast.video)).visit.admit({ appointmentId: a.appointment.id });
    expect(fast.calls).toEqual(["setPermission"]);
    expect(await serverPermission(joinedA.roomName, joinedA.identity)).toEqual({ canPublish: true, canSubscribe: true });

    // Connected, but the webhook has not recorded it yet: the server is asked first, then it admits.
    const b = await scheduledVisit();
    const joinedB = await b.patient.caller.visit.join({ appointmentId: b.appointment.id, currentState: "CO" });
    await connect(joinedB.url, joinedB.token);
    await until(() => visitOf(b.appointment.id), (v) => v?.status === "patient_waiting");
    const visitB = (await visitOf(b.appointment.id))!;
    await testDb().update(schema.visitParticipant).set({ present: false }).where(and(eq(schema.visitParticipant.visitId, visitB.id), eq(schema.visitParticipant.role, "patient")));
    const slow = counting();
    await (await callerWith(b.provider.headers, slow.video)).visit.admit({ appointmentId: b.appointment.id });
    expect(slow.calls).toEqual(["participants", "setPermission"]);
    expect(await visitOf(b.appointment.id)).toMatchObject({ status: "in_call", patientAdmitted: true });
  });

  it("a grant that cannot be delivered puts the patient back in the waiting room, audited as an error", async () => {
    const { provider, patient, appointment } = await scheduledVisit();
    const joined = await patient.caller.visit.join({ appointmentId: appointment.id, currentState: "CO" });
    await connect(joined.url, joined.token);
    await until(() => visitOf(appointment.id), (v) => v?.status === "patient_waiting");
    // The patient drops between the connection check and the grant.
    const video = new Proxy(testVideo(), {
      get(target, prop, receiver) {
        if (prop === "setPermission") return async () => false;
        return Reflect.get(target, prop, receiver) as unknown;
      },
    });
    const caller = createProviderCaller(
      await createContext({ db: testDb(), auth: testAuth("provider"), headers: provider.headers, outbound: { providerAppUrl: PROVIDER_URL, patientAppUrl: PATIENT_URL, mailer: { send: async () => {} } }, video }),
    );
    await expect(caller.visit.admit({ appointmentId: appointment.id })).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await visitOf(appointment.id)).toMatchObject({ status: "patient_waiting", patientAdmitted: false });
    expect(await serverPermission(joined.roomName, joined.identity)).toEqual({ canPublish: false, canSubscribe: false });
    const audit = await testDb()
      .select({ action: schema.auditEvent.action, outcome: schema.auditEvent.outcome })
      .from(schema.auditEvent)
      .where(and(eq(schema.auditEvent.patientId, patient.patient.id), eq(schema.auditEvent.action, "visit.admit")));
    expect(audit.map((a) => a.outcome).sort()).toEqual(["error", "success"]);
    // The real server still admits once the patient is reachable.
    await provider.caller.visit.admit({ appointmentId: appointment.id });
    expect(await serverPermission(joined.roomName, joined.identity)).toEqual({ canPublish: true, canSubscribe: true });
  });
});

describe("live updates are pushed (LISTEN/NOTIFY over server-sent events), not polled", () => {
  /** The next value a stream pushes, or a failure after `ms`. */
  async function next<T>(it: AsyncIterator<T>, ms = 8_000): Promise<T> {
    const r = await Promise.race([it.next(), new Promise<"timeout">((res) => setTimeout(() => res("timeout"), ms))]);
    if (r === "timeout") throw new Error("no push within the time allowed");
    if (r.done) throw new Error("the stream ended");
    return r.value;
  }
  async function nextMatching<T>(it: AsyncIterator<T>, ok: (v: T) => boolean, ms = 10_000): Promise<T> {
    const deadline = Date.now() + ms;
    for (;;) {
      const v = await next(it, Math.max(1, deadline - Date.now()));
      if (ok(v)) return v;
    }
  }

  it("the waiting banner, the provider's visit and the patient's waiting room follow the visit, from another instance's writes, with one read audit per stream", async () => {
    const { provider, patient, appointment } = await scheduledVisit();
    // The provider's streams run on a separate pool, as on a second app instance.
    const other = createDb(inject("databaseUrl"), 3);
    onTestFinished(() => other.$end({ timeout: 5 }));
    const providerOnOther = createProviderCaller(
      await createContext({ db: other, auth: testAuth("provider"), headers: provider.headers, outbound: { providerAppUrl: PROVIDER_URL, patientAppUrl: PATIENT_URL, mailer: { send: async () => {} } }, video: testVideo() }),
    );
    const banner = (await providerOnOther.visit.liveFeed())[Symbol.asyncIterator]();
    expect(await next(banner)).toEqual([]);

    const joined = await patient.caller.visit.join({ appointmentId: appointment.id, currentState: "CO" });
    const waitingRoom = (await patient.caller.visit.statusFeed({ appointmentId: appointment.id }))[Symbol.asyncIterator]();
    expect(await next(waitingRoom)).toMatchObject({ admitted: false });
    await connect(joined.url, joined.token);
    // The webhook (its own pool) records the patient waiting; both streams hear of it.
    const live = await nextMatching(banner, (rows) => rows.some((r) => r.status === "patient_waiting"));
    expect(live.map((r) => r.appointmentId)).toEqual([appointment.id]);
    await nextMatching(waitingRoom, (v) => v.visitStatus === "patient_waiting" && v.position === 1);

    const room = (await providerOnOther.visit.watch({ appointmentId: appointment.id }))[Symbol.asyncIterator]();
    expect(await next(room)).toMatchObject({ visit: { status: "patient_waiting" } });
    await provider.caller.visit.admit({ appointmentId: appointment.id });
    await nextMatching(waitingRoom, (v) => v.admitted);
    await nextMatching(room, (v) => v.visit?.admitted === true);

    await Promise.all([banner.return?.(), waitingRoom.return?.(), room.return?.()]);
    // Several pushes, but each stream audited its reads once (per patient, per 15-minute window).
    const reads = await testDb()
      .select({ action: schema.auditEvent.action })
      .from(schema.auditEvent)
      .where(and(sql`(${schema.auditEvent.patientId} = ${patient.patient.id} or ${schema.auditEvent.patientIds} @> array[${patient.patient.id}]::uuid[])`, sql`${schema.auditEvent.action} in ('visit.status', 'visit.live', 'visit.read')`));
    expect(reads.map((r) => r.action).sort()).toEqual(["visit.live", "visit.read", "visit.status"]);
  });

  it("a stream ends when its session does, and a stranger's stream never hears of the visit", async () => {
    const { provider, patient, appointment } = await scheduledVisit();
    const stranger = await staffSession((await makeClinic()).id, ["admin"]);
    // As when a browser closes the stream: the request's signal ends the generator, even mid-wait.
    const closed = new AbortController();
    const strangerCaller = createProviderCaller(
      await createContext({ db: testDb(), auth: testAuth("provider"), headers: stranger.headers, outbound: { providerAppUrl: PROVIDER_URL, patientAppUrl: PATIENT_URL, mailer: { send: async () => {} } }, video: testVideo() }),
      { signal: closed.signal },
    );
    const theirs = (await strangerCaller.visit.liveFeed())[Symbol.asyncIterator]();
    expect(await next(theirs)).toEqual([]);
    const waitingRoom = (await patient.caller.visit.statusFeed({ appointmentId: appointment.id }))[Symbol.asyncIterator]();
    await next(waitingRoom);
    const joined = await patient.caller.visit.join({ appointmentId: appointment.id, currentState: "CO" });
    await connect(joined.url, joined.token);
    await nextMatching(waitingRoom, (v) => v.visitStatus === "patient_waiting");
    // Another clinic's admin: nothing arrives.
    await expect(next(theirs, 1_500)).rejects.toThrow("no push");
    closed.abort();
    await expect(next(theirs, 2_000)).rejects.toThrow("the stream ended");

    // Sign the patient out; the next change finds the session gone and closes the stream.
    await testDb().delete(schema.session).where(eq(schema.session.userId, patient.user!.id));
    await provider.caller.visit.join({ appointmentId: appointment.id });
    const ended = await Promise.race([waitingRoom.next(), new Promise<"open">((r) => setTimeout(() => r("open"), 8_000))]);
    expect(ended).toMatchObject({ done: true });
  });
});

describe("who may join, and when", () => {
  it("only inside the join window (clinic setting, default 15 minutes before to the end of the slot)", async () => {
    const early = await scheduledVisit({ startsIn: 30 });
    await expect(early.patient.caller.visit.join({ appointmentId: early.appointment.id, currentState: "CO" })).rejects.toMatchObject({ code: "UNPROCESSABLE_CONTENT", message: expect.stringMatching(/not open yet/) });
    await expect(early.provider.caller.visit.join({ appointmentId: early.appointment.id })).rejects.toMatchObject({ code: "UNPROCESSABLE_CONTENT" });
    await testDb().update(schema.clinic).set({ joinWindowMinutes: 45 }).where(eq(schema.clinic.id, early.clinic.id));
    await early.patient.caller.visit.join({ appointmentId: early.appointment.id, currentState: "CO" });

    const over = await scheduledVisit({ startsIn: -70, minutes: 60 });
    await expect(over.patient.caller.visit.join({ appointmentId: over.appointment.id, currentState: "CO" })).rejects.toMatchObject({ message: expect.stringMatching(/passed/) });
    expect(await visitOf(over.appointment.id)).toBeUndefined();
  });

  it("refuses another patient, another provider, staff and admins, and other clinics", async () => {
    const { clinic, patient, appointment } = await scheduledVisit();
    const otherPatient = await patientSession(clinic.id);
    await expect(otherPatient.caller.visit.join({ appointmentId: appointment.id, currentState: "CO" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(otherPatient.caller.visit.status({ appointmentId: appointment.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const colleague = await staffSession(clinic.id, ["provider", "prescriber"]);
    for (const call of [
      () => colleague.caller.visit.join({ appointmentId: appointment.id }),
      () => colleague.caller.visit.admit({ appointmentId: appointment.id }),
      () => colleague.caller.visit.end({ appointmentId: appointment.id }),
      () => colleague.caller.visit.get({ appointmentId: appointment.id }),
    ]) {
      await expect(call()).rejects.toMatchObject({ code: "NOT_FOUND" });
    }
    for (const roles of [["staff"], ["admin"]] as const) {
      const s = await staffSession(clinic.id, [...roles]);
      await expect(s.caller.visit.join({ appointmentId: appointment.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(s.caller.visit.admit({ appointmentId: appointment.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    const elsewhere = await staffSession((await makeClinic()).id, ["provider"]);
    await expect(elsewhere.caller.visit.join({ appointmentId: appointment.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await elsewhere.caller.visit.live()).toEqual([]);
    const denied = await testDb()
      .select()
      .from(schema.auditEvent)
      .where(and(eq(schema.auditEvent.resourceId, appointment.id), eq(schema.auditEvent.outcome, "denied")));
    expect(denied.length).toBeGreaterThanOrEqual(5);
    await patient.caller.visit.status({ appointmentId: appointment.id });
  });

  it("a patient who says they are in a state where the provider is not licensed is refused", async () => {
    const { patient, appointment } = await scheduledVisit();
    await expect(patient.caller.visit.join({ appointmentId: appointment.id, currentState: "UT" })).rejects.toMatchObject({ code: "UNPROCESSABLE_CONTENT", message: expect.stringMatching(/licensed/) });
    await expect(patient.caller.visit.join({ appointmentId: appointment.id, currentState: "XX" } as never)).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(await visitOf(appointment.id)).toBeUndefined();
    // The refusal itself is on record, though the transaction it happened in rolled back.
    const denied = await testDb().select().from(schema.auditEvent).where(and(eq(schema.auditEvent.resourceId, appointment.id), eq(schema.auditEvent.action, "visit.join")));
    expect(denied.map((d) => [d.outcome, (d.detail as { currentState?: string }).currentState])).toEqual([["denied", "UT"]]);
  });
});

describe("webhooks", () => {
  const joinedEvent = (room: string, identity: string, id = `EV_${randomUUID()}`, createdAt = Math.floor(Date.now() / 1000)) =>
    JSON.stringify({ event: "participant_joined", id, createdAt: String(createdAt), room: { name: room }, participant: { sid: `PA_${randomUUID().slice(0, 8)}`, identity, joinedAt: String(createdAt) } });

  it("accept a valid signature once, and reject forged, tampered, unsigned and stale deliveries without changing anything", async () => {
    const { patient, appointment } = await scheduledVisit();
    const joined = await patient.caller.visit.join({ appointmentId: appointment.id, currentState: "CO" });
    const video = testVideo();
    const body = joinedEvent(joined.roomName, joined.identity);

    const forged = await signWebhook(body, "devkey", "not-the-secret");
    expect(await handleVisitWebhook(testDb(), video, body, forged, meta)).toMatchObject({ status: 401 });
    const valid = await signWebhook(body, "devkey", "secret");
    expect(await handleVisitWebhook(testDb(), video, body.replace("participant_joined", "participant_left"), valid, meta)).toMatchObject({ status: 401 });
    expect(await handleVisitWebhook(testDb(), video, body, null, meta)).toMatchObject({ status: 401 });
    const stale = joinedEvent(joined.roomName, joined.identity, undefined, Math.floor(Date.now() / 1000) - 3600);
    expect(await handleVisitWebhook(testDb(), video, stale, await signWebhook(stale, "devkey", "secret"), meta)).toMatchObject({ status: 401 });
    expect(await visitOf(appointment.id)).toMatchObject({ status: "waiting_room_open" });

    expect(await handleVisitWebhook(testDb(), video, body, valid, meta)).toEqual({ status: 200, result: "applied" });
    expect(await visitOf(appointment.id)).toMatchObject({ status: "patient_waiting" });
    // The same delivery again (a replay) is recorded once and changes nothing.
    expect(await handleVisitWebhook(testDb(), video, body, valid, meta)).toEqual({ status: 200, result: "duplicate" });
    const visit = (await visitOf(appointment.id))!;
    const events = await testDb().select().from(schema.visitEvent).where(and(eq(schema.visitEvent.visitId, visit.id), eq(schema.visitEvent.kind, "participant_joined")));
    expect(events).toHaveLength(1);
  });

  it("a late 'left' for an older connection does not mark a reconnected patient as gone", async () => {
    const { patient, appointment } = await scheduledVisit();
    const joined = await patient.caller.visit.join({ appointmentId: appointment.id, currentState: "CO" });
    const now = Math.floor(Date.now() / 1000);
    const deliver = async (body: string) => handleVisitWebhook(testDb(), testVideo(), body, await signWebhook(body, "devkey", "secret"), meta);
    const session = (sid: string, event: string) =>
      JSON.stringify({ event, id: `EV_${randomUUID()}`, createdAt: String(now), room: { name: joined.roomName }, participant: { sid, identity: joined.identity, joinedAt: String(now) } });
    await deliver(session("PA_old", "participant_joined"));
    await deliver(session("PA_new", "participant_joined"));
    await deliver(session("PA_old", "participant_left"));
    expect(await visitOf(appointment.id)).toMatchObject({ status: "patient_waiting" });
    await deliver(session("PA_new", "participant_left"));
    expect(await visitOf(appointment.id)).toMatchObject({ status: "waiting_room_open" });
  });

  it("a visit counts as audio-video only once the admitted patient's camera was published; otherwise it ends audio-only", async () => {
    const deliver = async (event: Record<string, unknown>) => {
      const body = JSON.stringify({ id: `EV_${randomUUID()}`, createdAt: String(Math.floor(Date.now() / 1000)), ...event });
      return handleVisitWebhook(testDb(), testVideo(), body, await signWebhook(body, "devkey", "secret"), meta);
    };
    for (const camera of [true, false]) {
      const { patient, appointment } = await scheduledVisit();
      const joined = await patient.caller.visit.join({ appointmentId: appointment.id, currentState: "CO" });
      // Opening the room on the real server sends its own room_started: use that instance's sid.
      const opened = await until(() => visitOf(appointment.id), (v) => !!v?.roomSid);
      const room = { name: joined.roomName, sid: opened!.roomSid };
      await deliver({ event: "participant_joined", room, participant: { sid: "PA_1", identity: joined.identity, joinedAt: String(Math.floor(Date.now() / 1000)) } });
      // Admission itself needs a connected participant; here the record is set as an admission would.
      await testDb().update(schema.visit).set({ status: "in_call", patientAdmitted: true, startedAt: new Date() }).where(eq(schema.visit.appointmentId, appointment.id));
      if (camera) await deliver({ event: "track_published", room, participant: { sid: "PA_1", identity: joined.identity }, track: { sid: "TR_1", type: "VIDEO", source: "CAMERA" } });
      await deliver({ event: "track_published", room, participant: { sid: "PA_1", identity: joined.identity }, track: { sid: "TR_2", type: "AUDIO", source: "MICROPHONE" } });
      // A late "room_finished" of an earlier instance of this room name changes nothing.
      await deliver({ event: "room_finished", room: { name: joined.roomName, sid: "RM_earlier" } });
      expect(await visitOf(appointment.id)).toMatchObject({ status: "in_call" });
      await deliver({ event: "room_finished", room });
      expect(await visitOf(appointment.id)).toMatchObject({ status: "ended", modality: camera ? "audio_video" : "audio_only" });
    }
  });

  it("the visit log is append-only in the database", async () => {
    const { patient, appointment } = await scheduledVisit();
    await patient.caller.visit.join({ appointmentId: appointment.id, currentState: "CO" });
    const visit = (await visitOf(appointment.id))!;
    // The application's role may not even try (no UPDATE or DELETE privilege); the trigger refuses the owner too.
    await expect(testDb().update(schema.visitEvent).set({ kind: "edited" }).where(eq(schema.visitEvent.visitId, visit.id))).rejects.toMatchObject({ cause: { message: expect.stringMatching(/permission denied/) } });
    await expect(ownerDb().update(schema.visitEvent).set({ kind: "edited" }).where(eq(schema.visitEvent.visitId, visit.id))).rejects.toMatchObject({ cause: { message: expect.stringMatching(/append-only/) } });
    await expect(ownerDb().delete(schema.visitEvent).where(eq(schema.visitEvent.visitId, visit.id))).rejects.toMatchObject({ cause: { message: expect.stringMatching(/append-only/) } });
  });
});

describe("closing visits whose time is over (worker)", () => {
  it("a started call still open 30 minutes after its slot ends; a waiting room nobody was admitted from is abandoned", async () => {
    const started = await scheduledVisit();
    const joined = await started.patient.caller.visit.join({ appointmentId: started.appointment.id, currentState: "CO" });
    await connect(joined.url, joined.token);
    await until(() => visitOf(started.appointment.id), (v) => v?.status === "patient_waiting");
    await started.provider.caller.visit.admit({ appointmentId: started.appointment.id });

    const waiting = await scheduledVisit();
    await waiting.patient.caller.visit.join({ appointmentId: waiting.appointment.id, currentState: "CO" });
    // Let the server's own room_started for the new room land first: a sweep skips rows in use.
    await until(() => visitOf(waiting.appointment.id), (v) => !!v?.roomSid);

    // Nothing is closed before the slot's end plus the overrun allowance.
    const endsAt = started.appointment.endsAt.getTime();
    await closeExpiredVisits(testDb(), testVideo(), new Date(endsAt + 29 * MIN));
    expect(await visitOf(started.appointment.id)).toMatchObject({ status: "in_call" });

    // Others left open by earlier tests in this file are closed too.
    expect(await closeExpiredVisits(testDb(), testVideo(), new Date(endsAt + 31 * MIN))).toBeGreaterThanOrEqual(2);
    expect(await visitOf(started.appointment.id)).toMatchObject({ status: "ended", patientAdmitted: false });
    expect((await testDb().query.appointment.findFirst({ where: eq(schema.appointment.id, started.appointment.id) }))!.status).toBe("completed");
    expect(await testVideo().participants(joined.roomName)).toEqual([]);
    expect(await visitOf(waiting.appointment.id)).toMatchObject({ status: "abandoned", modality: "none" });
    const audit = await testDb().select().from(schema.auditEvent).where(and(eq(schema.auditEvent.patientId, waiting.patient.patient.id), eq(schema.auditEvent.action, "visit.close_expired")));
    expect(audit).toHaveLength(1);
  });
});
