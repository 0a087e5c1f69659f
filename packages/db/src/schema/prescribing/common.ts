/** A two-letter US state code, for CHECK constraints. */
export const US_STATE = "'^[A-Z]{2}$'";
