"use client";

import type { LucideIcon } from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { Suspense, lazy } from "react";
import { Bell, Building2, CalendarClock, CalendarDays, ClipboardCheck, FileText, KeyRound, LayoutDashboard, Pill, ScrollText, Send, Settings, SlidersHorizontal, Stethoscope, UserCog, Users } from "lucide-react";
import { cn, focusRing } from "@clearwell/ui/cn";
import { Skeleton } from "@clearwell/ui/skeleton";

import { useMe } from "./use-me";

// The live count (a query and a server push) shows only once the session says clinic data is open
// (a second factor is set up), never in the server's HTML: its code loads then, not with the page.
const AlertsNavCount = lazy(() => import("~/app/(app)/alerts/alerts-nav-count").then((m) => ({ default: m.AlertsNavCount })));

interface NavItem {
  href: string;
  label: string;
  icon: LucideIcon;
}

const PRIMARY: NavItem[] = [
  { href: "/dashboard", label: "Dashboard", icon: LayoutDashboard },
  { href: "/patients", label: "Patients", icon: Users },
  { href: "/schedule", label: "Schedule", icon: CalendarDays },
  // Issue 13: everyone sees the inbox; the server filters what each role may see (DOMAIN.md §1).
  { href: "/alerts", label: "Alerts", icon: Bell },
];
// A provider's own weekly hours: only people who see patients have any (admins set none of their own).
const AVAILABILITY: NavItem = { href: "/availability", label: "Availability", icon: CalendarClock };
const ADMIN: NavItem[] = [
  { href: "/admin/staff", label: "Staff", icon: UserCog },
  { href: "/admin/audit", label: "Audit log", icon: ScrollText },
  { href: "/admin/clinic", label: "Clinic settings", icon: Settings },
];
// E-prescribing administration (issue 12): admins only, like the API.
const PRESCRIBING_ADMIN: NavItem[] = [
  { href: "/admin/formulary", label: "Formulary", icon: Pill },
  { href: "/admin/pharmacies", label: "Pharmacies", icon: Building2 },
  { href: "/admin/prescribers", label: "Prescribers", icon: Stethoscope },
  { href: "/admin/epcs", label: "EPCS access", icon: KeyRound },
  { href: "/admin/epcs/review", label: "EPCS daily review", icon: ClipboardCheck },
  { href: "/admin/outbox", label: "Outbox", icon: Send },
  { href: "/admin/prescribing", label: "Prescribing settings", icon: SlidersHorizontal },
];
// A prescriber who is not an admin: approves EPCS access changes (1311.125) and reads their own log (1311.120(b)).
const PRESCRIBER_EPCS: NavItem[] = [
  { href: "/admin/epcs", label: "EPCS approvals", icon: KeyRound },
  { href: "/admin/epcs/log", label: "My controlled-substance log", icon: FileText },
];

function NavLink({ item, active, onNavigate, counts }: { item: NavItem; active: boolean; onNavigate?: () => void; counts: boolean }) {
  const Icon = item.icon;
  return (
    <li>
      <Link
        href={item.href}
        onClick={onNavigate}
        aria-current={active ? "page" : undefined}
        className={cn(
          "flex items-center gap-3 rounded-lg px-3 py-2 text-sm font-medium transition-colors",
          active ? "bg-teal-50 text-teal-900" : "text-slate-700 hover:bg-slate-100 hover:text-slate-900",
          focusRing,
        )}
      >
        <Icon aria-hidden="true" className={cn("size-4", active ? "text-teal-700" : "text-slate-500")} />
        {item.label}
        {item.href === "/alerts" && counts ? (
          <Suspense fallback={null}>
            <AlertsNavCount />
          </Suspense>
        ) : null}
      </Link>
    </li>
  );
}

/** Main navigation; admin items only for admins (the API enforces it regardless). */
export function NavLinks({ isAdmin, loading, onNavigate }: { isAdmin: boolean; loading: boolean; onNavigate?: () => void }) {
  const pathname = usePathname();
  const { roles, data } = useMe();
  const counts = Boolean(data?.user.twoFactorEnabled);
  const primary = roles.includes("provider") ? [...PRIMARY, AVAILABILITY] : PRIMARY;
  const all = [...primary, ...ADMIN, ...PRESCRIBING_ADMIN, ...PRESCRIBER_EPCS].map((i) => i.href);
  // The longest matching entry is the current one (/admin/epcs/review is not also /admin/epcs).
  const current = all.filter((href) => pathname === href || pathname.startsWith(`${href}/`)).sort((a, b) => b.length - a.length)[0];
  const isActive = (href: string) => href === current;
  const prescribing = isAdmin ? PRESCRIBING_ADMIN : roles.includes("prescriber") ? PRESCRIBER_EPCS : [];
  return (
    <nav aria-label="Main" className="flex flex-col gap-6">
      <ul className="flex flex-col gap-1">
        {primary.map((item) => (
          <NavLink key={item.href} item={item} active={isActive(item.href)} onNavigate={onNavigate} counts={counts} />
        ))}
      </ul>
      {loading ? (
        <div className="flex flex-col gap-2 px-3" aria-hidden="true">
          <Skeleton className="h-3 w-16" />
          <Skeleton className="h-4 w-28" />
        </div>
      ) : (
        <>
          {isAdmin ? (
            <div className="flex flex-col gap-1">
              <h2 className="px-3 pb-1 text-xs font-semibold tracking-wide text-slate-500 uppercase">Administration</h2>
              <ul className="flex flex-col gap-1">
                {ADMIN.map((item) => (
                  <NavLink key={item.href} item={item} active={isActive(item.href)} onNavigate={onNavigate} counts={counts} />
                ))}
              </ul>
            </div>
          ) : null}
          {prescribing.length ? (
            <div className="flex flex-col gap-1">
              <h2 className="px-3 pb-1 text-xs font-semibold tracking-wide text-slate-500 uppercase">E-prescribing</h2>
              <ul className="flex flex-col gap-1">
                {prescribing.map((item) => (
                  <NavLink key={item.href} item={item} active={isActive(item.href)} onNavigate={onNavigate} counts={counts} />
                ))}
              </ul>
            </div>
          ) : null}
        </>
      )}
    </nav>
  );
}
