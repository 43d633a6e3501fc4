/**
 * The environment, parsed once with zod. A missing or bad value stops start-up with a sentence
 * naming it. The app's code reads its settings here only; `server.mjs` checks `PORT`,
 * `WEB_CONCURRENCY` and `TRUST_PROXY` before any worker starts, and Next.js's own files
 * (`next.config.ts`, `proxy.ts`, `instrumentation.ts`) read what they need before this runs.
 */
import path from "node:path";
import { z } from "zod";

const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();

const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    DATABASE_URL: optionalText.pipe(
      z
        .string()
        .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL")
        .optional(),
    ),
    PGLITE_DIR: optionalText,
    NEXTAUTH_SECRET: optionalText.pipe(
      z
        .string()
        .min(32, "must be at least 32 characters (try: openssl rand -base64 32)")
        .optional(),
    ),
    NEXTAUTH_URL: optionalText.pipe(
      z.url("must be an absolute URL such as https://firstparty.example.com").optional(),
    ),
    SEED_DEMO: z.enum(["0", "1", ""]).optional(),
    FIRSTPARTY_NOW: optionalText.pipe(
      z.iso
        .datetime({
          offset: true,
          message: "must be an ISO timestamp such as 2026-11-29T00:00:00Z",
        })
        .optional(),
    ),
    TRUST_PROXY: z
      .string()
      .regex(/^\d{0,2}$/, "must be 0, 1 or the number of proxies in front of Firstparty")
      .optional(),
    OIDC_ISSUER: optionalText.pipe(
      z.url("must be the issuer URL of your OpenID provider").optional(),
    ),
    OIDC_CLIENT_ID: optionalText,
    OIDC_CLIENT_SECRET: optionalText,
    OIDC_NAME: optionalText,
    SMTP_URL: optionalText.pipe(
      z
        .string()
        .regex(
          /^smtps?:\/\//,
          "must be an smtp:// or smtps:// URL such as smtp://user:pass@mail.example.com:587",
        )
        .optional(),
    ),
    MAIL_FROM: optionalText,
    FIGURES_MAX_AGE: z
      .string()
      .trim()
      .regex(/^(\d|[1-5]\d|60)?$/, "must be a number of seconds from 0 to 60")
      .optional(),
    DATABASE_POOL_MAX: z
      .string()
      .trim()
      .regex(/^([1-9]\d?|100)?$/, "must be a number of connections from 1 to 100")
      .optional(),
  })
  .superRefine((env, ctx) => {
    const oidc = [env.OIDC_ISSUER, env.OIDC_CLIENT_ID, env.OIDC_CLIENT_SECRET];
    if (oidc.some(Boolean) && !oidc.every(Boolean)) {
      ctx.addIssue({
        code: "custom",
        path: ["OIDC_ISSUER"],
        message: "OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET must be set together",
      });
    }
    if (env.NODE_ENV === "production") {
      if (!env.NEXTAUTH_URL) {
        ctx.addIssue({
          code: "custom",
          path: ["NEXTAUTH_URL"],
          message:
            "is required in production: the public origin of Firstparty, such as https://firstparty.example.com",
        });
      } else if (!isSecureOrigin(env.NEXTAUTH_URL)) {
        ctx.addIssue({
          code: "custom",
          path: ["NEXTAUTH_URL"],
          message:
            "must be https in production (plain http only for localhost, 127.0.0.1 or [::1]); session cookies would otherwise travel in clear text",
        });
      }
    }
    if (env.DATABASE_URL && !env.NEXTAUTH_SECRET && env.NODE_ENV === "production") {
      ctx.addIssue({
        code: "custom",
        path: ["NEXTAUTH_SECRET"],
        message:
          "is required with DATABASE_URL in production, and must be the same on every instance (try: openssl rand -base64 32)",
      });
    }
  });

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** https, or plain http on a loopback host (a browser on the same machine). */
export function isSecureOrigin(url: string): boolean {
  const { protocol, hostname } = new URL(url);
  return protocol === "https:" || (protocol === "http:" && LOOPBACK_HOSTS.has(hostname));
}

export type Env = {
  nodeEnv: "development" | "production" | "test";
  databaseUrl: string | undefined;
  pgliteDir: string;
  nextAuthSecret: string | undefined;
  nextAuthUrl: string | undefined;
  seedDemo: boolean;
  fixedNow: Date | undefined;
  oidc: { issuer: string; clientId: string; clientSecret: string; name: string } | undefined;
  /** Where one-time password links are e-mailed from; unset → links are only shown to admins. */
  smtp: { url: string; from: string } | undefined;
  /**
   * How old dashboard figures may be when served, in seconds (lib/figures-cache); 0 reads them
   * fresh for every request.
   */
  figuresMaxAge: number;
  /** The most PostgreSQL connections each worker process keeps open. */
  databasePoolMax: number;
};

export class EnvError extends Error {}

/** Parses an environment; throws EnvError whose message names each bad variable in a sentence. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    const sentences = result.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? "environment");
      return `${name} ${issue.message}.`;
    });
    throw new EnvError(`Firstparty cannot start: ${sentences.join(" ")}`);
  }
  const e = result.data;
  return {
    nodeEnv: e.NODE_ENV,
    databaseUrl: e.DATABASE_URL,
    pgliteDir: path.resolve(/* turbopackIgnore: true */ e.PGLITE_DIR ?? "./.data/pglite"),
    nextAuthSecret: e.NEXTAUTH_SECRET,
    nextAuthUrl: e.NEXTAUTH_URL,
    seedDemo: e.SEED_DEMO === "1",
    fixedNow: e.FIRSTPARTY_NOW ? new Date(e.FIRSTPARTY_NOW) : undefined,
    oidc:
      e.OIDC_ISSUER && e.OIDC_CLIENT_ID && e.OIDC_CLIENT_SECRET
        ? {
            issuer: e.OIDC_ISSUER,
            clientId: e.OIDC_CLIENT_ID,
            clientSecret: e.OIDC_CLIENT_SECRET,
            name: e.OIDC_NAME ?? "Single sign-on",
          }
        : undefined,
    smtp: e.SMTP_URL
      ? { url: e.SMTP_URL, from: e.MAIL_FROM ?? "Firstparty <firstparty@localhost>" }
      : undefined,
    figuresMaxAge: e.FIGURES_MAX_AGE ? Number(e.FIGURES_MAX_AGE) : 5,
    databasePoolMax: e.DATABASE_POOL_MAX ? Number(e.DATABASE_POOL_MAX) : 10,
  };
}

let cached: Env | undefined;

export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
