"use client";

import { Avatar } from "@clearwell/ui/avatar";
import { Button } from "@clearwell/ui/button";
import { DeferredDropdownMenu } from "@clearwell/ui/deferred-dropdown-menu";
import { IdleGuard, announceSignOut } from "@clearwell/ui/idle-guard";
import { useMutation, useQuery } from "@tanstack/react-query";
import { ChevronDown, ClipboardList, LogOut, UserRound, UsersRound } from "lucide-react";
import Link from "next/link";
import { useCallback, useState } from "react";

import { markLeaving } from "~/trpc/query-client";
import { clearBrowserCache, useTRPC } from "~/trpc/react";

import { Wordmark } from "./wordmark";

/**
 * Ends the session and leaves with a full page load: that drops the router cache and
 * every in-memory copy of patient data, which a client-side navigation would keep.
 */
async function signOutAndLeave(to: string) {
  markLeaving();
  announceSignOut("cw-patient-idle");
  // Loaded here, not with the shell: better-auth's client is only needed to sign out.
  await import("~/lib/auth-client").then(({ authClient }) => authClient.signOut()).catch(() => undefined);
  clearBrowserCache();
  window.location.replace(to);
}

export interface AppShellProps {
  userName: string;
  userEmail: string;
  /** Server value, used until session.me answers (they are the same setting). */
  idleTimeoutSeconds: number;
  /** Main navigation: a bottom tab bar on phones (marked data-tabbar), a row under the top bar wider. */
  nav?: React.ReactNode;
  children: React.ReactNode;
}

export function AppShell({ userName, userEmail, idleTimeoutSeconds, nav, children }: AppShellProps) {
  const trpc = useTRPC();
  const me = useQuery(trpc.session.me.queryOptions());
  const { mutateAsync: ping } = useMutation(trpc.session.ping.mutationOptions());
  const [signingOut, setSigningOut] = useState(false);

  const onPing = useCallback(async () => {
    await ping();
  }, [ping]);
  const onTimeout = useCallback(() => signOutAndLeave("/sign-in?reason=idle"), []);

  const clinicName = me.data?.activePatient?.clinicName ?? null;

  return (
    <IdleGuard idleTimeoutSeconds={me.data?.idleTimeoutSeconds ?? idleTimeoutSeconds} onPing={onPing} onTimeout={onTimeout} storageKey="cw-patient-idle">
      {signingOut ? null : (
        // Room under the page for the phone's fixed tab bar, when it shows.
        <div className="flex min-h-dvh flex-col has-[nav[data-tabbar]]:pb-[calc(4rem+env(safe-area-inset-bottom))] sm:has-[nav[data-tabbar]]:pb-0">
          <a
            href="#main"
            className="sr-only z-50 rounded-md bg-white px-4 py-3 font-medium text-brand-800 shadow focus:not-sr-only focus:absolute focus:top-2 focus:left-2"
          >
            Skip to main content
          </a>
          <header className="sticky top-0 z-40 border-b border-line bg-white/95 backdrop-blur supports-[backdrop-filter]:bg-white/85">
            <div className="mx-auto flex min-h-16 w-full max-w-3xl items-center gap-3 px-4">
              <Link
                href="/"
                className="flex min-h-11 min-w-0 flex-1 flex-col justify-center rounded-md focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600 sm:flex-row sm:items-center sm:justify-start sm:gap-3"
              >
                <Wordmark />
                {clinicName ? (
                  <span className="truncate text-sm text-slate-600 sm:border-l sm:border-line sm:pl-3">{clinicName}</span>
                ) : null}
              </Link>
              {/* The menu itself (Radix, floating-ui) loads after the page: the trigger is here at once. */}
              <DeferredDropdownMenu
                trigger={
                  // Named by its content, not aria-label: the visible name must be part of the
                  // accessible name (WCAG 2.5.3): "Quinn Example Account menu"; "Account menu" on phones.
                  <Button variant="ghost" className="h-11 gap-2 px-2">
                    <Avatar name={userName} decorative />
                    <span className="hidden max-w-40 truncate text-sm font-medium text-slate-800 sm:inline">
                      {userName}
                    </span>
                    <span className="sr-only">Account menu</span>
                    <ChevronDown aria-hidden="true" className="size-4 text-slate-500" />
                  </Button>
                }
              >
                {({ DropdownMenuContent, DropdownMenuItem, DropdownMenuLabel, DropdownMenuSeparator }) => (
                  <DropdownMenuContent className="min-w-60">
                    <DropdownMenuLabel>
                      <span className="block truncate text-sm font-semibold text-slate-900">{userName}</span>
                      <span className="block truncate">{userEmail}</span>
                    </DropdownMenuLabel>
                    <DropdownMenuSeparator />
                    <DropdownMenuItem asChild className="min-h-11 text-base sm:text-sm">
                      <Link href="/profile">
                        <UserRound aria-hidden="true" />
                        Your profile
                      </Link>
                    </DropdownMenuItem>
                    <DropdownMenuItem asChild className="min-h-11 text-base sm:text-sm">
                      <Link href="/support">
                        <UsersRound aria-hidden="true" />
                        Support person
                      </Link>
                    </DropdownMenuItem>
                    <DropdownMenuItem asChild className="min-h-11 text-base sm:text-sm">
                      <Link href="/intake">
                        <ClipboardList aria-hidden="true" />
                        Your intake
                      </Link>
                    </DropdownMenuItem>
                    <DropdownMenuSeparator />
                    <DropdownMenuItem
                      className="min-h-11 text-base sm:text-sm"
                      onSelect={() => {
                        setSigningOut(true);
                        void signOutAndLeave("/sign-in");
                      }}
                    >
                      <LogOut aria-hidden="true" />
                      Sign out
                    </DropdownMenuItem>
                  </DropdownMenuContent>
                )}
              </DeferredDropdownMenu>
            </div>
          </header>
          {nav}
          <main id="main" tabIndex={-1} className="mx-auto w-full max-w-3xl flex-1 px-4 py-6 outline-none sm:py-8">
            {children}
          </main>
        </div>
      )}
    </IdleGuard>
  );
}
