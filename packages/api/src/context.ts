import { randomUUID } from "node:crypto";

import type { Auth, ResolvedSession } from "@clearwell/auth";
import { resolveSessionWithCookies } from "@clearwell/auth";
import type { Database } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import { and, asc, eq, isNotNull } from "drizzle-orm";

import type { VideoService } from "@clearwell/video";
import { videoFromEnv } from "@clearwell/video";

import type { StaffRole } from "./policy";
import type { DemoVisitSource } from "./services/demo/demo-visit";
import type { Outbound } from "./services/links";

export interface RequestMeta {
  requestId: string;
  ipAddress: string | null;
  userAgent: string | null;
}

export interface StaffMembership {
  clinicId: string;
  clinicName: string;
  /** The clinic's IANA zone: provider pages show every date and time in it (issue 15). */
  clinicTimezone: string;
  roles: StaffRole[];
}

export interface PatientLink {
  patientId: string;
  clinicId: string;
  clinicName: string;
}

export interface CreateContextOptions {
  db: Database;
  auth: Auth;
  headers: Headers;
  /** Where emailed links point and how mail leaves. */
  outbound: Outbound;
  /** The LiveKit server; built from the environment when not given. */
  video?: VideoService;
  /** The seeded demo visit (the provider app wires it in); without it there is none. */
  demoVisits?: DemoVisitSource;
}

let video: VideoService | undefined;
/** One LiveKit client per process, built on first use: a request that needs no video never reads its env. */
const sharedVideo = () => (video ??= videoFromEnv());

export const CLINIC_HEADER = "x-clearwell-clinic";
export const BACKGROUND_HEADER = "x-clearwell-background";
export const CLINIC_COOKIE = "cw-clinic";

/** The client address comes from the auth instance's resolver (TRUSTED_PROXIES), as at sign-in. */
function requestMeta(headers: Headers, auth: Auth): RequestMeta {
  return {
    requestId: headers.get("x-request-id") ?? randomUUID(),
    ipAddress: auth.clientIp(headers),
    userAgent: headers.get("user-agent")?.slice(0, 512) ?? null,
  };
}

/**
 * The clinic a request acts in. The header is explicit (each browser tab pins the clinic it
 * loaded with), so a clinic the caller does not belong to is an error, never a silent switch.
 * The cookie is only a remembered default for new tabs.
 */
function chosenClinic(headers: Headers): { id: string; explicit: boolean } | null {
  const fromHeader = headers.get(CLINIC_HEADER);
  if (fromHeader) return { id: fromHeader, explicit: true };
  const cookie = headers.get("cookie") ?? "";
  const match = new RegExp(`(?:^|;\\s*)${CLINIC_COOKIE}=([0-9a-f-]{36})`).exec(cookie);
  return match?.[1] ? { id: match[1], explicit: false } : null;
}

/**
 * Per-request context: the session, and who the caller is in which clinic.
 * Memberships load in one query; scoping itself happens in the procedures and services.
 */
export async function createContext(opts: CreateContextOptions) {
  const { db, auth, headers } = opts;
  const meta = requestMeta(headers, auth);
  // Polling the app does by itself must not keep an idle session alive (automatic logoff, DOMAIN.md §9).
  const resolved = await resolveSessionWithCookies(auth, headers, { refresh: headers.get(BACKGROUND_HEADER) !== "1" });
  const session: ResolvedSession | null = resolved.session;
  const app = auth.clearwell.app;
  const wanted = chosenClinic(headers);

  let staff: { memberships: StaffMembership[]; active: StaffMembership | null; requestedClinicMissing: boolean } | null = null;
  let patient: { links: PatientLink[]; active: PatientLink | null } | null = null;

  if (session && app === "provider") {
    const rows = await db
      .select({ clinicId: schema.clinicMembership.clinicId, clinicName: schema.clinic.name, clinicTimezone: schema.clinic.timezone, role: schema.clinicMembership.role })
      .from(schema.clinicMembership)
      .innerJoin(schema.clinic, eq(schema.clinic.id, schema.clinicMembership.clinicId))
      .where(eq(schema.clinicMembership.userId, session.userId))
      .orderBy(asc(schema.clinic.name));
    const byClinic = new Map<string, StaffMembership>();
    for (const r of rows) {
      const m = byClinic.get(r.clinicId) ?? { clinicId: r.clinicId, clinicName: r.clinicName, clinicTimezone: r.clinicTimezone, roles: [] };
      m.roles.push(r.role);
      byClinic.set(r.clinicId, m);
    }
    const memberships = [...byClinic.values()];
    const match = wanted ? memberships.find((m) => m.clinicId === wanted.id) : undefined;
    staff = {
      memberships,
      active: match ?? (wanted?.explicit ? null : (memberships[0] ?? null)),
      requestedClinicMissing: Boolean(wanted?.explicit && !match),
    };
  }

  if (session && app === "patient") {
    const links = await db
      .select({ patientId: schema.patient.id, clinicId: schema.patient.clinicId, clinicName: schema.clinic.name })
      .from(schema.patient)
      .innerJoin(schema.clinic, eq(schema.clinic.id, schema.patient.clinicId))
      .where(and(eq(schema.patient.userId, session.userId), isNotNull(schema.patient.userId)))
      .orderBy(asc(schema.patient.createdAt));
    const match = wanted ? links.find((l) => l.clinicId === wanted.id) : undefined;
    patient = { links, active: match ?? (wanted?.explicit ? null : (links[0] ?? null)) };
  }

  // setCookies: a refreshed session cookie the transport must pass on to the browser.
  return { db, auth, app, session, staff, patient, meta, outbound: opts.outbound, video: () => opts.video ?? sharedVideo(), demoVisits: opts.demoVisits ?? null, setCookies: resolved.setCookies };
}

export type Context = Awaited<ReturnType<typeof createContext>>;
