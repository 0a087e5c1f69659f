"use client";

import { useMemo } from "react";

import { useMe } from "~/components/shell/use-me";
import { formatDateTime, formatDay, formatTime } from "./format";
import { useMounted } from "./use-mounted";

/**
 * The active clinic's time zone, which every provider page shows dates and times in (lib/format.ts).
 * Undefined until the session has loaded; the formatters then say which zone they used.
 */
export function useClinicTimeZone(): string | undefined {
  return useMe().data?.activeClinic?.clinicTimezone;
}

type Instant = Date | string | number;

/** The formatters of lib/format.ts bound to the clinic's zone: `const f = useClinicFormat(); f.dateTime(x)`. */
export function useClinicFormat() {
  const timeZone = useClinicTimeZone();
  // Server-rendered data (a prefetched chart) is rendered before the session is known, on a server
  // whose zone is not the browser's: until hydration ends, times are left blank rather than shown
  // in a zone the browser would render differently (a hydration mismatch).
  const mounted = useMounted();
  return useMemo(
    () =>
      !timeZone && !mounted
        ? { timeZone, dateTime: () => "", time: () => "", day: () => "" }
        : {
            timeZone,
            dateTime: (v: Instant) => formatDateTime(v, timeZone),
            time: (v: Instant, opts?: { zone?: boolean }) => formatTime(v, timeZone, opts),
            day: (v: Instant) => formatDay(v, timeZone),
          },
    [timeZone, mounted],
  );
}

export type ClinicFormat = ReturnType<typeof useClinicFormat>;
