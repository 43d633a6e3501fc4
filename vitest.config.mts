import path from "node:path";
import { defineConfig } from "vitest/config";

// Unit tests run anywhere; integration tests run twice, once per database driver, each test
// file on a fresh database (a PGlite in memory, or a new database on the PostgreSQL server).
const root = import.meta.dirname;
const shared = {
  resolve: {
    alias: {
      "@": root,
      "server-only": path.join(root, "tests/server-only-stub.ts"),
    },
  },
};

export default defineConfig({
  ...shared,
  test: {
    projects: [
      {
        ...shared,
        test: {
          name: "unit",
          include: ["**/*.test.ts"],
          exclude: ["**/*.int.test.ts", "node_modules/**", "e2e/**", ".next/**"],
        },
      },
      ...(["pglite", "postgres"] as const).map((driver) => ({
        ...shared,
        test: {
          name: `integration-${driver}`,
          include: ["**/*.int.test.ts"],
          exclude: ["node_modules/**", ".next/**"],
          env: { TEST_DRIVER: driver },
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      })),
    ],
  },
});
