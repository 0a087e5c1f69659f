import { useRef } from "react";

import { trpcCode } from "~/trpc/query-client";

/**
 * For applyServerError's `fields`: the server checked the form's values under `prefix` (e.g. intake's
 * `data.`), so "data.city" belongs to the form's "city".
 */
export function fieldsUnder(error: unknown, prefix: string): Record<string, string> {
  const data = (error as { data?: { fieldErrorsByPath?: Record<string, unknown> | null; fieldErrors?: Record<string, unknown> | null } } | null)?.data;
  const out: Record<string, string> = {};
  for (const key of Object.keys(data?.fieldErrorsByPath ?? data?.fieldErrors ?? {})) if (key.startsWith(prefix)) out[key] = key.slice(prefix.length);
  return out;
}

/**
 * One idempotency key per attempt: a retry after a dropped connection reuses it; a new one once the
 * server has answered (success or a refusal), so a corrected retry is a new request.
 */
export interface AttemptKey {
  get: () => string;
  renew: () => void;
  afterError: (error: unknown) => void;
}

export function useAttemptKey(): AttemptKey {
  const ref = useRef<string | null>(null);
  ref.current ??= crypto.randomUUID();
  return {
    get: () => ref.current!,
    renew: () => {
      ref.current = crypto.randomUUID();
    },
    /** After a failure: a new key only if the server answered (no answer means it may not have seen it). */
    afterError: (error: unknown) => {
      if (trpcCode(error)) ref.current = crypto.randomUUID();
    },
  };
}
