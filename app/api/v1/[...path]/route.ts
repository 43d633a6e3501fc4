import { jsonError } from "@/lib/http";

// Unknown /api/v1 paths answer in the API's error shape rather than with an HTML page.
function notFound(request: Request) {
  return jsonError(404, `No API route ${new URL(request.url).pathname}`);
}

export {
  notFound as GET,
  notFound as POST,
  notFound as PUT,
  notFound as PATCH,
  notFound as DELETE,
};
