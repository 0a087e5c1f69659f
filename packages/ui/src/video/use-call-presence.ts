"use client";

import { useEffect } from "react";

import { reportPresence } from "../idle-guard";

/** Inside the idle guard's one-minute warning, so the warning never shows during a call. */
const BEAT_MS = 30_000;

/**
 * While in a live call with the other person the user counts as present for the idle logoff:
 * being signed out by the idle timer would drop a patient or provider mid-visit. Pass false when
 * they are alone (waiting, or the other side left), so an abandoned screen still logs off.
 */
export function useCallPresence(connected: boolean) {
  useEffect(() => {
    if (!connected) return;
    reportPresence();
    const id = setInterval(reportPresence, BEAT_MS);
    return () => clearInterval(id);
  }, [connected]);
}
