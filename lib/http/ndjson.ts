/** NDJSON bodies for bulk loaders: one item per line; a line that is not JSON is reported by its index. */
import { HttpError, readBody, utf8Text } from ".";

export async function readNdjson(
  request: Request,
  options: { field: string; maxBytes: number; maxItems: number },
): Promise<unknown[]> {
  const { field, maxBytes, maxItems } = options;
  const text = utf8Text(await readBody(request, maxBytes));
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
