"use client";

import type { PatientOutputs } from "@clearwell/api/patient";
import { Alert } from "@clearwell/ui/alert";
import { Button } from "@clearwell/ui/button";
import { Card, CardContent } from "@clearwell/ui/card";
import { DeviceCheck, type DeviceChoices } from "@clearwell/ui/video/device-check";
import type { LocalMedia } from "@clearwell/ui/video/visit-connection";
import { Clock } from "lucide-react";
import { useState } from "react";

import { StateSelect } from "~/components/state-select";
import { KIND_LABEL, formatDateTime, zoneLabel } from "~/lib/time";

import { ConnectionCheck } from "./connection-check";
import { StageHeading } from "./stage-heading";

type VisitStatus = PatientOutputs["visit"]["status"];

export interface PreCallProps {
  status: VisitStatus;
  timeZone: string | undefined;
  now: number;
  devices: DeviceChoices;
  /** The visit's camera and microphone, held from here into the call. */
  media: LocalMedia;
  onDevicesChange: (next: DeviceChoices) => void;
  currentState: string;
  onCurrentStateChange: (state: string) => void;
  onEnter: () => void;
  entering: boolean;
  error: string | null;
}

/**
 * Before the waiting room: camera and microphone, where the patient is right now (a visit may
 * only happen where the provider is licensed), and a connection check.
 */
export function PreCall({ status, timeZone, now, devices, media, onDevicesChange, currentState, onCurrentStateChange, onEnter, entering, error }: PreCallProps) {
  const [stateError, setStateError] = useState<string | null>(null);
  const opensAt = new Date(status.opensAt);
  const early = now < opensAt.getTime();
  const { appointment } = status;

  return (
    <form
      className="flex flex-col gap-6"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (early || entering) return;
        if (!currentState) {
          setStateError("Choose the state you are in right now.");
          const form = e.currentTarget;
          // After React has rendered the message, so the field is read with it.
          requestAnimationFrame(() => form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
          return;
        }
        onEnter();
      }}
    >
      <div className="flex flex-col gap-1">
        <StageHeading focusOnMount={false}>Check your camera and microphone</StageHeading>
        <p className="text-base text-slate-600">
          {KIND_LABEL[appointment.kind] ?? appointment.kind} with {status.providerName}, {formatDateTime(new Date(appointment.startsAt), timeZone)}
        </p>
      </div>

      {early ? (
        <Alert variant="info" id="opens-at" title={`The waiting room opens at ${formatDateTime(opensAt, timeZone)}`}>
          You can check your camera and microphone now. The button below turns on when the waiting room opens
          {timeZone ? ` (times in ${zoneLabel(timeZone)})` : ""}.
        </Alert>
      ) : null}

      <Card>
        <CardContent className="py-4">
          <DeviceCheck media={media} value={devices} onChange={onDevicesChange} />
        </CardContent>
      </Card>

      <StateSelect
        label="Where are you right now?"
        name="current-state"
        value={currentState}
        onChange={(v) => {
          setStateError(null);
          onCurrentStateChange(v);
        }}
        hint="Your provider can only see you by video while you are in a state where they are licensed. Choose where you are now, even if you are travelling."
        error={stateError ? [stateError] : null}
        required
      />

      <ConnectionCheck appointmentId={appointment.id} />

      {error ? (
        <Alert variant="error" title="You couldn't enter the waiting room">
          {error}
        </Alert>
      ) : null}

      <div className="flex flex-col gap-2">
        <Button type="submit" size="lg" className="w-full sm:w-auto sm:self-start" loading={entering} disabled={early} aria-describedby={early ? "opens-at" : undefined}>
          Enter waiting room
        </Button>
        {early ? (
          <p className="flex items-center gap-1.5 text-sm text-slate-600">
            <Clock aria-hidden="true" className="size-4" />
            Not open yet
          </p>
        ) : null}
      </div>
    </form>
  );
}
