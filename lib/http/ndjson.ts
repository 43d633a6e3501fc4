/**
 * NDJSON bodies for bulk loaders: one item per line, blank lines aside. A line that is not JSON
 * is reported at its item's index, and named by its line in the file.
 */
import { HttpError, readBody, utf8Text } from ".";

export async function readNdjson(
  request: Request,
  options: { field: string; maxBytes: number; maxItems: number },
): Promise<unknown[]> {
  const { field, maxBytes, maxItems } = options;
  const text = utf8Text(await readBody(request, maxBytes));
  // Each item with its line in the file (1-based), which a sender's editor shows.
  const lines = text
    .split("\n")
    .map((text, index) => ({ text, line: index + 1 }))
    .filter((l) => l.text.trim() !== "");
  if (lines.length === 0) throw new HttpError(400, `The body has no ${field}`);
  if (lines.length > maxItems) {
    throw new HttpError(422, "The request is invalid", [
      { path: field, message: `Send at most ${maxItems} ${field} per request` },
    ]);
  }
  const issues: { path: string; message: string }[] = [];
  const items = lines.map(({ text, line }, index) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      issues.push({ path: `${field}.${index}`, message: `Line ${line} is not valid JSON` });
      return null;
    }
  });
  if (issues.length)
    throw new HttpError(422, "Some lines are not valid JSON; nothing was stored", issues);
  return items;
}
