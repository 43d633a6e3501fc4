/**
 * A real OpenID provider for the single sign-on e2e tests (oidc-provider, development
 * interactions): Playwright starts it next to the app. Its login form accepts any password; the
 * login name picks one of the fixed test accounts below, whose claims differ in the ways the
 * app must tell apart. playwright.config.ts passes the issuer, the client and its redirect URI
 * in the environment (OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_REDIRECT_URI).
 */
import { Provider } from "oidc-provider";

const config = {
  issuer: required("OIDC_ISSUER"),
  clientId: required("OIDC_CLIENT_ID"),
  clientSecret: required("OIDC_CLIENT_SECRET"),
  redirectUri: required("OIDC_REDIRECT_URI"),
};

function required(name) {
  const value = process.env[name];
  if (!value) {
    console.error(`The test OpenID provider needs ${name}.`);
    process.exit(1);
  }
  return value;
}

/** Login name → claims. The subject is the login name: each login is one identity. */
const accounts = {
  // Invited, verified: signs in and binds the account to the subject "ava".
  ava: { email: "ava@sso.example", email_verified: true, name: "Ava Verified" },
  // Invited, verified, bound first; then another identity claims the same verified address.
  ben: { email: "ben@sso.example", email_verified: true, name: "Ben Bound" },
  "ben-impostor": { email: "ben@sso.example", email_verified: true, name: "Not Ben" },
  // Invited, but the provider never verified the address.
  cleo: { email: "cleo@sso.example", email_verified: false, name: "Cleo Unverified" },
  // Verified, but nobody invited this address.
  dan: { email: "dan@sso.example", email_verified: true, name: "Dan Uninvited" },
};

const hour = 60 * 60;

const provider = new Provider(config.issuer, {
  clients: [
    {
      client_id: config.clientId,
      client_secret: config.clientSecret,
      redirect_uris: [config.redirectUri],
      grant_types: ["authorization_code"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_basic",
    },
  ],
  scopes: ["openid", "email", "profile"],
  claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
  pkce: { required: () => true },
  features: { devInteractions: { enabled: true } },
  cookies: { keys: ["firstparty-e2e-oidc-cookie-key"] },
  ttl: {
    AccessToken: hour,
    AuthorizationCode: 60,
    IdToken: hour,
    Interaction: hour,
    Session: hour,
    Grant: hour,
  },
  async findAccount(_ctx, id) {
    const account = Object.hasOwn(accounts, id) ? accounts[id] : undefined;
    if (!account) return undefined;
    return { accountId: id, claims: async () => ({ sub: id, ...account }) };
  },
});

const url = new URL(config.issuer);
const server = provider.listen(Number(url.port), url.hostname, () => {
  console.log(`Test OpenID provider on ${config.issuer}`);
});
const stop = () => server.close(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
