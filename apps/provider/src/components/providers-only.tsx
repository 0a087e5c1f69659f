"use client";

import type { ReactNode } from "react";
import Link from "next/link";
import { CalendarClock } from "lucide-react";
import { Button } from "@clearwell/ui/button";
import { EmptyState } from "@clearwell/ui/empty-state";
import { PageHeader } from "@clearwell/ui/page-header";

import { useMe } from "./shell/use-me";

/**
 * For pages about a provider's own schedule (Availability): someone who sees no patients (an admin,
 * the front desk) has no hours to set, so they are told so instead of editing an empty week.
 */
export function ProvidersOnly({ title, children }: { title: string; children: ReactNode }) {
  const me = useMe();
  if (me.isSuccess && !me.roles.includes("provider")) {
    return (
      <div>
        <PageHeader title={title} />
        <EmptyState
          icon={CalendarClock}
          title="For providers who see patients"
          description="This page sets a provider's own weekly hours, and you do not see patients in this clinic. To book, move or cancel a visit, use the schedule."
          action={
            <Button asChild variant="secondary">
              <Link href="/schedule">Go to the schedule</Link>
            </Button>
          }
        />
      </div>
    );
  }
  return children;
}
