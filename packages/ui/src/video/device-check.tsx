"use client";

import { useEffect, useRef, useState } from "react";
import { useMediaDevices } from "@livekit/components-react";
import type { LocalAudioTrack } from "livekit-client";
import { Mic, Video } from "lucide-react";

import { Alert } from "../alert";
import { Button } from "../button";
import { cn, focusRing } from "../cn";
import type { DeviceChoices, LocalMedia } from "./local-media";
import { useLocalMediaState } from "./use-local-media";

export type { DeviceChoices };

export type DeviceStatus = "checking" | "ready" | "failed";

/** What went wrong with the camera or microphone, in plain words. */
export function explainMediaError(error: unknown): string {
  const name = (error as { name?: string } | null)?.name ?? "";
  if (name === "NotAllowedError" || name === "SecurityError" || name === "PermissionDeniedError") {
    return "Your browser is blocking the camera or microphone for this site. Allow both in the site settings (the camera or lock icon in the address bar), then press Try again.";
  }
  if (name === "NotFoundError" || name === "OverconstrainedError" || name === "DevicesNotFoundError") {
    return "No camera or microphone was found. Plug one in or choose another below, then press Try again.";
  }
  if (name === "NotReadableError" || name === "AbortError" || name === "TrackStartError") {
    return "Another app is using your camera or microphone. Close it (for example another video call), then press Try again.";
  }
  return "Your camera or microphone could not be started. Check they are connected, then press Try again.";
}

/** A live input level from 0 to 1, read with the Web Audio API. */
function useMicLevel(track: LocalAudioTrack | undefined) {
  const [level, setLevel] = useState(0);
  useEffect(() => {
    if (!track) return;
    const ctx = new AudioContext();
    // Browsers start an AudioContext suspended until the page has had a tap or key press
    // (autoplay policy); without this the meter would read silence after a direct page load.
    const resume = () => void ctx.resume().catch(() => undefined);
    resume();
    document.addEventListener("pointerdown", resume);
    document.addEventListener("keydown", resume);
    const analyser = ctx.createAnalyser();
    analyser.fftSize = 512;
    ctx.createMediaStreamSource(new MediaStream([track.mediaStreamTrack])).connect(analyser);
    const data = new Uint8Array(analyser.fftSize);
    let frame = 0;
    const tick = () => {
      analyser.getByteTimeDomainData(data);
      let peak = 0;
      for (const v of data) peak = Math.max(peak, Math.abs(v - 128) / 128);
      // Rounded so React skips re-rendering while the level holds steady.
      setLevel(Math.round(peak * 50) / 50);
      frame = requestAnimationFrame(tick);
    };
    tick();
    return () => {
      cancelAnimationFrame(frame);
      document.removeEventListener("pointerdown", resume);
      document.removeEventListener("keydown", resume);
      void ctx.close();
    };
  }, [track]);
  return level;
}

/** True while the level is above the speech threshold, held for a moment so the words don't flicker. */
function useHeard(level: number) {
  const [heard, setHeard] = useState(false);
  const loud = level > 0.02;
  useEffect(() => {
    if (loud) {
      setHeard(true);
      return;
    }
    const t = setTimeout(() => setHeard(false), 1500);
    return () => clearTimeout(t);
  }, [loud]);
  return heard;
}

/**
 * Its own component: the level changes every animation frame, and re-rendering only the meter
 * keeps the preview and pickers still.
 */
function MicMeter({ track }: { track: LocalAudioTrack | undefined }) {
  const level = useMicLevel(track);
  const heard = useHeard(level);
  return (
    <div className="flex items-center gap-3">
      <Mic aria-hidden="true" className="size-4 text-slate-600" />
      <div className="h-2 flex-1 overflow-hidden rounded-full bg-slate-200" role="meter" aria-label="Microphone level" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(level * 100)}>
        <div className="h-full rounded-full bg-teal-600 transition-[width] duration-75" style={{ width: `${Math.min(100, Math.round(level * 250))}%` }} />
      </div>
      <span className="text-xs text-slate-600" aria-live="polite">
        {track ? (heard ? "We can hear you" : "Say something to test") : "Microphone not started"}
      </span>
    </div>
  );
}

function Picker({ kind, label, value, onChange }: { kind: MediaDeviceKind; label: string; value: string; onChange: (id: string) => void }) {
  const devices = useMediaDevices({ kind });
  const id = `device-${kind}`;
  return (
    <div className="flex flex-col gap-1.5">
      <label htmlFor={id} className="text-sm font-medium text-slate-800">
        {label}
      </label>
      <select
        id={id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        disabled={!devices.length}
        className={cn("h-10 rounded-lg border border-slate-300 bg-white px-3 text-base text-slate-900 sm:text-sm", focusRing)}
      >
        {devices.length ? null : <option value="">None found</option>}
        {devices.map((d, i) => (
          <option key={d.deviceId || i} value={d.deviceId}>
            {d.label || `${label} ${i + 1}`}
          </option>
        ))}
      </select>
    </div>
  );
}

/**
 * Camera preview, microphone level and device pickers before a call. Nothing is sent anywhere:
 * the tracks stay on the device, held by `media` for the visit (the waiting room shows the same
 * camera, and the call publishes these tracks rather than opening the devices again).
 */
export function DeviceCheck({
  media,
  value,
  onChange,
  onStatus,
  note = "Only you see this preview until the provider lets you in.",
}: {
  media: LocalMedia;
  value: DeviceChoices;
  onChange: (next: DeviceChoices) => void;
  onStatus?: (status: DeviceStatus) => void;
  /** Who sees the preview, in the reader's words. */
  note?: string;
}) {
  const state = useLocalMediaState(media);
  // Opens the devices, or switches them when another is chosen (the same choices keep what is open).
  useEffect(() => {
    void media.start(value).catch(() => undefined);
  }, [media, value]);
  const video = state.status === "ready" ? state.tracks.video : undefined;
  const audio = state.status === "ready" ? state.tracks.audio : undefined;
  const error = state.status === "failed" ? state.error : null;
  const videoEl = useRef<HTMLVideoElement>(null);

  useEffect(() => {
    const el = videoEl.current;
    if (!video || !el) return;
    video.attach(el);
    return () => void video.detach(el);
  }, [video]);

  const status: DeviceStatus = error ? "failed" : video && audio ? "ready" : "checking";
  useEffect(() => onStatus?.(status), [status, onStatus]);

  return (
    <div className="flex flex-col gap-4">
      <div className="relative aspect-video overflow-hidden rounded-xl bg-slate-900">
        {/* Muted: the preview must never play the person's own voice back to them. */}
        <video ref={videoEl} muted playsInline autoPlay data-testid="device-preview" className="size-full -scale-x-100 object-cover" aria-label="Your camera preview" />
        {status === "checking" ? <p className="absolute inset-0 flex items-center justify-center text-sm text-slate-300">Starting your camera…</p> : null}
      </div>
      <MicMeter track={audio} />
      {error ? (
        <Alert
          variant="error"
          title="Camera or microphone problem"
          action={
            // A new attempt re-requests the devices after the person fixed a permission.
            <Button variant="secondary" className="h-11" onClick={() => void media.start(value, true).catch(() => undefined)}>
              Try again
            </Button>
          }
        >
          {explainMediaError(error)}
        </Alert>
      ) : null}
      <div className="grid gap-3 sm:grid-cols-2">
        <Picker kind="videoinput" label="Camera" value={value.videoDeviceId || video?.mediaStreamTrack.getSettings().deviceId || ""} onChange={(id) => onChange({ ...value, videoDeviceId: id })} />
        <Picker kind="audioinput" label="Microphone" value={value.audioDeviceId || audio?.mediaStreamTrack.getSettings().deviceId || ""} onChange={(id) => onChange({ ...value, audioDeviceId: id })} />
      </div>
      <p className="flex items-center gap-2 text-xs text-slate-600">
        <Video aria-hidden="true" className="size-3.5" /> {note}
      </p>
    </div>
  );
}
