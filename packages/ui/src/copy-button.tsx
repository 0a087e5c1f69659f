"use client";

import { Check, Copy } from "lucide-react";
import { useEffect, useState } from "react";

import type { ButtonProps } from "./button";
import { Button } from "./button";

export interface CopyButtonProps extends Omit<ButtonProps, "onClick" | "children"> {
  value: string;
  /** Visible label; "Copied" replaces it briefly after copying. */
  label?: string;
}

/** Copies `value` to the clipboard and announces the result politely. */
export function CopyButton({ value, label = "Copy", variant = "secondary", size = "sm", ...props }: CopyButtonProps) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  useEffect(() => {
    if (state === "idle") return;
    const t = window.setTimeout(() => setState("idle"), 2000);
    return () => window.clearTimeout(t);
  }, [state]);

  return (
    <>
      <Button
        variant={variant}
        size={size}
        onClick={() => {
          navigator.clipboard.writeText(value).then(
            () => setState("copied"),
            () => setState("failed"),
          );
        }}
        {...props}
      >
        {state === "copied" ? <Check aria-hidden="true" /> : <Copy aria-hidden="true" />}
        {state === "copied" ? "Copied" : label}
      </Button>
      <span role="status" className="sr-only">
        {state === "copied" ? "Copied to clipboard" : state === "failed" ? "Copy failed; select the text and copy it manually" : ""}
      </span>
    </>
  );
}
