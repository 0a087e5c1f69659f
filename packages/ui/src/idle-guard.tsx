"use client";

import type { ReactNode } from "react";
import { Suspense, lazy, useCallback, useEffect, useRef, useState } from "react";

import { Spinner } from "./spinner";

// The warning dialog (Radix Dialog) is not needed to show a page: loaded after it (preloaded on
// mount, minutes before it can open), so it is not part of every signed-in page's first load.
const loadWarning = () => import("./idle-warning");
const IdleWarning = lazy(() => loadWarning().then((m) => ({ default: m.IdleWarning })));

const MAX_PING_INTERVAL_MS = 60_000;
// localStorage writes are throttled: scroll/pointer events fire many times a second.
const WRITE_THROTTLE_MS = 1_000;

export interface IdleGuardProps {
  /** Sign-out deadline after the last activity in any tab of this app. */
  idleTimeoutSeconds: number;
  /** How long before the deadline the "Still there?" dialog appears. */
  warnSeconds?: number;
  /** Keeps the server session alive; called at most once a minute (or a quarter of the timeout, if shorter) while the user is active. */
  onPing: () => Promise<void>;
  /** Called once when the deadline passes (after children are unmounted). */
  onTimeout: () => Promise<void>;
  children: ReactNode;
  /** localStorage key prefix shared by tabs of the same app. */
  storageKey?: string;
  /** Shown instead of children after timeout; must not contain PHI. */
  timedOutFallback?: ReactNode;
}

type Phase = "active" | "warning" | "expired";

function readShared(key: string): number {
  try {
    const raw = window.localStorage.getItem(key);
    const value = raw ? Number(raw) : 0;
    return Number.isFinite(value) ? value : 0;
  } catch {
    return 0; // storage blocked (private mode, policy): fall back to this tab only
  }
}

function writeShared(key: string, value: number) {
  try {
    window.localStorage.setItem(key, String(value));
  } catch {
    // ignore: cross-tab sharing is best effort
  }
}

/**
 * Tells this app's other tabs that the user signed out, so they drop PHI from the screen at
 * once instead of waiting for their own idle timer. Call it when signing out.
 */
export function announceSignOut(storageKey = "cw-idle") {
  writeShared(`${storageKey}:signed-out`, Date.now());
}

const PRESENCE_EVENT = "cw-presence";

/**
 * Counts as activity for the idle guard without any input: for a person in a live video call,
 * who is present (the other side sees them) though they may not touch the screen for an hour.
 */
export function reportPresence() {
  window.dispatchEvent(new Event(PRESENCE_EVENT));
}

function formatCountdown(seconds: number): string {
  const s = Math.max(0, seconds);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

/**
 * Signs the user out after inactivity. Warns `warnSeconds` before the deadline; at the deadline it
 * unmounts its children at once (so no PHI stays on screen) and then calls onTimeout.
 * Activity in one tab keeps every tab alive (timestamps shared through localStorage "storage" events).
 */
export function IdleGuard({
  idleTimeoutSeconds,
  warnSeconds = 60,
  onPing,
  onTimeout,
  children,
  storageKey = "cw-idle",
  timedOutFallback,
}: IdleGuardProps) {
  const idleMs = Math.max(1, idleTimeoutSeconds) * 1000;
  // A warning longer than the timeout would be shown immediately; cap it at half.
  const warnMs = Math.min(Math.max(0, warnSeconds) * 1000, idleMs / 2);
  // Short timeouts need pings well inside the window, or the session cookie lapses first.
  const pingIntervalMs = Math.min(MAX_PING_INTERVAL_MS, idleMs / 4);
  const activityKey = `${storageKey}:last-activity`;
  const pingKey = `${storageKey}:last-ping`;

  const [phase, setPhase] = useState<Phase>("active");
  const [remaining, setRemaining] = useState(Math.ceil(warnMs / 1000));

  const phaseRef = useRef<Phase>("active");
  const lastActivity = useRef(0);
  const lastWrite = useRef(0);
  const lastPing = useRef(0);
  const onPingRef = useRef(onPing);
  const onTimeoutRef = useRef(onTimeout);
  useEffect(() => {
    onPingRef.current = onPing;
    onTimeoutRef.current = onTimeout;
  }, [onPing, onTimeout]);

  const setPhaseBoth = useCallback((next: Phase) => {
    phaseRef.current = next;
    setPhase(next);
  }, []);

  const expire = useCallback(() => {
    if (phaseRef.current === "expired") return;
    setPhaseBoth("expired");
    void onTimeoutRef.current().catch(() => undefined);
  }, [setPhaseBoth]);

  const tick = useCallback(() => {
    if (phaseRef.current === "expired") return;
    // Re-read shared state: a storage event can be missed while the tab is frozen.
    lastActivity.current = Math.max(lastActivity.current, readShared(activityKey));
    const left = lastActivity.current + idleMs - Date.now();
    if (left <= 0) {
      expire();
    } else if (left <= warnMs) {
      setRemaining(Math.ceil(left / 1000));
      if (phaseRef.current !== "warning") setPhaseBoth("warning");
    } else if (phaseRef.current !== "active") {
      setPhaseBoth("active");
    }
  }, [activityKey, idleMs, warnMs, expire, setPhaseBoth]);

  const ping = useCallback(
    (force: boolean) => {
      const now = Date.now();
      const last = Math.max(lastPing.current, readShared(pingKey));
      if (!force && now - last < pingIntervalMs) return;
      lastPing.current = now;
      writeShared(pingKey, now);
      // A failed ping is not fatal here: the app's own queries notice an ended session.
      void onPingRef.current().catch(() => undefined);
    },
    [pingKey, pingIntervalMs],
  );

  const recordActivity = useCallback(
    (explicit: boolean) => {
      if (phaseRef.current === "expired") return;
      // While warning, only the explicit "Stay signed in" counts, so a stray touch can't extend it.
      if (phaseRef.current === "warning" && !explicit) return;
      const now = Date.now();
      lastActivity.current = Math.max(lastActivity.current, readShared(activityKey));
      // Deadline passed while the tab was hidden or the device slept: sign out, don't revive.
      if (now >= lastActivity.current + idleMs) {
        expire();
        return;
      }
      lastActivity.current = now;
      if (explicit || now - lastWrite.current >= WRITE_THROTTLE_MS) {
        lastWrite.current = now;
        writeShared(activityKey, now);
      }
      ping(explicit);
      if (explicit) setPhaseBoth("active");
    },
    [activityKey, idleMs, expire, ping, setPhaseBoth],
  );

  useEffect(() => {
    // Loading the page is activity; never inherit an older timestamp than "now".
    const now = Date.now();
    lastActivity.current = now;
    lastWrite.current = now;
    writeShared(activityKey, now);

    const onActivity = () => recordActivity(false);
    const onVisibility = () => {
      if (document.visibilityState === "visible") recordActivity(false);
    };
    const onStorage = (event: StorageEvent) => {
      if (event.key === `${storageKey}:signed-out` && event.newValue) {
        // Signed out in another tab: blank this one and leave without another sign-out call.
        setPhaseBoth("expired");
        window.location.replace("/sign-in");
        return;
      }
      if (event.key !== activityKey || !event.newValue) return;
      const value = Number(event.newValue);
      if (Number.isFinite(value) && value > lastActivity.current) {
        lastActivity.current = value;
        tick();
      }
    };

    const events = ["pointerdown", "pointermove", "keydown", "touchstart", "wheel", PRESENCE_EVENT] as const;
    for (const name of events) window.addEventListener(name, onActivity, { passive: true });
    window.addEventListener("scroll", onActivity, { passive: true, capture: true });
    document.addEventListener("visibilitychange", onVisibility);
    window.addEventListener("storage", onStorage);
    const timer = window.setInterval(tick, 1000);
    return () => {
      for (const name of events) window.removeEventListener(name, onActivity);
      window.removeEventListener("scroll", onActivity, { capture: true });
      document.removeEventListener("visibilitychange", onVisibility);
      window.removeEventListener("storage", onStorage);
      window.clearInterval(timer);
    };
  }, [activityKey, storageKey, recordActivity, setPhaseBoth, tick]);

  // Mounted at the first warning and kept, so later warnings open and close one dialog as before.
  const [warningMounted, setWarningMounted] = useState(false);
  if (phase === "warning" && !warningMounted) setWarningMounted(true);
  useEffect(() => {
    loadWarning().catch(() => undefined);
  }, []);

  if (phase === "expired") {
    return (
      timedOutFallback ?? (
        <div className="flex min-h-dvh items-center justify-center p-6 text-slate-700">
          <Spinner label="Signing you out" />
          <span aria-hidden="true" className="ml-2 text-sm">
            Signing you out…
          </span>
        </div>
      )
    );
  }

  return (
    <>
      {children}
      {warningMounted && (
        <Suspense fallback={null}>
          <IdleWarning open={phase === "warning"} countdown={formatCountdown(remaining)} onStay={() => recordActivity(true)} />
        </Suspense>
      )}
    </>
  );
}
