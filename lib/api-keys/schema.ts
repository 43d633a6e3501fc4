import { z } from "zod";
import { storedText } from "@/lib/stored-text";
import { apiKeyScopeEnum } from "@/db/schema";

export const apiKeyScopes = apiKeyScopeEnum.enumValues;

export const createApiKeySchema = z.object({
  name: storedText(100).min(1, "validation.apiKeyNameRequired"),
  scopes: z
    .array(z.enum(apiKeyScopes))
    .min(1, "validation.scopesRequired")
    .transform((s) => [...new Set(s)].sort()),
  /** Optional: the key stops working at this moment (an ISO timestamp in the future). */
  expiresAt: z.iso
    .datetime({ offset: true, message: "validation.apiKeyExpiry" })
    .transform((v) => new Date(v))
    .optional(),
});
export type CreateApiKeyInput = z.input<typeof createApiKeySchema>;
