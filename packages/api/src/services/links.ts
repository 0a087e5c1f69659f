import type { Mailer } from "@clearwell/auth";

/** Where links in messages point, and how messages leave (log in development). */
export interface Outbound {
  providerAppUrl: string;
  patientAppUrl: string;
  mailer: Mailer;
}
