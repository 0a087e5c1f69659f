import { Spinner } from "@clearwell/ui/spinner";
import { WifiOff } from "lucide-react";

/** Shown while LiveKit restores a dropped connection by itself; words and an icon, not colour alone. */
export function ReconnectingBanner() {
  return (
    <div className="flex items-center gap-3 rounded-lg border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-950" data-testid="reconnecting-banner">
      <WifiOff aria-hidden="true" className="size-5 shrink-0" />
      <p className="flex-1">
        <span className="font-semibold">Your connection dropped.</span> Reconnecting… Please keep this page open.
      </p>
      <Spinner size="sm" />
    </div>
  );
}
