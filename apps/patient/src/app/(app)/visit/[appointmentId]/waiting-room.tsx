"use client";

import type { DeviceChoices } from "@clearwell/ui/video/device-check";
import type { LocalMedia } from "@clearwell/ui/video/visit-connection";
import { Alert } from "@clearwell/ui/alert";
import { Button } from "@clearwell/ui/button";
import { useQuery } from "@tanstack/react-query";
import { memo } from "react";
import { Clock, LogOut, UserRound } from "lucide-react";

import { background, useTRPC } from "~/trpc/react";

import { positionText, providerText } from "./queue-text";
import { SelfPreview } from "./self-preview";
import { StageHeading } from "./stage-heading";
import { VisitQuestionnaires } from "./visit-questionnaires";
import { WaitingSupport } from "./waiting-support";

export interface WaitingRoomProps {
  appointmentId: string;
  /** The provider sent the patient back from the call (as opposed to arriving for the first time). */
  movedBack: boolean;
  /** The camera the device check opened, previewed here and published as it is on admission. */
  media: LocalMedia;
  devices: DeviceChoices;
  supportPersonName: string | null;
  onLeave: () => void;
}

/** Connected but not admitted: the patient neither publishes nor subscribes, and sees their place in line. */
export const WaitingRoom = memo(function WaitingRoom({ appointmentId, movedBack, media, devices, supportPersonName, onLeave }: WaitingRoomProps) {
  const trpc = useTRPC();
  // Kept fresh by the visit's stream (visit-flow.tsx), which pushes queue and provider changes.
  const status = useQuery(trpc.visit.status.queryOptions({ appointmentId }, background));
  const providerName = status.data?.providerName ?? "Your provider";
  const position = positionText(status.data?.position ?? null);

  return (
    <div className="flex flex-col gap-5">
      <div className="flex items-start gap-4">
        <div className="flex min-w-0 flex-1 flex-col gap-2">
          <StageHeading>You&apos;re in the waiting room</StageHeading>
          <p className="text-base text-slate-700">Your provider will let you in shortly. Please keep this page open; only you can see your camera until then.</p>
        </div>
        <SelfPreview media={media} devices={devices} className="aspect-[3/4] w-28 shrink-0 sm:w-36" />
      </div>
      {movedBack ? <Alert variant="info">Your provider moved you back to the waiting room</Alert> : null}

      <div role="status" aria-live="polite" className="flex flex-col gap-2 rounded-card border border-brand-200 bg-brand-50/60 p-4" data-testid="waiting-status">
        <p className="flex items-center gap-2 text-lg font-semibold text-slate-900">
          <Clock aria-hidden="true" className="size-5 shrink-0 text-brand-700" />
          {/* No position until the video server confirms the patient is connected (a second or two). */}
          {position ?? "You're checked in"}
        </p>
        {status.data ? (
          <p className="flex items-center gap-2 text-base text-slate-700">
            <UserRound aria-hidden="true" className="size-5 shrink-0 text-brand-700" />
            {providerText(providerName, status.data.provider)}
          </p>
        ) : null}
      </div>

      <VisitQuestionnaires appointmentId={appointmentId} />

      <WaitingSupport supportPersonName={supportPersonName} />

      <Button variant="secondary" size="lg" className="w-full sm:w-auto sm:self-start" onClick={onLeave}>
        <LogOut aria-hidden="true" />
        Leave waiting room
      </Button>
    </div>
  );
});
