// Limits shared by the server's HTTP edge (http.ts) and the apps' tRPC clients (trpc/react.tsx).
// No imports: the browser bundle loads this file.

/**
 * Most procedure calls one tRPC request may batch. The clients' httpBatchLink `maxItems` is the
 * same number, so a busy page is split into several requests instead of being refused.
 */
export const MAX_BATCH_ITEMS = 10;

/** Largest request body any handler reads (1 MiB); larger bodies are refused with 413 unread. */
export const MAX_BODY_BYTES = 1024 * 1024;
