/** "1986-04-12" -> "April 12, 1986", without the time-zone shift `new Date("1986-04-12")` causes. */
export function formatCalendarDate(iso: string | null | undefined): string {
  if (!iso) return "";
  const [y, m, d] = iso.split("-").map(Number);
  if (!y || !m || !d) return iso;
  return new Intl.DateTimeFormat("en-US", { dateStyle: "long", timeZone: "UTC" }).format(new Date(Date.UTC(y, m - 1, d)));
}

/** Today's date in the browser's zone as YYYY-MM-DD (for a date input's max). */
export function todayIso(): string {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export const CARE_TEAM_ROLE_LABEL: Record<string, string> = {
  primary_provider: "Primary provider",
  prescriber: "Prescriber",
  care_coordinator: "Care coordinator",
  on_call: "On-call clinician",
};
