// Constants the forms show without zod, so a page that lists them needs no schema; prescribing-admin.ts re-exports
// them and builds its schemas from them.

/** DEA registration schedules (2/3 narcotic, 2N/3N non-narcotic); ketamine needs 3N. */
export const DEA_SCHEDULES = ["2", "2N", "3", "3N", "4", "5"] as const;

export const FORMULARY_FORMS = ["troche", "rdt_odt", "nasal_spray"] as const;

/** Why the daily EPCS review flagged an event (1311.150(a)-(b)), in words for the reviewer. */
export const EPCS_FINDING_REASONS = {
  signing_failure: "A controlled-substance prescription could not be signed (a refused or failed signing attempt).",
  totp_replay: "An authenticator code was used a second time (possible replay of a captured code).",
  outbox_replay: "An undelivered prescription message was sent again by an admin.",
  denied: "Someone was refused an EPCS action (an attempted unauthorized access or change).",
  error: "An EPCS action failed with an error (possible interference with operation).",
  access_control_change: "EPCS logical access control changed (a grant or revocation entered, decided or withdrawn).",
  inbound_refused: "A message claiming to come from the pharmacy network was refused: unsigned, wrongly signed, replayed outside its time window, or not from the prescription's pharmacy.",
  settings_change: "The clinic's prescribing settings changed (legal basis, refills, PDMP rules or how pharmacy answers are read).",
} as const;
