import type { ReactNode } from "react";

import { Wordmark } from "~/components/wordmark";

/** Public pages (sign-in, reset, invitation): one centred card, nothing else on screen. */
export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <div className="flex min-h-dvh flex-col bg-gradient-to-b from-teal-50 to-slate-50">
      <header className="px-6 pt-8 sm:pt-12">
        <div className="mx-auto flex max-w-md justify-center">
          <Wordmark />
        </div>
      </header>
      <main id="main" className="flex flex-1 justify-center px-4 py-8 sm:py-10">
        <div className="w-full max-w-md">{children}</div>
      </main>
      <footer className="px-6 pb-6 text-center text-xs text-slate-600">
        For authorised clinic staff only. Activity is logged.
      </footer>
    </div>
  );
}
