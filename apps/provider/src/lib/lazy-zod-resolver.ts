import type { FieldValues, Resolver } from "react-hook-form";
import type { z } from "zod";

/**
 * zodResolver(schema) from @hookform/resolvers, with the resolver and the schema (zod, ~30 kB
 * gzipped) loaded on the first check instead of with the page. The check itself is zodResolver's:
 * same messages, same values. A failed load is retried on the next check.
 */
export function lazyZodResolver<S extends z.ZodType<FieldValues, FieldValues>>(load: () => Promise<S>): Resolver<z.input<S>, unknown, z.output<S>> {
  type R = Resolver<z.input<S>, unknown, z.output<S>>;
  let pending: Promise<R> | null = null;
  const resolver = () =>
    (pending ??= Promise.all([import("@hookform/resolvers/zod"), load()]).then(
      ([{ zodResolver }, schema]) => zodResolver(schema) as unknown as R,
      (error: unknown) => {
        pending = null;
        throw error;
      },
    ));
  return async (values, context, options) => (await resolver())(values, context, options);
}
