import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import drizzle from "eslint-plugin-drizzle";

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  {
    plugins: { drizzle },
    rules: {
      "drizzle/enforce-delete-with-where": ["error", { drizzleObjectName: ["db", "tx"] }],
      "drizzle/enforce-update-with-where": ["error", { drizzleObjectName: ["db", "tx"] }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
      ],
    },
  },
  // One way to the database: routes and components get it from the guard in lib/auth (which
  // authorized the caller), never from db/ directly; their types come from lib/ too.
  {
    files: ["app/**", "components/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@/db", "@/db/*", "**/db/*"],
              message:
                "app/ and components/ do not import db/: take the database from requireRole/withAuth (lib/auth, lib/http) and types from lib/.",
            },
          ],
        },
      ],
    },
  },
  // db/ is schema, connection and migrations, below the domain: it imports nothing from lib/.
  {
    files: ["db/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@/lib", "@/lib/*", "**/lib/*"],
              message:
                "db/ knows nothing of lib/: move start-up work and demo data to lib/, and shared value lists to db/enums.ts.",
            },
          ],
        },
      ],
    },
  },
  globalIgnores([
    ".next/**",
    ".data/**",
    "node_modules/**",
    "db/migrations/**",
    "next-env.d.ts",
    "messages/en.d.json.ts",
    "test-results/**",
    "playwright-report/**",
  ]),
]);
