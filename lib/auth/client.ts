/**
 * Browser side of next-auth's documented REST endpoints (csrf, callback, signin, signout), the
 * same requests `next-auth/react` sends, without shipping its 12 kB (gzip) to every page.
 */
async function csrfToken(): Promise<string> {
  const response = await fetch("/api/auth/csrf", { cache: "no-store" });
  return ((await response.json()) as { csrfToken: string }).csrfToken;
}

async function post(path: string, fields: Record<string, string>): Promise<{ url?: string }> {
  const body = new URLSearchParams({ ...fields, csrfToken: await csrfToken(), json: "true" });
  const response = await fetch(path, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", "x-auth-return-redirect": "1" },
    body,
  });
  return (await response.json().catch(() => ({}))) as { url?: string };
}

/** Email and password; resolves to next-auth's error code, or null when signed in. */
export async function signInWithPassword(email: string, password: string): Promise<string | null> {
  // A clean callback: the sign-in page's own ?error= must not read as this attempt's failure.
  const { url } = await post("/api/auth/callback/credentials", {
    email,
    password,
    callbackUrl: `${window.location.origin}/`,
  });
  if (!url) return "failed";
  return new URL(url, window.location.origin).searchParams.get("error");
}

/** Starts single sign-on with a provider: next-auth answers the provider's address. */
export async function signInWithProvider(provider: string, callbackUrl: string): Promise<void> {
  const { url } = await post(`/api/auth/signin/${encodeURIComponent(provider)}`, { callbackUrl });
  window.location.assign(url ?? "/login?error=failed");
}

/** Signs out; throws when the server did not confirm, so the caller can say so. */
export async function signOutAndLeave(callbackUrl = "/login"): Promise<void> {
  const { url } = await post("/api/auth/signout", { callbackUrl });
  if (!url) throw new Error("sign-out was not confirmed");
  window.location.assign(callbackUrl);
}
