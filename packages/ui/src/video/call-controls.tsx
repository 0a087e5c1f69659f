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
    <label className="flex items-center gap-2 text-xs text-slate-200">
      <span className="sr-only sm:not-sr-only">{label}</span>
      <select
        value={activeDeviceId}
        onChange={(e) => void setActiveMediaDevice(e.target.value)}
        className={cn("max-w-40 rounded-md border border-slate-600 bg-slate-800 px-2 py-1 text-xs text-white", focusRing)}
        aria-label={label}
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
  children?: ReactNode;
}

/** Microphone and camera toggles, device switching and leaving; `children` adds role-specific actions. */
export function CallControls({ onLeave, leaveLabel = "Leave", children }: CallControlsProps) {
  return (
    <div role="toolbar" aria-label="Call controls" className="flex flex-wrap items-center justify-center gap-2 rounded-xl bg-slate-900 px-3 py-2">
      <ToggleButton source={Track.Source.Microphone} on={<Mic aria-hidden="true" />} off={<MicOff aria-hidden="true" />} labelOn="Mute microphone" labelOff="Unmute microphone" />
      <ToggleButton source={Track.Source.Camera} on={<Video aria-hidden="true" />} off={<VideoOff aria-hidden="true" />} labelOn="Turn camera off" labelOff="Turn camera on" />
      <DevicePicker kind="audioinput" label="Microphone" />
      <DevicePicker kind="videoinput" label="Camera" />
      {children}
      <Button type="button" variant="danger" onClick={onLeave}>
        <PhoneOff aria-hidden="true" />
        {leaveLabel}
      </Button>
    </div>
  );
}
