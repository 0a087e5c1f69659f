"use client";

import { ChevronLeft, ChevronRight } from "lucide-react";

import { Button } from "./button";
import { cn } from "./cn";

export interface PaginationProps {
  /** 1-based current page. */
  page: number;
  pageCount: number;
  onPageChange: (page: number) => void;
  /** Accessible name of the nav landmark. */
  label?: string;
  disabled?: boolean;
  className?: string;
}

export function Pagination({ page, pageCount, onPageChange, label = "Pagination", disabled, className }: PaginationProps) {
  const total = Math.max(1, pageCount);
  const current = Math.min(Math.max(1, page), total);
  return (
    <nav aria-label={label} className={cn("flex items-center justify-between gap-3 py-3", className)}>
      <Button
        variant="secondary"
        size="sm"
        disabled={disabled || current <= 1}
        onClick={() => onPageChange(current - 1)}
        aria-label="Previous page"
      >
        <ChevronLeft aria-hidden="true" />
        <span className="hidden sm:inline">Previous</span>
      </Button>
      <p className="text-sm text-slate-700" aria-live="polite">
        Page {current} of {total}
      </p>
      <Button
        variant="secondary"
        size="sm"
        disabled={disabled || current >= total}
        onClick={() => onPageChange(current + 1)}
        aria-label="Next page"
      >
        <span className="hidden sm:inline">Next</span>
        <ChevronRight aria-hidden="true" />
      </Button>
    </nav>
  );
}
