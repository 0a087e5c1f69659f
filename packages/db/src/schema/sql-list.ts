import { type SQL, sql } from "drizzle-orm";

/** A CHECK's `in (...)` list from a constant array of codes (the same array the TypeScript types use). */
export const inList = (values: readonly string[]): SQL => sql.raw(values.map((v) => `'${v}'`).join(", "));
