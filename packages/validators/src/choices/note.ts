// Constants the forms show without zod, so a page that lists them needs no schema; note.ts re-exports
// them and builds its schemas from them.

/** Mental status examination, one short finding per domain. */
export const MENTAL_STATUS_FIELDS = [
  "appearance",
  "behaviour",
  "speech",
  "mood",
  "affect",
  "thoughtProcess",
  "thoughtContent",
  "perception",
  "cognition",
  "insight",
  "judgement",
] as const;
