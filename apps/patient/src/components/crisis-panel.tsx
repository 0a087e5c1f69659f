import { Button } from "@clearwell/ui/button";
import { LifeBuoy } from "lucide-react";

/** Shown immediately when PHQ-9 item 9 is answered above "Not at all" (intake, or a visit's questionnaire). */
export function CrisisPanel({ afterword = "You can keep going with your intake whenever you are ready." }: { afterword?: string }) {
  const link = "inline-flex min-h-11 items-center rounded-lg px-4 font-semibold focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-red-700";
  return (
    <div role="alert" className="flex flex-col gap-3 rounded-card border-2 border-red-300 bg-red-50 p-4">
      <p className="flex items-center gap-2 text-lg font-semibold text-red-900">
        <LifeBuoy aria-hidden="true" className="size-5" />
        You don&apos;t have to go through this alone
      </p>
      <p className="text-base text-slate-900">
        988 Suicide &amp; Crisis Lifeline: call or text 988, or chat at 988lifeline.org. Call 911 if you are in immediate danger.
      </p>
      <div className="flex flex-wrap gap-2">
        <a href="tel:988" className={`${link} bg-red-700 text-white`}>Call 988</a>
        <a href="sms:988" className={`${link} border border-slate-300 bg-white text-slate-900`}>Text 988</a>
        <a href="https://988lifeline.org/chat" target="_blank" rel="noreferrer" className={`${link} border border-slate-300 bg-white text-slate-900`}>
          Chat at 988lifeline.org
        </a>
        <a href="tel:911" className={`${link} border border-slate-300 bg-white text-slate-900`}>Call 911</a>
      </div>
      <p className="text-sm text-slate-700">{afterword}</p>
    </div>
  );
}

/** Call 988, text 988, call 911: the large buttons of the home page's safety and next-step cards. */
export function CrisisLineButtons() {
  return (
    <div className="flex flex-wrap gap-2">
      <Button asChild variant="danger" size="lg" className="flex-1 sm:flex-none">
        <a href="tel:988">Call 988</a>
      </Button>
      <Button asChild variant="secondary" size="lg" className="flex-1 sm:flex-none">
        <a href="sms:988">Text 988</a>
      </Button>
      <Button asChild variant="secondary" size="lg" className="flex-1 sm:flex-none">
        <a href="tel:911">Call 911</a>
      </Button>
    </div>
  );
}
