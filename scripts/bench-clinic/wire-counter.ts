// A TCP relay in front of PostgreSQL that counts what clients send: Execute messages (one per
// statement of the extended protocol, what postgres.js uses) and simple Query messages (one per
// statement string). The app and the floor both connect through it, so "statements per request"
// is counted the same way for both, on the wire, whatever the code that sent them.
import net from "node:net";
import { Worker } from "node:worker_threads";

export interface WireCounter {
  port: number;
  statements: number;
  close(): Promise<void>;
}

const SSL_REQUEST = 80877103;
const GSS_REQUEST = 80877104;

/** Splits one client's byte stream into protocol messages and counts the statements among them. */
export function clientMessageCounter(onStatement: () => void) {
  let started = false;
  const head = Buffer.alloc(8);
  let headLen = 0;
  let skip = 0;
  return (chunk: Buffer) => {
    let i = 0;
    while (i < chunk.length) {
      if (skip > 0) {
        const n = Math.min(skip, chunk.length - i);
        skip -= n;
        i += n;
        continue;
      }
      // The startup packet (and an SSL or GSS request before it) has no type byte: length, code.
      const want = started ? 5 : 8;
      const n = Math.min(want - headLen, chunk.length - i);
      chunk.copy(head, headLen, i, i + n);
      headLen += n;
      i += n;
      if (headLen < want) continue;
      headLen = 0;
      if (!started) {
        const code = head.readInt32BE(4);
        skip = head.readInt32BE(0) - 8;
        if (code !== SSL_REQUEST && code !== GSS_REQUEST) started = true;
        continue;
      }
      const type = String.fromCharCode(head[0]!);
      if (type === "E" || type === "Q") onStatement();
      skip = head.readInt32BE(1) - 4;
    }
  };
}

/** The relay itself: listens on a free 127.0.0.1 port and forwards to `target`, counting. */
export async function startRelay(target: { host: string; port: number }, onStatement: () => void) {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect({ host: target.host, port: target.port });
    // Without this, Nagle's algorithm holds small writes back for the peer's delayed ACK (~40 ms).
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    sockets.add(client);
    sockets.add(upstream);
    const count = clientMessageCounter(onStatement);
    client.on("data", (chunk: Buffer) => {
      count(chunk);
      if (!upstream.write(chunk)) client.pause();
    });
    upstream.on("drain", () => client.resume());
    upstream.on("data", (chunk: Buffer) => {
      if (!client.write(chunk)) upstream.pause();
    });
    client.on("drain", () => upstream.resume());
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    for (const s of [client, upstream]) {
      s.on("error", end);
      s.on("close", end);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/**
 * The relay on a thread of its own (wire-relay-worker.ts), so the load generator's work on this
 * thread never delays the app's database round trips; the count is shared memory.
 */
export async function startWireCounter(target: { host: string; port: number }): Promise<WireCounter> {
  const shared = new Int32Array(new SharedArrayBuffer(4));
  // Node 20 does not hand tsx's loader to a worker: the worker registers it, then loads the TypeScript.
  const tsx = JSON.stringify(import.meta.resolve("tsx/esm/api"));
  const entry = JSON.stringify(new URL("./wire-relay-worker.ts", import.meta.url).href);
  const worker = new Worker(`import(${tsx}).then((m) => { m.register(); return import(${entry}); })`, { eval: true, workerData: { target, shared } });
  const port = await new Promise<number>((resolve, reject) => {
    worker.once("message", (m: { port: number }) => resolve(m.port));
    worker.once("error", reject);
  });
  return {
    port,
    get statements() {
      return Atomics.load(shared, 0);
    },
    set statements(v: number) {
      Atomics.store(shared, 0, v);
    },
    close: async () => {
      await worker.terminate();
    },
  };
}
