"use client";

import { Alert } from "@clearwell/ui/alert";
import { Button } from "@clearwell/ui/button";
import { Card, CardContent } from "@clearwell/ui/card";
import { CircleCheck, DoorOpen, MonitorSmartphone, UserX, WifiOff } from "lucide-react";
import Link from "next/link";

import type { EndReason } from "./end-reason";
import { StageHeading } from "./stage-heading";

const COPY: Record<EndReason, { icon: typeof DoorOpen; title: string; body: string }> = {
  left: {
    icon: DoorOpen,
    title: "You left the visit",
    body: "If you left by mistake, you can rejoin while the visit time lasts.",
  },
  removed: {
    icon: UserX,
    title: "Your provider removed you from the visit",
    body: "If you think this was a mistake, you can rejoin. You'll wait in the waiting room until your provider lets you in.",
  },
  ended: {
    icon: CircleCheck,
    title: "The visit has ended",
    body: "Thank you for joining. Your care team will be in touch about next steps.",
  },
  failed: {
    icon: WifiOff,
    title: "Your connection to the visit was lost",
    body: "This can happen when the internet drops. Check that you're online, then rejoin.",
  },
  elsewhere: {
    icon: MonitorSmartphone,
    title: "You joined from another window",
    body: "This visit is open in another tab or on another device. Carry on there, or rejoin here.",
  },
};

export interface VisitEndedProps {
  reason: EndReason;
  /** Inside the visit window and not ended: joining again is possible. */
  canRejoin: boolean;
  onRejoin: () => void;
  rejoining: boolean;
  error: string | null;
  focusOnMount?: boolean;
}

/** Out of the room: left, removed, ended by the provider, or cut off. */
export function VisitEnded({ reason, canRejoin, onRejoin, rejoining, error, focusOnMount = true }: VisitEndedProps) {
  const { icon: Icon, title, body } = COPY[reason];
  const rejoin = canRejoin && reason !== "ended";
  return (
    <Card>
      <CardContent className="flex flex-col items-start gap-4 py-6">
        <Icon aria-hidden="true" className="size-10 text-brand-700" />
        <StageHeading focusOnMount={focusOnMount}>{title}</StageHeading>
        <p className="text-base text-slate-700">
          {reason === "ended" || rejoin ? body : "The time for this visit has passed. Please contact your clinic if you still need to be seen."}
        </p>
        {error ? (
          <Alert variant="error" className="w-full">
            {error}
          </Alert>
        ) : null}
        <div className="flex w-full flex-col gap-2 sm:flex-row">
          {rejoin ? (
            <Button size="lg" loading={rejoining} onClick={onRejoin}>
              Rejoin
            </Button>
          ) : null}
          <Button asChild size="lg" variant={rejoin ? "secondary" : "primary"}>
            <Link href="/appointments">Back to your appointments</Link>
          </Button>
        </div>
        <p className="text-sm text-slate-600">
          Need help right away? Call or text <a href="tel:988" className="font-medium text-brand-700 underline underline-offset-4">988</a>, or call{" "}
          <a href="tel:911" className="font-medium text-brand-700 underline underline-offset-4">911</a> in an emergency.
        </p>
      </CardContent>
    </Card>
  );
}
