"use client";

import { cn } from "@clearwell/ui/cn";
import { useQuery } from "@tanstack/react-query";
import { CalendarDays, ClipboardList, House, Pill, UserRound } from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";

import { useTRPC } from "~/trpc/react";

export interface NavItem {
  href: string;
  /** Label on wider screens. */
  label: string;
  /** Label in the phone's tab bar; the accessible name is always the label shown (WCAG 2.5.3). */
  short: string;
  icon: typeof House;
  /** Other paths that belong to this entry (a session belongs to "My treatment"). */
  also: string[];
}

const HOME: NavItem = { href: "/", label: "Home", short: "Home", icon: House, also: [] };
const VISITS: NavItem = { href: "/appointments", label: "Appointments", short: "Visits", icon: CalendarDays, also: ["/book", "/visit"] };
const TREATMENT: NavItem = { href: "/regimen", label: "My treatment", short: "Treatment", icon: Pill, also: ["/session", "/prescription"] };
const CHECK_INS: NavItem = { href: "/check-ins", label: "Check-ins", short: "Check-ins", icon: ClipboardList, also: ["/check-in"] };
const PROFILE: NavItem = { href: "/profile", label: "Profile", short: "Profile", icon: UserRound, also: ["/support"] };

function matches(pathname: string, base: string) {
  return pathname === base || pathname.startsWith(`${base}/`);
}

function belongs(pathname: string, item: NavItem) {
  if (item.href === "/") return pathname === "/";
  return matches(pathname, item.href) || item.also.some((p) => matches(pathname, p));
}

/**
 * The destinations, in order. "My treatment" appears once the patient has a regimen (planned from
 * the moment an at-home prescription is signed) or when a page of it is open.
 */
export function navItems(pathname: string, hasRegimen: boolean): NavItem[] {
  const showTreatment = hasRegimen || belongs(pathname, TREATMENT);
  return [HOME, VISITS, ...(showTreatment ? [TREATMENT] : []), CHECK_INS, PROFILE];
}

/** The entry the current page belongs to; Home only on the home page itself. */
export function activeNavHref(pathname: string, items: NavItem[]): string | null {
  return items.find((item) => belongs(pathname, item))?.href ?? null;
}

/**
 * Pages that are one task from start to end (a form with its own buttons, a call): on a phone they
 * get the whole screen, without the tab bar (the header still leads home). Wider screens keep the
 * navigation row.
 */
const TASK_PATHS = ["/book", "/intake", "/session", "/check-in", "/profile/edit"];

/**
 * The patient app's main navigation (issue 15): a bottom tab bar on phones (icon over a short
 * label, thumb-reachable, fixed) and a row of links under the header on wider screens. The current
 * page is marked with aria-current. Hidden during a video visit, which keeps the whole screen.
 */
export function PatientNav() {
  const pathname = usePathname() ?? "/";
  const trpc = useTRPC();
  const regimen = useQuery(trpc.regimen.mine.queryOptions());
  if (matches(pathname, "/visit")) return null;

  const items = navItems(pathname, !!regimen.data?.regimen);
  const active = activeNavHref(pathname, items);
  const tabBar = !TASK_PATHS.some((p) => matches(pathname, p));

  return (
    <nav
      aria-label="Main"
      data-tabbar={tabBar ? "" : undefined}
      className={cn(
        "border-line bg-white",
        tabBar ? "fixed inset-x-0 bottom-0 z-40 border-t pb-[env(safe-area-inset-bottom)] shadow-[0_-1px_3px_rgb(0_0_0/0.04)]" : "hidden",
        "sm:static sm:block sm:border-t-0 sm:border-b sm:pb-0 sm:shadow-none",
      )}
    >
      <ul className="mx-auto flex w-full max-w-3xl sm:gap-1 sm:px-4">
        {items.map((item) => {
          const current = item.href === active;
          const Icon = item.icon;
          return (
            <li key={item.label} className="min-w-0 flex-1 sm:flex-none">
              <Link
                href={item.href}
                aria-current={current ? "page" : undefined}
                className={cn(
                  "relative flex min-h-16 flex-col items-center justify-center gap-1 px-0.5 text-xs leading-tight font-medium",
                  "focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-brand-600",
                  "sm:min-h-12 sm:flex-row sm:gap-2 sm:border-b-2 sm:px-3 sm:text-sm",
                  current ? "text-brand-800 sm:border-brand-700" : "text-slate-700 hover:text-slate-900 sm:border-transparent",
                )}
              >
                {/* The phone's marker for the current tab: a bar over the icon (not colour alone). */}
                <span aria-hidden="true" className={cn("absolute inset-x-3 top-0 h-1 rounded-b sm:hidden", current ? "bg-brand-700" : "bg-transparent")} />
                <Icon aria-hidden="true" className={cn("size-6 shrink-0 sm:size-4", current ? "stroke-[2.25]" : null)} />
                <span className={cn("max-w-full truncate sm:hidden", current ? "font-semibold" : null)}>{item.short}</span>
                <span className="hidden sm:inline">{item.label}</span>
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
