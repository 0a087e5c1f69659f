/** "2 troches", "1 troche", "1.5 mL": the regimen's unit with the count (mL is never pluralised). */
export function unitsText(n: number, unitLabel: string): string {
  const count = Number.isInteger(n) ? String(n) : String(Math.round(n * 100) / 100);
  if (unitLabel === "mL" || n === 1) return `${count} ${unitLabel}`;
  return `${count} ${unitLabel}s`;
}

const dayFmt = new Intl.DateTimeFormat("en-US", { weekday: "long", month: "long", day: "numeric", timeZone: "UTC" });

/** "2026-05-04" -> "Monday, May 4": a calendar date in the patient's own days, no zone shift. */
export function sessionDay(iso: string | null | undefined): string {
  if (!iso) return "";
  const [y, m, d] = iso.split("-").map(Number);
  if (!y || !m || !d) return iso;
  return dayFmt.format(new Date(Date.UTC(y, m - 1, d)));
}

/** Today in the browser's zone as YYYY-MM-DD, to word "today" / "tomorrow". */
function localIso(offsetDays = 0) {
  const d = new Date();
  d.setDate(d.getDate() + offsetDays);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** "today", "tomorrow" or "on Monday, May 4". */
export function whenText(iso: string): string {
  if (iso === localIso()) return "today";
  if (iso === localIso(1)) return "tomorrow";
  return `on ${sessionDay(iso)}`;
}

const timeFmt = new Intl.DateTimeFormat("en-US", { hour: "numeric", minute: "2-digit" });
const dayTimeFmt = new Intl.DateTimeFormat("en-US", { weekday: "short", month: "short", day: "numeric", hour: "numeric", minute: "2-digit" });

/** "3:40 PM" today, else "Tue, May 5, 3:40 PM". */
export function clockText(d: Date): string {
  const sameDay = d.toDateString() === new Date().toDateString();
  return sameDay ? timeFmt.format(d) : dayTimeFmt.format(d);
}
