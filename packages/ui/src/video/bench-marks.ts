/** One timestamp of the admit-latency benchmark (e2e/bench/admit-latency.bench.ts), in epoch ms. */
export interface BenchMark {
  name: string;
  at: number;
}

declare global {
  interface Window {
    /** Defined only by the benchmark's init script: in normal use nothing is ever recorded. */
    __clearwellBench?: BenchMark[];
    /** Set only by the benchmark, beside __clearwellBench: room settings to compare on the product itself. */
    __clearwellBenchRoom?: { adaptiveStream?: boolean; dynacast?: boolean };
  }
}

/**
 * Records a named moment of the admit path when, and only when, the benchmark is watching the
 * page. Epoch milliseconds (timeOrigin + now), so marks of two pages share one clock. Never logs.
 */
export function benchMark(name: string) {
  if (typeof window === "undefined") return;
  window.__clearwellBench?.push({ name, at: performance.timeOrigin + performance.now() });
}

/**
 * The benchmark's room settings for this page (BENCH_PRODUCT_VARIANTS), only while it is watching:
 * adaptive stream and dynacast, nothing else. Empty in normal use.
 */
export function benchRoomOptions(): { adaptiveStream?: boolean; dynacast?: boolean } {
  if (typeof window === "undefined" || !window.__clearwellBench || !window.__clearwellBenchRoom) return {};
  const { adaptiveStream, dynacast } = window.__clearwellBenchRoom;
  return { ...(typeof adaptiveStream === "boolean" ? { adaptiveStream } : {}), ...(typeof dynacast === "boolean" ? { dynacast } : {}) };
}
