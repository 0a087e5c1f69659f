import Link from "next/link";

import { Wordmark } from "~/components/wordmark";

export default function NotFound() {
  return (
    <main id="main" className="mx-auto flex min-h-dvh w-full max-w-md flex-col justify-center gap-4 px-4 py-10">
      <Wordmark />
      <h1 className="text-2xl font-semibold tracking-tight text-slate-900">Page not found</h1>
      <p className="text-base text-slate-700">This page doesn&apos;t exist, or the link may be out of date.</p>
      <Link href="/" className="inline-flex min-h-11 items-center font-medium text-brand-700 underline underline-offset-4">
        Go to your home page
      </Link>
    </main>
  );
}
