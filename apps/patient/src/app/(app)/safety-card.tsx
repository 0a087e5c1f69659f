import { Card, CardContent } from "@clearwell/ui/card";
import { LifeBuoy } from "lucide-react";

import { CrisisLineButtons } from "~/components/crisis-panel";

/** Static and always visible: crisis resources never depend on data loading (DOMAIN.md §6). */
export function SafetyCard() {
  return (
    <Card aria-labelledby="safety-heading" className="border-red-200 bg-red-50/60">
      <CardContent className="flex flex-col gap-3 py-5">
        <h2 id="safety-heading" className="flex items-center gap-2 text-lg font-semibold text-red-900">
          <LifeBuoy aria-hidden="true" className="size-5" />
          Need help now?
        </h2>
        <p className="text-base text-slate-900">
          In a crisis, call or text 988, or call 911 if you are in immediate danger.
        </p>
        <CrisisLineButtons />
        <p className="text-sm text-slate-700">
          You can also chat at{" "}
          <a href="https://988lifeline.org" target="_blank" rel="noreferrer" className="font-medium text-brand-700 underline underline-offset-4">
            988lifeline.org
          </a>
          .
        </p>
      </CardContent>
    </Card>
  );
}
