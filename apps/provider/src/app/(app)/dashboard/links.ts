import { linkClass } from "~/components/auth-card";

/** Patient names stand in sentences: underlined, not only coloured (WCAG 1.4.1, axe link-in-text-block). */
export const inlineLinkClass = `${linkClass} underline decoration-1 underline-offset-2`;

/** Where a name leads: the chart when the server would open it to this person, otherwise their details page. */
export const patientLink = (patientId: string, chartOpens: boolean) => (chartOpens ? `/patients/${patientId}/chart` : `/patients/${patientId}`);
