"use client";

import { INTAKE_STEPS } from "@clearwell/validators/intake";
import { Button } from "@clearwell/ui/button";
import { Card, CardContent } from "@clearwell/ui/card";
import { Skeleton } from "@clearwell/ui/skeleton";
import { useQuery } from "@tanstack/react-query";
import { CalendarDays, ClipboardList, Video } from "lucide-react";
import Link from "next/link";

import { VISIT_STATUSES, showJoinLink } from "~/lib/join-link";
import { KIND_LABEL, formatDateTime } from "~/lib/time";
import { useNow } from "~/lib/use-now";
import { useTRPC } from "~/trpc/react";

/** The one thing the patient should do next: intake, booking, or their next visit. */
export function NextStepCard() {
  const trpc = useTRPC();
  const intake = useQuery(trpc.intake.current.queryOptions());
  const mine = useQuery(trpc.booking.mine.queryOptions());
  // Ticks so the card turns into "Join video visit" as the visit draws near.
  const now = useNow(30_000);

  if (intake.isPending || mine.isPending) {
    return (
      <div className="rounded-card border border-line bg-white p-5" aria-busy="true">
        <Skeleton className="h-6 w-48" />
        <Skeleton className="mt-4 h-11 w-40" />
      </div>
    );
  }
  if (intake.isError && mine.isError) return null;

  const next = (mine.data ?? [])
    .filter((a) => VISIT_STATUSES.has(a.status) && new Date(a.endsAt).getTime() >= now)
    .sort((a, b) => +new Date(a.startsAt) - +new Date(b.startsAt))[0];

  let icon = ClipboardList;
  let title: string;
  let detail: string;
  let href: string;
  let cta: string;

  const draft = intake.data?.draft ?? null;
  const submitted = intake.data?.lastSubmitted ?? null;
  if (next && showJoinLink(next, now)) {
    icon = Video;
    title = "Your video visit is today";
    detail = `${KIND_LABEL[next.kind] ?? next.kind} with ${next.providerName}, ${formatDateTime(new Date(next.startsAt))}. Check your camera and microphone, then enter the waiting room.`;
    href = `/visit/${next.id}`;
    cta = "Join video visit";
  } else if (next) {
    icon = CalendarDays;
    title = "Your next appointment";
    detail = `${KIND_LABEL[next.kind] ?? next.kind} with ${next.providerName}, ${formatDateTime(new Date(next.startsAt))}`;
    href = "/appointments";
    cta = "View appointments";
  } else if (draft) {
    const done = draft.completedSteps.length;
    const stepN = Math.min(INTAKE_STEPS.findIndex((s) => !draft.completedSteps.includes(s)) + 1 || INTAKE_STEPS.length + 1, INTAKE_STEPS.length + 1);
    title = done === 0 && !submitted ? "Start your intake" : `Continue your intake (step ${stepN} of ${INTAKE_STEPS.length + 1})`;
    detail = "A few questions about your health so your care team can prepare. Your answers are saved as you go.";
    href = "/intake";
    cta = done === 0 && !submitted ? "Start your intake" : "Continue your intake";
  } else if (submitted) {
    icon = CalendarDays;
    title = "Book your evaluation";
    detail = "If booking isn't open yet, the clinic will review your intake and contact you.";
    href = "/book?kind=evaluation";
    cta = "Book your evaluation";
  } else {
    title = "Start your intake";
    detail = "A few questions about your health so your care team can prepare. It takes about 15 minutes.";
    href = "/intake";
    cta = "Start your intake";
  }
  const Icon = icon;

  return (
    <Card aria-labelledby="next-step-heading" className="border-brand-200 bg-brand-50/50">
      <CardContent className="flex flex-col gap-3 py-5">
        <p className="text-sm font-medium tracking-wide text-brand-800 uppercase">Next step</p>
        <h2 id="next-step-heading" className="flex items-center gap-2 text-lg font-semibold text-slate-900">
          <Icon aria-hidden="true" className="size-5 text-brand-700" />
          {title}
        </h2>
        <p className="text-base text-slate-700">{detail}</p>
        <div className="flex flex-wrap gap-2">
          <Button asChild size="lg" className="flex-1 sm:flex-none">
            <Link href={href}>{cta}</Link>
          </Button>
          {href !== "/appointments" ? (
            <Button asChild variant="secondary" size="lg" className="flex-1 sm:flex-none">
              <Link href="/appointments">Your appointments</Link>
            </Button>
          ) : null}
        </div>
      </CardContent>
    </Card>
  );
}
