import type { Actor } from "./actor";
import type { Policy, StaffRole } from "./policy";
import { ALL_STAFF_ROLES } from "./policy";
import { recordAudit } from "./services/audit/record-audit";
import { PUBLIC_RATE_LIMIT, type RateRule, enforcePublicRateLimit } from "./rate-limit";
import { TRPCError, baseProcedure } from "./trpc";

const SIGN_IN_AGAIN = "Your session has ended. Please sign in again.";
/** Shared with the provider app, which sends the user to set it up. */
export const MFA_REQUIRED = "Set up two-step sign-in (Account → Security) before you open clinic data.";

/**
 * No session needed. The reason is part of the declared policy, so reviewers see why.
 * Every public procedure is rate-limited per client address (rate-limit.ts).
 */
export const publicProcedure = (reason: string, limit: RateRule = PUBLIC_RATE_LIMIT) =>
  baseProcedure.meta({ policy: { kind: "public", reason } satisfies Policy }).use(async ({ ctx, next, path }) => {
    await enforcePublicRateLimit(ctx.db, path, ctx.meta.ipAddress, limit);
    const actor: Actor = { userId: null, kind: "anonymous", roles: [], clinicId: null, meta: ctx.meta };
    return next({ ctx: { actor } });
  });

/** Any signed-in user of this app, patient or staff, without clinic data access. */
export const signedInProcedure = () =>
  baseProcedure.meta({ policy: { kind: "signed-in" } satisfies Policy }).use(({ ctx, next }) => {
    if (!ctx.session) throw new TRPCError({ code: "UNAUTHORIZED", message: SIGN_IN_AGAIN });
    const actor: Actor = {
      userId: ctx.session.userId,
      kind: ctx.session.user.kind,
      roles: ctx.staff?.active?.roles ?? [],
      clinicId: ctx.staff?.active?.clinicId ?? ctx.patient?.active?.clinicId ?? null,
      meta: ctx.meta,
    };
    return next({ ctx: { actor, session: ctx.session } });
  });

/**
 * Clinic staff holding at least one of `roles` in the active clinic. Services get
 * `clinicId` and must filter every query by it (DOMAIN.md §1 tenant scoping).
 */
export const staffProcedure = (...roles: StaffRole[]) => {
  const allowed = roles.length ? roles : ALL_STAFF_ROLES;
  return baseProcedure.meta({ policy: { kind: "staff", roles: allowed } satisfies Policy }).use(async ({ ctx, next, path }) => {
    if (!ctx.session || ctx.app !== "provider" || ctx.session.user.kind !== "staff") {
      throw new TRPCError({ code: "UNAUTHORIZED", message: SIGN_IN_AGAIN });
    }
    // DOMAIN.md §9 (d) "MFA for all staff": until a second factor is enrolled, no clinic data.
    if (!ctx.session.user.twoFactorEnabled) throw new TRPCError({ code: "PRECONDITION_FAILED", message: MFA_REQUIRED });
    const membership = ctx.staff?.active;
    if (!membership) {
      throw new TRPCError({
        code: "FORBIDDEN",
        message: ctx.staff?.requestedClinicMissing
          ? "You no longer have access to this clinic. Reload the page to continue in another."
          : "You are not a member of any clinic.",
      });
    }
    const actor: Actor = {
      userId: ctx.session.userId,
      kind: "staff",
      roles: membership.roles,
      clinicId: membership.clinicId,
      meta: ctx.meta,
    };
    if (!membership.roles.some((r) => allowed.includes(r))) {
      await recordAudit(ctx.db, actor, {
        action: "procedure.denied",
        resourceType: "procedure",
        resourceId: path,
        outcome: "denied",
        detail: { required: allowed },
      });
      throw new TRPCError({ code: "FORBIDDEN", message: `This needs one of these roles: ${allowed.join(", ")}.` });
    }
    return next({ ctx: { actor, session: ctx.session, clinicId: membership.clinicId, roles: membership.roles } });
  });
};

/** A patient acting on their own record in the active clinic (DOMAIN.md §1 "O"). */
export const patientProcedure = () =>
  baseProcedure.meta({ policy: { kind: "patient-self" } satisfies Policy }).use(({ ctx, next }) => {
    if (!ctx.session || ctx.app !== "patient" || ctx.session.user.kind !== "patient") {
      throw new TRPCError({ code: "UNAUTHORIZED", message: SIGN_IN_AGAIN });
    }
    const link = ctx.patient?.active;
    if (!link) throw new TRPCError({ code: "FORBIDDEN", message: "No patient record is linked to this account." });
    const actor: Actor = { userId: ctx.session.userId, kind: "patient", roles: ["patient"], clinicId: link.clinicId, meta: ctx.meta };
    return next({ ctx: { actor, session: ctx.session, patientId: link.patientId, clinicId: link.clinicId } });
  });
