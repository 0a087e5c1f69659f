// Constants the forms show without zod, so a page that lists them needs no schema; alert.ts re-exports
// them and builds its schemas from them.

export const OUTREACH_METHODS = ["phone", "video", "message", "in_person"] as const;

export const ALERT_ESCALATION_REASONS = ["owner_unavailable", "needs_urgent_review", "needs_prescriber", "other"] as const;
