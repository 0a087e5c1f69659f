import { Button } from "@clearwell/ui/button";
import { Card, CardContent } from "@clearwell/ui/card";
import { CalendarX2 } from "lucide-react";
import Link from "next/link";

import { StageHeading } from "./stage-heading";

/** A visit that cannot be joined at all: cancelled, missed, completed, or its time has passed. */
export function VisitUnavailable({ title, detail }: { title: string; detail: string }) {
  return (
    <Card>
      <CardContent className="flex flex-col items-start gap-4 py-6">
        <CalendarX2 aria-hidden="true" className="size-10 text-slate-500" />
        <StageHeading focusOnMount={false}>{title}</StageHeading>
        <p className="text-base text-slate-700">{detail}</p>
        <Button asChild size="lg">
          <Link href="/appointments">Back to your appointments</Link>
        </Button>
      </CardContent>
    </Card>
  );
}
