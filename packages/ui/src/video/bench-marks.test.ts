import { afterEach, describe, expect, it } from "vitest";

import { benchMark, benchRoomOptions } from "./bench-marks";

const g = globalThis as { window?: unknown };

describe("benchmark hooks", () => {
  afterEach(() => {
    delete g.window;
  });

  it("do nothing in normal use", () => {
    expect(benchRoomOptions()).toEqual({});
    g.window = { __clearwellBenchRoom: { dynacast: true } };
    // Settings without the benchmark watching the page are ignored.
    expect(benchRoomOptions()).toEqual({});
    expect(() => benchMark("grant")).not.toThrow();
  });

  it("take only adaptive stream and dynacast, and only booleans, while the benchmark watches", () => {
    const marks: { name: string }[] = [];
    g.window = { __clearwellBench: marks, __clearwellBenchRoom: { dynacast: true, adaptiveStream: "yes", url: "wss://elsewhere" } };
    expect(benchRoomOptions()).toEqual({ dynacast: true });
    benchMark("grant");
    expect(marks.map((m) => m.name)).toEqual(["grant"]);
  });
});
