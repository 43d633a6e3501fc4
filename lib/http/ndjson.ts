/** NDJSON bodies for bulk loaders: one item per line; a line that is not JSON is reported by its index. */
import { HttpError } from ".";

export async function readNdjson(
  request: Request,
  options: { field: string; maxBytes: number; maxItems: number },
): Promise<unknown[]> {
  const { field, maxBytes, maxItems } = options;
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw new HttpError(413, `The body is larger than ${maxBytes} bytes`);
  const text = await request.text();
  if (Buffer.byteLength(text) > maxBytes)
    throw new HttpError(413, `The body is larger than ${maxBytes} bytes`);
  const lines = text.split("\n").filter((l) => l.trim() !== "");
  if (lines.length === 0) throw new HttpError(400, `The body has no ${field}`);
  if (lines.length > maxItems) {
    throw new HttpError(422, "The request is invalid", [
      { path: field, message: `Send at most ${maxItems} ${field} per request` },
    ]);
  }
  const issues: { path: string; message: string }[] = [];
  const items = lines.map((line, index) => {
    try {
      return JSON.parse(line) as unknown;
    } catch {
      issues.push({ path: `${field}.${index}`, message: "This line is not valid JSON" });
      return null;
    }
  });
  if (issues.length)
    throw new HttpError(422, "Some lines are not valid JSON; nothing was stored", issues);
  return items;
}
