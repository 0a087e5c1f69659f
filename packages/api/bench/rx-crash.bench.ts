// The crash test (issue 12): N = 1,000 signed prescriptions while the worker is SIGKILLed at random
// points and restarted several times; the pharmacy simulator must end with N distinct prescriptions,
// 0 processed twice, 0 lost, every prescription acknowledged. Prints its figures.
// Run: pnpm --filter @clearwell/api crash:rx   (RX_CRASH_N, RX_CRASH_KILLS; DATABASE_URL or embedded)
import { expect, inject, it } from "vitest";

import { describeFigures, runCrashTest } from "./rx-crash";

const N = Number(process.env.RX_CRASH_N ?? 1000);
const KILLS = Number(process.env.RX_CRASH_KILLS ?? 8);

it(`${N} prescriptions, the worker killed ${KILLS} times: none lost, none processed twice`, async () => {
  const f = await runCrashTest({ n: N, kills: KILLS, serverUrl: inject("ownerDatabaseUrl"), leaseSeconds: 3, timeoutMs: 8 * 60_000, log: (l) => console.log(l) });
  console.log(describeFigures(f));
  expect(f.kills).toBe(KILLS);
  expect(f.lost).toBe(0);
  expect(f.acknowledged).toBe(N);
  expect(f.acknowledgeEvents).toBe(N);
  expect(f.simDistinctPrescriptions).toBe(N);
  expect(f.simDistinctNewRx).toBe(N);
  expect(f.simProcessed).toBe(N);
  expect(f.simPrescriptionsWithSeveralNewRx).toBe(0);
  expect(f.simConflictingDuplicates).toBe(0);
});
