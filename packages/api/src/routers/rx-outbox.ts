import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";

import { staffProcedure } from "../procedures";
import { OUTBOX_STATUSES, listOutbox, replayOutbox } from "../services/transmission/outbox-admin";

const ZOutboxStatus = z.enum(OUTBOX_STATUSES);

export const ZRxOutboxListInput = z.object({
  status: ZOutboxStatus.optional(),
  // "<created_at ISO>_<message id>" (outbox-admin.ts), nothing else.
  cursor: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z_[0-9a-f-]{36}$/, "Not a valid page cursor: reload the outbox.")
    .optional(),
});

/** No clinical content (DOMAIN.md §1: admins see none): ids, type, status, attempts, last error, times. */
export const ZRxOutboxItem = z.object({
  messageId: z.string(),
  type: z.enum(["NewRx", "CancelRx"]),
  status: ZOutboxStatus,
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  createdAt: z.date(),
  firstSentAt: z.date().nullable(),
  nextAttemptAt: z.date().nullable(),
  deliveredAt: z.date().nullable(),
  ackedAt: z.date().nullable(),
  deadLetteredAt: z.date().nullable(),
  replayedCount: z.number().int(),
});

export const ZRxOutboxListOutput = z.object({
  items: z.array(ZRxOutboxItem),
  counts: z.object(Object.fromEntries(OUTBOX_STATUSES.map((s) => [s, z.number().int()])) as Record<(typeof OUTBOX_STATUSES)[number], z.ZodNumber>),
  nextCursor: z.string().nullable(),
});

export const ZRxOutboxReplayInput = z.object({ messageId: z.uuid("Not a valid message id.") });

/** The clinic's SCRIPT outbox (DOMAIN.md §5.3-5.4): admins watch it and replay dead letters. */
export const rxOutboxRouter = {
  list: staffProcedure("admin")
    .input(ZRxOutboxListInput)
    .output(ZRxOutboxListOutput)
    .query(({ ctx, input }) => listOutbox(ctx.db, ctx.actor, ctx.clinicId, input)),
  replay: staffProcedure("admin")
    .input(ZRxOutboxReplayInput)
    .output(ZRxOutboxItem)
    .mutation(({ ctx, input }) => replayOutbox(ctx.db, ctx.actor, ctx.clinicId, input.messageId)),
} satisfies TRPCRouterRecord;
