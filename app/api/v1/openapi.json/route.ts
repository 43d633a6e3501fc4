import { env } from "@/lib/env";
import { jsonError, otherMethods } from "@/lib/http";
import { openApiDocument } from "@/lib/openapi";

/** The OpenAPI 3.1 document of /api/v1 (public: it describes, it reveals no data). */
export function GET(request: Request) {
  const query = [...new URL(request.url).searchParams.keys()];
  if (query.length > 0)
    return jsonError(
      400,
      "The query string is invalid",
      query.map((key) => ({ path: key, message: "The document takes no query parameters" })),
    );
  return Response.json(openApiDocument({ serverUrl: env().nextAuthUrl }), {
    headers: { "cache-control": "public, max-age=300" },
  });
}

// Any other method: a 405 naming these, in the API's error shape.
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
