/** Postgres unique_violation (23505), optionally on a named constraint or index. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  let e: unknown = error;
  for (let i = 0; i < 4 && e; i++) {
    const pg = e as { code?: string; constraint_name?: string; cause?: unknown };
    if (pg.code === "23505") return !constraint || pg.constraint_name === constraint;
    e = pg.cause;
  }
  return false;
}
