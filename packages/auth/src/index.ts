import type { Database } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import { betterAuth } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { appendFile } from "node:fs/promises";
import { randomBytes } from "node:crypto";

import { BASE_ERROR_CODES } from "better-auth";
import { APIError, createAuthMiddleware } from "better-auth/api";
import { twoFactor } from "better-auth/plugins";
import { eq, sql } from "drizzle-orm";
import { z } from "zod";

import { CLIENT_IP_HEADER, createClientIpResolver } from "./client-ip";
import { authEnv } from "./env";
import { recordUnknownAddressFailure, unknownAddressLockedUntil } from "./keyed-counter";
import { MIN_PASSWORD_LENGTH, hashPassword, verifyPassword } from "./password";

export type AppName = "provider" | "patient";

export interface Mailer {
  send(message: { to: string; subject: string; text: string }): Promise<void>;
}

/**
 * Development transport: the recipient, subject and the message's links land in the server
 * log instead of an inbox (nothing else of the body, which may one day carry more). With
 * MAIL_SINK_FILE set (browser tests), each message is also appended there as a JSON line.
 */
export const logMailer: Mailer = {
  send: async ({ to, subject, text }) => {
    const links = text.match(/https?:\/\/\S+/g) ?? [];
    console.info(`[mail] to=${to} subject="${subject}"${links.map((l) => `\n${l}`).join("")}`);
    const sink = authEnv().MAIL_SINK_FILE;
    if (sink) await appendFile(sink, `${JSON.stringify({ at: new Date().toISOString(), to, subject, text })}\n`);
  },
};

export interface AuthConfig {
  db: Database;
  app: AppName;
  baseURL: string;
  secret: string;
  trustedOrigins: string[];
  idleTimeoutSeconds: number;
  absoluteTimeoutSeconds: number;
  lockout: { threshold: number; minutes: number };
  signInRateLimit: { window: number; max: number };
  /** Second-factor (TOTP) verifications per client address. */
  twoFactorRateLimit: { window: number; max: number };
  secureCookies: boolean;
  /** Reverse proxies whose X-Forwarded-For is believed (TRUSTED_PROXIES); none by default. */
  trustedProxies?: readonly string[];
  mailer?: Mailer;
  logLevel?: "debug" | "info" | "warn" | "error";
}

const APP_KIND = { provider: "staff", patient: "patient" } as const;

// A hash of a random password with the same argon2id parameters, computed once: an unknown
// address is checked against it so it costs what a real account's wrong password costs.
let dummyHash: Promise<string> | undefined;
const dummyPasswordHash = () => (dummyHash ??= hashPassword(randomBytes(32).toString("base64url")));

const isEmail = (value: string) => z.email().safeParse(value).success;

export function initAuth(cfg: AuthConfig) {
  const { db } = cfg;
  const mailer = cfg.mailer ?? logMailer;
  const clientIp = createClientIpResolver(cfg.trustedProxies ?? []);
  const userByEmail = (email: string) =>
    db.query.user.findFirst({ where: sql`lower(${schema.user.email}) = lower(${email})` });

  // token -> user id, only between the before and after hooks of one /reset-password request.
  const resetsInFlight = new Map<string, string>();

  const auth = betterAuth({
    appName: "Clearwell",
    logger: { level: cfg.logLevel ?? "warn" },
    baseURL: cfg.baseURL,
    basePath: "/api/auth",
    // Names appear in the audit trail and care teams; staff and patients cannot rename themselves.
    disabledPaths: ["/update-user", "/change-email", "/delete-user"],
    secret: cfg.secret,
    trustedOrigins: cfg.trustedOrigins,
    database: drizzleAdapter(db, {
      provider: "pg",
      schema: {
        user: schema.user,
        session: schema.session,
        account: schema.account,
        verification: schema.verification,
        twoFactor: schema.twoFactor,
        rateLimit: schema.rateLimit,
      },
    }),
    user: {
      additionalFields: {
        kind: { type: "string", required: true, input: false },
        deactivatedAt: { type: "date", required: false, input: false },
      },
    },
    emailAndPassword: {
      enabled: true,
      // Accounts come from invitations and enrolment links (packages/api), never open sign-up.
      disableSignUp: true,
      minPasswordLength: MIN_PASSWORD_LENGTH,
      maxPasswordLength: 128,
      password: { hash: hashPassword, verify: verifyPassword },
      resetPasswordTokenExpiresIn: 60 * 60,
      revokeSessionsOnPasswordReset: true,
      sendResetPassword: async ({ user, url }) => {
        await mailer.send({
          to: user.email,
          subject: "Reset your Clearwell password",
          text: `Open this link within one hour to choose a new password:\n${url}\nIf you did not ask for this, ignore this message.`,
        });
      },
    },
    session: {
      // No idle option exists: a short expiry refreshed on use is the idle timeout.
      expiresIn: cfg.idleTimeoutSeconds,
      updateAge: Math.min(60, Math.floor(cfg.idleTimeoutSeconds / 10)),
      additionalFields: { app: { type: "string", required: true, input: false } },
    },
    rateLimit: {
      enabled: true,
      storage: "database",
      window: 60,
      max: 300,
      customRules: {
        "/sign-in/email": cfg.signInRateLimit,
        "/request-password-reset": { window: 300, max: 5 },
        "/two-factor/verify-totp": cfg.twoFactorRateLimit,
      },
    },
    advanced: {
      cookiePrefix: `cw-${cfg.app}`,
      useSecureCookies: cfg.secureCookies,
      defaultCookieAttributes: { httpOnly: true, sameSite: "lax", secure: cfg.secureCookies },
      // Only the header our handler wrapper sets from the one resolver (client-ip.ts).
      ipAddress: { ipAddressHeaders: [CLIENT_IP_HEADER] },
    },
    databaseHooks: {
      session: {
        create: {
          // Runs only after the password (and TOTP) checked out, so refusing here
          // tells nothing to someone guessing addresses.
          before: async (session) => {
            const u = await db.query.user.findFirst({ where: eq(schema.user.id, session.userId) });
            if (!u || u.deactivatedAt) {
              throw new APIError("FORBIDDEN", { message: "This account is deactivated." });
            }
            if (u.kind !== APP_KIND[cfg.app]) {
              throw new APIError("FORBIDDEN", {
                message:
                  cfg.app === "provider"
                    ? "This is the clinic staff portal. Patients sign in to the Clearwell patient app."
                    : "This is the patient app. Clinic staff sign in to the provider portal.",
                code: "WRONG_APP",
              });
            }
            return { data: { ...session, app: cfg.app } };
          },
        },
      },
    },
    hooks: {
      before: createAuthMiddleware(async (ctx) => {
        if (ctx.path === "/reset-password" && typeof ctx.body?.token === "string") {
          // Remember whose token this is: the handler consumes it before the after hook runs.
          const v = await db.query.verification.findFirst({ where: eq(schema.verification.identifier, `reset-password:${ctx.body.token}`) });
          if (v) resetsInFlight.set(ctx.body.token, v.value);
          return;
        }
        if (ctx.path !== "/sign-in/email") return;
        const email = typeof ctx.body?.email === "string" ? ctx.body.email : "";
        const password = typeof ctx.body?.password === "string" ? ctx.body.password : null;
        // Malformed requests get better-auth's own validation answer.
        if (!isEmail(email) || password === null) return;
        const ip = requestIp(ctx);
        const u = await userByEmail(email);
        // An address without an account locks exactly like one with: ACCOUNT_LOCKED must not tell them apart.
        const until = u ? (u.lockedUntil && u.lockedUntil > new Date() ? u.lockedUntil : null) : await unknownAddressLockedUntil(db, email);
        if (until) {
          const refusal = new APIError("FORBIDDEN", {
            message: `Too many failed sign-in attempts. Try again after ${until.toISOString()} or reset your password.`,
            code: "ACCOUNT_LOCKED",
          });
          // Thrown before the handler, so the after hook never sees it: audit here.
          await auditSignIn(db, cfg.app, email, ip, ctx.headers, refusal, false);
          throw refusal;
        }
        if (!u) {
          // Same work and the same answer as a wrong password: an argon2id verify, a counted failure.
          await verifyPassword({ hash: await dummyPasswordHash(), password });
          const lockedNow = await recordUnknownAddressFailure(db, email, cfg.lockout);
          const refusal = APIError.from("UNAUTHORIZED", BASE_ERROR_CODES.INVALID_EMAIL_OR_PASSWORD);
          await auditSignIn(db, cfg.app, email, ip, ctx.headers, refusal, lockedNow);
          throw refusal;
        }
        // rememberMe:false would give a fixed 24 h session that never slides, escaping the idle timeout.
        if (ctx.body?.rememberMe === false) return { context: { body: { ...ctx.body, rememberMe: true } } };
      }),
      after: createAuthMiddleware(async (ctx) => {
        if (ctx.path === "/reset-password" && typeof ctx.body?.token === "string") {
          const userId = resetsInFlight.get(ctx.body.token);
          resetsInFlight.delete(ctx.body.token);
          // A completed reset ends a lockout, as the lockout message promises.
          if (userId && !(ctx.context.returned instanceof APIError)) {
            await db.update(schema.user).set({ failedSignInCount: 0, lockedUntil: null }).where(eq(schema.user.id, userId));
          }
          return;
        }
        if (ctx.path !== "/sign-in/email") return;
        const email = typeof ctx.body?.email === "string" ? ctx.body.email : "";
        const returned = ctx.context.returned;
        const failed = returned instanceof APIError && returned.statusCode === 401;
        let lockedNow = false;
        if (failed) lockedNow = await recordPasswordFailure(db, email, cfg.lockout);
        else if (!(returned instanceof APIError)) await clearPasswordFailures(db, email);
        await auditSignIn(db, cfg.app, email, requestIp(ctx), ctx.headers, returned, lockedNow);
      }),
    },
    plugins: [
      twoFactor({
        issuer: "Clearwell",
        totpOptions: { digits: 6, period: 30 },
      }),
    ],
  });

  /** Through the handler the wrapper below has set the header; an in-process call resolves here. */
  function requestIp(ctx: { request?: Request; headers?: Headers }) {
    if (ctx.request) return ctx.request.headers.get(CLIENT_IP_HEADER);
    return ctx.headers ? clientIp(ctx.headers) : null;
  }

  /**
   * better-auth's HTTP entry point with the client address resolved once: a client's own
   * copy of the header is dropped, and the resolver's answer (if any) is set for the rate
   * limiter, the session record and the sign-in audit. `peer` is the socket address when
   * the server knows it (Next.js route handlers do not).
   */
  const betterAuthHandler = auth.handler;
  const handler = (request: Request, peer?: string | null) => {
    const headers = new Headers(request.headers);
    headers.delete(CLIENT_IP_HEADER);
    const ip = clientIp(request.headers, peer);
    if (ip) headers.set(CLIENT_IP_HEADER, ip);
    return betterAuthHandler(new Request(request, { headers }));
  };

  return Object.assign(auth, { handler, clientIp, clearwell: cfg });
}

export type Auth = ReturnType<typeof initAuth>;

/**
 * Counts a wrong password against the account, locking it at the threshold. One atomic
 * statement, so concurrent failures on several instances all count. True when this locked it.
 */
export async function recordPasswordFailure(db: Database, email: string, lockout: { threshold: number; minutes: number }) {
  const rows = await db.execute<{ locked: boolean }>(sql`
    update "user" set
      failed_sign_in_count = case when failed_sign_in_count + 1 >= ${lockout.threshold} then 0 else failed_sign_in_count + 1 end,
      locked_until = case when failed_sign_in_count + 1 >= ${lockout.threshold}
        then now() + make_interval(mins => ${lockout.minutes}) else locked_until end
    where lower(email) = lower(${email})
    returning failed_sign_in_count = 0 as locked`);
  return rows[0]?.locked === true;
}

export async function clearPasswordFailures(db: Database, email: string) {
  await db.execute(
    sql`update "user" set failed_sign_in_count = 0, locked_until = null where lower(email) = lower(${email}) and (failed_sign_in_count > 0 or locked_until is not null)`,
  );
}

/** The time an account stays locked until, or null when it is not locked. */
export async function lockedUntil(db: Database, email: string): Promise<Date | null> {
  const u = await db.query.user.findFirst({ where: sql`lower(${schema.user.email}) = lower(${email})` });
  return u?.lockedUntil && u.lockedUntil > new Date() ? u.lockedUntil : null;
}

/** Sign-in attempts are security events (45 CFR 164.308(a)(5)(ii)(C) log-in monitoring). */
async function auditSignIn(
  db: Database,
  app: AppName,
  email: string,
  ipAddress: string | null,
  headers: Headers | undefined,
  returned: unknown,
  lockedNow: boolean,
) {
  const u = await db.query.user.findFirst({ where: sql`lower(${schema.user.email}) = lower(${email})` });
  const error = returned instanceof APIError ? returned : null;
  const base = {
    actorUserId: u?.id ?? null,
    actorKind: u?.kind ?? ("anonymous" as const),
    resourceType: "session",
    requestId: headers?.get("x-request-id") ?? null,
    ipAddress,
    userAgent: headers?.get("user-agent")?.slice(0, 512) ?? null,
  };
  // A right password for an account with TOTP is only half a sign-in: say so in the record.
  // (The two-factor plugin rewrites the response after this hook, so read the account instead.)
  const awaitingSecondFactor = !error && Boolean(u?.twoFactorEnabled);
  const detail = {
    app,
    ...(error ? { status: error.statusCode, code: (error.body as { code?: string } | undefined)?.code ?? null } : {}),
    ...(u ? {} : { unknownEmail: true }),
    ...(awaitingSecondFactor ? { awaitingSecondFactor: true } : {}),
  };
  // One row per clinic the person belongs to, so each clinic's admins see it in their log, with the
  // roles held there now: the same source (clinic_membership) and order (sorted) as every other
  // audit row of theirs (packages/api record-audit canonicalRoles), so one person reads one way.
  const clinics: { id: string; roles: string[] }[] = !u
    ? []
    : u.kind === "staff"
      ? await db
          .select({ id: schema.clinicMembership.clinicId, roles: sql<string[]>`array_agg(distinct ${schema.clinicMembership.role}::text order by ${schema.clinicMembership.role}::text)` })
          .from(schema.clinicMembership)
          .where(eq(schema.clinicMembership.userId, u.id))
          .groupBy(schema.clinicMembership.clinicId)
      : (await db.select({ id: schema.patient.clinicId }).from(schema.patient).where(eq(schema.patient.userId, u.id))).map((c) => ({ id: c.id, roles: ["patient"] }));
  const rows = clinics.length ? clinics : [{ id: null, roles: [] as string[] }];
  const actions = lockedNow ? ["auth.sign_in", "auth.locked_out"] : ["auth.sign_in"];
  await db.insert(schema.auditEvent).values(
    rows.flatMap(({ id: clinicId, roles }) =>
      actions.map((action) => ({ ...base, clinicId, actorRoles: roles, action, outcome: error || action !== "auth.sign_in" ? ("denied" as const) : ("success" as const), detail })),
    ),
  );
}

export interface ResolvedSession {
  sessionId: string;
  token: string;
  userId: string;
  createdAt: Date;
  expiresAt: Date;
  user: { id: string; name: string; email: string; kind: "staff" | "patient"; twoFactorEnabled: boolean };
}

/**
 * The session behind a request, or null. On top of better-auth's sliding idle
 * expiry this enforces the absolute cap and the app the session was issued for.
 */
export async function resolveSession(auth: Auth, headers: Headers, opts: { refresh?: boolean } = {}): Promise<ResolvedSession | null> {
  return (await resolveSessionWithCookies(auth, headers, opts)).session;
}

/**
 * Like resolveSession, plus the Set-Cookie headers of a sliding refresh. Called in-process,
 * better-auth updates the row but the browser's cookie keeps its old max-age unless the
 * transport forwards these (packages/api/src/http.ts does).
 */
export async function resolveSessionWithCookies(
  auth: Auth,
  headers: Headers,
  opts: { refresh?: boolean } = {},
): Promise<{ session: ResolvedSession | null; setCookies: string[] }> {
  // Never let a client's copy of the resolved-address header reach better-auth in-process.
  const clean = new Headers(headers);
  clean.delete(CLIENT_IP_HEADER);
  const { headers: out, response: result } = await auth.api.getSession({
    headers: clean,
    query: { disableRefresh: opts.refresh === false },
    returnHeaders: true,
  });
  const setCookies = out?.getSetCookie() ?? [];
  if (!result) return { session: null, setCookies };
  const { session, user } = result;
  const cfg = auth.clearwell;
  const app = (session as { app?: string }).app;
  const kind = (user as { kind?: string }).kind;
  const tooOld = Date.now() - new Date(session.createdAt).getTime() > cfg.absoluteTimeoutSeconds * 1000;
  const deactivated = Boolean((user as { deactivatedAt?: Date | null }).deactivatedAt);
  if (app !== cfg.app || kind !== APP_KIND[cfg.app] || tooOld || deactivated) {
    if (tooOld || deactivated) await cfg.db.delete(schema.session).where(eq(schema.session.id, session.id));
    return { session: null, setCookies: [] };
  }
  return {
    setCookies,
    session: {
      sessionId: session.id,
      token: session.token,
      userId: user.id,
      createdAt: new Date(session.createdAt),
      expiresAt: new Date(session.expiresAt),
      user: {
        id: user.id,
        name: user.name,
        email: user.email,
        kind: kind as "staff" | "patient",
        twoFactorEnabled: Boolean((user as { twoFactorEnabled?: boolean }).twoFactorEnabled),
      },
    },
  };
}

export { hashPassword, verifyPassword, MIN_PASSWORD_LENGTH };
export { CLIENT_IP_HEADER, createClientIpResolver, parseTrustedProxies, type ClientIpResolver } from "./client-ip";
export { consumeRateLimit, type RateRule } from "./keyed-counter";
