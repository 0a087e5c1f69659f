import { ConnectionQuality } from "livekit-client";
import { describe, expect, it } from "vitest";

import { qualityBetween, shownQuality } from "./quality";

const at = (packetsReceived: number, packetsLost: number, jitter = 0.005) => ({ packetsReceived, packetsLost, jitter });

describe("qualityBetween", () => {
  it("is excellent when (almost) every packet arrives", () => {
    expect(qualityBetween(at(1000, 0), at(1200, 1))).toBe(ConnectionQuality.Excellent);
  });
  it("is good with a little loss, poor with more or with heavy jitter", () => {
    expect(qualityBetween(at(1000, 0), at(1200, 6))).toBe(ConnectionQuality.Good);
    expect(qualityBetween(at(1000, 0), at(1200, 20))).toBe(ConnectionQuality.Poor);
    expect(qualityBetween(at(1000, 0), at(1200, 0, 0.25))).toBe(ConnectionQuality.Poor);
  });
  it("counts only the interval, not the losses before it", () => {
    expect(qualityBetween(at(1000, 400), at(1200, 400))).toBe(ConnectionQuality.Excellent);
  });
  it("says nothing when no packet arrived (a paused or muted track)", () => {
    expect(qualityBetween(at(1000, 0), at(1000, 0))).toBeNull();
  });
});

describe("shownQuality", () => {
  it("shows the measured quality while LiveKit has reported none", () => {
    expect(shownQuality(ConnectionQuality.Unknown, ConnectionQuality.Excellent)).toBe(ConnectionQuality.Excellent);
  });
  it("keeps LiveKit's report when nothing was measured", () => {
    expect(shownQuality(ConnectionQuality.Good, null)).toBe(ConnectionQuality.Good);
    expect(shownQuality(ConnectionQuality.Unknown, null)).toBe(ConnectionQuality.Unknown);
  });
  it("shows the worse of the two when both are known", () => {
    expect(shownQuality(ConnectionQuality.Excellent, ConnectionQuality.Poor)).toBe(ConnectionQuality.Poor);
    expect(shownQuality(ConnectionQuality.Lost, ConnectionQuality.Excellent)).toBe(ConnectionQuality.Lost);
  });
});
