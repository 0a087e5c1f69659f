import { ShieldCheck } from "lucide-react";

/**
 * The safety instructions that come with every home session (issue 13 §1), as the server words
 * them with the clinic's fasting rule. One list, so the regimen page and the session say the same.
 */
export function SafetyInstructions({ instructions, headingLevel = "h2", title = "Every session: stay safe" }: { instructions: readonly string[]; headingLevel?: "h2" | "h3"; title?: string }) {
  const Heading = headingLevel;
  return (
    <section aria-labelledby="safety-instructions-heading" className="flex flex-col gap-3 rounded-card border border-brand-200 bg-brand-50/50 p-5">
      <Heading id="safety-instructions-heading" className="flex items-center gap-2 text-lg font-semibold text-slate-900">
        <ShieldCheck aria-hidden="true" className="size-5 shrink-0 text-brand-700" />
        {title}
      </Heading>
      <ul className="flex list-disc flex-col gap-2 pl-5 text-base text-slate-900">
        {instructions.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
    </section>
  );
}
