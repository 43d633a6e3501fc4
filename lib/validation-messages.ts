/**
 * Validation messages are catalog keys (`validation.retentionRange`) so forms show them in the
 * reader's language. The HTTP API answers in English: this resolves a key to its English text
 * and leaves any other message (zod's own, for instance) as it is.
 */
import en from "@/messages/en.json";

const PREFIX = "validation.";

export function isMessageKey(message: string): boolean {
  return message.startsWith(PREFIX) && message.slice(PREFIX.length) in en.validation;
}

export function englishMessage(message: string): string {
  return isMessageKey(message)
    ? en.validation[message.slice(PREFIX.length) as keyof typeof en.validation]
    : message;
}
