import type { TRPCRouterRecord } from "@trpc/server";
import { verifyReauth } from "@clearwell/auth/reauth";
import { ZDecisionCoSignInput, ZDecisionDeclineInput, ZDecisionPatientInput, ZDecisionProposeInput, ZDecisionRecordInput } from "@clearwell/validators/decision";
import {
  ZDecisionAwaitingMineOutput,
  ZDecisionCoSignOutput,
  ZDecisionCoSignersOutput,
  ZDecisionCurrentOutput,
  ZDecisionExistenceOutput,
  ZDecisionMineOutput,
  ZDecisionProposeOutput,
  ZDecisionRecordOutput,
} from "@clearwell/validators/output/decision";
import { ZDecisionRecheckOutput } from "@clearwell/validators/output/decision-recheck";

import { patientProcedure, staffProcedure } from "../procedures";
import { awaitingMyCoSign, coSignDecision, coSignerOptions, declineCoSign } from "../services/decision/co-sign";
import { currentDecision, decisionExistence, myDecision, proposeDecision, recordDecision } from "../services/decision/decision";
import { recheckDecision } from "../services/decision/recheck";

/**
 * Eligibility decisions (DOMAIN.md §2, §3). §1 "Decide eligibility: A" and "Read clinical chart: A":
 * providers and prescribers, narrowed by the services to the patient's assigned clinicians; the
 * override of an OV rule is checked per rule (prescriber + justification). Admin and staff see only
 * that a decision exists ("Read clinical chart: N (demographics only)").
 * Co-signature of overrides (§1 "Override an OV rule: prescriber A ... (co-sign C)"): prescribers
 * only, and the services narrow to the named co-signer among the patient's clinicians.
 */
export const decisionRouter = {
  propose: staffProcedure("provider", "prescriber")
    .input(ZDecisionProposeInput)
    .output(ZDecisionProposeOutput)
    .query(({ ctx, input }) => proposeDecision(ctx.db, ctx.actor, ctx.clinicId, input)),
  record: staffProcedure("provider", "prescriber")
    .input(ZDecisionRecordInput)
    .output(ZDecisionRecordOutput)
    .mutation(({ ctx, input }) => recordDecision(ctx.db, ctx.actor, ctx.clinicId, input)),
  current: staffProcedure("provider", "prescriber")
    .input(ZDecisionPatientInput)
    .output(ZDecisionCurrentOutput)
    .query(({ ctx, input }) => currentDecision(ctx.db, ctx.actor, ctx.clinicId, input.patientId)),
  /** DOMAIN.md §8 "A" continued eligibility: the §3 rules re-run now beside the current decision, changes highlighted. */
  recheck: staffProcedure("provider", "prescriber")
    .input(ZDecisionPatientInput)
    .output(ZDecisionRecheckOutput)
    .query(({ ctx, input }) => recheckDecision(ctx.db, ctx.actor, ctx.clinicId, input.patientId)),
  existence: staffProcedure("admin", "staff")
    .input(ZDecisionPatientInput)
    .output(ZDecisionExistenceOutput)
    .query(({ ctx, input }) => decisionExistence(ctx.db, ctx.actor, ctx.clinicId, input.patientId)),
  coSign: staffProcedure("prescriber")
    .input(ZDecisionCoSignInput)
    .output(ZDecisionCoSignOutput)
    .mutation(({ ctx, input }) => coSignDecision(ctx.db, (userId, reauth) => verifyReauth(ctx.auth, userId, reauth), ctx.actor, ctx.clinicId, input)),
  declineCoSign: staffProcedure("prescriber")
    .input(ZDecisionDeclineInput)
    .output(ZDecisionCoSignOutput)
    .mutation(({ ctx, input }) => declineCoSign(ctx.db, (userId, reauth) => verifyReauth(ctx.auth, userId, reauth), ctx.actor, ctx.clinicId, input)),
  awaitingMyCoSign: staffProcedure("prescriber")
    .output(ZDecisionAwaitingMineOutput)
    .query(({ ctx }) => awaitingMyCoSign(ctx.db, ctx.actor, ctx.clinicId)),
  coSigners: staffProcedure("prescriber")
    .input(ZDecisionPatientInput)
    .output(ZDecisionCoSignersOutput)
    .query(({ ctx, input }) => coSignerOptions(ctx.db, ctx.actor, ctx.clinicId, input.patientId)),
} satisfies TRPCRouterRecord;

/** The patient's own decision in plain words (issue 11 §7; DOMAIN.md §1 "O"). */
export const patientDecisionRouter = {
  mine: patientProcedure()
    .output(ZDecisionMineOutput)
    .query(({ ctx }) => myDecision(ctx.db, ctx.actor, ctx.clinicId, ctx.patientId)),
} satisfies TRPCRouterRecord;
