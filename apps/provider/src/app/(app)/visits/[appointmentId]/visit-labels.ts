type Variant = "neutral" | "brand" | "success" | "warning" | "danger" | "info";

/** DOMAIN.md §2 visit states as the provider reads them. */
export const VISIT_STATUS: Record<string, { label: string; variant: Variant }> = {
  waiting_room_open: { label: "Waiting room open", variant: "neutral" },
  patient_waiting: { label: "Patient waiting", variant: "warning" },
  in_call: { label: "In call", variant: "success" },
  reconnecting: { label: "Patient reconnecting", variant: "warning" },
  ended: { label: "Ended", variant: "neutral" },
  abandoned: { label: "Not held", variant: "neutral" },
};

export const visitStatus = (s: string | null | undefined) => (s ? (VISIT_STATUS[s] ?? { label: s, variant: "neutral" as const }) : { label: "Not started", variant: "neutral" as const });
