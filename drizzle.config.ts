import { defineConfig } from "drizzle-kit";

// Migrations are generated from db/schema.ts and applied by db/migrate.ts to PGlite and
// PostgreSQL alike; the generator needs no database connection.
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema.ts",
  out: "./db/migrations",
  casing: "snake_case",
});
