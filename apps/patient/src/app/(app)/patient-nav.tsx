"use client";

import { cn } from "@clearwell/ui/cn";
import { CalendarDays, ClipboardList, House, Pill, UsersRound } from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";

interface NavItem {
  href: string;
  /** Visible label; on a phone the short one (the accessible name still contains it, WCAG 2.5.3). */
  label: string;
  short: string;
  /** Words read after the short label on a phone, so the name stays the full label. */
  shortSuffix?: string;
  shortPrefix?: string;
  icon: typeof House;
  /** Other paths that belong to this entry (a session belongs to "My treatment"). */
  also: string[];
}

const ITEMS: NavItem[] = [
  { href: "/", label: "Home", short: "Home", icon: House, also: [] },
  { href: "/regimen", label: "My treatment", short: "Treatment", shortPrefix: "My ", icon: Pill, also: ["/session", "/prescription"] },
  { href: "/check-ins", label: "Check-ins", short: "Check-ins", icon: ClipboardList, also: ["/check-in"] },
  { href: "/support", label: "Support person", short: "Support", shortSuffix: " person", icon: UsersRound, also: [] },
  { href: "/appointments", label: "Appointments", short: "Visits", icon: CalendarDays, also: ["/book"] },
];

function matches(pathname: string, base: string) {
  return pathname === base || pathname.startsWith(`${base}/`);
}

/** The entry the current page belongs to; Home only on the home page itself. */
export function activeNavHref(pathname: string): string | null {
  for (const item of ITEMS) {
    if (item.href === "/") {
      if (pathname === "/") return "/";
      continue;
    }
    if (matches(pathname, item.href) || item.also.some((p) => matches(pathname, p))) return item.href;
  }
  return null;
}

/**
 * The patient app's main navigation (issue 13): five destinations as a row of equal tap targets
 * that fits a 360 px phone (icon over a short label) and reads as one line of links on wider
 * screens. Not sticky, so the phone keeps its height for the page.
 */
export function PatientNav() {
  const pathname = usePathname() ?? "/";
  const active = activeNavHref(pathname);
  // The video visit keeps the whole screen for the call (it has its own way out).
  if (matches(pathname, "/visit")) return null;
  return (
    <nav aria-label="Main" className="border-b border-line bg-white">
      <ul className="mx-auto grid w-full max-w-3xl grid-cols-5 px-1 sm:flex sm:gap-1 sm:px-4">
        {ITEMS.map((item) => {
          const current = item.href === active;
          const Icon = item.icon;
          return (
            <li key={item.href} className="min-w-0">
              <Link
                href={item.href}
                aria-current={current ? "page" : undefined}
                className={cn(
                  "flex min-h-14 flex-col items-center justify-center gap-0.5 border-b-2 px-0.5 pt-1.5 pb-1 text-xs leading-tight font-medium",
                  "focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-brand-600",
                  "sm:min-h-12 sm:flex-row sm:gap-2 sm:px-3 sm:text-sm",
                  current ? "border-brand-700 text-brand-800" : "border-transparent text-slate-700 hover:text-slate-900",
                )}
              >
                <Icon aria-hidden="true" className="size-5 shrink-0 sm:size-4" />
                <span className="max-w-full truncate text-center sm:hidden">
                  {item.shortPrefix ? <span className="sr-only">{item.shortPrefix}</span> : null}
                  {item.short}
                  {item.shortSuffix ? <span className="sr-only">{item.shortSuffix}</span> : null}
                </span>
                <span className="hidden sm:inline">{item.label}</span>
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
