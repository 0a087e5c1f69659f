"use client";

import { useState } from "react";
import { Alert } from "@clearwell/ui/alert";
import { Button } from "@clearwell/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@clearwell/ui/card";
import { type DeviceChoices, DeviceCheck, type DeviceStatus } from "@clearwell/ui/video/device-check";

import { formatDateTime, formatTime } from "~/lib/appointments";

/** Camera and microphone check before the provider goes into the room. */
export function PreJoin({
  devices,
  onDevices,
  onJoin,
  joining,
  error,
  window,
  ended,
  rejoin,
}: {
  devices: DeviceChoices;
  onDevices: (d: DeviceChoices) => void;
  onJoin: () => void;
  joining: boolean;
  error: string | null;
  window: { opensAt: Date; closesAt: Date };
  ended: boolean;
  rejoin: boolean;
}) {
  const [status, setStatus] = useState<DeviceStatus>("checking");
  const now = Date.now();
  const early = now < new Date(window.opensAt).getTime();
  const late = now >= new Date(window.closesAt).getTime();
  return (
    <Card>
      <CardHeader>
        <CardTitle>{rejoin ? "You left the video room" : "Join the video room"}</CardTitle>
        <CardDescription>
          The room is open from {formatTime(window.opensAt)} to {formatTime(window.closesAt)}. The patient waits until you admit them.
        </CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        {ended ? (
          <Alert variant="info" title="This visit has ended">
            The room is closed.
          </Alert>
        ) : (
          <>
            <DeviceCheck value={devices} onChange={onDevices} onStatus={setStatus} />
            {error ? <Alert variant="error">{error}</Alert> : null}
            {early ? <Alert variant="info">The room opens at {formatDateTime(window.opensAt)}.</Alert> : null}
            {late ? <Alert variant="info">The time for this visit has passed.</Alert> : null}
            <div className="flex justify-end">
              <Button onClick={onJoin} loading={joining} disabled={early || late || status === "checking"} size="lg">
                {rejoin ? "Rejoin video room" : "Join video room"}
              </Button>
            </div>
          </>
        )}
      </CardContent>
    </Card>
  );
}
