"use client";

import { Dialog, DialogContent, DialogDescription, DialogTitle } from "@clearwell/ui/dialog";
import { Phone, Siren } from "lucide-react";

export interface UrgentScreenProps {
  open: boolean;
  onClose: () => void;
  title: string;
  /** The first thing read after the title. */
  lead: string;
  children?: React.ReactNode;
  /** Says the care team has been told (only when the server confirmed it). */
  careTeamTold: boolean;
  closeLabel?: string;
}

/**
 * A whole-screen takeover for an emergency (DOMAIN.md §7 A3 >= 180/120 "seek urgent care", A4
 * emergency symptoms "call 911"): one big call button first, plain words, nothing else to read.
 * Escape does not close it by accident; the close button is at the end.
 */
export function UrgentScreen({ open, onClose, title, lead, children, careTeamTold, closeLabel = "I have called for help" }: UrgentScreenProps) {
  return (
    <Dialog open={open} onOpenChange={(o) => (o ? null : onClose())}>
      <DialogContent
        hideClose
        onEscapeKeyDown={(e) => e.preventDefault()}
        onPointerDownOutside={(e) => e.preventDefault()}
        className="top-0 left-0 h-dvh max-h-dvh w-full max-w-none translate-x-0 translate-y-0 rounded-none border-0 bg-red-50 p-0 sm:p-0"
        data-testid="urgent-screen"
      >
        <div className="mx-auto flex w-full max-w-lg flex-1 flex-col gap-5 px-5 py-8">
          <Siren aria-hidden="true" className="size-10 text-red-700" />
          <DialogTitle className="text-3xl leading-tight font-bold text-red-900">{title}</DialogTitle>
          <DialogDescription className="text-lg text-slate-900">{lead}</DialogDescription>
          <a
            href="tel:911"
            className="inline-flex min-h-16 items-center justify-center gap-3 rounded-xl bg-red-700 px-6 text-2xl font-bold text-white shadow-md focus-visible:outline-3 focus-visible:outline-offset-2 focus-visible:outline-red-900"
          >
            <Phone aria-hidden="true" className="size-7" />
            Call 911
          </a>
          {children}
          {careTeamTold ? (
            <p className="rounded-lg bg-white px-4 py-3 text-base font-medium text-slate-900">Your care team has been told.</p>
          ) : null}
          <button
            type="button"
            onClick={onClose}
            className="mt-auto inline-flex min-h-12 items-center justify-center rounded-lg border border-slate-400 bg-white px-5 text-base font-medium text-slate-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600"
          >
            {closeLabel}
          </button>
        </div>
      </DialogContent>
    </Dialog>
  );
}
