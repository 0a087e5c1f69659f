// What the integration project's global setup (packages/api/test/global-setup.ts) provides.
declare module "vitest" {
  export interface ProvidedContext {
    ownerDatabaseUrl: string;
  }
}
export {};
