// Benchmark, not a test: the provider's Admit click to the first presented frame of the patient's
// video on the provider's page, for the product and for the LiveKit floor (a bare livekit-client
// page, already connected, granted publish permission by the same updateParticipant call the
// product makes and publishing on the permission-changed event), interleaved against the same
// LiveKit server. Prints both medians and p95s, their ratio and the five segments in between.
//   pnpm bench:video                 (runs the built apps: `pnpm build` first)
//   BENCH_RUNS=15                    runs of each (default 15)
//   BENCH_ONLY=floor|product         one side only (e.g. to compare publish settings on the floor)
//   BENCH_FLOOR_OPTS="simulcast=0"   the floor's room/publish options (floor/floor.js)
//   BENCH_FLOOR_VARIANTS="|simulcast=0|adaptive=1&dynacast=1"
//                                    instead: the floor alone under each set of options, interleaved
//                                    (how publish settings move the first frame, measured)
//   BENCH_PRODUCT_VARIANTS="|dynacast=0|adaptive=0"
//                                    instead: the product alone under each set of room settings (adaptive
//                                    stream, dynacast), interleaved; the page reads them only under the bench
//   BENCH_BUSY=1                     print each run's long animation frames (what ran on each page's main thread)
//   BENCH_LIVEKIT_PORT=7918          the floor alone on its own LiveKit server (playwright.bench.config.ts)
import { randomUUID } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";

import { type Browser, type Page, test } from "@playwright/test";
import { createDb } from "@clearwell/db/client";
import { ensureDemoVisit } from "@clearwell/seed/demo-visit";
import { IN_CALL, WAITING, type VideoService, createVideoService } from "@clearwell/video";

import { E2E_LIVEKIT_KEY, E2E_LIVEKIT_SECRET, E2E_LIVEKIT_URL, e2eDatabaseUrl } from "../env";
import { openPages, patientWaits, providerJoins } from "../video";
import { startFloorServer } from "./floor-server";
import { first, instrumentPage, marksOf } from "./instrument";
import { type Run, report, runFrom, summarise } from "./stats";

const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const LIVEKIT_URL = process.env.BENCH_LIVEKIT_PORT ? `ws://127.0.0.1:${process.env.BENCH_LIVEKIT_PORT}` : E2E_LIVEKIT_URL;
const ONLY = process.env.BENCH_ONLY;
const FLOOR_OPTS = process.env.BENCH_FLOOR_OPTS ?? "";
const FLOOR_VARIANTS = process.env.BENCH_FLOOR_VARIANTS?.split("|");
const BUSY = process.env.BENCH_BUSY === "1";
const PRODUCT_VARIANTS = process.env.BENCH_PRODUCT_VARIANTS?.split("|");
/** Both sides rest this long between everyone being ready and the admit. */
const SETTLE_MS = 1_000;

async function instrumented(browser: Browser, roomSettings = "") {
  const pages = await openPages(browser);
  await Promise.all([pages.patient.context().addInitScript(instrumentPage), pages.provider.context().addInitScript(instrumentPage)]);
  if (roomSettings) {
    const q = new URLSearchParams(roomSettings);
    const settings = {
      ...(q.has("adaptive") ? { adaptiveStream: q.get("adaptive") === "1" } : {}),
      ...(q.has("dynacast") ? { dynacast: q.get("dynacast") === "1" } : {}),
    };
    const set = (s: typeof settings) => {
      window.__clearwellBenchRoom = s;
    };
    await Promise.all([pages.patient.context().addInitScript(set, settings), pages.provider.context().addInitScript(set, settings)]);
  }
  return pages;
}

const firstFrame = (provider: Page) => provider.waitForFunction(() => window.__clearwellBench?.some((m) => m.name === "frame"), undefined, { timeout: 30_000 });

/** The product: the demo visit, the patient waiting, the provider in the room, then Admit. */
async function productRun(browser: Browser, db: ReturnType<typeof createDb>, roomSettings = ""): Promise<Run> {
  // Each run is a fresh visit: the previous one was ended.
  await ensureDemoVisit(db);
  const { patient, provider, close } = await instrumented(browser, roomSettings);
  try {
    await patientWaits(patient);
    await providerJoins(provider);
    await provider.waitForTimeout(SETTLE_MS);
    await provider.getByRole("button", { name: "Admit" }).click();
    await firstFrame(provider);
    const [patientMarks, providerMarks] = await Promise.all([marksOf(patient), marksOf(provider)]);
    const admit = first(providerMarks, "admit", 0);
    if (!admit) throw new Error("benchmark: the Admit click was not recorded");
    const run = runFrom(admit.at, patientMarks, providerMarks);
    await provider.getByRole("button", { name: "End visit" }).click();
    await provider.getByRole("dialog").getByRole("button", { name: "End visit" }).click();
    await provider.getByText("Visit ended").first().waitFor();
    return run;
  } finally {
    await close();
  }
}

/** The floor: two bare pages in a room of their own; the admit is the server SDK call itself. */
async function floorRun(browser: Browser, video: VideoService, floorUrl: string, options = FLOOR_OPTS): Promise<Run> {
  const room = `bench-floor-${randomUUID()}`;
  const patientIdentity = "floor-patient";
  await video.ensureRoom(room);
  const [patientToken, providerToken] = await Promise.all([
    video.mintToken({ room, identity: patientIdentity, name: "Floor patient", permission: WAITING }),
    video.mintToken({ room, identity: "floor-provider", name: "Floor provider", permission: IN_CALL, attributes: { role: "provider" } }),
  ]);
  const pageUrl = (role: string, token: string) => `${floorUrl}/floor.html?role=${role}&url=${encodeURIComponent(LIVEKIT_URL)}&token=${encodeURIComponent(token)}&${options}`;
  const ready = async (page: Page) => {
    await page.waitForFunction(() => (window as { __floorReady?: boolean; __floorError?: string }).__floorReady || (window as { __floorError?: string }).__floorError, undefined, { timeout: 15_000 });
    const error = await page.evaluate(() => (window as { __floorError?: string }).__floorError);
    if (error) throw new Error(`floor page: ${error}`);
  };
  const { patient, provider, close } = await instrumented(browser);
  try {
    await patient.goto(pageUrl("patient", patientToken.token));
    await ready(patient);
    await provider.goto(pageUrl("provider", providerToken.token));
    await ready(provider);
    await provider.waitForTimeout(SETTLE_MS);
    const admitAt = performance.timeOrigin + performance.now();
    if (!(await video.setPermission(room, patientIdentity, IN_CALL))) throw new Error("floor: the patient is not in the room");
    await firstFrame(provider);
    const [patientMarks, providerMarks] = await Promise.all([marksOf(patient), marksOf(provider)]);
    return runFrom(admitAt, patientMarks, providerMarks);
  } finally {
    await close();
    await video.closeRoom(room);
  }
}

test("admit to first remote frame: the product against the LiveKit floor", async ({ browser }) => {
  if (FLOOR_VARIANTS) return compareFloorVariants(browser, FLOOR_VARIANTS);
  if (PRODUCT_VARIANTS) return compareProductVariants(browser, PRODUCT_VARIANTS);
  test.setTimeout(RUNS * 120_000);
  const video = createVideoService({ url: LIVEKIT_URL, apiKey: E2E_LIVEKIT_KEY, apiSecret: E2E_LIVEKIT_SECRET });
  const floorServer = await startFloorServer();
  const db = createDb(e2eDatabaseUrl(), 1);
  const product: Run[] = [];
  const floor: Run[] = [];
  const show = (side: string, run: number, r: Run) =>
    console.log(
      `run ${run} ${side.padEnd(7)} ${r.totalMs.toFixed(0).padStart(5)} ms  (grant ${r.segments.grant.toFixed(0)}, request ${r.segments.request.toFixed(0)}, open ${r.segments.open.toFixed(0)}, deliver ${r.segments.deliver.toFixed(0)}, present ${r.segments.present.toFixed(0)}${r.attachMs !== undefined ? ` (attached +${r.attachMs})` : ""}; first frame ${r.firstWidth ?? "?"} wide;${r.publishSteps ? ` patient offer +${r.publishSteps.offerMs};` : ""}${r.admitRequest ? ` admit request: sent +${r.admitRequest.clickToSentMs}, answered in ${r.admitRequest.serverMs};` : ""} long frames: patient ${r.busyMs.patient}, provider ${r.busyMs.provider})`,
    );
  try {
    for (let run = 1; run <= RUNS; run++) {
      // Alternating which side goes first, so neither always runs on a machine just warmed by the other.
      const order = run % 2 ? (["product", "floor"] as const) : (["floor", "product"] as const);
      for (const side of order) {
        if (ONLY && ONLY !== side) continue;
        const r = side === "product" ? await productRun(browser, db) : await floorRun(browser, video, floorServer.url);
        (side === "product" ? product : floor).push(r);
        show(side, run, r);
        if (BUSY) for (const line of r.busy) console.log(`    ${line}`);
      }
    }
  } finally {
    await db.$end();
    await floorServer.close();
  }
  const summary = { product: product.length ? summarise(product) : null, floor: floor.length ? summarise(floor) : null, floorOptions: FLOOR_OPTS };
  if (summary.product && summary.floor) console.log(`\n${report(summary.product, summary.floor)}`);
  else console.log(JSON.stringify(summary, null, 2));
  mkdirSync("reports", { recursive: true });
  writeFileSync("reports/bench-admit-latency.json", JSON.stringify(summary, null, 2));
});

/** The floor alone under several sets of room/publish options, interleaved run by run. */
async function compareFloorVariants(browser: Browser, variants: string[]) {
  test.setTimeout(RUNS * variants.length * 60_000);
  const video = createVideoService({ url: LIVEKIT_URL, apiKey: E2E_LIVEKIT_KEY, apiSecret: E2E_LIVEKIT_SECRET });
  const floorServer = await startFloorServer();
  const runs = new Map<string, Run[]>(variants.map((v) => [v, []]));
  try {
    for (let run = 1; run <= RUNS; run++) {
      for (const v of run % 2 ? variants : [...variants].reverse()) {
        const r = await floorRun(browser, video, floorServer.url, v);
        runs.get(v)!.push(r);
        console.log(`run ${run} [${v || "defaults"}] ${r.totalMs.toFixed(0)} ms (deliver ${r.segments.deliver.toFixed(0)}, present ${r.segments.present.toFixed(0)}; first frame ${r.firstWidth ?? "?"} wide)`);
      }
    }
  } finally {
    await floorServer.close();
  }
  const summaries = Object.fromEntries([...runs].map(([v, rs]) => [v || "defaults", summarise(rs)]));
  for (const [v, s] of Object.entries(summaries)) {
    console.log(`${v.padEnd(40)} median ${s.medianMs} ms, p95 ${s.p95Ms} ms; deliver ${s.segmentsMedianMs.deliver}, present ${s.segmentsMedianMs.present}; first widths ${s.firstFrameWidths.join(" ")}`);
  }
  mkdirSync("reports", { recursive: true });
  writeFileSync("reports/bench-floor-variants.json", JSON.stringify(summaries, null, 2));
}

/** The product alone under several room settings (adaptive stream, dynacast), interleaved run by run. */
async function compareProductVariants(browser: Browser, variants: string[]) {
  test.setTimeout(RUNS * variants.length * 120_000);
  const db = createDb(e2eDatabaseUrl(), 1);
  const runs = new Map<string, Run[]>(variants.map((v) => [v, []]));
  try {
    for (let run = 1; run <= RUNS; run++) {
      for (const v of run % 2 ? variants : [...variants].reverse()) {
        const r = await productRun(browser, db, v);
        runs.get(v)!.push(r);
        console.log(`run ${run} [${v || "product settings"}] ${r.totalMs.toFixed(0)} ms (grant ${r.segments.grant.toFixed(0)}, deliver ${r.segments.deliver.toFixed(0)}, present ${r.segments.present.toFixed(0)}; first frame ${r.firstWidth ?? "?"} wide; long frames: patient ${r.busyMs.patient}, provider ${r.busyMs.provider})`);
      }
    }
  } finally {
    await db.$end();
  }
  const summaries = Object.fromEntries([...runs].map(([v, rs]) => [v || "product settings", summarise(rs)]));
  for (const [v, s] of Object.entries(summaries)) {
    console.log(`${v.padEnd(30)} median ${s.medianMs} ms, p95 ${s.p95Ms} ms; grant ${s.segmentsMedianMs.grant}, deliver ${s.segmentsMedianMs.deliver}, present ${s.segmentsMedianMs.present}; long frames ${s.busyMedianMs.patient}/${s.busyMedianMs.provider}`);
  }
  mkdirSync("reports", { recursive: true });
  writeFileSync("reports/bench-product-variants.json", JSON.stringify(summaries, null, 2));
}
