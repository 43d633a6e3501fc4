import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";

// The English catalog's literal types (messages/en.d.json.ts) are written by `npm run api:types`
// (run by build, lint, typecheck and the tests), not by next-intl's plugin: that would write the
// file whenever a server loads this config, a production server in a read-only directory too.
const withNextIntl = createNextIntlPlugin("./i18n/request.ts");

// Headers for every response, static files included. The Content-Security-Policy needs a fresh
// nonce per request and is set in proxy.ts.
const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  {
    key: "Permissions-Policy",
    value: "camera=(), microphone=(), geolocation=(), browsing-topics=()",
  },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  ...(process.env.NODE_ENV === "production"
    ? [{ key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" }]
    : []),
];

const nextConfig: NextConfig = {
  // PGlite ships wasm and data files that must stay on the server (else they land, public, in
  // .next/static); argon2 is a native addon.
  serverExternalPackages: ["@electric-sql/pglite", "@node-rs/argon2"],
  poweredByHeader: false,
  experimental: { authInterrupts: true },
  async headers() {
    // Files and API answers the proxy does not see get a CSP of their own: they never need to
    // load anything.
    const staticCsp = {
      key: "Content-Security-Policy",
      value: "default-src 'none'; frame-ancestors 'none'",
    };
    return [
      { source: "/:path*", headers: securityHeaders },
      // A customer's preference page sends no referrer at all across origins: its address is
      // the link's secret. Next.js keeps a header set here over the route's own, so the
      // preference pages are left out of the default rather than overridden.
      {
        source: "/:path((?!preferences/).*)",
        headers: [{ key: "Referrer-Policy", value: "strict-origin-when-cross-origin" }],
      },
      // No page may be framed, except customers' preference pages by the origins an admin
      // allowed, and its preview by the admin page (their own Content-Security-Policy says
      // which; see app/preferences).
      {
        source: "/:path((?!preferences/|admin/preference-center/preview).*)",
        headers: [{ key: "X-Frame-Options", value: "DENY" }],
      },
      { source: "/_next/static/:path*", headers: [staticCsp] },
      { source: "/api/v1/:path*", headers: [staticCsp] },
      { source: "/admin/imports/upload", headers: [staticCsp] },
      { source: "/_next/image", headers: [staticCsp] },
      { source: "/favicon.ico", headers: [staticCsp] },
    ];
  },
};

export default withNextIntl(nextConfig);
