import { useEffect } from "react";

/** Comfortably inside the idle guard's one-minute warning. */
const BEAT_MS = 30_000;

/**
 * Someone in a video visit is present even when they don't touch the screen for half an hour,
 * and being signed out by the idle timer would drop them from the call. The app shell's idle
 * guard counts pointer events as activity (and pings the session with them), so while the
 * patient is connected this reports one every half minute.
 */
export function useKeepSessionAlive(active: boolean) {
  useEffect(() => {
    if (!active) return;
    const beat = () => window.dispatchEvent(new Event("pointerdown"));
    beat();
    const id = setInterval(beat, BEAT_MS);
    return () => clearInterval(id);
  }, [active]);
}
