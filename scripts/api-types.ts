/**
 * `npm run api:types` — regenerates the generated types the type check reads, never checked in:
 * e2e/api/schema.d.ts from the OpenAPI document, and messages/en.d.json.ts, the English catalog
 * as literal types, so that a message's arguments are checked where it is said (the file
 * next-intl's `createMessagesDeclaration` would write; run this again after editing the
 * catalog).
 */
import fs from "node:fs";
import { API_TYPES_FILE, generateApiTypes } from "./lib/api-types";
import { MESSAGES_DECLARATION_FILE, messagesDeclaration } from "./lib/messages-declaration";

function write(file: string, content: string) {
  const before = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
  fs.writeFileSync(file, content);
  console.log(`${file}: ${before === content ? "unchanged" : "written"} (${content.length} bytes)`);
}

async function main() {
  write(API_TYPES_FILE, await generateApiTypes());
  write(MESSAGES_DECLARATION_FILE, messagesDeclaration());
}

void main();
