import { cn } from "@clearwell/ui/cn";

/** Product mark: a simple droplet glyph plus the name; decorative glyph, text carries the name. */
export function Wordmark({ className, subtitle = "for clinics" }: { className?: string; subtitle?: string | null }) {
  return (
    <span className={cn("inline-flex items-center gap-2 font-semibold text-slate-900", className)}>
      <svg viewBox="0 0 24 24" aria-hidden="true" className="size-7 shrink-0">
        <rect width="24" height="24" rx="6" className="fill-teal-700" />
        <path d="M12 5c2.8 3.4 4.5 5.9 4.5 8.2a4.5 4.5 0 1 1-9 0C7.5 10.9 9.2 8.4 12 5Z" className="fill-white" />
      </svg>
      <span className="text-lg tracking-tight">
        Clearwell{subtitle ? <span className="ml-1.5 text-sm font-normal text-slate-600">{subtitle}</span> : null}
      </span>
    </span>
  );
}
