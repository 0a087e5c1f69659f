// The benchmark's init script, added to every page it opens (product and bare floor alike) before
// any of the page's own code runs. It defines window.__clearwellBench, which turns on the
// product's benchMark() marks, and records on its own, identically in both kinds of page:
//   admit      a click on a button reading "Admit" (the product's provider page)
//   gum-call   getUserMedia asked for a camera; gum-done: it answered
//   track      a peer connection received a remote video track
//   attach     a [data-testid="remote-video"] element was given a stream (the track attached to it)
//   frame      the first frame presented by a [data-testid="remote-video"] element
//   local-offer/local-answer  the page set a local offer or answer
//   busy       a long animation frame (main thread blocked ≥ 50 ms), its duration and the scripts in it
// Every mark is epoch ms (timeOrigin + now), so two pages' marks share one clock.
import type { Page } from "@playwright/test";

export interface Mark {
  name: string;
  at: number;
  /** The first presented frame's width (which simulcast layer arrived first). */
  width?: number;
  /** A "busy" mark's length and what ran in it. */
  duration?: number;
  what?: string;
}

declare global {
  interface Window {
    __clearwellBench?: Mark[];
    /** Room settings the product's page takes under the benchmark (BENCH_PRODUCT_VARIANTS; packages/ui bench-marks.ts). */
    __clearwellBenchRoom?: { adaptiveStream?: boolean; dynacast?: boolean };
  }
}

/** Serialised by Playwright into each page: self-contained, no imports or closures. */
export function instrumentPage() {
  const marks: Mark[] = [];
  window.__clearwellBench = marks;
  const at = (t = performance.now()) => performance.timeOrigin + t;
  const mark = (name: string, t?: number) => marks.push({ name, at: at(t) });

  const devices = navigator.mediaDevices;
  if (devices?.getUserMedia) {
    const gum = devices.getUserMedia.bind(devices);
    devices.getUserMedia = async (constraints?: MediaStreamConstraints) => {
      const camera = !!constraints?.video;
      if (camera) mark("gum-call");
      const stream = await gum(constraints);
      if (camera) mark("gum-done");
      return stream;
    };
  }

  const Native = window.RTCPeerConnection;
  class WatchedPeerConnection extends Native {
    constructor(config?: RTCConfiguration) {
      super(config);
      this.addEventListener("track", (e) => {
        if (e.track.kind === "video") mark("track");
      });
      // A publish's own step: the page's offer (the publisher connection is up since joining, for data).
      const setLocal = this.setLocalDescription.bind(this);
      this.setLocalDescription = (d?: RTCLocalSessionDescriptionInit) => {
        mark(`local-${d?.type ?? "auto"}`);
        return setLocal(d);
      };
    }
  }
  window.RTCPeerConnection = WatchedPeerConnection;

  document.addEventListener(
    "click",
    (e) => {
      const button = (e.target as Element | null)?.closest?.("button");
      if (button?.textContent?.trim() === "Admit") mark("admit", e.timeStamp);
    },
    { capture: true },
  );

  // Where each page's main thread went (Chromium's Long Animation Frames): what a page does
  // besides LiveKit's own work delays every signalling message it handles.
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as (PerformanceEntry & { scripts?: { invoker: string; sourceURL: string; duration: number }[] })[]) {
        const what = (e.scripts ?? [])
          .filter((s) => s.duration >= 5)
          .map((s) => `${s.invoker} ${s.sourceURL.split("/").pop()?.split("?")[0] ?? ""} ${Math.round(s.duration)}`)
          .join("; ");
        marks.push({ name: "busy", at: at(e.startTime), duration: e.duration, what });
      }
    }).observe({ type: "long-animation-frame", buffered: true });
  } catch {
    // Not Chromium: no attribution.
  }

  // When the remote video element is given its stream (livekit-client's attach sets srcObject): in
  // the floor at once on subscription, in the product once React has rendered the tile.
  const srcObject = Object.getOwnPropertyDescriptor(HTMLMediaElement.prototype, "srcObject");
  if (srcObject?.set && srcObject.get) {
    const { get, set } = srcObject;
    Object.defineProperty(HTMLMediaElement.prototype, "srcObject", {
      configurable: true,
      get() {
        return get.call(this);
      },
      set(value: MediaProvider | null) {
        if (value && (this as HTMLElement).dataset.testid === "remote-video") mark("attach");
        set.call(this, value);
      },
    });
  }

  const watched = new WeakSet<HTMLVideoElement>();
  const watch = () => {
    for (const v of document.querySelectorAll<HTMLVideoElement>('[data-testid="remote-video"]')) {
      if (watched.has(v)) continue;
      watched.add(v);
      v.requestVideoFrameCallback((now, meta) => marks.push({ name: "frame", at: at(now), width: meta.width }));
    }
  };
  new MutationObserver(watch).observe(document, { childList: true, subtree: true });
}

/**
 * The page's marks, plus the admit request's own timing where the page sent one (Resource Timing):
 * "admit-sent" when the request went out, "admit-answered" at the server's first byte (after the
 * grant was delivered), so the grant segment splits into page, server and LiveKit.
 */
export const marksOf = (page: Page) =>
  page.evaluate(() => {
    const marks = [...(window.__clearwellBench ?? [])];
    for (const e of performance.getEntriesByType("resource") as PerformanceResourceTiming[]) {
      if (!e.name.includes("visit.admit")) continue;
      marks.push({ name: "admit-sent", at: performance.timeOrigin + e.requestStart }, { name: "admit-answered", at: performance.timeOrigin + e.responseStart });
    }
    return marks;
  });

/** The first mark of this name at or after `after`. */
export function first(marks: Mark[], name: string, after: number) {
  return marks.filter((m) => m.name === name && m.at >= after).sort((a, b) => a.at - b.at)[0];
}
