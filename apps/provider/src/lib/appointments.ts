type Variant = "neutral" | "brand" | "success" | "warning" | "danger" | "info";

export const APPOINTMENT_STATUS: Record<string, { label: string; variant: Variant }> = {
  booked: { label: "Booked", variant: "info" },
  confirmed: { label: "Confirmed", variant: "brand" },
  checked_in: { label: "Checked in", variant: "warning" },
  in_progress: { label: "In progress", variant: "warning" },
  completed: { label: "Completed", variant: "success" },
  cancelled: { label: "Cancelled", variant: "neutral" },
  no_show: { label: "No-show", variant: "danger" },
};

export function appointmentStatus(status: string) {
  return APPOINTMENT_STATUS[status] ?? { label: status.replace(/_/g, " "), variant: "neutral" as const };
}

export const humanize = (value: string) => {
  const s = value.replace(/[_.]/g, " ");
  return s.charAt(0).toUpperCase() + s.slice(1);
};

export function formatTime(value: Date | string) {
  return new Intl.DateTimeFormat("en-US", { timeStyle: "short" }).format(new Date(value));
}

export function formatDateTime(value: Date | string) {
  return new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short" }).format(new Date(value));
}

export function startOfDay(d: Date) {
  const x = new Date(d);
  x.setHours(0, 0, 0, 0);
  return x;
}

export function addDays(d: Date, n: number) {
  const x = new Date(d);
  x.setDate(x.getDate() + n);
  return x;
}
