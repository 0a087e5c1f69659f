// Checks a request passes before any handler parses it or builds a session context.

/** The request body was larger than the handler accepts. */
export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`Request body larger than ${limit} bytes`);
  }
}

/**
 * The body, read up to `limit` bytes. Content-Length is checked first so an honest oversized
 * upload is refused unread; the streamed bytes are counted too, so a chunked body (no
 * Content-Length) or a lying header cannot get past the limit.
 */
export async function readBoundedBody(req: Request, limit: number): Promise<Uint8Array<ArrayBuffer> | null> {
  const declared = Number(req.headers.get("content-length") ?? NaN);
  if (declared > limit) throw new BodyTooLargeError(limit);
  if (!req.body) return null;
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => {});
      throw new BodyTooLargeError(limit);
    }
    chunks.push(value);
  }
  const body = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    body.set(c, at);
    at += c.byteLength;
  }
  return body;
}

/** The same request with its body already read (and bounded), for handlers that read it again. */
export async function withBoundedBody(req: Request, limit: number): Promise<Request> {
  if (req.method === "GET" || req.method === "HEAD") return req;
  const body = await readBoundedBody(req, limit);
  return new Request(req.url, { method: req.method, headers: req.headers, body, signal: req.signal });
}

/**
 * Why a request is not from the app's own pages, or null when it is (or comes from no browser).
 * Browsers send Origin on every POST and on cross-origin fetches; when it is missing,
 * Sec-Fetch-Site still tells a cross-site request apart. A request with neither is no
 * browser's, so it carries no victim's cookies and cannot be a cross-site forgery.
 */
export function crossSiteReason(headers: Headers, ownOrigin: string): string | null {
  const origin = headers.get("origin");
  if (origin !== null) return origin === ownOrigin ? null : "foreign origin";
  const site = headers.get("sec-fetch-site");
  if (site !== null && site !== "same-origin" && site !== "none") return `sec-fetch-site ${site}`;
  return null;
}

/** application/json (any parameters): the only body the tRPC clients send. */
export function isJsonContentType(headers: Headers): boolean {
  return headers.get("content-type")?.split(";", 1)[0]?.trim().toLowerCase() === "application/json";
}
