"use client";

import { useEffect } from "react";

import { reportPresence } from "../idle-guard";

/** Inside the idle guard's one-minute warning, so the warning never shows during a call. */
const BEAT_MS = 30_000;

/**
 * While connected to a visit the person counts as present for the idle logoff: being signed out
 * by the idle timer would drop a patient or provider from a live call. It ends with the call.
 */
export function useCallPresence(connected: boolean) {
  useEffect(() => {
    if (!connected) return;
    reportPresence();
    const id = setInterval(reportPresence, BEAT_MS);
    return () => clearInterval(id);
  }, [connected]);
}
