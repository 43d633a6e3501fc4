import { openApiDocument } from "@/lib/openapi";

/** The OpenAPI 3.1 document of /api/v1 (public: it describes, it reveals no data). */
export function GET() {
  return Response.json(openApiDocument(), { headers: { "cache-control": "public, max-age=300" } });
}
