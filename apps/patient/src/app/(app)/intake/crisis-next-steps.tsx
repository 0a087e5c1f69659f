import { Card, CardContent } from "@clearwell/ui/card";

interface CrisisNextStepsProps {
  /** PHQ-9 item 9 above "Not at all": alert A1 paged the care team and on-call (DOMAIN.md §7). */
  alerted: boolean;
  /** Where the clinic will call, as the patient gave it in the intake. */
  phone?: string | null;
  /** The heading level that keeps the page's outline right. */
  headingLevel?: "h2" | "h3";
}

/**
 * What happens after an intake on the crisis pathway (DOMAIN.md §3 E11, §6 item 9, §7 A1): who
 * contacts the patient and when, and that booking waits for that conversation. Never "keep going".
 */
export function CrisisNextSteps({ alerted, phone, headingLevel: H = "h2" }: CrisisNextStepsProps) {
  const where = phone?.trim() ? (
    <>
      {" "}
      at <span className="font-medium whitespace-nowrap">{phone.trim()}</span>
    </>
  ) : null;
  const steps: { title: string; body: React.ReactNode }[] = [
    alerted
      ? {
          title: "Your care team knows now",
          body: "Your answer about thoughts of being better off dead or of hurting yourself reached your care team and the clinic’s on-call clinician the moment you sent it.",
        }
      : {
          title: "A clinician reads your answers first",
          body: "Some of your answers mean a clinician looks at your intake before anything else happens.",
        },
    {
      title: alerted ? "A clinician will call you soon" : "A clinician will contact you",
      body: (
        <>
          {alerted ? "The on-call clinician is alerted day or night and will call you as soon as they can" : "They will call you"}
          {where}. It is a conversation about how you are doing and what support would help; there is nothing to prepare.
        </>
      ),
    },
    {
      title: "Booking waits for that conversation",
      body: "Your evaluation can be booked once a clinician has spoken with you. There is nothing more to do in your intake.",
    },
  ];
  return (
    <Card aria-labelledby="crisis-next-heading">
      <CardContent className="flex flex-col gap-4 py-5">
        <H id="crisis-next-heading" className="text-lg font-semibold text-slate-900">
          What happens next
        </H>
        <ol className="flex flex-col gap-4">
          {steps.map((s, i) => (
            <li key={s.title} className="flex gap-3">
              <span aria-hidden="true" className="flex size-7 shrink-0 items-center justify-center rounded-full bg-brand-50 text-sm font-semibold text-brand-800">
                {i + 1}
              </span>
              <div className="flex flex-col gap-1">
                <p className="text-base font-semibold text-slate-900">{s.title}</p>
                <p className="text-base text-slate-700">{s.body}</p>
              </div>
            </li>
          ))}
        </ol>
        <p className="text-base text-slate-900">
          <span className="font-semibold">Until then:</span> if you feel you might act on these thoughts, call 911 or go to the nearest emergency room. To talk to
          someone now, call or text 988.
        </p>
      </CardContent>
    </Card>
  );
}
