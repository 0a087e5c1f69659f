import { z } from "zod";

import { ZInstant, ZUuid, text } from "./common";

// Not trimmed: the editor owns the exact text, including leading indentation.
const section = text({ max: 20_000, trim: false, multiline: true, maxMessage: "Too long for one section." });

/** DOMAIN.md §8 SOAP sections while drafting. */
export const ZNoteSections = z.object({ subjective: section, objective: section, assessment: section, plan: section });
export const ZNoteOpenInput = z.object({ appointmentId: ZUuid });
/** `baseUpdatedAt`: the version the editor started from, so two tabs cannot overwrite each other. */
export const ZNoteSaveInput = z.object({ noteId: ZUuid, sections: ZNoteSections, baseUpdatedAt: ZInstant });
export type TNoteSaveInput = z.input<typeof ZNoteSaveInput>;
