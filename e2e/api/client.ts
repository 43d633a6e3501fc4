/**
 * The API client the end-to-end tests call /api/v1 with: openapi-fetch typed by the generated
 * e2e/api/schema.d.ts, sending through a Playwright request context so that a test calls the
 * API as its page's signed-in user (the context's cookies) or with an API key (a header).
 * A route whose path, parameters or body no longer match the document fails to type-check here.
 */
import type { APIRequestContext } from "@playwright/test";
import createClient from "openapi-fetch";
import type { paths } from "./schema";

export type ApiClient = ReturnType<typeof createClient<paths>>;

/**
 * `api(page.request)` calls as the page's user; `api(request, key)` with a bearer key. The base
 * address is the context's own (Playwright's `baseURL`), so paths are the document's.
 */
export function api(context: APIRequestContext, key?: string): ApiClient {
  return createClient<paths>({
    baseUrl: "http://firstparty.test",
    headers: key ? { authorization: `Bearer ${key}` } : undefined,
    fetch: async (request: Request) => {
      const url = new URL(request.url);
      const body = request.body ? Buffer.from(await request.arrayBuffer()) : undefined;
      const response = await context.fetch(url.pathname + url.search, {
        method: request.method,
        headers: Object.fromEntries(request.headers),
        data: body,
        maxRedirects: 0,
      });
      return new Response(
        [204, 304].includes(response.status()) ? null : new Uint8Array(await response.body()),
        {
          status: response.status(),
          headers: response.headersArray().map((h): [string, string] => [h.name, h.value]),
        },
      );
    },
  });
}
