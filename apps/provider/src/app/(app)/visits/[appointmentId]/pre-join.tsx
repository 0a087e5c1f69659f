"use client";

import { useState } from "react";
import { Alert } from "@clearwell/ui/alert";
import { Button } from "@clearwell/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@clearwell/ui/card";
import { type DeviceChoices, DeviceCheck, type DeviceStatus } from "@clearwell/ui/video/device-check";
import type { LocalMedia } from "@clearwell/ui/video/visit-connection";

import { formatDateTime, formatTime } from "~/lib/appointments";

/** Camera and microphone check before the provider goes into the room. */
export function PreJoin({
  devices,
  media,
  onDevices,
  onJoin,
  joining,
  error,
  window,
  rejoin,
}: {
  devices: DeviceChoices;
  /** Held from here into the room: joining publishes these tracks. */
  media: LocalMedia;
  onDevices: (d: DeviceChoices) => void;
  onJoin: () => void;
  joining: boolean;
  error: string | null;
  window: { opensAt: Date; closesAt: Date };
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
        <DeviceCheck media={media} value={devices} onChange={onDevices} onStatus={setStatus} note="Only you see this preview. The patient sees and hears you once you admit them." />
        {error ? <Alert variant="error">{error}</Alert> : null}
        {early ? <Alert variant="info">The room opens at {formatDateTime(window.opensAt)}.</Alert> : null}
        {late ? <Alert variant="info">The time for this visit has passed.</Alert> : null}
        <div className="flex justify-end">
          <Button onClick={onJoin} loading={joining} disabled={early || late || status === "checking"} size="lg">
            {rejoin ? "Rejoin video room" : "Join video room"}
          </Button>
        </div>
      </CardContent>
    </Card>
  );
}
