/**
 * Runs `task` once the browser is idle after the page has loaded (or after `timeoutMs` at the
 * latest): for code a page does not need to show itself. Returns a cancel function.
 */
export function whenIdle(task: () => void, timeoutMs = 2_000): () => void {
  let cancelled = false;
  let handle: number | undefined;
  const idle = () => {
    if (cancelled) return;
    if (typeof window.requestIdleCallback === "function") handle = window.requestIdleCallback(() => !cancelled && task(), { timeout: timeoutMs });
    else handle = window.setTimeout(() => !cancelled && task(), 200);
  };
  if (document.readyState === "complete") idle();
  else window.addEventListener("load", idle, { once: true });
  return () => {
    cancelled = true;
    window.removeEventListener("load", idle);
    if (handle === undefined) return;
    if (typeof window.cancelIdleCallback === "function") window.cancelIdleCallback(handle);
    else window.clearTimeout(handle);
  };
}
