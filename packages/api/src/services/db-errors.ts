/** The Postgres SQLSTATE of an error or of one of its causes (drizzle wraps driver errors). */
function pgError(error: unknown, code: string): { constraint_name?: string } | null {
  let e: unknown = error;
  for (let i = 0; i < 4 && e; i++) {
    const pg = e as { code?: string; constraint_name?: string; cause?: unknown };
    if (pg.code === code) return pg;
    e = pg.cause;
  }
  return null;
}

/** unique_violation (23505), optionally on a named constraint or index. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const pg = pgError(error, "23505");
  return !!pg && (!constraint || pg.constraint_name === constraint);
}

/** exclusion_violation (23P01): an EXCLUDE constraint, e.g. overlapping appointments; optionally a named one. */
export function isExclusionViolation(error: unknown, constraint?: string): boolean {
  const pg = pgError(error, "23P01");
  return !!pg && (!constraint || pg.constraint_name === constraint);
}

/**
 * deadlock_detected (40P01). Concurrent inserts that conflict under one EXCLUDE constraint can each
 * wait for the other (each checks after adding its own index entry); Postgres aborts one of them.
 */
export function isDeadlock(error: unknown): boolean {
  return !!pgError(error, "40P01");
}
