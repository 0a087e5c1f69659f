import { useEffect, useState } from "react";

/**
 * The current time, refreshed every `intervalMs`: for screens whose content depends on the
 * clock (a join link that appears, a waiting room that opens) without a reload.
 */
export function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(id);
  }, [intervalMs]);
  return now;
}
