import Link from "next/link";

import { Wordmark } from "~/components/wordmark";

/** Signed-out pages: one narrow column that fits a 360px phone. */
export default function PublicLayout({ children }: { children: React.ReactNode }) {
  return (
    <div className="flex min-h-dvh flex-col">
      <header className="mx-auto w-full max-w-md px-4 pt-6 sm:pt-12">
        <div>
          <Link href="/sign-in" className="inline-flex min-h-11 items-center rounded-md focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600">
            <Wordmark />
          </Link>
        </div>
      </header>
      <main id="main" className="mx-auto w-full max-w-md flex-1 px-4 py-6">
        {children}
      </main>
      <footer className="mx-auto w-full max-w-md px-4 pb-8 text-sm text-slate-600">
        In a crisis, call or text <a className="font-semibold text-slate-800 underline" href="tel:988">988</a>, or call{" "}
        <a className="font-semibold text-slate-800 underline" href="tel:911">911</a> if you are in immediate danger.
      </footer>
    </div>
  );
}
