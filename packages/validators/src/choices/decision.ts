// Constants the forms show without zod, so a page that lists them needs no schema; decision.ts re-exports
// them and builds its schemas from them.

/**
 * Decision expiry bounds (DOMAIN.md §2 "Expires after N days (C, [U] 90)"), the same as the clinic
 * table's check (migration 0019). At least a week: a shorter window would expire decisions between
 * weekly visits and pause treatment (a typo of 1 for 10 would too); at most a year unreviewed.
 */
export const ELIGIBILITY_EXPIRY_DAYS = { min: 7, max: 365 } as const;
