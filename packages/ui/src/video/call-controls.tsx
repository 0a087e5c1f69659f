"use client";

import type { ReactNode } from "react";
import { useMediaDeviceSelect, useTrackToggle } from "@livekit/components-react";
import { Track } from "livekit-client";
import { Mic, MicOff, PhoneOff, Video, VideoOff } from "lucide-react";

import { Button } from "../button";
import { cn, focusRing } from "../cn";

function DevicePicker({ kind, label }: { kind: MediaDeviceKind; label: string }) {
  const { devices, activeDeviceId, setActiveMediaDevice } = useMediaDeviceSelect({ kind });
  if (devices.length < 2) return null;
  return (
    // Grows to its row's width so a device's whole name shows (a phone gives each picker a row).
    <label className="flex min-w-0 grow basis-full items-center gap-2 text-sm text-slate-200 sm:basis-56">
      <span className="shrink-0">{label}</span>
      <select
        value={activeDeviceId}
        onChange={(e) => void setActiveMediaDevice(e.target.value)}
        className={cn("h-10 w-full min-w-0 rounded-md border border-slate-600 bg-slate-800 px-2 text-sm text-white", focusRing)}
      >
        {devices.map((d, i) => (
          <option key={d.deviceId || i} value={d.deviceId}>
            {d.label || `${label} ${i + 1}`}
          </option>
        ))}
      </select>
    </label>
  );
}

function ToggleButton({ source, on, off, labelOn, labelOff }: { source: Track.Source.Microphone | Track.Source.Camera; on: ReactNode; off: ReactNode; labelOn: string; labelOff: string }) {
  const { enabled, pending, toggle } = useTrackToggle({ source });
  return (
    <Button
      type="button"
      variant={enabled ? "secondary" : "danger"}
      size="icon"
      // The label names the action and changes with the state ("Unmute" means muted now), so no
      // aria-pressed: a pressed "Unmute microphone" would read as the opposite of what it is.
      aria-label={enabled ? labelOn : labelOff}
      title={enabled ? labelOn : labelOff}
      disabled={pending}
      onClick={() => void toggle()}
    >
      {enabled ? on : off}
    </Button>
  );
}

export interface CallControlsProps {
  onLeave: () => void;
  leaveLabel?: string;
  /** Red when leaving is the person's main way out (the patient); the provider's is "End visit". */
  leaveVariant?: "danger" | "secondary";
  /** Role-specific actions before the leave button. */
  children?: ReactNode;
  /** The primary action, after the leave button (the provider's "End visit"). */
  end?: ReactNode;
}

/**
 * Microphone and camera toggles with device switching on one row, the call's actions on the next;
 * `children` and `end` add role-specific actions.
 */
export function CallControls({ onLeave, leaveLabel = "Leave", leaveVariant = "danger", children, end }: CallControlsProps) {
  return (
    <div role="toolbar" aria-label="Call controls" className="flex flex-col gap-2 rounded-xl bg-slate-900 p-2 sm:p-3">
      <div className="flex flex-wrap items-center gap-2">
        <ToggleButton source={Track.Source.Microphone} on={<Mic aria-hidden="true" />} off={<MicOff aria-hidden="true" />} labelOn="Mute microphone" labelOff="Unmute microphone" />
        <ToggleButton source={Track.Source.Camera} on={<Video aria-hidden="true" />} off={<VideoOff aria-hidden="true" />} labelOn="Turn camera off" labelOff="Turn camera on" />
        <DevicePicker kind="audioinput" label="Microphone" />
        <DevicePicker kind="videoinput" label="Camera" />
      </div>
      <div className="flex flex-wrap items-center justify-end gap-2">
        {children}
        <Button type="button" variant={leaveVariant} onClick={onLeave}>
          <PhoneOff aria-hidden="true" />
          {leaveLabel}
        </Button>
        {end}
      </div>
    </div>
  );
}
