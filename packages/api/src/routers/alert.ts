import type { TRPCRouterRecord } from "@trpc/server";
import { ZAlertEscalateInput, ZAlertListInput, ZAlertRef, ZAlertResolveInput, ZSafetySettingsUpdateInput } from "@clearwell/validators/alert";
import { ZAlertActionOutput, ZAlertCountsOutput, ZAlertDetailOutput, ZAlertListOutput, ZSafetySettingsOutput } from "@clearwell/validators/output/alert";

import { staffProcedure } from "../procedures";
import { sessionStillLive } from "../services/feed";
import { alertChanges } from "../services/safety/feed";
import { alertCounts, getAlert, listAlerts } from "../services/safety/inbox";
import { getSafetySettings, updateSafetySettings } from "../services/safety/settings";
import { acknowledgeAlert, escalateAlert, resolveAlert } from "../services/safety/work";
import { streamOf } from "../stream-output";

/**
 * The alert inbox (DOMAIN.md §7; issue 13). §1: clinicians (provider, prescriber) see and work
 * every alert of their patients; admin and staff see non-clinical alerts (A7, A8, A9) in neutral
 * words and the escalation line of clinical ones. Acknowledge: clinicians; staff non-critical
 * non-clinical ones; admins no. Resolve: clinicians; staff non-clinical only. Escalate: anyone who
 * sees it. The services narrow every call by role and assignment.
 */
export const alertRouter = {
  list: staffProcedure("provider", "prescriber", "admin", "staff")
    .input(ZAlertListInput)
    .output(ZAlertListOutput)
    .query(({ ctx, input }) => listAlerts(ctx.db, ctx.actor, ctx.clinicId, input)),
  counts: staffProcedure("provider", "prescriber", "admin", "staff")
    .output(ZAlertCountsOutput)
    .query(({ ctx }) => alertCounts(ctx.db, ctx.actor, ctx.clinicId)),
  get: staffProcedure("provider", "prescriber", "admin", "staff")
    .input(ZAlertRef)
    .output(ZAlertDetailOutput)
    .query(({ ctx, input }) => getAlert(ctx.db, ctx.actor, ctx.clinicId, input.alertId)),
  acknowledge: staffProcedure("provider", "prescriber", "staff")
    .input(ZAlertRef)
    .output(ZAlertActionOutput)
    .mutation(({ ctx, input }) => acknowledgeAlert(ctx.db, ctx.actor, ctx.clinicId, input.alertId)),
  resolve: staffProcedure("provider", "prescriber", "staff")
    .input(ZAlertResolveInput)
    .output(ZAlertActionOutput)
    .mutation(({ ctx, input }) => resolveAlert(ctx.db, ctx.actor, ctx.clinicId, input)),
  escalate: staffProcedure("provider", "prescriber", "admin", "staff")
    .input(ZAlertEscalateInput)
    .output(ZAlertActionOutput)
    .mutation(({ ctx, input }) => escalateAlert(ctx.db, ctx.actor, ctx.clinicId, input)),
  /** The counts, pushed whenever an alert of this clinic changes (SSE fed by LISTEN alert_changed; ids only on the wire). */
  onChange: staffProcedure("provider", "prescriber", "admin", "staff")
    .output(streamOf(ZAlertCountsOutput))
    .subscription(async function* ({ ctx, signal }) {
      const changes = alertChanges(ctx.db, {
        signal,
        match: (c) => c.clinicId === ctx.clinicId,
        stillAllowed: () => sessionStillLive(ctx.db, ctx.session.sessionId, ctx.auth.clearwell.absoluteTimeoutSeconds),
        // A burst (a sweep raising many) becomes one push.
        coalesceMs: 500,
      });
      for await (const _ of changes) yield await alertCounts(ctx.db, ctx.actor, ctx.clinicId);
    }),
} satisfies TRPCRouterRecord;

/** The clinic's safety configuration (every (C) of DOMAIN.md §7 and the §2 home guards): clinicians read it, admins change it. */
export const safetySettingsRouter = {
  get: staffProcedure("admin", "provider", "prescriber")
    .output(ZSafetySettingsOutput)
    .query(({ ctx }) => getSafetySettings(ctx.db, ctx.clinicId)),
  update: staffProcedure("admin")
    .input(ZSafetySettingsUpdateInput)
    .output(ZSafetySettingsOutput)
    .mutation(({ ctx, input }) => updateSafetySettings(ctx.db, ctx.actor, ctx.clinicId, input)),
} satisfies TRPCRouterRecord;
