import { expect, inject, it } from "vitest";

import { describeFigures, runCrashTest } from "../bench/rx-crash";

// The crash test, bounded for the integration suite (the full N = 1,000 run is `pnpm --filter
// @clearwell/api crash:rx`): prescriptions signed while the real worker process is SIGKILLed and
// restarted; the pharmacy simulator ends with every prescription once, none processed twice, none
// lost, all acknowledged in Clearwell (each once). It runs in a database of its own: the real worker
// would take every other test file's jobs and messages.
it("the worker killed twice while 60 prescriptions are signed: none lost, none processed twice, all acknowledged", async () => {
  const f = await runCrashTest({ n: 60, kills: 2, serverUrl: inject("ownerDatabaseUrl"), leaseSeconds: 2, killEveryMs: [300, 1500], timeoutMs: 100_000 });
  console.log(describeFigures(f));
  expect(f).toMatchObject({
    kills: 2,
    lost: 0,
    acknowledged: 60,
    acknowledgeEvents: 60,
    simDistinctPrescriptions: 60,
    simDistinctNewRx: 60,
    simProcessed: 60,
    simPrescriptionsWithSeveralNewRx: 0,
    simConflictingDuplicates: 0,
  });
}, 150_000);
