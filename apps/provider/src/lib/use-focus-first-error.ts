"use client";

import type { RefObject } from "react";
import { useEffect } from "react";

/**
 * After a failed submit (attempt increments), move focus to the first invalid control so
 * keyboard and screen-reader users land on the problem.
 */
export function useFocusFirstError(formRef: RefObject<HTMLFormElement | null>, attempt: number) {
  useEffect(() => {
    if (!attempt) return;
    formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [formRef, attempt]);
}
