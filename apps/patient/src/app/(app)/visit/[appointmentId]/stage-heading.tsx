"use client";

import { useEffect, useRef } from "react";

/**
 * The page heading of one visit stage. A new stage replaces the whole screen, so focus moves
 * to its heading: screen reader users hear where they are, keyboard users start from the top.
 */
export function StageHeading({ children, focusOnMount = true }: { children: React.ReactNode; focusOnMount?: boolean }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (focusOnMount) ref.current?.focus();
  }, [focusOnMount]);
  return (
    <h1 ref={ref} tabIndex={-1} className="text-2xl font-semibold tracking-tight text-slate-900 outline-none">
      {children}
    </h1>
  );
}
