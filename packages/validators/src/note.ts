import { z } from "zod";

import { ZUuid } from "./common";

const section = z.string().max(20_000, "Too long for one section.");

/** DOMAIN.md §8 SOAP sections while drafting. */
export const ZNoteSections = z.object({ subjective: section, objective: section, assessment: section, plan: section });
export const ZNoteOpenInput = z.object({ appointmentId: ZUuid });
/** `baseUpdatedAt`: the version the editor started from, so two tabs cannot overwrite each other. */
export const ZNoteSaveInput = z.object({ noteId: ZUuid, sections: ZNoteSections, baseUpdatedAt: z.coerce.date() });
export type TNoteSaveInput = z.input<typeof ZNoteSaveInput>;
