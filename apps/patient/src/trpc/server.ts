import "server-only";

import { patientRouter } from "@clearwell/api/patient";
import { createTRPCOptionsProxy } from "@trpc/tanstack-react-query";
import { headers } from "next/headers";
import { cache } from "react";

import { serverParts } from "~/server/parts";
import { createQueryClient } from "./query-client";

/** One query client per request: what a page prefetches is dehydrated into its HTML, for this user only. */
export const getQueryClient = cache(createQueryClient);

/** The request's context, built as the API route builds it (session, linked patient, clinic), once per request. */
const pageContext = cache(async () => serverParts().handlers.pageContext(await headers()));

/**
 * `trpc.x.queryOptions(input)` for server components: calls the procedure in process (same
 * middleware, scope checks and audit as over HTTP) so the page's HTML carries the data.
 */
export const trpc = createTRPCOptionsProxy({ router: patientRouter, ctx: pageContext, queryClient: getQueryClient });
