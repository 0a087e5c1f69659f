"use client";

import { Button } from "./button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "./dialog";

export interface IdleWarningProps {
  open: boolean;
  /** Time left before sign-out, as shown ("1:30"). */
  countdown: string;
  /** The user answered: stay signed in. */
  onStay: () => void;
}

/** The idle guard's "Still there?" dialog, in its own module so idle-guard.tsx can load it apart. */
export function IdleWarning({ open, countdown, onStay }: IdleWarningProps) {
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        // Escape or clicking outside is a deliberate answer: treat it as "stay".
        if (!next) onStay();
      }}
    >
      <DialogContent size="sm" hideClose>
        <DialogHeader className="pr-0">
          <DialogTitle>Still there?</DialogTitle>
          <DialogDescription>
            For your security, you will be signed out in{" "}
            <span role="timer" className="font-semibold text-slate-900 tabular-nums">
              {countdown}
            </span>{" "}
            because there has been no activity.
          </DialogDescription>
        </DialogHeader>
        <DialogFooter>
          <Button autoFocus onClick={onStay}>
            Stay signed in
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
