/** `npm run api:types` — regenerates e2e/api/schema.d.ts from the OpenAPI document. */
import fs from "node:fs";
import { API_TYPES_FILE, generateApiTypes } from "./lib/api-types";

async function main() {
  const types = await generateApiTypes();
  const before = fs.existsSync(API_TYPES_FILE) ? fs.readFileSync(API_TYPES_FILE, "utf8") : "";
  fs.writeFileSync(API_TYPES_FILE, types);
  console.log(
    `${API_TYPES_FILE}: ${before === types ? "unchanged" : "written"} (${types.length} bytes)`,
  );
}

void main();
