/** One timestamp of the admit-latency benchmark (e2e/bench/admit-latency.bench.ts), in epoch ms. */
export interface BenchMark {
  name: string;
  at: number;
}

declare global {
  interface Window {
    /** Defined only by the benchmark's init script: in normal use nothing is ever recorded. */
    __clearwellBench?: BenchMark[];
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
