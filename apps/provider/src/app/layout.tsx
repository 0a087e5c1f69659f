import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { connection } from "next/server";

import { TRPCReactProvider } from "~/trpc/react";

import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Clearwell for clinics", template: "%s · Clearwell" },
  description: "Clearwell clinic staff portal",
  // Staff pages hold PHI: keep them out of search engines.
  robots: { index: false, follow: false },
};

export const viewport: Viewport = { themeColor: "#0f766e", width: "device-width", initialScale: 1 };

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Render every page per request: Next stamps its inline scripts with the request's CSP
  // nonce (set by src/proxy.ts); a page prerendered at build time would carry none and be blocked.
  await connection();
  return (
    <html lang="en">
      <body className="min-h-dvh bg-canvas font-sans text-ink">
        <TRPCReactProvider>{children}</TRPCReactProvider>
      </body>
    </html>
  );
}
