/**
 * The English catalog as a declaration of literal types (what next-intl's
 * `createMessagesDeclaration` writes): TypeScript reads `messages/en.d.json.ts` in place of
 * `messages/en.json` for types (`allowArbitraryExtensions`), so `t("key", values)` is checked
 * against the message's own placeholders. Types only: the app still loads the JSON.
 */
import fs from "node:fs";

export const MESSAGES_FILE = "messages/en.json";
export const MESSAGES_DECLARATION_FILE = "messages/en.d.json.ts";

export function messagesDeclaration(): string {
  const json = fs.readFileSync(MESSAGES_FILE, "utf8");
  return `// Generated from messages/en.json by npm run api:types; do not edit.
// See: https://next-intl.dev/docs/workflows/typescript#messages-arguments

declare const messages: ${json.trim()};
export default messages;`;
}
