// Issue 12 (e-prescribing). Triggers, the EPCS audit index and pg_notify live in migration 0020's
// hand-written part: prescriptions are forward-only and frozen once signed, EPCS access changes are
// decided once, the outbox keeps its message, and PDMP checks, events and the inbox are append-only.
// The tables are split by concern below; this file re-exports them all (import from "./prescribing").

export * from "./prescribing/catalog";
export * from "./prescribing/credentials";
export * from "./prescribing/prescriptions";
export * from "./prescribing/transmission";
export * from "./prescribing/audit";
