import { cn } from "@clearwell/ui/cn";

/** Text wordmark with a simple mark; the word itself is the accessible name. */
export function Wordmark({ className }: { className?: string }) {
  return (
    <span className={cn("inline-flex items-center gap-2 text-lg font-semibold tracking-tight text-brand-800", className)}>
      <svg viewBox="0 0 24 24" aria-hidden="true" className="size-7 shrink-0">
        <circle cx="12" cy="12" r="11" className="fill-brand-700" />
        <path d="M7 12.5c1.6 2.4 3.3 3.5 5 3.5s3.4-1.1 5-3.5" className="stroke-white" strokeWidth="2" strokeLinecap="round" fill="none" />
        <circle cx="12" cy="8" r="1.6" className="fill-white" />
      </svg>
      Clearwell
    </span>
  );
}
