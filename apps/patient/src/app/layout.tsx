import type { Metadata, Viewport } from "next";
import { connection } from "next/server";

import { TRPCReactProvider } from "~/trpc/react";

import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Clearwell", template: "%s · Clearwell" },
  description: "Your Clearwell care, on your phone.",
  // Patient pages are private; keep them out of search engines.
  robots: { index: false, follow: false },
};

export const viewport: Viewport = {
  width: "device-width",
  initialScale: 1,
  themeColor: "#0f766e",
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Render every page per request: Next stamps its inline scripts with the request's CSP
  // nonce (set by src/proxy.ts); a page prerendered at build time would carry none and be blocked.
  await connection();
  return (
    <html lang="en">
      <body className="bg-canvas font-sans text-ink antialiased">
        <TRPCReactProvider>{children}</TRPCReactProvider>
      </body>
    </html>
  );
}
