import type { ComponentProps } from "react";

import { cn } from "./cn";

/** "Dana Reyes" -> "DR"; single names give one letter; empty gives "?". */
export function initials(name: string | null | undefined): string {
  const parts = (name ?? "").trim().split(/\s+/).filter(Boolean);
  const first = parts[0]?.[0] ?? "";
  const last = parts.length > 1 ? (parts[parts.length - 1]?.[0] ?? "") : "";
  return (first + last).toUpperCase() || "?";
}

export interface AvatarProps extends ComponentProps<"span"> {
  name: string | null | undefined;
  size?: "sm" | "md" | "lg";
  /** When the name is already shown next to the avatar, keep it out of the accessibility tree. */
  decorative?: boolean;
}

const sizes = { sm: "size-7 text-xs", md: "size-9 text-sm", lg: "size-12 text-base" } as const;

export function Avatar({ name, size = "md", decorative = false, className, ...props }: AvatarProps) {
  return (
    <span
      {...(decorative ? { "aria-hidden": true } : { role: "img", "aria-label": name ?? "Unknown" })}
      className={cn(
        "inline-flex shrink-0 items-center justify-center rounded-full bg-teal-100 font-semibold text-teal-900 select-none",
        sizes[size],
        className,
      )}
      {...props}
    >
      {initials(name)}
    </span>
  );
}
