"use client";

import type { ReactNode } from "react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { Suspense, lazy, useCallback } from "react";
import { Alert } from "@clearwell/ui/alert";
import { IdleGuard, announceSignOut } from "@clearwell/ui/idle-guard";

import { linkClass } from "~/components/auth-card";
import { Wordmark } from "~/components/wordmark";
import { isAdmin } from "~/lib/roles";
import { clearBrowserCache, useTRPCClient } from "~/trpc/react";
import { ClinicSwitcher } from "./clinic-switcher";
import { MobileNav } from "./mobile-nav";
import { NavLinks } from "./nav-links";
import { useMe } from "./use-me";
import { UserMenu } from "./user-menu";

// Shown only once the session says clinic data is open (never in the server's HTML): its code
// (a query and a server push) loads then, not with the page.
const WaitingBanner = lazy(() => import("./waiting-banner").then((m) => ({ default: m.WaitingBanner })));

export interface ShellUser {
  id: string;
  name: string;
  email: string;
}

/** Signed-in frame: sidebar on desktop, top bar + menu sheet on phones, all inside the idle guard. */
export function AppShell({ user, idleTimeoutSeconds, children }: { user: ShellUser; idleTimeoutSeconds: number; children: ReactNode }) {
  const pathname = usePathname();
  const trpcClient = useTRPCClient();
  const me = useMe();

  const onPing = useCallback(async () => {
    await trpcClient.session.ping.mutate();
  }, [trpcClient]);

  const onTimeout = useCallback(async () => {
    announceSignOut("cw-provider-idle");
    clearBrowserCache();
    try {
      // Loaded here, not with the shell: better-auth's client is only needed to sign out.
      const { authClient } = await import("~/lib/auth-client");
      await authClient.signOut();
    } finally {
      // A full page load, not client navigation: nothing rendered with PHI survives in memory.
      window.location.replace("/sign-in?reason=idle");
    }
  }, []);

  const memberships = me.data?.memberships ?? [];
  const active = me.data?.activeClinic ?? null;
  const admin = isAdmin(me.roles);
  const twoFactorOff = me.data ? !me.data.user.twoFactorEnabled : false;

  const sidebar = (onNavigate?: () => void) => (
    <div className="flex flex-col gap-6">
      <ClinicSwitcher memberships={memberships} active={active} loading={me.isPending} />
      <NavLinks isAdmin={admin} loading={me.isPending} onNavigate={onNavigate} />
    </div>
  );

  return (
    <IdleGuard idleTimeoutSeconds={idleTimeoutSeconds} onPing={onPing} onTimeout={onTimeout} storageKey="cw-provider-idle">
      <a
        href="#main"
        className="sr-only z-50 rounded-md bg-white px-4 py-2 text-sm font-medium text-teal-900 shadow focus:not-sr-only focus:fixed focus:top-2 focus:left-2"
      >
        Skip to main content
      </a>
      <aside className="hidden border-r border-line bg-white lg:fixed lg:inset-y-0 lg:flex lg:w-64 lg:flex-col">
        <div className="flex h-16 items-center px-5">
          <Link href="/dashboard" className="rounded-md outline-none focus-visible:ring-2 focus-visible:ring-brand-600">
            <Wordmark />
          </Link>
        </div>
        <div className="flex-1 overflow-y-auto px-3 py-4">{sidebar()}</div>
      </aside>

      <div className="flex min-h-dvh flex-col lg:pl-64">
        <header className="sticky top-0 z-30 flex h-16 items-center gap-2 border-b border-line bg-white/95 px-3 backdrop-blur sm:px-4 lg:px-8">
          <MobileNav>{(close) => sidebar(close)}</MobileNav>
          <Link href="/dashboard" className="rounded-md outline-none focus-visible:ring-2 focus-visible:ring-brand-600 lg:hidden">
            <Wordmark subtitle={null} />
          </Link>
          <div className="flex-1" />
          <UserMenu name={me.data?.user.name ?? user.name} email={me.data?.user.email ?? user.email} roles={me.roles} />
        </header>

        <main id="main" tabIndex={-1} className="mx-auto w-full max-w-6xl flex-1 px-4 py-6 outline-none sm:px-6 lg:px-8 lg:py-8">
          {twoFactorOff && pathname !== "/account/security" ? (
            <Alert variant="warning" className="mb-6">
              Two-factor authentication is off for your account.{" "}
              <Link href="/account/security" className={linkClass}>
                Turn it on
              </Link>{" "}
              to protect patient information.
            </Alert>
          ) : null}
          {/* Clinic data (who is waiting) opens only once a second factor is set up. */}
          {me.data?.user.twoFactorEnabled ? (
            <Suspense fallback={<div aria-live="polite" className="sr-only" />}>
              <WaitingBanner roles={me.roles} userId={me.data.user.id} />
            </Suspense>
          ) : null}
          {children}
        </main>
      </div>
    </IdleGuard>
  );
}
