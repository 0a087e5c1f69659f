"use client";

import Link from "next/link";
import { ChevronDown, LogOut, ShieldCheck } from "lucide-react";
import { useState } from "react";
import { Avatar } from "@clearwell/ui/avatar";
import { Badge } from "@clearwell/ui/badge";
import { Button } from "@clearwell/ui/button";
import { announceSignOut } from "@clearwell/ui/idle-guard";
import { DeferredDropdownMenu } from "@clearwell/ui/deferred-dropdown-menu";

import { roleLabel } from "~/lib/roles";
import { clearBrowserCache } from "~/trpc/react";

export function UserMenu({ name, email, roles }: { name: string; email: string; roles: string[] }) {
  const [signingOut, setSigningOut] = useState(false);

  async function signOut() {
    setSigningOut(true);
    announceSignOut("cw-provider-idle");
    clearBrowserCache();
    try {
      // Loaded here, not with the shell: better-auth's client is only needed to sign out.
      const { authClient } = await import("~/lib/auth-client");
      await authClient.signOut();
    } finally {
      // A full load drops every piece of in-memory state, not just the query cache.
      window.location.assign("/sign-in?reason=signed-out");
    }
  }

  // The trigger is named by its content, not aria-label: the visible name must be part of the
  // accessible name (WCAG 2.5.3): "Dana Reyes Account menu" on wide screens, "Account menu" on phones.
  // The menu itself (Radix, floating-ui) loads after the page; the trigger is here at once.
  return (
    <DeferredDropdownMenu
      trigger={
        <Button variant="ghost" className="h-10 gap-2 px-2" loading={signingOut}>
          <Avatar name={name} size="sm" decorative />
          <span className="hidden max-w-40 truncate text-sm font-medium text-slate-800 sm:inline">
            {name}
          </span>
          <span className="sr-only">Account menu</span>
          <ChevronDown aria-hidden="true" className="text-slate-500" />
        </Button>
      }
    >
      {({ DropdownMenuContent, DropdownMenuItem, DropdownMenuLabel, DropdownMenuSeparator }) => (
        <DropdownMenuContent className="w-64">
          <DropdownMenuLabel className="flex flex-col gap-1 py-2.5">
            <span className="text-sm font-semibold text-slate-900">{name}</span>
            <span className="truncate text-xs text-slate-600">{email}</span>
            {roles.length ? (
              <span className="mt-1 flex flex-wrap gap-1">
                {roles.map((r) => (
                  <Badge key={r} variant="brand">
                    {roleLabel(r)}
                  </Badge>
                ))}
              </span>
            ) : null}
          </DropdownMenuLabel>
          <DropdownMenuSeparator />
          <DropdownMenuItem asChild>
            <Link href="/account/security">
              <ShieldCheck aria-hidden="true" />
              Security
            </Link>
          </DropdownMenuItem>
          <DropdownMenuSeparator />
          <DropdownMenuItem destructive onSelect={() => void signOut()}>
            <LogOut aria-hidden="true" />
            Sign out
          </DropdownMenuItem>
        </DropdownMenuContent>
      )}
    </DeferredDropdownMenu>
  );
}
