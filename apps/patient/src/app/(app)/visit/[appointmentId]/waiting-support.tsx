import { LifeBuoy, Users } from "lucide-react";

const link =
  "inline-flex min-h-11 items-center rounded-lg border border-slate-300 bg-white px-4 text-sm font-semibold text-slate-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600";

/**
 * Reassurance while waiting: a support person may sit in, and crisis help never waits for the
 * provider (the 988/911 wording of the intake's crisis panel, DOMAIN.md §6).
 */
export function WaitingSupport({ supportPersonName }: { supportPersonName: string | null }) {
  return (
    <section aria-labelledby="while-you-wait" className="flex flex-col gap-4 rounded-card border border-line bg-white p-4">
      <h2 id="while-you-wait" className="text-base font-semibold text-slate-900">
        Company and help
      </h2>
      <p className="flex gap-2 text-sm text-slate-700">
        <Users aria-hidden="true" className="mt-0.5 size-4 shrink-0 text-brand-700" />
        <span>
          You&apos;re welcome to have {supportPersonName ? `your support person, ${supportPersonName},` : "your support person"} with you for the visit. Find a quiet, private spot if you can.
        </span>
      </p>
      <div className="flex flex-col gap-3 rounded-lg bg-red-50 p-3">
        <p className="flex gap-2 text-sm text-slate-900">
          <LifeBuoy aria-hidden="true" className="mt-0.5 size-4 shrink-0 text-red-800" />
          <span>
            If you are in crisis, you don&apos;t have to wait: the 988 Suicide &amp; Crisis Lifeline is there to call or text at 988. Call 911 if you are in immediate danger.
          </span>
        </p>
        <div className="flex flex-wrap gap-2">
          <a href="tel:988" className={link}>
            Call 988
          </a>
          <a href="sms:988" className={link}>
            Text 988
          </a>
          <a href="tel:911" className={link}>
            Call 911
          </a>
        </div>
      </div>
    </section>
  );
}
