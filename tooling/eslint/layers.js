import { fileURLToPath } from "node:url";

/**
 * Package layering (CONVENTIONS.md "Dependency direction"), enforced rather than remembered.
 * Each package lints from its own folder with this shared config, so the layers are anchored
 * to absolute folders with `basePath`.
 */
const root = fileURLToPath(new URL("../../", import.meta.url));

const io = [
  { group: ["@clearwell/*"], message: "clinical is pure: it depends on no other workspace package." },
  { group: ["drizzle-orm", "drizzle-orm/*", "postgres", "pg", "@trpc/*", "better-auth", "better-auth/*"], message: "clinical does no I/O: pass data in from a service." },
  { group: ["livekit-*", "@livekit/*"], message: "clinical does no I/O: video belongs to packages/video and the UI." },
  {
    group: ["node:fs", "node:fs/*", "fs", "fs/*", "node:net", "net", "node:http", "http", "node:https", "https", "node:http2", "http2", "node:child_process", "child_process", "node:dgram", "dgram", "node:tls", "tls"],
    message: "clinical does no I/O: pass data in from a service.",
  },
];

const dataAccess = ["@clearwell/db", "@clearwell/db/*", "drizzle-orm", "drizzle-orm/*", "postgres", "pg"];

// The patient app once logged failed inputs (a password, a date of birth) with it.
const noLoggerLink = { name: "@trpc/client", importNames: ["loggerLink"], message: "loggerLink prints inputs and results (PHI, passwords) to the console." };

export default [
  {
    name: "clearwell/layers/clinical",
    basePath: `${root}packages/clinical`,
    files: ["**/*.ts", "**/*.tsx"],
    ignores: ["**/*.test.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: io }] },
  },
  {
    name: "clearwell/layers/ui",
    basePath: `${root}packages/ui`,
    files: ["**/*.ts", "**/*.tsx"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["@trpc/*", "@tanstack/react-query", "@clearwell/api", "@clearwell/api/*", "@clearwell/auth", "@clearwell/auth/*", ...dataAccess], message: "The UI kit fetches nothing: the app passes data in as props." },
          ],
        },
      ],
      "no-restricted-globals": [
        "error",
        { name: "fetch", message: "The UI kit fetches nothing: the app passes data in as props." },
        { name: "XMLHttpRequest", message: "The UI kit fetches nothing: the app passes data in as props." },
      ],
    },
  },
  {
    name: "clearwell/layers/app-client",
    basePath: `${root}apps`,
    files: ["*/src/**/*.ts", "*/src/**/*.tsx"],
    rules: { "no-restricted-imports": ["error", { paths: [noLoggerLink] }] },
  },
  {
    name: "clearwell/layers/app-pages",
    basePath: `${root}apps`,
    files: ["*/src/app/**/*.ts", "*/src/app/**/*.tsx", "*/src/components/**/*.ts", "*/src/components/**/*.tsx"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [noLoggerLink],
          patterns: [{ group: dataAccess, message: "Pages and components never touch the database: call a procedure (server caller or tRPC)." }],
        },
      ],
    },
  },
];
