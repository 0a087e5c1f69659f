"use client";

import { Button } from "@clearwell/ui/button";

/** Last-resort boundary: a generic message only, never error details (they may hold PHI). */
export default function ErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main id="main" className="mx-auto flex min-h-dvh w-full max-w-md flex-col justify-center gap-4 px-4 py-10">
      <h1 className="text-2xl font-semibold tracking-tight text-slate-900">Something went wrong</h1>
      <p className="text-base text-slate-700">Please try again. If it keeps happening, contact your clinic.</p>
      <div>
        <Button size="lg" onClick={reset}>
          Try again
        </Button>
      </div>
    </main>
  );
}
