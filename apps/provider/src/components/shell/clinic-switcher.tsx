"use client";

import { Building, ChevronsUpDown } from "lucide-react";
import { cn, focusRing } from "@clearwell/ui/cn";
import { DeferredDropdownMenu } from "@clearwell/ui/deferred-dropdown-menu";
import { Skeleton } from "@clearwell/ui/skeleton";

import { clearBrowserCache } from "~/trpc/react";

interface Membership {
  clinicId: string;
  clinicName: string;
}

const CLINIC_COOKIE = "cw-clinic";

function switchClinic(clinicId: string) {
  // Read by the API context on every request; a year so the choice survives sign-outs.
  // Secure whenever the page itself is https (production); plain http only in local runs.
  const secure = window.location.protocol === "https:" ? "; secure" : "";
  document.cookie = `${CLINIC_COOKIE}=${clinicId}; path=/; max-age=31536000; samesite=lax${secure}`;
  clearBrowserCache();
  // Patient ids belong to one clinic, so start again from the dashboard.
  window.location.assign("/dashboard");
}

/** Clinic name, or a switcher when the person works for several clinics. */
export function ClinicSwitcher({
  memberships,
  active,
  loading,
}: {
  memberships: Membership[];
  active: Membership | null;
  loading: boolean;
}) {
  if (loading) {
    return (
      <div className="px-3 py-2" aria-hidden="true">
        <Skeleton className="h-3 w-12" />
        <Skeleton className="mt-2 h-4 w-36" />
      </div>
    );
  }
  if (!active) {
    return <p className="px-3 py-2 text-sm text-slate-600">No clinic membership</p>;
  }
  if (memberships.length < 2) {
    return (
      <div className="flex items-center gap-2 px-3 py-2">
        <Building aria-hidden="true" className="size-4 shrink-0 text-slate-500" />
        <div className="min-w-0">
          <p className="text-xs text-slate-500">Clinic</p>
          <p className="text-sm leading-snug font-medium break-words text-slate-900">{active.clinicName}</p>
        </div>
      </div>
    );
  }
  // The menu itself (Radix, floating-ui) loads after the page; the trigger is here at once.
  return (
    <DeferredDropdownMenu
      trigger={
        <button
          type="button"
          className={cn(
            "flex w-full items-center gap-2 rounded-lg border border-slate-200 px-3 py-2 text-left hover:bg-slate-50",
            focusRing,
          )}
          aria-label={`Clinic: ${active.clinicName}. Switch clinic`}
        >
          <Building aria-hidden="true" className="size-4 shrink-0 text-slate-500" />
          <span className="min-w-0 flex-1">
            <span className="block text-xs text-slate-500">Clinic</span>
            <span className="block text-sm leading-snug font-medium break-words text-slate-900">{active.clinicName}</span>
          </span>
          <ChevronsUpDown aria-hidden="true" className="size-4 shrink-0 text-slate-500" />
        </button>
      }
    >
      {({ DropdownMenuContent, DropdownMenuLabel, DropdownMenuRadioGroup, DropdownMenuRadioItem }) => (
        <DropdownMenuContent align="start" className="min-w-60">
          <DropdownMenuLabel>Switch clinic</DropdownMenuLabel>
          <DropdownMenuRadioGroup
            value={active.clinicId}
            onValueChange={(id) => {
              if (id !== active.clinicId) switchClinic(id);
            }}
          >
            {memberships.map((m) => (
              <DropdownMenuRadioItem key={m.clinicId} value={m.clinicId}>
                {m.clinicName}
              </DropdownMenuRadioItem>
            ))}
          </DropdownMenuRadioGroup>
        </DropdownMenuContent>
      )}
    </DeferredDropdownMenu>
  );
}
