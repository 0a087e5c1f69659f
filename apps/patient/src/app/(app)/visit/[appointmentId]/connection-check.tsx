"use client";

import { Button } from "@clearwell/ui/button";
import { Spinner } from "@clearwell/ui/spinner";
import { CircleCheck, TriangleAlert } from "lucide-react";
import { useCallback, useEffect, useState } from "react";

import { useTRPCClient } from "~/trpc/react";

type Result = { kind: "checking" } | { kind: "ok"; ms: number } | { kind: "slow"; ms: number } | { kind: "offline" } | { kind: "unsupported" };

/** Above this a round trip to Clearwell suggests video will stutter. */
const SLOW_MS = 1000;

/**
 * A quick look at whether a video visit can work from here: the browser must support WebRTC,
 * and a round trip to Clearwell (timed on the visit's own status call) should be quick.
 */
export function ConnectionCheck({ appointmentId }: { appointmentId: string }) {
  const client = useTRPCClient();
  const [result, setResult] = useState<Result>({ kind: "checking" });

  const run = useCallback(async () => {
    if (typeof RTCPeerConnection === "undefined") return setResult({ kind: "unsupported" });
    setResult({ kind: "checking" });
    const started = performance.now();
    try {
      await client.visit.status.query({ appointmentId });
      const ms = Math.round(performance.now() - started);
      setResult({ kind: ms > SLOW_MS ? "slow" : "ok", ms });
    } catch {
      setResult({ kind: "offline" });
    }
  }, [client, appointmentId]);

  useEffect(() => {
    void run();
  }, [run]);

  let icon: React.ReactNode;
  let text: string;
  switch (result.kind) {
    case "checking":
      icon = <Spinner size="sm" className="text-slate-500" />;
      text = "Checking your connection…";
      break;
    case "ok":
      icon = <CircleCheck aria-hidden="true" className="size-5 shrink-0 text-green-700" />;
      text = `Connection OK (${result.ms} ms)`;
      break;
    case "slow":
      icon = <TriangleAlert aria-hidden="true" className="size-5 shrink-0 text-amber-700" />;
      text = `Your connection looks slow (${result.ms} ms). Video may be choppy: moving closer to your Wi-Fi or closing other apps can help.`;
      break;
    case "offline":
      icon = <TriangleAlert aria-hidden="true" className="size-5 shrink-0 text-amber-700" />;
      text = "We couldn't reach Clearwell. Check your internet connection, then test again.";
      break;
    case "unsupported":
      icon = <TriangleAlert aria-hidden="true" className="size-5 shrink-0 text-amber-700" />;
      text = "This browser can't make video calls. Please use a recent Chrome, Safari, Edge or Firefox.";
      break;
  }

  return (
    <div className="flex flex-wrap items-center justify-between gap-x-3 gap-y-2 rounded-lg border border-line bg-white px-4 py-3">
      <p role="status" className="flex min-w-0 flex-1 items-start gap-2 text-sm text-slate-800" data-testid="connection-check">
        <span className="mt-px">{icon}</span>
        <span>{text}</span>
      </p>
      {result.kind === "checking" || result.kind === "unsupported" ? null : (
        <Button variant="ghost" className="h-11" onClick={() => void run()}>
          Test again<span className="sr-only"> your connection</span>
        </Button>
      )}
    </div>
  );
}
