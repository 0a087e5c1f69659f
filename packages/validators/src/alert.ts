import { z } from "zod";

import { ZUuid } from "./common";

export const ZAlertRef = z.object({ alertId: ZUuid });

/** What acknowledging returns: the alert's new state, nothing of the patient. */
export const ZAlertAckOutput = z.object({
  id: z.string(),
  status: z.enum(["open", "acknowledged", "escalated", "resolved"]),
  acknowledgedAt: z.date().nullable(),
});
