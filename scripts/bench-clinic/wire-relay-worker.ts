// The counting relay's thread (see startWireCounter in wire-counter.ts).
import { parentPort, workerData } from "node:worker_threads";

import { startRelay } from "./wire-counter";

const { target, shared } = workerData as { target: { host: string; port: number }; shared: Int32Array };
const relay = await startRelay(target, () => void Atomics.add(shared, 0, 1));
parentPort!.postMessage({ port: relay.port });
