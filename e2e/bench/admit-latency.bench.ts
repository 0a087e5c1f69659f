// Benchmark, not a test: time from the provider's Admit click to the first frame of the patient's
// video presented on the provider's page, over several visits. Prints each run and the median.
// Run: pnpm bench:video   (builds nothing: run `pnpm build` first; uses the e2e servers and database)
import { mkdirSync, writeFileSync } from "node:fs";

import { test } from "@playwright/test";
import { createDb } from "@clearwell/db/client";
import { ensureDemoVisit } from "@clearwell/seed/demo-visit";

import { e2eDatabaseUrl } from "../env";
import { openPages, patientWaits, providerJoins } from "../video";

const RUNS = Number(process.env.BENCH_RUNS ?? 7);

function median(values: number[]) {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

declare global {
  interface Window {
    __admitAt?: number;
    __firstFrameAt?: number;
  }
}

test("admit to first remote frame on the provider's page", async ({ browser }) => {
  test.setTimeout(RUNS * 90_000);
  const samples: number[] = [];
  const apiSamples: number[] = [];
  const db = createDb(e2eDatabaseUrl(), 1);
  try {
    for (let run = 1; run <= RUNS; run++) {
      // Each run is a fresh visit: the previous one was ended.
      await ensureDemoVisit(db);
      const { patient, provider, close } = await openPages(browser);
      await patientWaits(patient);
      await providerJoins(provider);
      // Both timestamps on the provider's page clock: the click, then the first presented frame.
      await provider.evaluate(() => {
        document.addEventListener(
          "click",
          (e) => {
            if ((e.target as HTMLElement).closest("button")?.textContent?.trim() === "Admit") window.__admitAt = performance.now();
          },
          { capture: true },
        );
        const watch = () => {
          const v = document.querySelector<HTMLVideoElement>('[data-testid="remote-video"]');
          if (!v || v.dataset.benchWatched) return;
          v.dataset.benchWatched = "1";
          v.requestVideoFrameCallback(() => (window.__firstFrameAt ??= performance.now()));
        };
        new MutationObserver(watch).observe(document.body, { childList: true, subtree: true });
      });
      await provider.getByRole("button", { name: "Admit" }).click();
      await provider.waitForFunction(() => window.__firstFrameAt !== undefined, undefined, { timeout: 30_000 });
      const { ms, api } = await provider.evaluate(() => {
        const admit = performance.getEntriesByType("resource").filter((e) => e.name.includes("visit.admit")).at(-1) as PerformanceResourceTiming | undefined;
        return { ms: window.__firstFrameAt! - window.__admitAt!, api: admit ? admit.responseEnd - admit.startTime : NaN };
      });
      samples.push(ms);
      apiSamples.push(api);
      console.log(`run ${run}: ${ms.toFixed(0)} ms (admit request ${api.toFixed(0)} ms, then media)`);
      await provider.getByRole("button", { name: "End visit" }).click();
      await provider.getByRole("dialog").getByRole("button", { name: "End visit" }).click();
      await provider.getByText("Visit ended").first().waitFor();
      await close();
    }
  } finally {
    await db.$end();
  }
  const sorted = [...samples].sort((a, b) => a - b);
  const summary = {
    runs: samples.length,
    medianMs: Math.round(median(samples)),
    minMs: Math.round(sorted[0]!),
    maxMs: Math.round(sorted.at(-1)!),
    admitRequestMedianMs: Math.round(median(apiSamples)),
    samplesMs: samples.map(Math.round),
  };
  console.log(
    `Admit → first patient frame on the provider's page: median ${summary.medianMs} ms (min ${summary.minMs}, max ${summary.maxMs}, ${summary.runs} runs); the admit request itself: median ${summary.admitRequestMedianMs} ms`,
  );
  mkdirSync("reports", { recursive: true });
  writeFileSync("reports/bench-admit-latency.json", JSON.stringify(summary, null, 2));
});
