import { defineConfig } from "drizzle-kit";

// generate needs no database; migrations are applied by src/migrate-cli.ts.
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/schema/index.ts",
  out: "./migrations",
  casing: "snake_case",
});
