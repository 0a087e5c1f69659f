import type { TRPCRouterRecord } from "@trpc/server";
import {
  ZSupportByTokenOutput,
  ZSupportConfirmPresenceOutput,
  ZSupportConsentOutput,
  ZSupportPersonMineOutput,
} from "@clearwell/validators/output/regimen";
import { ZSupportConfirmPresenceInput, ZSupportConsentInput, ZSupportPersonInviteInput, ZSupportTokenInput } from "@clearwell/validators/regimen";

import { patientProcedure, publicProcedure } from "../procedures";
import { confirmPresence, inviteSupportPerson, mySupportPerson, resendSupportInvite, revokeSupportPerson, supportByToken, supportConsent } from "../services/support-person/support-person";

/** Opening the link page is a read; agreeing and asking for a code are writes (tighter). */
const LINK_READ_LIMIT = { window: 60, max: 20 };
const LINK_WRITE_LIMIT = { window: 600, max: 10 };

/**
 * The support person (issue 13 §4; DOMAIN.md §1 "Support person: not a user"). The patient invites,
 * resends and removes them; the support person, with only the link (no account), reads the
 * briefing, agrees, and confirms their presence for a session with a one-time code the patient
 * types into the gate. The link token is input only: never logged, stored as its SHA-256.
 */
export const supportPersonRouter = {
  mine: patientProcedure()
    .output(ZSupportPersonMineOutput)
    .query(({ ctx }) => mySupportPerson(ctx.db, ctx.actor, ctx.clinicId, ctx.patientId)),
  invite: patientProcedure()
    .input(ZSupportPersonInviteInput)
    .output(ZSupportPersonMineOutput)
    .mutation(({ ctx, input }) =>
      inviteSupportPerson(ctx.db, ctx.actor, ctx.clinicId, ctx.patientId, input, { patientAppUrl: ctx.outbound.patientAppUrl, mailSecret: ctx.auth.clearwell.secret }),
    ),
  resendInvite: patientProcedure()
    .output(ZSupportPersonMineOutput)
    .mutation(({ ctx }) => resendSupportInvite(ctx.db, ctx.actor, ctx.clinicId, ctx.patientId, { patientAppUrl: ctx.outbound.patientAppUrl, mailSecret: ctx.auth.clearwell.secret })),
  revoke: patientProcedure()
    .output(ZSupportPersonMineOutput)
    .mutation(({ ctx }) => revokeSupportPerson(ctx.db, ctx.actor, ctx.clinicId, ctx.patientId)),
  byToken: publicProcedure("A support person has no account: the emailed link is their credential (issue 13 §4).", LINK_READ_LIMIT)
    .input(ZSupportTokenInput)
    .output(ZSupportByTokenOutput)
    .query(({ ctx, input }) => supportByToken(ctx.db, ctx.actor, input.token)),
  consent: publicProcedure("A support person agrees to the briefing through their emailed link (no account).", LINK_WRITE_LIMIT)
    .input(ZSupportConsentInput)
    .output(ZSupportConsentOutput)
    .mutation(({ ctx, input }) => supportConsent(ctx.db, ctx.actor, input)),
  confirmPresence: publicProcedure("A support person confirms they are with the patient from their own phone (no account).", LINK_WRITE_LIMIT)
    .input(ZSupportConfirmPresenceInput)
    .output(ZSupportConfirmPresenceOutput)
    .mutation(({ ctx, input }) => confirmPresence(ctx.db, ctx.actor, input)),
} satisfies TRPCRouterRecord;
