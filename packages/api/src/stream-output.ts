import { z } from "zod";

/**
 * The output schema of a subscription: every pushed value is parsed (and stripped) by `item`,
 * exactly as a query's single answer is. Closing the stream closes the source generator too.
 */
export function streamOf<T extends z.ZodType>(item: T) {
  return z
    .custom<AsyncIterable<z.input<T>>>((v) => v != null && typeof (v as Partial<AsyncIterable<unknown>>)[Symbol.asyncIterator] === "function", "Expected a stream")
    .transform((source) =>
      (async function* (): AsyncGenerator<z.output<T>> {
        for await (const value of source) yield item.parse(value);
      })(),
    );
}
