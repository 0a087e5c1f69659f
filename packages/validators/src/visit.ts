import { z } from "zod";

import { ZState, ZUuid } from "./common";

export const ZVisitRef = z.object({ appointmentId: ZUuid });
/** The patient re-attests where they are right now before entering the waiting room (DOMAIN.md §2). */
export const ZPatientVisitJoinInput = z.object({ appointmentId: ZUuid, currentState: ZState });
export type TPatientVisitJoinInput = z.input<typeof ZPatientVisitJoinInput>;
