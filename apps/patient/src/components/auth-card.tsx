import type { ReactNode } from "react";

/** Centred column for signed-out pages: readable on a 360px phone, not stretched on desktop. */
export function AuthCard({ title, description, children }: { title: ReactNode; description?: ReactNode; children: ReactNode }) {
  return (
    <div className="rounded-card border border-line bg-surface px-5 py-6 shadow-sm sm:px-8 sm:py-8">
      <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{title}</h1>
      {description ? <div className="mt-2 text-base text-slate-600">{description}</div> : null}
      <div className="mt-6">{children}</div>
    </div>
  );
}
