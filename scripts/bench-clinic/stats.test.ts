import { describe, expect, it } from "vitest";

import { percentile, summarize, totp } from "./stats";
import { clientMessageCounter } from "./wire-counter";

describe("percentile", () => {
  it("takes the nearest rank", () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(sorted, 0.5)).toBe(50);
    expect(percentile(sorted, 0.95)).toBe(95);
    expect(percentile([7], 0.95)).toBe(7);
    expect(percentile([], 0.5)).toBeNaN();
  });

  it("summarizes unsorted samples with their throughput", () => {
    const s = summarize([5, 1, 3, 2, 4], 1, 2);
    expect(s).toMatchObject({ requests: 5, errors: 1, median: 3, p95: 5, rps: 2.5 });
  });
});

describe("totp", () => {
  // RFC 6238 appendix B, SHA-1 secret "12345678901234567890" (last six of the eight digits).
  it("matches the RFC's test vectors", () => {
    const secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
    expect(totp(secret, 59_000)).toBe("287082");
    expect(totp(secret, 1_111_111_109_000)).toBe("081804");
    expect(totp(secret, 2_000_000_000_000)).toBe("279037");
  });
});

describe("clientMessageCounter", () => {
  const message = (type: string, body: Buffer) => {
    const head = Buffer.alloc(5);
    head.write(type, 0, "latin1");
    head.writeInt32BE(body.length + 4, 1);
    return Buffer.concat([head, body]);
  };
  const startup = () => {
    const b = Buffer.alloc(16);
    b.writeInt32BE(16, 0);
    b.writeInt32BE(196608, 4);
    return b;
  };
  const ssl = () => {
    const b = Buffer.alloc(8);
    b.writeInt32BE(8, 0);
    b.writeInt32BE(80877103, 4);
    return b;
  };

  it("counts Execute and Query messages, not Parse, Bind or Sync, across any chunking", () => {
    const stream = Buffer.concat([
      ssl(),
      startup(),
      message("Q", Buffer.from("begin\0")),
      message("P", Buffer.from("\0select 1\0\0\0")),
      message("B", Buffer.alloc(12)),
      // An Execute-like byte inside another message's body is no message.
      message("D", Buffer.from("EEEE")),
      message("E", Buffer.alloc(5)),
      message("S", Buffer.alloc(0)),
      message("Q", Buffer.from("commit\0")),
    ]);
    for (const size of [1, 3, 7, stream.length]) {
      let n = 0;
      const count = clientMessageCounter(() => void n++);
      for (let i = 0; i < stream.length; i += size) count(stream.subarray(i, i + size));
      expect(n).toBe(3);
    }
  });
});
